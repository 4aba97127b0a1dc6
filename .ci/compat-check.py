#!/usr/bin/env python3
"""Compares one matrix run's failsafe reports with the documented per-version differences.

Usage: compat-check.py <keycloak version> <failsafe reports dir> <expected-failures file>

Passes (exit 0) when exactly the tests listed for that version failed, each with the listed
text in its failure message; fails on any other failure or error, on a listed test that passed
or did not run, and on a run without reports.
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET


def minor(version):
    parts = version.split(".")
    return int(parts[0]), int(parts[1])


def expected_for(version, path):
    """{test id: (message text, why)} of the lines whose version range holds `version`."""
    wanted = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = [field.strip() for field in line.split("|")]
            if len(fields) != 4:
                sys.exit(f"{path}:{number}: want 'from-to | Class#test | text in the failure | why'")
            low, _, high = fields[0].partition("-")
            if minor(low) <= minor(version) <= minor(high or low):
                wanted[fields[1]] = (fields[2], fields[3])
    return wanted


def outcomes(reports):
    """{test id: (status, message)} with status passed, failed or skipped."""
    found = {}
    for report in sorted(glob.glob(os.path.join(reports, "TEST-*.xml"))):
        for case in ET.parse(report).getroot().iter("testcase"):
            test = case.get("classname").rsplit(".", 1)[-1] + "#" + case.get("name")
            problem = case.find("failure")
            if problem is None:
                problem = case.find("error")
            if problem is not None:
                found[test] = ("failed", (problem.get("message") or "") + "\n" + (problem.text or ""))
            elif case.find("skipped") is not None:
                found[test] = ("skipped", "")
            else:
                found[test] = ("passed", "")
    return found


def main():
    version, reports, expected_file = sys.argv[1:4]
    wanted = expected_for(version, expected_file)
    found = outcomes(reports)
    if not found:
        print(f"{version}: no test reports in {reports}")
        return 1
    problems = []
    for test, (status, message) in sorted(found.items()):
        if status == "failed" and test not in wanted:
            first = message.strip().splitlines()[0][:300] if message.strip() else ""
            problems.append(f"unexpected failure: {test}: {first}")
    for test, (text, why) in sorted(wanted.items()):
        status, message = found.get(test, ("did not run", ""))
        if status != "failed":
            problems.append(f"listed as failing on {version} ({why}) but {status}: {test}")
        elif text not in message:
            problems.append(f"failed, but not with '{text}' ({why}): {test}")
    counts = {s: sum(1 for st, _ in found.values() if st == s) for s in ("passed", "failed", "skipped")}
    print(f"{version}: {len(found)} tests, {counts['passed']} passed, {counts['failed']} failed "
          f"({len(wanted)} documented), {counts['skipped']} skipped")
    for problem in problems:
        print("  " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
