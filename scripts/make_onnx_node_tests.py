"""Writes the onnx wheel's node test cases (onnx/backend/test/case/node/*.py) for the given
operators in the layout of ONNX's backend test data (DIR/node/test_*/model.onnx and
test_data_set_0/{input,output}_N.pb). The wheel ships the generators but not the data, and its
`cmd_tools generate-data` writes only the model tests, so this collects the node cases itself.

The wheel writes each case at its operator's latest opset (up to 28), above the 11–21 we
import. So each case above opset 21 is also written re-stamped at opset 21 (`<name>_at_opset21`),
but only when both independent checks say it means the same there: `onnx.checker` with
`full_check=True` accepts the node under the opset-21 schema (types, attributes, shapes), and
onnxruntime, run on the re-stamped model, reproduces the case's expected outputs. That covers
the since-versions 18–21 (Reshape-21, Flatten-21, Transpose-21, the pools-19, …) that ONNX
1.12's data predates.

Usage: python make_onnx_node_tests.py OUTDIR OP [OP ...]   (run by make_onnx_node_tests.sh)
"""

import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper
from onnx.backend.test.case import node as node_cases

HIGHEST = 21  # the newest opset ONNXReader imports


def default_opset(model):
    return next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), None)


def restamped(model, inputs, outputs):
    """The model at opset HIGHEST when the checker and onnxruntime both agree it means the
    same there, else None."""
    import onnxruntime as ort

    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    for o in copy.opset_import:
        if o.domain in ("", "ai.onnx"):
            o.version = HIGHEST
    copy.ir_version = 10
    try:
        onnx.checker.check_model(copy, full_check=True)
        session = ort.InferenceSession(copy.SerializeToString(), providers=["CPUExecutionProvider"])
        feeds = {
            info.name: (numpy_helper.to_array(v) if isinstance(v, TensorProto) else np.asarray(v))
            for info, v in zip(copy.graph.input, inputs)
        }
        got = session.run(None, feeds)
    except Exception:
        return None
    for value, want in zip(got, outputs):
        want = numpy_helper.to_array(want) if isinstance(want, TensorProto) else np.asarray(want)
        if value.dtype != want.dtype or value.shape != want.shape:
            return None
        if np.issubdtype(want.dtype, np.floating):
            if not np.allclose(value, want, rtol=1e-3, atol=1e-7, equal_nan=True):
                return None
        elif not np.array_equal(value, want):
            return None
    return copy


def main() -> None:
    out, ops = sys.argv[1], set(sys.argv[2:])
    root = os.path.join(out, "node")
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    written = 0
    restamps = 0
    for case in node_cases.collect_testcases():
        model = case.model
        if model is None or len(model.graph.node) != 1 or model.graph.node[0].op_type not in ops:
            continue
        graph = model.graph
        # Tensor-typed values only (sequences, optionals and maps are not ours to import).
        if not all(v.type.HasField("tensor_type") for v in list(graph.input) + list(graph.output)):
            continue
        inputs, outputs = case.data_sets[0]
        variants = [(case.name, model)]
        if (default_opset(model) or 0) > HIGHEST:
            again = restamped(model, inputs, outputs)
            if again is not None:
                variants.append((f"{case.name}_at_opset{HIGHEST}", again))
                restamps += 1
        for name, version in variants:
            directory = os.path.join(root, name)
            data = os.path.join(directory, "test_data_set_0")
            os.makedirs(data)
            with open(os.path.join(directory, "model.onnx"), "wb") as f:
                f.write(version.SerializeToString())
            for kind, values, infos in (("input", inputs, graph.input), ("output", outputs, graph.output)):
                for j, (value, info) in enumerate(zip(values, infos)):
                    tensor = (
                        value if isinstance(value, TensorProto) else numpy_helper.from_array(np.asarray(value), info.name)
                    )
                    with open(os.path.join(data, f"{kind}_{j}.pb"), "wb") as f:
                        f.write(tensor.SerializeToString())
            written += 1
    with open(os.path.join(root, "VERSION"), "w") as f:
        f.write(f"onnx {onnx.__version__}\n")
    print(
        f"wrote {written} node test cases of onnx {onnx.__version__} to {root} "
        f"({restamps} of them re-stamped at opset {HIGHEST}, checked by onnx.checker and onnxruntime)"
    )


if __name__ == "__main__":
    main()
