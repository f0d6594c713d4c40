#!/usr/bin/env python3
"""Runs clang-tidy (config: .clang-tidy) over the project's own .cpp files.

Usage: scripts/clang_tidy.py BUILD_DIR [-j N]

Files are those in BUILD_DIR/compile_commands.json under src/, server/ and
tests/unit/ (Boost's separate-compilation units excepted; tests/unit has its
own lighter .clang-tidy). Boost.Beast makes
one server file cost ~30 s, so clean results are cached like ccache does for
objects: the key hashes the clang-tidy version, .clang-tidy, the compile
command, the file and every header Ninja recorded as its dependency. A warm
run only re-checks what changed. Exit status 1 on any finding.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OWN = re.compile(r"^(src|server|tests/unit)/")
SKIP = re.compile(r"^server/boost_\w+_src\.cpp$")


def ninja_deps(build_dir):
    """Maps each object file (relative to build_dir) to its recorded header deps."""
    out = subprocess.run(["ninja", "-C", build_dir, "-t", "deps"], check=True,
                         capture_output=True, text=True).stdout
    deps, current = {}, None
    for line in out.splitlines():
        if line and not line.startswith(" "):
            current = line.split(":")[0]
            deps[current] = []
        elif line.strip() and current:
            deps[current].append(line.strip())
    return deps


_file_hashes = {}


def parents(directory):
    """directory and its ancestors up to ROOT: where .clang-tidy files apply."""
    while directory.startswith(ROOT) and directory != ROOT:
        yield directory
        directory = os.path.dirname(directory)


def file_hash(path):
    if path not in _file_hashes:
        try:
            with open(path, "rb") as f:
                _file_hashes[path] = hashlib.sha256(f.read()).hexdigest()
        except OSError:
            _file_hashes[path] = "missing"
    return _file_hashes[path]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir")
    parser.add_argument("-j", type=int, default=2)
    args = parser.parse_args()
    build_dir = os.path.abspath(args.build_dir)
    tidy = os.environ.get("CLANG_TIDY", "clang-tidy-14")
    cache_dir = os.environ.get("CLANG_TIDY_CACHE_DIR",
                               os.path.expanduser("~/.cache/dashboard-clang-tidy"))
    os.makedirs(cache_dir, exist_ok=True)

    with open(os.path.join(build_dir, "compile_commands.json")) as f:
        commands = json.load(f)
    deps = ninja_deps(build_dir)
    version = subprocess.run([tidy, "--version"], capture_output=True, text=True).stdout
    base = version + file_hash(os.path.join(ROOT, ".clang-tidy"))  # nested ones: per file

    jobs = {}
    for entry in commands:
        source = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        rel = os.path.relpath(source, ROOT)
        if not OWN.match(rel) or SKIP.match(rel) or rel in jobs:
            continue
        obj = entry.get("output") or re.search(r"-o (\S+)", entry["command"]).group(1)
        headers = deps.get(obj, [])
        configs = [os.path.join(d, ".clang-tidy") for d in parents(os.path.dirname(source))]
        # Paths are keyed relative to the checkout, so CI's fresh clone in
        # another folder reuses what a developer's run on this machine cached.
        key = hashlib.sha256("\n".join(
            [base, entry.get("command", ""), file_hash(source)] +
            [c + ":" + file_hash(c) for c in configs] +
            [h + ":" + file_hash(os.path.join(build_dir, h)) for h in sorted(headers)]
        ).replace(ROOT, "<root>").encode()).hexdigest()
        # No recorded deps (not built yet): never trust the cache for it.
        jobs[rel] = key if headers else None

    def check(rel):
        key = jobs[rel]
        if key and os.path.exists(os.path.join(cache_dir, key)):
            return rel, True, "", True
        run = subprocess.run([tidy, "-p", build_dir, "--quiet", os.path.join(ROOT, rel)],
                             capture_output=True, text=True)
        clean = run.returncode == 0 and "warning:" not in run.stdout
        if clean and key:
            open(os.path.join(cache_dir, key), "w").close()
        return rel, clean, run.stdout + run.stderr, False

    start = time.monotonic()
    bad, cached = [], 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
        for rel, clean, output, hit in pool.map(check, sorted(jobs)):
            cached += hit
            if not clean:
                bad.append(rel)
                noise = re.compile(r"^\d+ warnings? (and \d+ errors? )?generated\.$|^Suppressed ")
                print("\n".join(l for l in output.splitlines() if not noise.match(l)))
    print(f"clang-tidy: {len(jobs)} files ({cached} unchanged, cached), {len(bad)} with findings, "
          f"{time.monotonic() - start:.0f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
