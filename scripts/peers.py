#!/usr/bin/env python3
"""Time the peers of `edge bench` the same way: onnxruntime and PyTorch eager on DigitCNN.

Same inputs (the MNIST test split of samples/mnist, each image (pixel/255 - 0.1307)/0.3081,
in order, cycled), batch 1, one thread, the same warm-up and call count, the same interleaving
(blocks of --block calls per peer in turn), every call timed with perf_counter_ns, no outlier
dropped. Prints a table, or with --json the same schema as `edge bench --json` (docs/bench.md)
with the peers as variants ("onnxruntime", "pytorch").

The model: --onnx FILE when given (or models/edge_model.onnx when it exists), else the ONNX graph
of DigitCNN built here from models/baseline_cnn.safetensors with onnx.helper (Conv, BatchNorm,
Relu, MaxPool, Flatten, Gemm; BN left for onnxruntime's default optimizer to fold). PyTorch runs
the same weights in an nn.Module (torch.set_num_threads(1), inference_mode). A peer whose package
is missing is reported with the reason, never skipped silently.

The int8 peers are onnxruntime on two QDQ files: "onnxruntime-int8" on ours (--int8-onnx,
models/quantized_cnn.onnx, what `edge quantize` writes) and "onnxruntime-int8-ort" on the one
onnxruntime's own quantize_static makes (--ort-int8-onnx, models/ort_quantized_cnn.onnx, from
scripts/ort_quantize.py). The quantized bar is against the faster of the two.

Usage: scripts/peers.py [--json] [--iterations N] [--warmup N] [--block N]
                        [--peers onnxruntime,onnxruntime-int8,onnxruntime-int8-ort,pytorch]
"""
import argparse
import datetime
import json
import math
import os
import struct
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEAN, STD = 0.1307, 0.3081


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def load_safetensors(path):
    """name -> numpy array, read by hand (the format is an 8-byte header length and JSON)."""
    import numpy as np

    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    body = data[8 + length :]
    dtypes = {"F32": np.float32, "I64": np.int64, "F64": np.float64}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        array = np.frombuffer(body[start:end], dtype=dtypes[entry["dtype"]])
        tensors[name] = array.reshape(entry["shape"]).copy()
    return tensors


def mnist_test_inputs(directory):
    """The test split as [N,1,1,28,28] float32, normalized as `edge bench` does."""
    import numpy as np

    with open(os.path.join(directory, "test-images-idx3-ubyte"), "rb") as f:
        data = f.read()
    magic, count, rows, cols = struct.unpack(">IIII", data[:16])
    if magic != 0x803:
        raise SystemExit(f"{directory}/test-images-idx3-ubyte: not an IDX image file")
    pixels = np.frombuffer(data[16 : 16 + count * rows * cols], dtype=np.uint8).astype(np.float32)
    inputs = (pixels / np.float32(255) - np.float32(MEAN)) / np.float32(STD)
    with open(os.path.join(directory, "test-labels-idx1-ubyte"), "rb") as f:
        labels = np.frombuffer(f.read()[8:], dtype=np.uint8)
    return inputs.reshape(count, 1, 1, rows, cols), labels


def digitcnn_onnx(weights):
    """DigitCNN (DESIGN.md) as an ONNX ModelProto built from the state_dict arrays."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits = [numpy_helper.from_array(a.astype("float32"), name) for name, a in weights.items() if a.dtype.kind == "f"]
    nodes = []
    x = "input"
    for i in (1, 2):
        nodes += [
            helper.make_node("Conv", [x, f"conv{i}.weight", f"conv{i}.bias"], [f"c{i}"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
            helper.make_node(
                "BatchNormalization",
                [f"c{i}", f"bn{i}.weight", f"bn{i}.bias", f"bn{i}.running_mean", f"bn{i}.running_var"],
                [f"b{i}"],
                epsilon=1e-5,
            ),
            helper.make_node("Relu", [f"b{i}"], [f"r{i}"]),
            helper.make_node("MaxPool", [f"r{i}"], [f"p{i}"], kernel_shape=[2, 2], strides=[2, 2]),
        ]
        x = f"p{i}"
    nodes += [
        helper.make_node("Flatten", [x], ["flat"], axis=1),
        helper.make_node("Gemm", ["flat", "fc1.weight", "fc1.bias"], ["h"], transB=1),
        helper.make_node("Relu", ["h"], ["hr"]),
        helper.make_node("Gemm", ["hr", "fc2.weight", "fc2.bias"], ["logits"], transB=1),
    ]
    graph = helper.make_graph(
        nodes,
        "DigitCNN",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 1, 28, 28])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="edgeloop-peers")
    onnx.checker.check_model(model)
    return model


class Peer:
    def __init__(self, name, model, call):
        self.name, self.model, self.call = name, model, call
        self.samples = []
        self.first_call_ns = 0
        self.load_ns = 0
        self.correct = 0


def make_onnxruntime(onnx_path, weights, name="onnxruntime"):
    import onnxruntime as ort

    start = time.perf_counter_ns()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    if onnx_path:
        source, described = onnx_path, os.path.relpath(onnx_path, ROOT)
    else:
        source = digitcnn_onnx(weights).SerializeToString()
        described = "DigitCNN ONNX built from models/baseline_cnn.safetensors"
    session = ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])
    feed = session.get_inputs()[0].name
    peer = Peer(name, f"{described} (onnxruntime {ort.__version__})", lambda x: session.run(None, {feed: x})[0])
    peer.load_ns = time.perf_counter_ns() - start
    return peer


def make_pytorch(weights):
    import torch
    from torch import nn

    start = time.perf_counter_ns()
    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass

    class DigitCNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1, self.bn1 = nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32)
            self.conv2, self.bn2 = nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64)
            self.fc1, self.fc2 = nn.Linear(3136, 80), nn.Linear(80, 10)

        def forward(self, x):
            x = torch.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 2)
            x = torch.max_pool2d(torch.relu(self.bn2(self.conv2(x))), 2)
            return self.fc2(torch.relu(self.fc1(torch.flatten(x, 1))))

    model = DigitCNN()
    model.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()})
    model.eval()

    def call(x):
        with torch.inference_mode():
            return model(x).numpy()

    peer = Peer("pytorch", f"models/baseline_cnn.safetensors in nn.Module (torch {torch.__version__})", call)
    peer.load_ns = time.perf_counter_ns() - start
    peer.wrap = torch.from_numpy
    return peer


def percentile(sorted_ns, p):
    """The smallest sample with at least p% of the samples at or below it (as HdrHistogram)."""
    index = max(0, math.ceil(p / 100 * len(sorted_ns)) - 1)
    return sorted_ns[index]


def scheduling():
    """This process's policy, named as `edge bench` names it: other, batch, idle, fifo:P, rr:P."""
    policy = os.sched_getscheduler(0)
    priority = os.sched_getparam(0).sched_priority
    return {os.SCHED_FIFO: f"fifo:{priority}", os.SCHED_RR: f"rr:{priority}", os.SCHED_BATCH: "batch",
            os.SCHED_IDLE: "idle"}.get(policy, "other")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--block", type=int, default=100)
    parser.add_argument("--peers", default="onnxruntime,onnxruntime-int8,onnxruntime-int8-ort,pytorch")
    parser.add_argument("--onnx", help="ONNX model for onnxruntime (default: models/edge_model.onnx if present)")
    parser.add_argument("--int8-onnx", default=os.path.join(ROOT, "models/quantized_cnn.onnx"),
                        help="QDQ model for onnxruntime-int8 (ours, from `edge quantize`)")
    parser.add_argument("--ort-int8-onnx", default=os.path.join(ROOT, "models/ort_quantized_cnn.onnx"),
                        help="QDQ model for onnxruntime-int8-ort (from onnxruntime's quantize_static)")
    parser.add_argument("--weights", default=os.path.join(ROOT, "models/baseline_cnn.safetensors"))
    parser.add_argument("--data", default=os.path.join(ROOT, "samples/mnist"))
    args = parser.parse_args()
    if args.iterations < 1 or args.warmup < 0 or args.block < 1:
        parser.error("--iterations and --block must be >= 1, --warmup >= 0")
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    import numpy as np

    weights = load_safetensors(args.weights)
    inputs, labels = mnist_test_inputs(args.data)
    onnx_path = args.onnx or (os.path.join(ROOT, "models/edge_model.onnx") if os.path.exists(os.path.join(ROOT, "models/edge_model.onnx")) else None)

    peers, missing = [], []
    for name in [p.strip() for p in args.peers.split(",") if p.strip()]:
        try:
            if name == "onnxruntime":
                peers.append(make_onnxruntime(onnx_path, weights))
            elif name == "onnxruntime-int8":
                peers.append(make_onnxruntime(args.int8_onnx, weights, name))
            elif name == "onnxruntime-int8-ort":
                peers.append(make_onnxruntime(args.ort_int8_onnx, weights, name))
            elif name == "pytorch":
                peers.append(make_pytorch(weights))
            else:
                parser.error(
                    f"--peers: unknown peer '{name}' (onnxruntime, onnxruntime-int8, onnxruntime-int8-ort, pytorch)")
        except ImportError as error:
            missing.append({"variant": name, "model": "", "error": f"not installed: {error} (scripts/requirements-peers*.txt)"})

    # Inputs as each peer takes them, made before timing (PyTorch: tensors sharing the arrays).
    for peer in peers:
        wrap = getattr(peer, "wrap", None)
        peer.inputs = [wrap(x) if wrap else x for x in inputs]
    n = len(inputs)
    for peer in peers:
        start = time.perf_counter_ns()
        out = peer.call(peer.inputs[0])
        peer.first_call_ns = time.perf_counter_ns() - start
        for i in range(args.warmup):
            peer.call(peer.inputs[(i + 1) % n])
        # Accuracy over the inputs once, untimed: proves the peer runs the same model.
        peer.correct = sum(int(np.argmax(peer.call(peer.inputs[i]))) == int(labels[i]) for i in range(n))
    clock = time.perf_counter_ns
    while any(len(p.samples) < args.iterations for p in peers):
        for peer in peers:
            call, xs, samples = peer.call, peer.inputs, peer.samples
            for _ in range(min(args.block, args.iterations - len(samples))):
                x = xs[len(samples) % n]
                t0 = clock()
                call(x)
                samples.append(clock() - t0)

    variants = []
    for peer in peers:
        s = sorted(peer.samples)
        us = lambda ns: round(ns / 1000, 3)
        total = sum(s)
        variants.append(
            {
                "variant": peer.name,
                "model": peer.model,
                "iterations": len(s),
                "mean_us": us(total / len(s)),
                "min_us": us(s[0]),
                "p50_us": us(percentile(s, 50)),
                "p90_us": us(percentile(s, 90)),
                "p99_us": us(percentile(s, 99)),
                "p999_us": us(percentile(s, 99.9)),
                "max_us": us(s[-1]),
                "first_call_us": us(peer.first_call_ns),
                "load_us": us(peer.load_ns),
                "throughput_per_s": round(len(s) / (total / 1e9), 3),
                "accuracy": round(peer.correct / n, 4),
            }
        )
    report = {
        "schema_version": 1,
        "cpu": cpu_model(),
        "kernels": "peers",
        "build": "release",
        "scheduling": scheduling(),
        "started_at": started,
        "iterations": args.iterations,
        "warmup": args.warmup,
        "block": args.block,
        "inputs": {"kind": "mnist-test", "source": os.path.relpath(args.data, ROOT), "count": n},
        "variants": variants + missing,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"peers · {report['cpu']} · {args.iterations} timed calls each, blocks of {args.block}, {args.warmup} warm-up, one thread")
    print(f"{'peer':20} {'mean':>8} {'min':>8} {'p50':>8} {'p90':>8} {'p99':>8} {'p99.9':>8} {'max':>8} {'first':>8}  accuracy")
    for v in variants:
        print(
            f"{v['variant']:20} {v['mean_us']:8.1f} {v['min_us']:8.1f} {v['p50_us']:8.1f} {v['p90_us']:8.1f} "
            f"{v['p99_us']:8.1f} {v['p999_us']:8.1f} {v['max_us']:8.1f} {v['first_call_us']:8.1f}  {v['accuracy']:.4f}"
        )
        print(f"  {v['model']}")
    for m in missing:
        print(f"{m['variant']:20} not measured: {m['error']}")


if __name__ == "__main__":
    main()
