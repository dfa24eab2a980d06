"""Audience check throughput: 1,000,000 contacts against 1,000,000 suppressions.

Generates both files in a temporary directory (a generic-schema CSV with a mix of countries,
audiences, consent bases, dates and statuses; a suppression CSV a third of which hits the
contacts), runs ``email-lint audience`` in a child process and reports contacts per second
and the child's peak memory (max RSS). Targets on a 2-core machine: >= 200,000 contacts/s,
<= 400 MiB.

    python bench/audience_bench.py [--contacts N] [--suppressions N] [--format text|json|csv]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = ["fr", "de", "it", "es", "be", "nl", "gb", "us", "ca", ""]
AUDIENCES = ["b2b", "b2c", ""]
CONSENTS = ["double-opt-in", "opt-in", "soft-opt-in", "opt-out", "none", "unknown", ""]
STATUSES = [""] * 12 + ["unsubscribed", "bounced", "complained", "unconfirmed"]
DOMAINS = ["example.org", "mail.example", "firma.example", "atelier.example", "gmail.com"]
ROLES = ["info", "contact", "sales"]


def _address(i: int, rng: random.Random) -> str:
    local = ROLES[i % 3] + str(i) if i % 50 == 0 else f"person{i}"
    return f"{local}@{rng.choice(DOMAINS)}"


def write_contacts(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    days = [f"20{y:02d}-{m:02d}-{d:02d}" for y in range(19, 27) for m in range(1, 13) for d in (1, 9, 17, 25)]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("email,country,audience,consent,consent_date,consent_source,last_interaction,customer,status\n")
        for i in range(count):
            last = rng.choice(days) if rng.random() < 0.8 else ""
            customer = rng.choice(("true", "false", ""))
            out.write(f"{_address(i, rng)},{rng.choice(COUNTRIES)},{rng.choice(AUDIENCES)},{rng.choice(CONSENTS)},"
                      f"{rng.choice(days)},web form,{last},{customer},{rng.choice(STATUSES)}\n")


def write_suppressions(path: Path, count: int, contacts: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write("email\n")
        for i in range(count):
            if i % 3 == 0:  # a third of them are contacts of the file (same generator, other case)
                j = rng.randrange(contacts)
                out.write(f"PERSON{j}@{rng.choice(DOMAINS)}\n")
            else:
                out.write(f"gone{i}@suppressed.example\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--suppressions", type=int, default=1_000_000)
    parser.add_argument("--format", default="text", choices=("text", "json", "csv"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        contacts, suppressions = Path(tmp) / "contacts.csv", Path(tmp) / "suppressions.csv"
        start = time.perf_counter()
        write_contacts(contacts, args.contacts)
        write_suppressions(suppressions, args.suppressions, args.contacts)
        print(f"generated {args.contacts:,} contacts ({contacts.stat().st_size / 2**20:.0f} MiB) and "
              f"{args.suppressions:,} suppressions in {time.perf_counter() - start:.1f} s")
        command = [sys.executable, "-m", "email_lint.cli", "audience", str(contacts), "--suppressions",
                   str(suppressions), "--country", "fr", "--today", "2026-12-01", "--format", args.format]
        start = time.perf_counter()
        with open(os.devnull, "w") as sink:
            done = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            print(done.stderr, file=sys.stderr)
            return 2
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = usage.ru_maxrss / 1024  # KiB on Linux
        cpu = usage.ru_utime + usage.ru_stime
        load = os.getloadavg()[0]
        print(f"audience --format {args.format}: {elapsed:.2f} s wall, {args.contacts / elapsed:,.0f} contacts/s; "
              f"{cpu:.2f} s CPU, {args.contacts / cpu:,.0f} contacts per CPU-second (target >= 200,000); "
              f"peak memory {peak:.0f} MiB (target <= 400); load average {load:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
