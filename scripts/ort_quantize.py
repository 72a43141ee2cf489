#!/usr/bin/env python3
"""Quantizes a float ONNX model with onnxruntime's own static quantizer (QDQ, per channel, int8
weights and activations, MinMax), for the Swift tests that run such files through our engines
(Tests/EdgeDeploymentTests/QuantizedExportTests, QuantizedEngineTests) and for the committed
onnxruntime int8 peer of the benchmark, models/ort_quantized_cnn.onnx (deterministic):

    .venv-peers/bin/python scripts/ort_quantize.py MODEL.onnx samples/mnist OUT.onnx
    .venv-peers/bin/python scripts/ort_quantize.py models/edge_model.onnx samples/mnist models/ort_quantized_cnn.onnx

Calibration: every 20th image of the train split (200 images; the split is sorted by label, so
the stride covers every class), normalized (pixel/255 - 0.1307)/0.3081.
"""
import sys

import numpy as np
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static


class Images(CalibrationDataReader):
    def __init__(self, images, name):
        self.feeds = iter([{name: images[i : i + 1]} for i in range(len(images))])

    def get_next(self):
        return next(self.feeds, None)


def main():
    model, mnist, out = sys.argv[1:4]
    raw = open(f"{mnist}/train-images-idx3-ubyte", "rb").read()
    count = int.from_bytes(raw[4:8], "big")
    pixels = np.frombuffer(raw[16:], np.uint8)[: count * 784].astype(np.float32)
    images = ((pixels / 255 - 0.1307) / 0.3081).reshape(count, 1, 28, 28)[::20][:200]
    quantize_static(
        model, out, Images(images, "input"), quant_format=QuantFormat.QDQ, per_channel=True,
        activation_type=QuantType.QInt8, weight_type=QuantType.QInt8)


if __name__ == "__main__":
    main()
