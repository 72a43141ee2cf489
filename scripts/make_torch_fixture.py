#!/usr/bin/env python3
"""Writes the PyTorch fixture for EdgeModelIO's tests, or checks a Swift-written file in PyTorch.

Needs torch and safetensors (a venv: `python3 -m venv .venv && .venv/bin/pip install
torch==2.13.0+cpu safetensors`). CI never runs this; the files it writes are committed.

    python scripts/make_torch_fixture.py               # writes Tests/EdgeModelIOTests/Fixtures/*
    python scripts/make_torch_fixture.py --check FILE  # FILE must load with strict=True

Fixture files:
  digitcnn_torch.safetensors     seeded DigitCNN state_dict via safetensors.torch.save_file
                                 (BatchNorm statistics randomised so BN is not the identity,
                                 num_batches_tracked = 37 and 41 as int64 scalars)
  digitcnn_expected.safetensors  "inputs" [4,1,28,28] float32 and the "logits" [4,10] PyTorch
                                 computes for them in eval mode
"""

import argparse
import pathlib
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

SEED = 20261125
FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "EdgeModelIOTests" / "Fixtures"
WEIGHTS = FIXTURES / "digitcnn_torch.safetensors"
EXPECTED = FIXTURES / "digitcnn_expected.safetensors"


class DigitCNN(nn.Module):
    """The model of DESIGN.md, with the state_dict names EdgeLoop reads and writes."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(64)
        self.fc1 = nn.Linear(3136, 80)
        self.fc2 = nn.Linear(80, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))


def make_model() -> DigitCNN:
    torch.manual_seed(SEED)
    model = DigitCNN()
    with torch.no_grad():
        for bn, count in ((model.bn1, 37), (model.bn2, 41)):
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.2, 0.2)
            bn.running_mean.normal_(0.0, 0.1)
            bn.running_var.uniform_(0.5, 2.0)
            bn.num_batches_tracked.fill_(count)
    return model.eval()


def make_inputs() -> torch.Tensor:
    generator = torch.Generator().manual_seed(SEED + 1)
    pixels = torch.rand(4, 1, 28, 28, generator=generator)
    return (pixels - 0.1307) / 0.3081


def write_fixture() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    model = make_model()
    save_file(model.state_dict(), str(WEIGHTS))
    inputs = make_inputs()
    with torch.no_grad():
        logits = model(inputs)
    save_file({"inputs": inputs.contiguous(), "logits": logits.contiguous()}, str(EXPECTED))
    print(f"wrote {WEIGHTS} ({WEIGHTS.stat().st_size} bytes) and {EXPECTED} ({EXPECTED.stat().st_size} bytes)")


def check(path: str) -> int:
    model = DigitCNN()
    state = load_file(path)
    result = model.load_state_dict(state, strict=True)
    print(f"{path}: load_state_dict(strict=True) OK {result}")
    model.eval()
    expected = load_file(str(EXPECTED))
    with torch.no_grad():
        logits = model(expected["inputs"])
    difference = (logits - expected["logits"]).abs().max().item()
    print(f"{path}: max |logits - fixture logits| = {difference:.3g}"
          f" (0 when the file holds the fixture's weights)")
    print(f"{path}: num_batches_tracked = {int(model.bn1.num_batches_tracked)}, {int(model.bn2.num_batches_tracked)}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", metavar="FILE", help="load FILE into DigitCNN with strict=True")
    args = parser.parse_args()
    if args.check:
        return check(args.check)
    write_fixture()
    return 0


if __name__ == "__main__":
    sys.exit(main())
