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


def qdq_seed():
    """A tiny QDQ classifier in the form `edge quantize` writes, for the integer engine."""
    def i8(name, *shape):
        return numpy_helper.from_array(rng_q.integers(-127, 128, size=shape).astype(np.int8), name)

    def scalar(name, value, dtype):
        return numpy_helper.from_array(np.array(value, dtype=dtype), name)

    nodes = [
        helper.make_node("QuantizeLinear", ["x", "s_in", "z0"], ["xq"]),
        helper.make_node("DequantizeLinear", ["xq", "s_in", "z0"], ["xd"]),
        helper.make_node("DequantizeLinear", ["w_q", "w_s", "w_z"], ["w"], axis=0),
        helper.make_node("DequantizeLinear", ["b_q", "b_s", "b_z"], ["b"], axis=0),
        helper.make_node("Conv", ["xd", "w", "b"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"]),
        helper.make_node("QuantizeLinear", ["r", "s_c", "z_c"], ["rq"]),
        helper.make_node("DequantizeLinear", ["rq", "s_c", "z_c"], ["rd"]),
        helper.make_node("MaxPool", ["rd"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p"], ["f"], axis=1),
        helper.make_node("DequantizeLinear", ["fw_q", "fw_s", "fw_z"], ["fw"], axis=0),
        helper.make_node("DequantizeLinear", ["fb_q", "fb_s", "fb_z"], ["fb"], axis=0),
        helper.make_node("Gemm", ["f", "fw", "fb"], ["y"], transB=1),
    ]
    s_in, s_c = 0.02, 0.05
    w_s = np.full(3, 0.01, np.float32)
    fw_s = np.full(2, 0.01, np.float32)
    inits = [
        scalar("s_in", s_in, np.float32), scalar("z0", 0, np.int8), scalar("s_c", s_c, np.float32),
        scalar("z_c", -128, np.int8), i8("w_q", 3, 1, 3, 3), numpy_helper.from_array(w_s, "w_s"),
        numpy_helper.from_array(np.zeros(3, np.int8), "w_z"),
        numpy_helper.from_array(np.array([10, -20, 30], np.int32), "b_q"),
        numpy_helper.from_array((w_s * s_in).astype(np.float32), "b_s"),
        numpy_helper.from_array(np.zeros(3, np.int32), "b_z"),
        i8("fw_q", 2, 12), numpy_helper.from_array(fw_s, "fw_s"), numpy_helper.from_array(np.zeros(2, np.int8), "fw_z"),
        numpy_helper.from_array(np.array([5, -5], np.int32), "fb_q"),
        numpy_helper.from_array((fw_s * s_c).astype(np.float32), "fb_s"),
        numpy_helper.from_array(np.zeros(2, np.int32), "fb_z"),
    ]
    return model(nodes, inits, [1, 1, 4, 4], [1, 2])


rng_q = np.random.default_rng(20261202)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, m in list(seeds()) + [("qdq-classifier", qdq_seed())]:
        onnx.checker.check_model(m)
        path = OUT / f"seed-{name}.onnx"
        path.write_bytes(m.SerializeToString())
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
