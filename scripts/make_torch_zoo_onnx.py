#!/usr/bin/env python3
"""Writes Tests/EdgeDeploymentTests/Fixtures/zoo/: small real-world-style image classifiers
exported by PyTorch's `torch.onnx.export` (TorchScript exporter, opset 17, dynamic batch), with
onnxruntime's outputs for seeded inputs, so `swift test` checks our engines against onnxruntime
on architectures that are not DigitCNN, and checks that graphs we cannot run are refused in one
line. CI never runs this; the files are committed.

For each model NAME:
  NAME.onnx            the export (seeded weights, BatchNorm statistics randomised)
  NAME.expected.bin    little-endian float32: 4 inputs [4, C, H, W] then onnxruntime's
                       outputs [4, classes], each input run alone (batch 1)

Needs torch==2.13.0+cpu, onnx and onnxruntime (.venv-peers).
"""
import pathlib

import numpy as np
import onnxruntime as ort
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "EdgeDeploymentTests" / "Fixtures" / "zoo"
SEED = 20261202


def bn(c):
    return nn.BatchNorm2d(c)


class MobileNetLike(nn.Module):
    """Depthwise-separable blocks (MobileNet v1/v2 style): 3x3 depthwise (stride 1 and 2), 1x1
    pointwise, BatchNorm, ReLU6 (exported as Clip 0..6), global average pool, linear."""

    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, stride=2, padding=1, bias=False), bn(16), nn.ReLU6())

        def block(cin, cout, stride):
            return nn.Sequential(
                nn.Conv2d(cin, cin, 3, stride=stride, padding=1, groups=cin, bias=False), bn(cin), nn.ReLU6(),
                nn.Conv2d(cin, cout, 1, bias=False), bn(cout), nn.ReLU6())

        self.blocks = nn.Sequential(block(16, 32, 1), block(32, 64, 2), block(64, 64, 1))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.fc(torch.flatten(self.pool(x), 1))


class Residual(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = bn(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = bn(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), bn(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.short is None else self.short(x)))


class ResNet8Like(nn.Module):
    """ResNet-8 (MLPerf Tiny's image-classification shape): a 3x3 stem, three residual stages
    with stride-2 convs and 1x1 projections, residual Add, global average pool, linear."""

    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1, bias=False), bn(16), nn.ReLU())
        self.stages = nn.Sequential(Residual(16, 16, 1), Residual(16, 32, 2), Residual(32, 64, 2))
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = self.stages(self.stem(x))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


class LeakySigmoidNet(nn.Module):
    """LeakyReLU, a sigmoid gate (Mul with broadcasting), concatenated branches, a transpose."""

    def __init__(self, classes=5):
        super().__init__()
        self.a = nn.Conv2d(1, 8, 3, padding=1)
        self.b = nn.Conv2d(1, 8, 5, padding=2)
        self.gate = nn.Conv2d(16, 16, 1)
        self.fc = nn.Linear(16 * 8 * 8, classes)

    def forward(self, x):
        y = torch.cat([F.leaky_relu(self.a(x), 0.1), F.leaky_relu(self.b(x), 0.1)], dim=1)
        y = y * torch.sigmoid(F.adaptive_avg_pool2d(self.gate(y), 1))
        y = F.max_pool2d(y, 2).transpose(2, 3).contiguous()
        return self.fc(torch.flatten(y, 1))


class UnsupportedResize(nn.Module):
    """Bilinear upsampling (ONNX Resize): an op we do not run, to be refused in one line."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4 * 32 * 32, 10)

    def forward(self, x):
        y = F.interpolate(self.conv(x), scale_factor=2, mode="bilinear", align_corners=False)
        return self.fc(torch.flatten(F.max_pool2d(y, 2), 1))


class UnsupportedLayerNorm(nn.Module):
    """LayerNorm and GELU, as in vision transformers: refused in one line."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 4, stride=4)
        self.norm = nn.LayerNorm(8)
        self.fc = nn.Linear(8 * 8 * 8, 10)

    def forward(self, x):
        y = self.conv(x).flatten(2).transpose(1, 2)
        return self.fc(F.gelu(self.norm(y)).flatten(1))


MODELS = [
    ("mobilenet_like", MobileNetLike, (3, 32, 32)),
    ("resnet8_like", ResNet8Like, (3, 32, 32)),
    ("leaky_sigmoid_concat", LeakySigmoidNet, (1, 16, 16)),
    ("unsupported_resize", UnsupportedResize, (3, 32, 32)),
    ("unsupported_layernorm", UnsupportedLayerNorm, (3, 32, 32)),
]


def randomise_batchnorm(model):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.normal_(0.0, 0.1)
                m.running_var.uniform_(0.5, 2.0)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for index, (name, make, shape) in enumerate(MODELS):
        torch.manual_seed(SEED + index)
        model = make()
        randomise_batchnorm(model)
        model.eval()
        path = OUT / f"{name}.onnx"
        torch.onnx.export(
            model, (torch.zeros(1, *shape),), str(path), dynamo=False, opset_version=17,
            input_names=["input"], output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
        generator = torch.Generator().manual_seed(SEED + 100 + index)
        inputs = torch.randn(4, *shape, generator=generator).numpy().astype(np.float32)
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        outputs = np.concatenate([session.run(None, {"input": inputs[i : i + 1]})[0] for i in range(4)])
        with torch.no_grad():
            reference = model(torch.from_numpy(inputs)).numpy()
        assert np.allclose(outputs, reference, atol=1e-4), f"{name}: onnxruntime differs from PyTorch"
        np.concatenate([inputs.ravel(), outputs.ravel()]).astype("<f4").tofile(OUT / f"{name}.expected.bin")
        import onnx

        ops = sorted({node.op_type for node in onnx.load(str(path)).graph.node})
        print(f"{name}: {path.stat().st_size} bytes, outputs {outputs.shape}, ops {' '.join(ops)}")


if __name__ == "__main__":
    main()
