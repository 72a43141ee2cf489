#!/usr/bin/env python3
"""Writes onnxruntime's logits for every image of an MNIST IDX test split, for the Swift tests
that cross-check our engines against onnxruntime (Tests/EdgeDeploymentTests/ONNXRuntimeCrossCheckTests).

    .venv-peers/bin/python scripts/ort_logits.py MODEL.onnx samples/mnist OUT.bin

Each image is normalized as edge bench and scripts/peers.py do, (pixel/255 - 0.1307)/0.3081,
and run alone (batch 1, one thread). OUT.bin holds the logits as little-endian float32,
[images, classes], row by row; the class count is printed on stdout.
"""
import sys

import numpy as np
import onnxruntime as ort


def main():
    model, mnist, out = sys.argv[1:4]
    raw = open(f"{mnist}/test-images-idx3-ubyte", "rb").read()
    count = int.from_bytes(raw[4:8], "big")
    pixels = np.frombuffer(raw[16:], np.uint8)[: count * 784].astype(np.float32)
    images = ((pixels / 255 - 0.1307) / 0.3081).reshape(count, 1, 28, 28)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    logits = np.concatenate([session.run(None, {name: images[i : i + 1]})[0] for i in range(count)])
    logits.astype("<f4").tofile(out)
    print(logits.shape[1])


if __name__ == "__main__":
    main()
