#!/usr/bin/env python3
"""Screenshot of the HTML compliance report of the bundled examples, for the README.

    python scripts/report_screenshot.py              # writes docs/report-screenshot.png
    python scripts/report_screenshot.py -o out.png

Runs ``email-lint report examples/ --country fr --country de --format html`` with a fixed
SOURCE_DATE_EPOCH, then headless Chromium (Debian's ``chromium`` package) takes the
screenshot, with the network off.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "report-screenshot.png")
    parser.add_argument("--height", type=int, default=1800, help="window height in pixels")
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        print("report_screenshot: no Chromium found (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
        subprocess.run([sys.executable, "-m", "email_lint", "report", "examples/", "--country", "fr", "--country",
                        "de", "--format", "html", "-o", str(page)], cwd=ROOT, env=env, check=True)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", f"--user-data-dir={folder}/profile", "--proxy-server=http://127.0.0.1:9",
             f"--window-size=1280,{args.height}", f"--screenshot={args.output.resolve()}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
