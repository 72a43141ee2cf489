#!/usr/bin/env python3
"""Writes Tests/EdgeDeploymentTests/Fixtures/digitcnn_trained_torch.onnx: our trained DigitCNN
(models/baseline_cnn.safetensors) exported by PyTorch's own `torch.onnx.export` (TorchScript
exporter, opset 17, dynamic batch), written the way a user writes the model: flattening with
`x.view(x.size(0), -1)`, so the file carries the Shape → Gather → Unsqueeze → Concat → Reshape
subgraph that exporter emits, and BatchNorm unfolded. `--variant frozen --model` must agree
with onnxruntime on it (ONNXRuntimeCrossCheckTests). CI never runs this; the file is committed.

Needs torch==2.13.0+cpu, safetensors, onnx and onnxruntime (.venv-peers plus safetensors).
"""
import pathlib
import sys

import torch
import torch.nn.functional as F
from safetensors.torch import load_file

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from make_torch_fixture import DigitCNN  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "EdgeDeploymentTests" / "Fixtures" / "digitcnn_trained_torch.onnx"


class UserDigitCNN(DigitCNN):
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = x.view(x.size(0), -1)
        return self.fc2(F.relu(self.fc1(x)))


def main():
    model = UserDigitCNN()
    model.load_state_dict(load_file(str(ROOT / "models" / "baseline_cnn.safetensors")), strict=True)
    model.eval()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    example = torch.zeros(1, 1, 28, 28)
    torch.onnx.export(
        model,
        (example,),
        str(OUT),
        dynamo=False,
        opset_version=17,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
    )
    import onnx

    ops = [node.op_type for node in onnx.load(str(OUT)).graph.node]
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): {' '.join(ops)}")


if __name__ == "__main__":
    main()
