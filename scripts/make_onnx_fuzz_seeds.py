#!/usr/bin/env python3
"""Writes the seed corpus of the `onnx` fuzz target (Tests/EdgeFuzzingTests/Corpus/onnx/seed-*):
small ONNX models that cover what ONNXReader reads (every imported operator, raw and typed
initializers, Constant, Dropout, a symbolic batch dim, int64 shape tensors). Needs `onnx` and
numpy (.venv-peers). CI never runs this; the files are committed.
"""
import pathlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "EdgeFuzzingTests" / "Corpus" / "onnx"
rng = np.random.default_rng(20261201)


def f32(name, *shape, raw=True):
    array = rng.standard_normal(shape).astype(np.float32)
    if raw:
        return numpy_helper.from_array(array, name)
    return helper.make_tensor(name, TensorProto.FLOAT, list(shape), array.flatten().tolist())


def model(nodes, inits, input_shape, output_shape, opset=17, name="seed"):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, input_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, output_shape)],
        inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="edgeloop-fuzz-seeds")


def seeds():
    yield "classifier", model(
        [
            helper.make_node("Conv", ["x", "w", "b"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
            helper.make_node("BatchNormalization", ["c", "s", "bb", "m", "v"], ["n"], epsilon=1e-5),
            helper.make_node("Relu", ["n"], ["r"]),
            helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
            helper.make_node("GlobalAveragePool", ["p"], ["g"]),
            helper.make_node("Flatten", ["g"], ["f"], axis=1),
            helper.make_node("Gemm", ["f", "fw", "fb"], ["y"], transB=1),
        ],
        [f32("w", 4, 1, 3, 3), f32("b", 4, raw=False), f32("s", 4), f32("bb", 4), f32("m", 4),
         numpy_helper.from_array(np.abs(rng.standard_normal(4)).astype(np.float32) + 0.5, "v"),
         f32("fw", 3, 4), f32("fb", 3)],
        ["N", 1, 6, 6], ["N", 3])
    shape = helper.make_tensor("shape_value", TensorProto.INT64, [2], [1, -1])
    yield "reshape-constant-dropout", model(
        [
            helper.make_node("Constant", [], ["shape"], value=shape),
            helper.make_node("AveragePool", ["x"], ["a"], kernel_shape=[2, 2], strides=[2, 2]),
            helper.make_node("Dropout", ["a"], ["d"]),
            helper.make_node("Reshape", ["d", "shape"], ["h"]),
            helper.make_node("MatMul", ["h", "mw"], ["mm"]),
            helper.make_node("Add", ["mm", "ab"], ["s"]),
            helper.make_node("Softmax", ["s"], ["y"], axis=-1),
        ],
        [f32("mw", 8, 5), f32("ab", 1, 5)],
        [1, 2, 4, 4], [1, 5])
    yield "relu-opset11", model([helper.make_node("Relu", ["x"], ["y"])], [], [1, 1, 2, 2], [1, 1, 2, 2], opset=11)
    yield "identity-opset21", model([helper.make_node("Identity", ["x"], ["y"])], [], [1, 3, 1, 1], [1, 3, 1, 1], opset=21)
    yield "sigmoid", model([helper.make_node("Sigmoid", ["x"], ["y"])], [], [1, 1, 2, 2], [1, 1, 2, 2])
    # The operators of "Frozen 2": LeakyRelu, Clip with Constant bounds, a broadcast Mul gate,
    # Concat, Transpose, and torch's view(x.size(0), -1) shape subgraph before a Gemm.
    lo = helper.make_tensor("lo_value", TensorProto.FLOAT, [], [0.0])
    hi = helper.make_tensor("hi_value", TensorProto.FLOAT, [], [6.0])
    yield "frozen2-ops", model(
        [
            helper.make_node("Constant", [], ["lo"], value=lo),
            helper.make_node("Constant", [], ["hi"], value=hi),
            helper.make_node("LeakyRelu", ["x"], ["l"], alpha=0.1),
            helper.make_node("Clip", ["x", "lo", "hi"], ["c"]),
            helper.make_node("Concat", ["l", "c"], ["cat"], axis=1),
            helper.make_node("GlobalAveragePool", ["cat"], ["g"]),
            helper.make_node("Sigmoid", ["g"], ["gs"]),
            helper.make_node("Mul", ["cat", "gs"], ["m"]),
            helper.make_node("Transpose", ["m"], ["t"], perm=[0, 1, 3, 2]),
            helper.make_node("Shape", ["t"], ["shape"]),
            helper.make_node("Gather", ["shape", "zero"], ["batch"], axis=0),
            helper.make_node("Unsqueeze", ["batch", "axes"], ["batch1"]),
            helper.make_node("Concat", ["batch1", "minus1"], ["target"], axis=0),
            helper.make_node("Reshape", ["t", "target"], ["flat"]),
            helper.make_node("Gemm", ["flat", "fw", "fb"], ["y"], transB=1),
        ],
        [
            helper.make_tensor("zero", TensorProto.INT64, [], [0]),
            helper.make_tensor("axes", TensorProto.INT64, [1], [0]),
            helper.make_tensor("minus1", TensorProto.INT64, [1], [-1]),
            f32("fw", 3, 16), f32("fb", 3),
        ],
        [1, 2, 2, 2], [1, 3])


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, m in seeds():
        onnx.checker.check_model(m)
        path = OUT / f"seed-{name}.onnx"
        path.write_bytes(m.SerializeToString())
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
