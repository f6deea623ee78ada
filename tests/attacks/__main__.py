"""python -m tests.attacks [offline] [damaged] [--cases N]: print the attack figures."""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CRMDESK_TEST_KDF", "scrypt:n=1024,r=8,p=1")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.attacks")
    parser.add_argument("names", nargs="*", default=["offline", "damaged"])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args(argv)
    failed = 0
    if "offline" in args.names:
        from tests.attacks import offline_keys

        failed += offline_keys.run()
    if "damaged" in args.names:
        from tests.attacks import damaged_files

        failed += damaged_files.run(args.cases, args.seed)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
