#!/usr/bin/env python3
"""Regenerate samples/fashion/ from Debian's dataset-fashion-mnist (standard library only).

Usage (from the repository root):
    apt-get install dataset-fashion-mnist     # /usr/share/datasets/fashion-mnist/*.gz
    python3 scripts/make_fashion_samples.py [--source /usr/share/datasets/fashion-mnist] [--out samples/fashion]

A stratified subset, drawn per class with a seeded shuffle (random.Random(17)); each split keeps
the original file order of the images it picked (so it is not sorted by label):
    train: 400 per class of the 60000 training images (4000)
    test:  100 per class of the 10000 test images (1000)
    PNGs:  the first 20 per class of that test split (200), for folder replay

Writes:
    <out>/{train,test}-images-idx3-ubyte, {train,test}-labels-idx1-ubyte  (uncompressed IDX)
    <out>/classes.txt      the 10 class names, one per line, index = label
    <out>/preprocess.yaml  how the images are fed (resize mode, 28x28 gray, MNIST mean/std: what
                           `edge train` normalizes with)
    <out>/images/<index in test split, 4 digits>_<label>.png  (8-bit gray) and images/labels.csv

The output is byte-for-byte deterministic (fixed seed, fixed zlib level, no PNG timestamps).
CI never runs this: the files are committed.
"""

import argparse
import gzip
import os
import random
import struct
import sys
import zlib

SIDE = 28
PIXELS = SIDE * SIDE
SEED = 17
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
PREPROCESS = """# How Fashion-MNIST images are fed to a model trained by `edge train --data samples/fashion`:
# the raw 28x28 gray pixels, normalized as training does ((p/255 - 0.1307)/0.3081). Not digit mode:
# a garment is not cropped, refitted or centred.
mode: resize
size: [28, 28]
channels: gray
mean: [0.1307]
std: [0.3081]
resize: area
"""


def read_idx(path, magic):
    with gzip.open(path, "rb") as handle:
        data = handle.read()
    (found,) = struct.unpack(">I", data[:4])
    if found != magic:
        raise SystemExit(f"{path}: magic {found:#010x}, expected {magic:#010x}")
    if magic == 0x00000803:
        count, rows, cols = struct.unpack(">III", data[4:16])
        if (rows, cols) != (SIDE, SIDE) or len(data) != 16 + count * PIXELS:
            raise SystemExit(f"{path}: not {SIDE}x{SIDE} images")
        return [data[16 + i * PIXELS:16 + (i + 1) * PIXELS] for i in range(count)]
    (count,) = struct.unpack(">I", data[4:8])
    labels = list(data[8:8 + count])
    if len(labels) != count or any(label > 9 for label in labels):
        raise SystemExit(f"{path}: bad labels")
    return labels


def stratified(labels, per_class, rng):
    chosen = []
    for label in range(10):
        indices = [i for i, l in enumerate(labels) if l == label]
        rng.shuffle(indices)
        chosen += indices[:per_class]
    return sorted(chosen)


def write_idx(out, split, images, labels):
    with open(os.path.join(out, f"{split}-images-idx3-ubyte"), "wb") as handle:
        handle.write(struct.pack(">IIII", 0x00000803, len(images), SIDE, SIDE))
        for pixels in images:
            handle.write(pixels)
    with open(os.path.join(out, f"{split}-labels-idx1-ubyte"), "wb") as handle:
        handle.write(struct.pack(">II", 0x00000801, len(labels)))
        handle.write(bytes(labels))


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def encode_gray_png(pixels):
    raw = b"".join(b"\x00" + pixels[row * SIDE:(row + 1) * SIDE] for row in range(SIDE))
    header = struct.pack(">IIBBBBB", SIDE, SIDE, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--out", default=os.path.join(root, "samples", "fashion"))
    args = parser.parse_args(argv)

    rng = random.Random(SEED)
    splits = {}
    for split, prefix, per_class in (("train", "train", 400), ("test", "t10k", 100)):
        images = read_idx(os.path.join(args.source, f"{prefix}-images-idx3-ubyte.gz"), 0x00000803)
        labels = read_idx(os.path.join(args.source, f"{prefix}-labels-idx1-ubyte.gz"), 0x00000801)
        chosen = stratified(labels, per_class, rng)
        splits[split] = ([images[i] for i in chosen], [labels[i] for i in chosen])

    images_dir = os.path.join(args.out, "images")
    os.makedirs(images_dir, exist_ok=True)
    for split, (images, labels) in splits.items():
        write_idx(args.out, split, images, labels)
    with open(os.path.join(args.out, "classes.txt"), "w", encoding="ascii", newline="\n") as handle:
        handle.write("\n".join(CLASSES) + "\n")
    with open(os.path.join(args.out, "preprocess.yaml"), "w", encoding="ascii", newline="\n") as handle:
        handle.write(PREPROCESS)

    for stale in os.listdir(images_dir):
        if stale.endswith(".png"):
            os.remove(os.path.join(images_dir, stale))
    test_images, test_labels = splits["test"]
    seen = [0] * 10
    lines = ["file,label"]
    for index, (pixels, label) in enumerate(zip(test_images, test_labels)):
        if seen[label] >= 20:
            continue
        seen[label] += 1
        name = f"{index:04d}_{label}.png"
        with open(os.path.join(images_dir, name), "wb") as handle:
            handle.write(encode_gray_png(pixels))
        lines.append(f"{name},{label}")
    with open(os.path.join(images_dir, "labels.csv"), "w", encoding="ascii", newline="\n") as handle:
        handle.write("\n".join(lines) + "\n")
    print(f"train {len(splits['train'][0])}, test {len(test_images)}, {len(lines) - 1} PNGs -> {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
