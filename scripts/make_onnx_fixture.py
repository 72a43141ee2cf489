#!/usr/bin/env python3
"""Writes Tests/EdgeModelIOTests/Fixtures/digitcnn_torch.onnx: the fixture DigitCNN of
scripts/make_torch_fixture.py (same seed, same weights) exported by PyTorch's own
`torch.onnx.export` (TorchScript exporter, opset 17, dynamic batch dim named "batch"), as a user
would export their model. Checks that onnxruntime reproduces PyTorch's logits for the fixture
inputs. CI never runs this; the file is committed.

Needs torch==2.13.0+cpu, safetensors, onnx and onnxruntime (e.g. .venv-peers plus safetensors).
"""
import pathlib
import sys

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from make_torch_fixture import FIXTURES, make_inputs, make_model  # noqa: E402

OUT = FIXTURES / "digitcnn_torch.onnx"


def main():
    model = make_model()
    inputs = make_inputs()
    torch.onnx.export(
        model,
        (inputs[:1],),
        str(OUT),
        dynamo=False,
        opset_version=17,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
    )
    import onnxruntime as ort

    session = ort.InferenceSession(str(OUT), providers=["CPUExecutionProvider"])
    with torch.no_grad():
        expected = model(inputs).numpy()
    got = session.run(None, {"input": inputs.numpy()})[0]
    error = float(np.max(np.abs(got - expected)))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes); onnxruntime vs PyTorch max |diff| {error:.2e}")
    if error > 1e-4:
        raise SystemExit("onnxruntime disagrees with PyTorch")


if __name__ == "__main__":
    main()
