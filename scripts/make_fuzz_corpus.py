#!/usr/bin/env python3
"""Regenerate the seed inputs of the fuzz corpus (standard library only).

Usage (from the repository root):
    python3 scripts/make_fuzz_corpus.py [--out Tests/EdgeFuzzingTests/Corpus]

Writes `seed-*` files into <out>/<target>/ for the targets png, safetensors, pipeline-yaml and
labels-csv (see docs/fuzzing.md): a few real sample digits and pipeline files copied from the
repository, small valid inputs covering each format's variants, and a few corrupt ones. Files
not named `seed-*` (the `crash-*`, `timeout-*`, ... inputs the fuzzers found) are left alone.
The output is byte-for-byte deterministic.
"""

import argparse
import json
import os
import struct
import sys
import zlib

# MARK: PNG


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, bit_depth, color_type, rows, interlace=0, extra=b""):
    """A PNG from already-filtered scanlines (`rows`: the bytes zlib compresses)."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, interlace)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + extra
            + png_chunk(b"IDAT", zlib.compress(rows, 9)) + png_chunk(b"IEND", b""))


def ring(width, height):
    """A dark ring ("0") on light paper with a gradient: ink levels 0-255 per pixel."""
    cx, cy, r = width / 2, height / 2, min(width, height) * 0.3
    ink = []
    for y in range(height):
        for x in range(width):
            d = abs(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 - r)
            ink.append(max(0, 255 - int(d * 90)))
    return ink


def paper(width, height, ink):
    """Gray levels: dark ink on paper lit from the left."""
    return [max(0, 230 - x * 40 // width - ink[y * width + x] * 200 // 255)
            for y in range(height) for x in range(width)]


def scanlines(width, height, samples_per_pixel, values, bit_depth=8, filter_type=0):
    out = bytearray()
    for y in range(height):
        out.append(filter_type)
        row = values[y * width * samples_per_pixel:(y + 1) * width * samples_per_pixel]
        if bit_depth == 8:
            out += bytes(row)
        elif bit_depth == 16:
            for v in row:
                out += struct.pack(">H", v)
        else:
            per_byte = 8 // bit_depth
            for start in range(0, len(row), per_byte):
                byte = 0
                for k in range(per_byte):
                    v = row[start + k] if start + k < len(row) else 0
                    byte |= v << (8 - bit_depth * (k + 1))
                out.append(byte)
    return bytes(out)


def png_seeds(root):
    seeds = {}
    for name in ["0000_0.png", "0300_3.png", "0700_7.png", "0999_9.png"]:
        with open(os.path.join(root, "samples", "digits", name), "rb") as handle:
            seeds["digit-" + name] = handle.read()

    w, h = 36, 30
    ink = ring(w, h)
    gray = paper(w, h, ink)
    seeds["gray8-paper.png"] = png(w, h, 8, 0, scanlines(w, h, 1, gray))
    seeds["gray16.png"] = png(w, h, 16, 0, scanlines(w, h, 1, [v * 257 for v in gray], 16))
    seeds["gray1.png"] = png(w, h, 1, 0, scanlines(w, h, 1, [1 if v > 128 else 0 for v in gray], 1))
    rgb = [c for v in gray for c in (v, max(0, v - 30), min(255, v + 10))]
    seeds["rgb8.png"] = png(w, h, 8, 2, scanlines(w, h, 3, rgb))
    rgba = [c for v, i in zip(gray, ink) for c in (0, 0, 0, i)]
    seeds["rgba8-alpha-ink.png"] = png(w, h, 8, 6, scanlines(w, h, 4, rgba))
    ga = [c for v in gray for c in (v, 255 if v < 200 else 128)]
    seeds["gray-alpha8.png"] = png(w, h, 8, 4, scanlines(w, h, 2, ga))
    palette = b"".join(bytes((i * 17, i * 17, i * 17)) for i in range(16))
    trns = bytes([255] * 15 + [0])
    seeds["palette4-trns.png"] = png(w, h, 4, 3, scanlines(w, h, 1, [v // 17 for v in gray], 4),
                                     extra=png_chunk(b"PLTE", palette) + png_chunk(b"tRNS", trns))
    seeds["gray8-trns.png"] = png(w, h, 8, 0, scanlines(w, h, 1, gray),
                                  extra=png_chunk(b"tRNS", struct.pack(">H", 230)))

    # Adam7, 8-bit gray: the seven passes' scanlines, each row filter 0.
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = bytearray()
    for x0, y0, dx, dy in passes:
        xs = list(range(x0, w, dx))
        for y in range(y0, h, dy):
            if xs:
                raw.append(0)
                raw += bytes(gray[y * w + x] for x in xs)
    seeds["gray8-adam7.png"] = png(w, h, 8, 0, bytes(raw), interlace=1)

    good = seeds["gray8-paper.png"]
    seeds["corrupt-truncated.png"] = good[:len(good) // 2]
    crc_broken = bytearray(good)
    crc_broken[29] ^= 0xFF  # last byte of the IHDR CRC
    seeds["corrupt-ihdr-crc.png"] = bytes(crc_broken)
    seeds["corrupt-zlib.png"] = (good[:33] + png_chunk(b"IDAT", b"\x78\x9c" + b"\xff" * 40) + png_chunk(b"IEND", b""))
    seeds["corrupt-too-large.png"] = png(100000, 100000, 8, 0, b"\x00" * 64)
    seeds["corrupt-no-idat.png"] = good[:33] + png_chunk(b"IEND", b"")
    seeds["not-png.png"] = b"GIF89a\x01\x00\x01\x00"

    # Picture descriptions for the harness's encode path (FuzzHarness.encodedPNG(describedBy:)):
    # color type index (gray, rgb, palette, gray+alpha, rgba), bit depth index, flags
    # (1 Adam7, 2 transparency), width - 1 and height - 1 big-endian, then sample bytes.
    def raw(color, depth, flags, width, height, content):
        return bytes([color, depth, flags]) + struct.pack(">HH", width - 1, height - 1) + content
    ramp = bytes(range(0, 256, 3))
    seeds["raw-gray8-36x30.bin"] = raw(0, 3, 0, 36, 30, bytes(gray))
    seeds["raw-gray1-adam7.bin"] = raw(0, 0, 1, 45, 17, ramp)
    seeds["raw-gray16-trns.bin"] = raw(0, 4, 2, 20, 20, ramp)
    seeds["raw-palette2-trns.bin"] = raw(2, 1, 2, 33, 9, ramp)
    seeds["raw-rgba16-adam7.bin"] = raw(4, 1, 1, 9, 11, ramp)
    seeds["raw-rgb8-4096x1.bin"] = raw(1, 0, 0, 4096, 1, ramp)
    seeds["raw-gray-alpha8-1x300.bin"] = raw(3, 0, 0, 1, 300, ramp)
    return seeds


# MARK: safetensors


def safetensors(entries, metadata=None, pad=True):
    """entries: [(name, dtype, shape, data bytes)] in data order."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name, dtype, shape, data in entries:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    if pad:
        text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(e[3] for e in entries)


def floats(*values):
    return struct.pack("<%df" % len(values), *values)


DIGITCNN = [
    ("conv1.weight", [32, 1, 3, 3]), ("conv1.bias", [32]),
    ("bn1.weight", [32]), ("bn1.bias", [32]), ("bn1.running_mean", [32]), ("bn1.running_var", [32]),
    ("conv2.weight", [64, 32, 3, 3]), ("conv2.bias", [64]),
    ("bn2.weight", [64]), ("bn2.bias", [64]), ("bn2.running_mean", [64]), ("bn2.running_var", [64]),
    ("fc1.weight", [80, 3136]), ("fc1.bias", [80]),
    ("fc2.weight", [10, 80]), ("fc2.bias", [10]),
]


def safetensors_seeds(root):
    seeds = {}
    seeds["f32-matrix.safetensors"] = safetensors(
        [("w", "F32", [2, 3], floats(1, -2, 3.5, 0, float("inf"), float("nan")))], {"format": "pt"})
    seeds["dtypes.safetensors"] = safetensors([
        ("a.bool", "BOOL", [2], b"\x00\x01"), ("b.u8", "U8", [3], b"\x01\x02\x03"),
        ("c.f16", "F16", [2], b"\x00\x3c\x00\xc0"), ("d.bf16", "BF16", [1], b"\x80\x3f"),
        ("e.i64", "I64", [], struct.pack("<q", -5)), ("f.f64", "F64", [1, 1], struct.pack("<d", 2.5)),
        ("g.f8", "F8_E4M3", [1], b"\x38"), ("h.u64", "U64", [1], struct.pack("<Q", 7)),
    ], {"format": "pt", "note": "seed"})
    seeds["zero-size.safetensors"] = safetensors([("empty", "F32", [0, 4], b""), ("x", "I32", [1], b"\x01\x00\x00\x00")])
    seeds["no-metadata-unpadded.safetensors"] = safetensors([("x", "U16", [2], b"\x01\x00\x02\x00")], pad=False)
    # DigitCNN key names with 1-element tensors: the weights loader rejects the first shape.
    tiny = [(name, "F32", [1] * len(shape), floats(0.5)) for name, shape in DIGITCNN]
    tiny += [("bn1.num_batches_tracked", "I64", [], struct.pack("<q", 3)),
             ("bn2.num_batches_tracked", "I64", [], struct.pack("<q", 3))]
    seeds["digitcnn-keys-tiny.safetensors"] = safetensors(tiny, {"format": "pt"})
    seeds["counter-not-scalar.safetensors"] = safetensors([("bn1.num_batches_tracked", "I64", [1], struct.pack("<q", 1))])
    seeds["bad-header-length.safetensors"] = struct.pack("<Q", 1 << 40) + b"{}"
    seeds["bad-json.safetensors"] = struct.pack("<Q", 6) + b'{"a":['
    overlap = b'{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}'
    seeds["overlap.safetensors"] = struct.pack("<Q", len(overlap)) + overlap + b"\x00\x00"
    with open(os.path.join(root, "Tests", "EdgeModelIOTests", "Fixtures", "digitcnn_expected.safetensors"), "rb") as handle:
        seeds["torch-expected.safetensors"] = handle.read()
    return seeds


# MARK: pipeline YAML and labels.csv


def yaml_seeds(root):
    seeds = {}
    folder = os.path.join(root, "pipelines")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".yaml"):
            with open(os.path.join(folder, name), "rb") as handle:
                seeds["pipelines-" + name] = handle.read()
    seeds["flow-style.yaml"] = (
        b"{name: flow, source: {type: synthetic-camera, seed: 3, width: 28, height: 40, color: rgb,\n"
        b" scene: {scale: [0.2, 0.9], noise: 0, dark_on_light: no}, faults: {drop: 0.5, corrupt: 0.5}},\n"
        b" inference: {variant: quantized, model: m.safetensors}, limits: {seconds: 1.5}}\n")
    seeds["anchors.yaml"] = (
        b"source: {type: folder, path: samples/digits, rate: 30, clock: virtual}\n"
        b"queues:\n  preprocess: &q {capacity: 8, policy: dropNewest}\n  inference: *q\n"
        b"cost_model: {inference_us: 1e3, source_per_megapixel_us: 0}\n")
    seeds["block-scalar.yaml"] = b"name: |\n  multi\n   [line\nsource:\n  type: folder\n  path: 'it''s'\n"
    seeds["errors.yaml"] = b"source:\n  type: folder\n  path: x\nqueues:\n  inference: {capacity: 0}\n"
    seeds["not-a-mapping.yaml"] = b"- 1\n- [2, {3: 4}]\n"
    return seeds


def labels_seeds(root):
    with open(os.path.join(root, "samples", "digits", "labels.csv"), "rb") as handle:
        head = b"".join(handle.readlines()[:12])
    return {
        "samples-head.csv": head,
        "spaces-crlf.csv": b"file,label \r\n a.png , 3\r\n\r\nb.png,9\r\n",
        "duplicate.csv": b"file,label\nx.png,1\nx.png,2\n",
        "bad-label.csv": b"file,label\nx.png,10\n",
        "no-header.csv": b"x.png,1\n",
        "unicode.csv": "file,label\n\u00e9t\u00e9.png,4\n\u0663.png,\u0663\n".encode(),
    }


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(root, "Tests", "EdgeFuzzingTests", "Corpus"))
    args = parser.parse_args(argv)
    for target, seeds in [("png", png_seeds(root)), ("safetensors", safetensors_seeds(root)),
                          ("pipeline-yaml", yaml_seeds(root)), ("labels-csv", labels_seeds(root))]:
        folder = os.path.join(args.out, target)
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name.startswith("seed-"):
                os.remove(os.path.join(folder, name))
        for name, data in sorted(seeds.items()):
            with open(os.path.join(folder, "seed-" + name), "wb") as handle:
                handle.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
