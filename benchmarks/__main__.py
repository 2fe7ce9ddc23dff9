"""Run every benchmark module listed in BENCHMARKS (``make bench``)."""

import importlib
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangxin.settings")

BENCHMARKS: list[str] = [
    "import_operators",
    "operator_list",
    "draw",
    "scan",
    "table_reader",
    "facts",
    "evaluate",
    "public_api",
]


def main() -> int:
    if not BENCHMARKS:
        print("no benchmarks yet")
        return 0
    for name in BENCHMARKS:
        print(f"== {name}")
        importlib.import_module(f"benchmarks.{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
