#!/usr/bin/env python3
"""Writes devices/<name>.yaml, one profile per (board, engine) pair, from the published MLPerf Tiny
measurements in ../shared/devices-calibration.md (copied below; calibrate on nothing else).

Method (docs/devices.md):
- Cycles per MAC by op class. On the two boards with keyword spotting (DS-CNN) and anomaly
  detection (FC autoencoder) rows, three rows give three classes exactly: fully connected from AD
  (all FC), dense conv from IC (ResNet-8, FC 640 MACs removed at the FC rate), depthwise from KWS
  (what dense/pointwise and FC leave). Pointwise 1x1 convs cost as dense convs (the published
  split does not separate them).
- Every other profile has IC alone: its dense-conv rate is fitted on IC, and its depthwise and FC
  rates are that rate times the ratios measured on the reference board of its engine family
  (CMSIS-NN kernels: nucleo-l4r5zi-tflm; everything else: nucleo-h7a3zi-xcubeai).
- Elementwise layers (pooling, activation, add) and per-layer overhead are 0 cycles in this first
  method: the published totals cannot separate them from the MAC rates.
- Active power: the published mean MCU-supply power of the energy run, where there is one.
"""
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SRC = "../shared/devices-calibration.md (MLPerf Tiny closed division)"
IC_MACS, IC_FC = 12_501_632, 640
KWS_DENSE, KWS_DW, KWS_FC = 2_368_000, 288_000, 768
AD_FC = 264_192

# name: (board, core, MHz, engine, round, IC ms, IC uJ, P mW, precision, RAM bytes, flash bytes, memory source)
ST = "ST product page / datasheet of the MCU (recalled, not re-checked in this session)"
PROFILES = {
    "nucleo-l4r5zi-tflm": ("NUCLEO-L4R5ZI", "Cortex-M4", 120, "TFLM 2.3.1 + CMSIS-NN", "v0.5 reference", 704.2, 29207, 41.5, "int8", 640 << 10, 2 << 20, "STM32L4R5ZI: 640 KB SRAM, 2 MB flash; " + ST),
    "nucleo-l4r5zi-microtvm": ("NUCLEO-L4R5ZI", "Cortex-M4", 120, "microTVM + CMSIS-NN", "v1.0, OctoML", 389.6, 20236, 51.9, "int8", 640 << 10, 2 << 20, "STM32L4R5ZI: 640 KB SRAM, 2 MB flash; " + ST),
    "nucleo-l4r5zi-plumerai": ("NUCLEO-L4R5ZI", "Cortex-M4", 120, "Plumerai IE", "v1.1", 167.8, None, None, "int8", 640 << 10, 2 << 20, "STM32L4R5ZI: 640 KB SRAM, 2 MB flash; " + ST),
    "nucleo-l4r5zi-xcubeai": ("NUCLEO-L4R5ZI", "Cortex-M4", 120, "X-CUBE-AI 9.0", "v1.2, ST", 165.1, 6919, 42.0, "int8", 640 << 10, 2 << 20, "STM32L4R5ZI: 640 KB SRAM, 2 MB flash; " + ST),
    "nucleo-h7a3zi-xcubeai": ("NUCLEO-H7A3ZI-Q", "Cortex-M7", 280, "X-CUBE-AI 9.0", "v1.2, ST", 40.8, 5090, 125.2, "int8", 1400 << 10, 2 << 20, "STM32H7A3ZI: 1.4 MB SRAM, 2 MB flash; " + ST),
    "nucleo-h7a3zi-hale-fp32": ("NUCLEO-H7A3ZI-Q", "Cortex-M7", 280, "Bosch HALE 1.0.175 (fp32 model)", "v1.2", 124.2, None, None, "fp32", 1400 << 10, 2 << 20, "STM32H7A3ZI: 1.4 MB SRAM, 2 MB flash; " + ST),
    "disco-f746ng-plumerai": ("DISCO-F746NG", "Cortex-M7", 216, "Plumerai IE", "v1.1", 62.9, None, None, "int8", 320 << 10, 1 << 20, "STM32F746NG: 320 KB SRAM, 1 MB flash; " + ST),
    "nucleo-u575zi-xcubeai": ("NUCLEO-U575ZI-Q", "Cortex-M33", 160, "X-CUBE-AI 9.0", "v1.2, ST", 111.1, 2579, 23.4, "int8", 786 << 10, 2 << 20, "STM32U575ZI: 786 KB SRAM, 2 MB flash; " + ST),
    "nucleo-u385rg-xcubeai": ("NUCLEO-U385RG-Q", "Cortex-M33", 96, "X-CUBE-AI 10.2", "v1.3, ST", 182.4, 966, 5.3, "int8", 256 << 10, 1 << 20, "STM32U385RG: 256 KB SRAM, 1 MB flash; " + ST),
    "nrf5340dk-microtvm": ("nRF5340-DK", "Cortex-M33", 128, "microTVM + CMSIS-NN", "v1.0, OctoML", 316.2, None, None, "int8", 512 << 10, 1 << 20, "nRF5340 application core: 512 KB RAM, 1 MB flash; Nordic product page (recalled, not re-checked in this session)"),
    "ek-ra6m4-tflm": ("EK-RA6M4", "Cortex-M33", 200, "TFLM + CMSIS-NN", "v0.7, Renesas", 246.2, 17724, 71.9, "int8", 256 << 10, 1 << 20, "RA6M4: 256 KB SRAM, 1 MB flash; Renesas product page (recalled, not re-checked in this session)"),
    "ek-ra8d1-tflm": ("EK-RA8D1", "Cortex-M85 (Helium)", 480, "TFLM + CMSIS-NN", "v1.2, Renesas", 8.48, None, None, "int8", 1 << 20, 2 << 20, "RA8D1: 1 MB SRAM, 2 MB flash; Renesas product page (recalled, not re-checked in this session)"),
    "nucleo-g0b1re-hale": ("NUCLEO-G0B1RE", "Cortex-M0+", 64, "Bosch HALE (int8)", "v1.2", 1522, None, None, "int8", 144 << 10, 512 << 10, "STM32G0B1RE: 144 KB SRAM, 512 KB flash; " + ST),
    "rpi4-leip": ("Raspberry Pi 4B", "4x Cortex-A72", 1500, "LatentAI LEIP 1.9.3", "v0.5", 1.07, None, None, "int8", 4 << 30, None, "the 4 GB model assumed (MLPerf Tiny does not say which); flash: a microSD card of the user's choosing"),
}
# The two reference boards: (KWS ms, AD ms).
REFERENCE = {"nucleo-l4r5zi-tflm": (181.9, 10.05), "nucleo-h7a3zi-xcubeai": (11.32, 1.23)}
FAMILY = {"nucleo-l4r5zi-microtvm": "nucleo-l4r5zi-tflm", "nrf5340dk-microtvm": "nucleo-l4r5zi-tflm",
          "ek-ra6m4-tflm": "nucleo-l4r5zi-tflm", "ek-ra8d1-tflm": "nucleo-l4r5zi-tflm"}


def fit_reference(name):
    _, _, mhz, _, _, ic_ms, *_ = PROFILES[name]
    kws_ms, ad_ms = REFERENCE[name]
    kc = mhz * 1000  # cycles per ms
    fc = ad_ms * kc / AD_FC
    dense = (ic_ms * kc - IC_FC * fc) / (IC_MACS - IC_FC)
    dw = (kws_ms * kc - KWS_DENSE * dense - KWS_FC * fc) / KWS_DW
    return dense, dw, fc


def main():
    refs = {n: fit_reference(n) for n in REFERENCE}
    os.makedirs(os.path.join(ROOT, "devices"), exist_ok=True)
    for name, (board, core, mhz, engine, rnd, ic_ms, ic_uj, p_mw, precision, ram, flash, memsrc) in PROFILES.items():
        kc = mhz * 1000
        ic = f"IC (ResNet-8, {IC_MACS:,} MACs) {ic_ms} ms at {mhz} MHz, {SRC}, {rnd}"
        if name in refs:
            dense, dw, fc = refs[name]
            kws_ms, ad_ms = REFERENCE[name]
            src_dense = f"fitted: {ic}, FC 640 MACs at the FC rate removed"
            src_dw = f"fitted: KWS (DS-CNN) {kws_ms} ms less its {KWS_DENSE:,} dense/pointwise and {KWS_FC} FC MACs, over {KWS_DW:,} depthwise MACs"
            src_fc = f"fitted: AD (FC autoencoder, {AD_FC:,} MACs) {ad_ms} ms"
        else:
            ref = FAMILY.get(name, "nucleo-h7a3zi-xcubeai")
            rd, rdw, rfc = refs[ref]
            r_dw, r_fc = rdw / rd, rfc / rd
            dense = ic_ms * kc / (IC_MACS - IC_FC + IC_FC * r_fc)
            dw, fc = dense * r_dw, dense * r_fc
            src_dense = f"fitted: {ic}"
            src_dw = f"dense rate x {r_dw:.3f}, the depthwise/dense ratio fitted on {ref} (same engine family; no KWS row for this profile)"
            src_fc = f"dense rate x {r_fc:.3f}, the FC/dense ratio fitted on {ref} (no AD row for this profile)"
        lines = [
            f"# {name}: {board} ({core} @ {mhz} MHz) running {engine}.",
            "# Made by scripts/make_device_profiles.py from the published MLPerf Tiny rows; edit that script, not this file.",
            f"name: {name}",
            f"board: \"{board}\"",
            f"core: \"{core}\"",
            f"engine: \"{engine}\"",
            f"precision: {precision}",
            "clock_mhz:",
            f"  value: {mhz}",
            f"  source: \"{SRC}, systems JSON of the {rnd} submission\"",
            "cycles_per_mac:",
        ]
        for key, value, src in [("dense_conv", dense, src_dense), ("depthwise", dw, src_dw),
                                ("pointwise", dense, "as dense_conv (the published split does not separate 1x1 convs)"),
                                ("fully_connected", fc, src_fc)]:
            lines += [f"  {key}:", f"    value: {value:.4f}", f"    source: \"{src}\""]
        lines += [
            "cycles_per_element:",
            "  value: 0",
            "  source: \"not separable from the published totals in this method (docs/devices.md)\"",
            "layer_overhead_cycles:",
            "  value: 0",
            "  source: \"not separable from the published totals in this method (docs/devices.md)\"",
            "ram_bytes:",
            f"  value: {ram}",
            f"  source: \"{memsrc}\"",
            "flash_bytes:",
            f"  value: {'null' if flash is None else flash}",
            f"  source: \"{memsrc}\"",
            "active_power_mw:",
            f"  value: {'null' if p_mw is None else p_mw}",
            f"  source: \"{'mean MCU-supply power of the IC energy run, ' + SRC if p_mw is not None else 'not published (no energy run for this profile)'}\"",
            "idle_power_mw:",
            "  value: null",
            "  source: \"not published by MLPerf Tiny\"",
        ]
        with open(os.path.join(ROOT, "devices", f"{name}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")
        print(f"{name}: dense {dense:.3f}, depthwise {dw:.3f}, fc {fc:.3f} cycles/MAC")


if __name__ == "__main__":
    main()
