#!/usr/bin/env python3
"""Runs clang-tidy (config: .clang-tidy) over the project's own .cpp files.

Usage: scripts/clang_tidy.py BUILD_DIR [-j N]

Files are those in BUILD_DIR/compile_commands.json under src/, server/ and
tests/unit/ (Boost's separate-compilation units excepted; tests/unit has its
own lighter .clang-tidy). Boost.Beast makes
one server file cost ~30 s, so clean results are cached like ccache does for
objects, in ~/.cache/dashboard-clang-tidy (CLANG_TIDY_CACHE_DIR): the key
hashes the clang-tidy version, the .clang-tidy files, the compile command
and the contents of the file and of every header Ninja recorded as its
dependency, with every path under the checkout written as <root>/..., so a
clone in another folder (CI, a new checkout) reuses the results. A warm run
only re-checks what changed. Exit status 1 on any finding.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import shlex
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


def checkout_aliases():
    """(prefix, name) pairs, longest first, that map an absolute path in this
    checkout to one that is the same in every clone: the checkout itself
    (as given and resolved) and where its top-level links point (.deps and
    tests/node_modules in a worktree are links to another checkout's)."""
    aliases = {ROOT: "<root>", os.path.realpath(ROOT): "<root>"}
    for top in (ROOT, os.path.join(ROOT, "tests")):
        for name in os.listdir(top):
            path = os.path.join(top, name)
            if os.path.islink(path) and os.path.isdir(path):
                aliases[os.path.realpath(path)] = "<root>/" + os.path.relpath(path, ROOT)
    return sorted(aliases.items(), key=lambda a: -len(a[0]))


ALIASES = checkout_aliases()


def portable(text):
    """text with every checkout path in it written as <root>/..."""
    for prefix, name in ALIASES:
        text = re.sub(re.escape(prefix) + r"(?=/|\b|$)", name, text)
    return text


def portable_path(path, build_dir):
    """One spelling of a header Ninja recorded, whichever way the compiler
    (or ccache, which with CCACHE_BASEDIR rewrites paths under the checkout
    to relative ones, or replays another clone's dependency file on a hit)
    wrote it: absolute, with the checkout as <root>."""
    return portable(os.path.normpath(os.path.join(build_dir, path)))


def portable_command(entry):
    """The compile command as clang-tidy reads it: paths under the checkout
    as <root>/..., without a compiler launcher (ccache) in front."""
    args = entry.get("arguments") or shlex.split(entry.get("command", ""))
    if args and os.path.basename(args[0]) in ("ccache", "sccache"):
        args = args[1:]
    return portable(" ".join(args))


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
    # CLANG_TIDY_KEY_DUMP=DIR writes each file's key material there, to see
    # why two checkouts do not share results (diff the two dumps).
    key_dump = os.environ.get("CLANG_TIDY_KEY_DUMP")
    if key_dump:
        os.makedirs(key_dump, exist_ok=True)

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
        # The key holds only what clang-tidy's verdict depends on: its
        # version, the configs, the flags and the contents of the file and of
        # every header it includes, with paths spelled the same in every
        # clone, so a fresh clone in another folder (CI) reuses what a run
        # on this machine cached. Modification times play no part.
        material = "\n".join(
            [base, portable_command(entry), file_hash(source)] +
            [portable(c) + ":" + file_hash(c) for c in configs if os.path.exists(c)] +
            sorted(portable_path(h, build_dir) + ":" + file_hash(os.path.join(build_dir, h))
                   for h in headers))
        if key_dump:
            dump = os.path.join(key_dump, rel.replace("/", "__") + ".txt")
            with open(dump, "w", encoding="utf-8") as f:
                f.write(material)
        key = hashlib.sha256(material.encode()).hexdigest()
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
    print(f"clang-tidy: {len(jobs)} files ({cached} unchanged, cached), {len(bad)} with findings"
          f"{': ' + ', '.join(sorted(bad)) if bad else ''}, {time.monotonic() - start:.0f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
