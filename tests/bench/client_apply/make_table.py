#!/usr/bin/env python3
"""Turns run.sh's raw results (native.json and wasm.tsv in the given folder)
into the two markdown tables that README.md quotes: Apply against the goals,
and the peer stages of the same runs, which show where the time goes."""
import csv
import json
import sys
from pathlib import Path

GOAL_NATIVE = 1_000_000  # events/s, from the project's issue
GOAL_WASM = 300_000
WORKLOADS = ["mix", "recentMocAdded", "summaryUpdated", "themeBreakdownUpdated",
             "partialPartsUpdated"]
PEERS = ["Decode", "Packet", "Parse"]


def load_native(path):
    """Median events/s per (stage, workload), and bytes per event."""
    rates, sizes = {}, {}
    for b in json.loads(path.read_text())["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        stage, workload = b["run_name"][len("BM_"):].split("/")
        rates[(stage, workload)] = b["items_per_second"]
        sizes[workload] = b["bytes_per_second"] / b["items_per_second"]
    return rates, sizes


def load_wasm(path):
    with path.open() as f:
        return {(r["stage"], r["workload"]): float(r["events_per_s"])
                for r in csv.DictReader(f, delimiter="\t")}


def main(folder):
    native, sizes = load_native(folder / "native.json")
    wasm = load_wasm(folder / "wasm.tsv")

    print(f"| workload | bytes/event | native events/s | vs {GOAL_NATIVE:,} goal "
          f"| WASM events/s | vs {GOAL_WASM:,} goal |")
    print("|---|--:|--:|--:|--:|--:|")
    for w in WORKLOADS:
        n, m = native[("Apply", w)], wasm[("Apply", w)]
        print(f"| {w} | {sizes[w]:,.0f} | {n:,.0f} | {n / GOAL_NATIVE:.3f} "
              f"| {m:,.0f} | {m / GOAL_WASM:.3f} |")

    print()
    print("| workload | native Decode / Packet / Parse events/s | native Apply in parses "
          "| WASM Decode / Packet / Parse events/s | WASM Apply in parses |")
    print("|---|--:|--:|--:|--:|")
    for w in WORKLOADS:
        cells = []
        for rates in (native, wasm):
            cells.append(" / ".join(f"{rates[(p, w)]:,.0f}" for p in PEERS))
            cells.append(f"{rates[('Parse', w)] / rates[('Apply', w)]:.2f}")
        print(f"| {w} | " + " | ".join(cells) + " |")

    print()
    print("- Apply = SocketioClient::on_frame + SyncEngine::on_event; Decode = on_frame alone; "
          "Packet = eio + sio::decode_packet; Parse = a plain rapidjson::Document::Parse of the "
          "frame's JSON")
    print("- \"Apply in parses\" = Parse rate / Apply rate: what decoding, validating and "
          "applying one event costs, in plain DOM parses of its bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
