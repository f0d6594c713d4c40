#!/usr/bin/env python3
"""Prints what failed in a test run, and why: the last lines of scripts/test.sh.

Usage: failure_summary.py [--gates FILE] [--run PRESET BUILD CONSOLE_LOG JUNIT_XML]...

For each CTest run (its console log for the verdict, Failed or Timeout, and
its --output-junit file for the output) every failed test is named with
its reason: the failed cases from the test's failures.jsonl when it wrote
one (node:test reporter, cucumber hooks, the Python tests; see
tests/support/failure_record.mjs), else the first GoogleTest failure, the
Python exception or the sanitizer error in its output. The folder with the
logs of the processes the test started, tests/artifacts/logs/BUILD/TEST/,
is named when it exists. --gates names a file of "gate<TAB>reason" lines
(clang-tidy, sanitizers, coverage). Prints nothing when nothing failed.
"""
import argparse
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LOG_ROOT = os.path.join(ROOT, "tests", "artifacts", "logs")
MAX_REASON = 300
MAX_CASES = 5


def ctest_verdicts(console_log):
    """{test name: verdict} from CTest's "The following tests FAILED:" block."""
    verdicts = {}
    try:
        with open(console_log, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return verdicts
    block = text.split("The following tests FAILED:")[-1] if "FAILED:" in text else ""
    for match in re.finditer(r"^\s*\d+ - (\S+) \(([^)]*)\)", block, re.M):
        verdicts[match.group(1)] = match.group(2)
    return verdicts


def junit_outputs(junit_xml):
    """{test name: (status, output)} from CTest's JUnit file."""
    outputs = {}
    try:
        root = ET.parse(junit_xml).getroot()
    except (OSError, ET.ParseError):
        return outputs
    for case in root.iter("testcase"):
        out = case.find("system-out")
        outputs[case.get("name")] = (case.get("status"), (out.text or "") if out is not None else "")
    return outputs


def relative(path):
    """A path under the checkout relative to it, any other as it is."""
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def shorten(text):
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_REASON else text[:MAX_REASON] + "..."


def recorded_failures(log_dir):
    """The cases failures.jsonl names: [(case, reason, at)]."""
    cases = []
    try:
        with open(os.path.join(log_dir, "failures.jsonl"), encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    entry = json.loads(line)
                    cases.append((entry.get("test", "?"), entry.get("reason", "?"), entry.get("at")))
    except (OSError, ValueError):
        pass
    return cases


def reason_from_output(output):
    """The first failure a test's output shows, for tests without failures.jsonl."""
    lines = output.splitlines()
    for i, line in enumerate(lines):  # GoogleTest: "file:line: Failure" and what follows
        match = re.match(r"^(.*?:\d+): Failure$", line.strip())
        if match:
            detail = [l.strip() for l in lines[i + 1:i + 6] if l.strip() and not l.startswith("[")]
            return shorten(" ".join(detail[:4])) + f" [{relative(match.group(1))}]"
    for line in lines:  # a sanitizer report
        match = re.search(r"(ERROR: \w+Sanitizer: .*|runtime error: .*)", line)
        if match:
            return shorten(match.group(1))
    for i in range(len(lines) - 1, -1, -1):  # Python: the exception ending a traceback
        if re.match(r"^\w+(Error|Exception|Failure)\b", lines[i]):
            return shorten(lines[i])
    for line in reversed(lines):
        if re.search(r"error|fail|assert", line, re.I) and line.strip():
            return shorten(line)
    tail = [l for l in lines if l.strip()]
    return shorten(tail[-1]) if tail else "no output"


def describe(name, preset, verdict, output, log_dir):
    lines = [f"FAILED {name} ({preset}: {verdict})"]
    cases = recorded_failures(log_dir)
    for case, reason, at in cases[:MAX_CASES]:
        lines.append(f"  - {case}: {shorten(reason)}" + (f" [{at}]" if at else ""))
    if len(cases) > MAX_CASES:
        lines.append(f"  - ... and {len(cases) - MAX_CASES} more failed cases")
    if not cases or verdict.lower().startswith("timeout"):
        if verdict.lower().startswith("timeout"):
            lines.append("  - timed out (CTest's TIMEOUT); last output: " +
                         shorten(next((l for l in reversed(output.splitlines()) if l.strip()), "none")))
        else:
            lines.append(f"  - {reason_from_output(output)}")
    if os.path.isdir(log_dir):
        files = sorted(f for f in os.listdir(log_dir) if f != "failures.jsonl")
        if files:
            shown = ", ".join(files[:8]) + (", ..." if len(files) > 8 else "")
            lines.append(f"  logs: {os.path.relpath(log_dir, ROOT)}/ ({shown})")
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gates")
    parser.add_argument("--run", nargs=4, action="append", default=[],
                        metavar=("PRESET", "BUILD", "CONSOLE_LOG", "JUNIT_XML"))
    args = parser.parse_args()

    report = []
    for preset, build, console_log, junit_xml in args.run:
        verdicts = ctest_verdicts(console_log)
        outputs = junit_outputs(junit_xml)
        failed = dict(verdicts)
        for name, (status, _) in outputs.items():
            if status == "fail" and name not in failed:
                failed[name] = "Failed"
        for name, verdict in failed.items():
            output = outputs.get(name, ("", ""))[1]
            log_dir = os.path.join(LOG_ROOT, build, name)
            report += describe(name, preset, verdict, output, log_dir)
    if args.gates and os.path.exists(args.gates):
        with open(args.gates, encoding="utf-8") as f:
            for line in f:
                gate, _, reason = line.rstrip("\n").partition("\t")
                if gate:
                    report.append(f"FAILED gate {gate}: {reason}")
    if report:
        print("== failures")
        print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
