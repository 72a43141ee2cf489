#!/usr/bin/env python3
"""Writes models/foreign/: three image classifiers that are not DigitCNN, exported once by
PyTorch's `torch.onnx.export` (TorchScript exporter, opset 17, dynamic batch), with
onnxruntime's logits as committed references. CI never runs this (it does not install torch);
`swift test` (ForeignModelTests) checks our eager and frozen engines against the references.

  mobilenet_tiny   depthwise-separable MobileNet-style net at 3x32x32: BatchNorm, ReLU6 (Clip
                   0..6), HardSwish, a squeeze-excite gate with HardSigmoid, TF-style "same"
                   zero padding (Pad) before the stride-2 depthwise convs, an inverted residual.
                   Seeded weights, BatchNorm statistics randomised.
  resnet8          the MLPerf Tiny image-classification ResNet-8 at 3x32x32: conv3x3 16 ->
                   [res 16] -> [res 32, stride 2, 1x1 projection] -> [res 64, stride 2, 1x1
                   projection] -> AvgPool 8 -> FC 10, each res block two 3x3 convs + BN + ReLU,
                   residual Add. Seeded weights; 12,501,632 MACs and 77,706 parameters once
                   BatchNorm is folded (the published figures, /work/shared/devices-calibration.md).
  fashion_cnn      a small CNN trained on Fashion-MNIST (Debian's dataset-fashion-mnist,
                   /usr/share/datasets/fashion-mnist, gzipped IDX) for 2 epochs, 1x28x28 input
                   (pixel/255 - 0.2860) / 0.3530; its onnxruntime accuracy on the 10,000-image
                   test split is recorded in manifest.json.

BatchNormalization stays in the exported graphs (training=PRESERVE on an eval-mode module skips
torch's own Conv+BN folding), so our freezer's folding and fusions are what is tested.

For each model NAME:
  NAME.onnx            the export
  NAME.expected.bin    little-endian float32: 4 inputs [4, C, H, W] then onnxruntime's
                       outputs [4, classes], each input run alone (batch 1). fashion_cnn's
                       inputs are the first 4 images of the test split, normalized.
  manifest.json        per model: bytes, MACs (Conv/Gemm multiply-accumulates), parameters
                       with BatchNorm folded, operators, and fashion_cnn's test accuracy.
  fashion_cnn.test_top1.bin
                       onnxruntime's top-1 class (one byte each) for the 10,000 test images,
                       so our engines' accuracy on the real data can be compared image by image.
                       `--top1-only` rewrites just this file from the committed model.

Needs torch==2.13.0+cpu, onnx and onnxruntime (.venv-peers). Run from anywhere:
  /work/main/.venv-peers/bin/python scripts/make_foreign_models.py
"""
import gzip
import json
import pathlib

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "models" / "foreign"
FASHION = pathlib.Path("/usr/share/datasets/fashion-mnist")
SEED = 20261217
FASHION_MEAN, FASHION_STD = 0.2860, 0.3530


def bn(c):
    return nn.BatchNorm2d(c)


class SqueezeExcite(nn.Module):
    """MobileNetV3's channel gate: global pool, 1x1 reduce + ReLU, 1x1 expand, HardSigmoid."""

    def __init__(self, c, r=4):
        super().__init__()
        self.reduce = nn.Conv2d(c, c // r, 1)
        self.expand = nn.Conv2d(c // r, c, 1)

    def forward(self, x):
        s = F.adaptive_avg_pool2d(x, 1)
        return x * F.hardsigmoid(self.expand(F.relu(self.reduce(s))))


class Separable(nn.Module):
    """3x3 depthwise + BN + ReLU6, 1x1 pointwise + BN + activation. A stride-2 block pads the
    TensorFlow "same" way (0 before, 1 after) with an explicit Pad, as ports of TF models do."""

    def __init__(self, cin, cout, stride, act, se=False):
        super().__init__()
        self.stride = stride
        self.dw = nn.Conv2d(cin, cin, 3, stride=stride, padding=0 if stride == 2 else 1, groups=cin, bias=False)
        self.bn1 = bn(cin)
        self.se = SqueezeExcite(cin) if se else None
        self.pw = nn.Conv2d(cin, cout, 1, bias=False)
        self.bn2 = bn(cout)
        self.act = act
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = F.pad(x, (0, 1, 0, 1)) if self.stride == 2 else x
        y = F.relu6(self.bn1(self.dw(y)))
        if self.se is not None:
            y = self.se(y)
        y = self.act(self.bn2(self.pw(y)))
        return x + y if self.residual else y


class MobileNetTiny(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1, bias=False), bn(16), nn.Hardswish())
        self.blocks = nn.Sequential(
            Separable(16, 32, 1, nn.ReLU6()),
            Separable(32, 64, 2, nn.Hardswish()),
            Separable(64, 64, 1, nn.ReLU6(), se=True),
            Separable(64, 96, 2, nn.Hardswish()),
        )
        self.fc = nn.Linear(96, classes)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class ResidualBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1)
        self.bn1 = bn(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.bn2 = bn(cout)
        # MLPerf Tiny's reference: a 1x1 projection (no BN) when the shape changes.
        self.short = nn.Conv2d(cin, cout, 1, stride=stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.short is None else self.short(x)))


class ResNet8(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), bn(16), nn.ReLU())
        self.stages = nn.Sequential(ResidualBlock(16, 16, 1), ResidualBlock(16, 32, 2), ResidualBlock(32, 64, 2))
        self.pool = nn.AvgPool2d(8)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = self.pool(self.stages(self.stem(x)))
        return self.fc(torch.flatten(x, 1))


class FashionCNN(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.bn1 = bn(16)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.bn2 = bn(32)
        self.fc1 = nn.Linear(32 * 7 * 7, 32)
        self.fc2 = nn.Linear(32, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


def randomise_batchnorm(model):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.normal_(0.0, 0.1)
                m.running_var.uniform_(0.5, 2.0)


def read_idx(path):
    data = gzip.open(path, "rb").read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion(split):
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(FASHION / f"{prefix}-images-idx3-ubyte.gz").astype(np.float32) / 255
    labels = read_idx(FASHION / f"{prefix}-labels-idx1-ubyte.gz").astype(np.int64)
    return ((images - FASHION_MEAN) / FASHION_STD)[:, None, :, :], labels


def train_fashion(model, epochs=2):
    images, labels = fashion("train")
    x, y = torch.from_numpy(images), torch.from_numpy(labels)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    generator = torch.Generator().manual_seed(SEED)
    model.train()
    for epoch in range(epochs):
        order = torch.randperm(len(x), generator=generator)
        total = 0.0
        for start in range(0, len(x), 128):
            batch = order[start : start + 128]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        print(f"fashion_cnn epoch {epoch + 1}: train loss {total / len(x):.4f}")
    model.eval()


def macs_and_parameters(path):
    """Conv/Gemm multiply-accumulates and the parameters once BatchNorm is folded (conv and
    linear weights and biases, a bias a folded BN adds counted once per output channel)."""
    # Shapes from an onnxruntime run (every Conv/Gemm output exposed): ONNX shape inference
    # leaves the shapes after torch's F.pad subgraphs unresolved, which undercounted MobileNet.
    model = onnx.load(str(path))
    graph = model.graph
    layers = [node for node in graph.node if node.op_type in ("Conv", "Gemm", "MatMul")]
    probe = onnx.load(str(path))
    del probe.graph.output[:]
    for node in layers:
        probe.graph.output.append(onnx.helper.make_tensor_value_info(node.output[0], onnx.TensorProto.FLOAT, None))
    session = ort.InferenceSession(probe.SerializeToString(), providers=["CPUExecutionProvider"])
    feed = graph.input[0]
    shape = [d.dim_value if d.dim_value > 0 else 1 for d in feed.type.tensor_type.shape.dim]
    outputs = session.run(None, {feed.name: np.zeros(shape, np.float32)})
    shapes = {node.output[0]: list(out.shape) for node, out in zip(layers, outputs)}
    inits = {t.name: list(t.dims) for t in graph.initializer}
    macs, parameters = 0, 0
    for node in graph.node:
        if node.op_type == "Conv":
            w = inits[node.input[1]]
            out = shapes[node.output[0]]
            macs += int(np.prod(out)) * w[1] * w[2] * w[3]
            parameters += int(np.prod(w)) + w[0]  # a bias, given or from a folded BN
        elif node.op_type in ("Gemm", "MatMul"):
            w = inits[node.input[1]]
            out = shapes[node.output[0]]
            macs += int(np.prod(out)) * (w[1] if node.op_type == "Gemm" and any(
                a.name == "transB" and a.i == 1 for a in node.attribute) else w[0])
            parameters += int(np.prod(w)) + (out[-1] if len(node.input) > 2 else 0)
    return macs, parameters


def export(model, name, shape, inputs):
    path = OUT / f"{name}.onnx"
    torch.onnx.export(
        model, (torch.zeros(1, *shape),), str(path), dynamo=False, opset_version=17,
        training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=True,
        input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    outputs = np.concatenate([session.run(None, {"input": inputs[i : i + 1]})[0] for i in range(len(inputs))])
    with torch.no_grad():
        reference = model(torch.from_numpy(inputs)).numpy()
    assert np.allclose(outputs, reference, atol=1e-4, rtol=1e-4), f"{name}: onnxruntime differs from PyTorch"
    np.concatenate([inputs.ravel(), outputs.ravel()]).astype("<f4").tofile(OUT / f"{name}.expected.bin")
    ops = sorted({node.op_type for node in onnx.load(str(path)).graph.node})
    macs, parameters = macs_and_parameters(path)
    entry = {"bytes": path.stat().st_size, "input": [1, *shape], "macs": macs, "parameters_bn_folded": parameters,
             "ops": ops}
    print(f"{name}: {entry['bytes']} bytes, {macs:,} MACs, {parameters:,} parameters (BN folded), "
          f"outputs {outputs.shape}, ops {' '.join(ops)}")
    return session, entry


def write_fashion_top1(session=None):
    session = session or ort.InferenceSession(str(OUT / "fashion_cnn.onnx"), providers=["CPUExecutionProvider"])
    images, labels = fashion("test")
    logits = np.concatenate([session.run(None, {"input": images[i : i + 500]})[0] for i in range(0, len(images), 500)])
    top1 = logits.argmax(1).astype(np.uint8)
    top1.tofile(OUT / "fashion_cnn.test_top1.bin")
    return int((top1 == labels).sum()), len(labels)


def main():
    import sys

    if "--top1-only" in sys.argv:
        print("fashion_cnn: onnxruntime test accuracy %d/%d" % write_fashion_top1())
        return
    OUT.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(2)
    manifest = {}
    for index, (name, make) in enumerate([("mobilenet_tiny", MobileNetTiny), ("resnet8", ResNet8)]):
        torch.manual_seed(SEED + index)
        model = make()
        randomise_batchnorm(model)
        model.eval()
        generator = torch.Generator().manual_seed(SEED + 100 + index)
        inputs = torch.randn(4, 3, 32, 32, generator=generator).numpy().astype(np.float32)
        _, manifest[name] = export(model, name, (3, 32, 32), inputs)
    assert manifest["resnet8"]["macs"] == 12_501_632, manifest["resnet8"]["macs"]
    assert manifest["resnet8"]["parameters_bn_folded"] == 77_706, manifest["resnet8"]["parameters_bn_folded"]

    torch.manual_seed(SEED + 2)
    model = FashionCNN()
    train_fashion(model)
    test_images, test_labels = fashion("test")
    session, entry = export(model, "fashion_cnn", (1, 28, 28), test_images[:4].copy())
    correct, _ = write_fashion_top1(session)
    entry.update({
        "preprocess": {"mode": "resize", "size": [28, 28], "channels": "gray", "mean": [FASHION_MEAN],
                       "std": [FASHION_STD]},
        "classes": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"],
        "trained": "2 epochs, Adam lr 2e-3, batch 128, seed %d, Fashion-MNIST train split (60,000)" % SEED,
        "onnxruntime_test_correct": correct, "onnxruntime_test_total": len(test_labels),
        "onnxruntime_test_accuracy": round(correct / len(test_labels), 4),
    })
    manifest["fashion_cnn"] = entry
    print(f"fashion_cnn: onnxruntime test accuracy {correct}/{len(test_labels)} = {correct / len(test_labels):.4f}")
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
