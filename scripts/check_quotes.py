"""Check the quote of every curated statement against its source's local record.

    python scripts/check_quotes.py [--shared ../shared] [FILE …]

Loads the bundled ontology and curated data (or the files named), prints each statement that
needs a quote and has none, and each quote not found at its line of the local record (file:line
of the data where it can be found), and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphkit import bundled
from graphkit.loader import expand_inputs
from graphkit.quote_audit import audit, bundled_store


def _file_of(where: str) -> str:
    return str(Path(where.rsplit(":", 1)[0]).resolve()) if where else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="curated data files (default: all bundled)")
    parser.add_argument(
        "--shared", type=Path, default=bundled.data_dir().parent.parent / "shared", help="the shared folder"
    )
    args = parser.parse_args()
    inputs = expand_inputs(None)
    store = bundled_store(inputs)
    problems = audit(store, args.shared, data_files=bundled.data_files())
    if args.files:
        wanted = {str(f.resolve()) for f in args.files}
        problems = [p for p in problems if _file_of(p.where) in wanted]
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
