#!/usr/bin/env bash
# Generates the node tests of the pinned onnx wheel (scripts/requirements-peers.txt, venv
# .venv-peers) for the operators ONNXReader imports or folds, into .build-onnx-node/node
# (ignored), where ONNXConformanceTests reads them. .ci/run calls it after making the venv.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv-peers/bin/python}
[ -x "$python" ] || { echo "no $python: python3 -m venv .venv-peers && .venv-peers/bin/pip install -r scripts/requirements-peers.txt" >&2; exit 1; }
# Keep in step with Conformance.operators in Tests/EdgeModelIOTests/ONNXConformanceTests.swift.
ops=(
  Conv BatchNormalization Relu MaxPool AveragePool GlobalAveragePool Flatten Reshape Gemm MatMul
  Add Mul Softmax Identity Dropout Constant Clip LeakyRelu Sigmoid HardSigmoid HardSwish Pad Concat Transpose
  Shape Gather Unsqueeze Squeeze Cast Slice ConstantOfShape QuantizeLinear DequantizeLinear
  QLinearConv QLinearMatMul
)
exec "$python" scripts/make_onnx_node_tests.py .build-onnx-node "${ops[@]}"
