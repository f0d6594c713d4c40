#!/usr/bin/env python3
"""Turns run.sh's raw results (native.json, wasm.tsv, sizes.tsv in the given
folder) into the markdown table that README.md quotes."""
import csv
import json
import sys
from pathlib import Path

# display name, Google Benchmark suffix, size-probe name
LIBRARIES = [
    ("Boost.JSON", "Boost", "boost"),
    ("RapidJSON", "RapidJson", "rapidjson"),
    ("nlohmann-json", "Nlohmann", "nlohmann"),
]


def load_native(path):
    """Median bytes/s and docs/s per benchmark name."""
    medians = {}
    for b in json.loads(path.read_text())["benchmarks"]:
        if b.get("aggregate_name") == "median":
            medians[b["run_name"]] = (b["bytes_per_second"], b["items_per_second"])
    return medians


def load_tsv(path):
    with path.open() as f:
        return list(csv.DictReader(f, delimiter="\t"))


def main(folder):
    native = load_native(folder / "native.json")
    wasm = {(r["library"], r["document"]): r for r in load_tsv(folder / "wasm.tsv")}
    sizes = {(r["library"], r["opt"]): r for r in load_tsv(folder / "sizes.tsv")}

    rows = []
    for name, bench, probe in LIBRARIES:
        added = {opt: int(sizes[(probe, opt)]["gzip"]) - int(sizes[("baseline", opt)]["gzip"])
                 for opt in ("O2", "Os")}
        rows.append({
            "name": name,
            "nat_small": native[f"BM_DecodeView{bench}/small"][1],
            "nat_large": native[f"BM_DecodeView{bench}/large"][0] / 1e6,
            "wasm_small": float(wasm[(name, "small")]["docs_per_s"]),
            "wasm_large": float(wasm[(name, "large")]["mb_per_s"]),
            "added_O2": added["O2"],
            "added_Os": added["Os"],
            "nat_event": native[f"BM_DecodeEvent{bench}"][1],
            "wasm_event": float(wasm[(name, "event")]["docs_per_s"]),
        })

    speed_keys = ["nat_small", "nat_large", "wasm_small", "wasm_large"]
    best = {k: max(r[k] for r in rows) for k in speed_keys}
    best_size = min(r["added_O2"] for r in rows)

    print("| library | native small docs/s | native large MB/s | wasm small docs/s "
          "| wasm large MB/s | wasm bytes added (gz, -O2 / -Os) "
          "| vs best: nat S / nat L / wasm S / wasm L / size |")
    print("|---|--:|--:|--:|--:|--:|---|")
    for r in rows:
        ratios = [f"{r[k] / best[k]:.2f}" for k in speed_keys]
        ratios.append(f"{r['added_O2'] / best_size:.1f}x")
        print(f"| {r['name']} | {r['nat_small']:,.0f} | {r['nat_large']:.1f} "
              f"| {r['wasm_small']:,.0f} | {r['wasm_large']:.1f} "
              f"| +{r['added_O2'] / 1000:.1f} kB / +{r['added_Os'] / 1000:.1f} kB "
              f"| {' / '.join(ratios)} |")

    base = {opt: sizes[("baseline", opt)] for opt in ("O2", "Os")}
    small_bytes = wasm[(LIBRARIES[0][0], "small")]["bytes"]
    large_bytes = wasm[(LIBRARIES[0][0], "large")]["bytes"]
    print()
    print(f"- documents: small view {small_bytes} B, large view {large_bytes} B; "
          "MB = 10^6 bytes, kB = 1000 bytes; speed ratios are value/best (1.00 = best), "
          "size ratio is bytes added/least added at -O2")
    print("- event envelope docs/s (native / wasm): " + ", ".join(
        f"{r['name']} {r['nat_event']:,.0f} / {r['wasm_event']:,.0f}" for r in rows))
    print("- .wasm raw / gz bytes at -O2: baseline "
          f"{int(base['O2']['raw']):,} / {int(base['O2']['gzip']):,}, " + ", ".join(
              f"{name} {int(sizes[(probe, 'O2')]['raw']):,} / {int(sizes[(probe, 'O2')]['gzip']):,}"
              for name, _, probe in LIBRARIES))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
