"""Writes the onnx wheel's node test cases (onnx/backend/test/case/node/*.py) for the given
operators in the layout of ONNX's backend test data (DIR/node/test_*/model.onnx and
test_data_set_0/{input,output}_N.pb). The wheel ships the generators but not the data, and its
`cmd_tools generate-data` writes only the model tests, so this collects the node cases itself.

Usage: python make_onnx_node_tests.py OUTDIR OP [OP ...]   (run by make_onnx_node_tests.sh)
"""

import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper
from onnx.backend.test.case import node as node_cases


def main() -> None:
    out, ops = sys.argv[1], set(sys.argv[2:])
    root = os.path.join(out, "node")
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    written = 0
    for case in node_cases.collect_testcases():
        model = case.model
        if model is None or len(model.graph.node) != 1 or model.graph.node[0].op_type not in ops:
            continue
        graph = model.graph
        # Tensor-typed values only (sequences, optionals and maps are not ours to import).
        if not all(v.type.HasField("tensor_type") for v in list(graph.input) + list(graph.output)):
            continue
        directory = os.path.join(root, case.name)
        data = os.path.join(directory, "test_data_set_0")
        os.makedirs(data)
        with open(os.path.join(directory, "model.onnx"), "wb") as f:
            f.write(model.SerializeToString())
        inputs, outputs = case.data_sets[0]
        for kind, values, infos in (("input", inputs, graph.input), ("output", outputs, graph.output)):
            for j, (value, info) in enumerate(zip(values, infos)):
                tensor = value if isinstance(value, TensorProto) else numpy_helper.from_array(np.asarray(value), info.name)
                with open(os.path.join(data, f"{kind}_{j}.pb"), "wb") as f:
                    f.write(tensor.SerializeToString())
        written += 1
    with open(os.path.join(root, "VERSION"), "w") as f:
        f.write(f"onnx {onnx.__version__}\n")
    print(f"wrote {written} node test cases of onnx {onnx.__version__} to {root}")


if __name__ == "__main__":
    main()
