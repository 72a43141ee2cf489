#!/usr/bin/env python3
"""Regenerate samples/ from the 5000-digit MNIST CSV (standard library only).

Usage (from the repository root):
    python3 scripts/make_samples.py [--csv ../shared/data/mnist_5k.csv.gz] [--out samples]

Input: one digit per row, 784 pixel values 0-255 (row-major 28x28) then the label; rows are
sorted by label. Split rule shared with every reference measurement: row i (0-based) with
i % 5 == 4 is test (1000 rows), all others train (4000 rows); each split keeps the row order.

Writes:
    <out>/mnist/{train,test}-images-idx3-ubyte, {train,test}-labels-idx1-ubyte  (uncompressed IDX)
    <out>/digits/<index in test split, 4 digits>_<label>.png  (all 1000 test digits, 8-bit gray)
    <out>/digits/labels.csv  (header `file,label`, test-split order)

The output is byte-for-byte deterministic (fixed zlib level, no timestamps in the PNGs).
"""

import argparse
import gzip
import os
import struct
import sys
import zlib

SIDE = 28
PIXELS = SIDE * SIDE


def read_rows(csv_path):
    """Returns [(pixels: bytes, label: int)] in file order; raises ValueError on a bad row."""
    rows = []
    with gzip.open(csv_path, "rt", encoding="ascii") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.strip()
            if not line:
                continue
            fields = line.split(",")
            if len(fields) != PIXELS + 1:
                raise ValueError(f"{csv_path}:{number}: {len(fields)} fields, expected {PIXELS + 1}")
            values = [int(field) for field in fields]
            if not all(0 <= value <= 255 for value in values[:PIXELS]) or not 0 <= values[PIXELS] <= 9:
                raise ValueError(f"{csv_path}:{number}: value out of range")
            rows.append((bytes(values[:PIXELS]), values[PIXELS]))
    return rows


def write_idx_images(path, images):
    with open(path, "wb") as handle:
        handle.write(struct.pack(">IIII", 0x00000803, len(images), SIDE, SIDE))
        for pixels in images:
            handle.write(pixels)


def write_idx_labels(path, labels):
    with open(path, "wb") as handle:
        handle.write(struct.pack(">II", 0x00000801, len(labels)))
        handle.write(bytes(labels))


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def encode_gray_png(pixels, width, height):
    """An 8-bit grayscale, non-interlaced PNG with filter type 0 on every row."""
    raw = b"".join(b"\x00" + pixels[row * width:(row + 1) * width] for row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", default=os.path.join(root, "..", "shared", "data", "mnist_5k.csv.gz"))
    parser.add_argument("--out", default=os.path.join(root, "samples"))
    args = parser.parse_args(argv)

    rows = read_rows(args.csv)
    if len(rows) != 5000:
        raise SystemExit(f"{args.csv}: {len(rows)} rows, expected 5000")
    train = [row for index, row in enumerate(rows) if index % 5 != 4]
    test = [row for index, row in enumerate(rows) if index % 5 == 4]

    mnist_dir = os.path.join(args.out, "mnist")
    digits_dir = os.path.join(args.out, "digits")
    os.makedirs(mnist_dir, exist_ok=True)
    os.makedirs(digits_dir, exist_ok=True)
    for name, split in (("train", train), ("test", test)):
        write_idx_images(os.path.join(mnist_dir, f"{name}-images-idx3-ubyte"), [p for p, _ in split])
        write_idx_labels(os.path.join(mnist_dir, f"{name}-labels-idx1-ubyte"), [l for _, l in split])

    for stale in os.listdir(digits_dir):
        if stale.endswith(".png"):
            os.remove(os.path.join(digits_dir, stale))
    lines = ["file,label"]
    for index, (pixels, label) in enumerate(test):
        name = f"{index:04d}_{label}.png"
        with open(os.path.join(digits_dir, name), "wb") as handle:
            handle.write(encode_gray_png(pixels, SIDE, SIDE))
        lines.append(f"{name},{label}")
    with open(os.path.join(digits_dir, "labels.csv"), "w", encoding="ascii", newline="\n") as handle:
        handle.write("\n".join(lines) + "\n")

    print(f"train {len(train)}, test {len(test)} -> {mnist_dir}; {len(test)} PNGs -> {digits_dir}")


if __name__ == "__main__":
    main(sys.argv[1:])
