"""Run every benchmark (or those named: python -m tests.benchmarks search backup)."""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from pathlib import Path

from tests.benchmarks import Result, context

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(p.stem for p in here.glob("bench_*.py"))
    if argv:
        names = [n for n in names if any(a in n for a in argv)]
    ctx = context()
    failed = 0
    rows: list[Result] = []
    for name in names:
        print(f"== {name}", flush=True)
        try:
            results = importlib.import_module(f"tests.benchmarks.{name}").run(ctx)
        except Exception:  # noqa: BLE001 - report and go on with the others
            traceback.print_exc()
            failed += 1
            continue
        for r in results:
            rows.append(r)
            print("   " + line(r), flush=True)
    print("\n== summary")
    for r in rows:
        print("   " + line(r))
    misses = [r for r in rows if r.ok is False]
    print(f"\n{len(rows)} measurements, {len(misses)} over target, {failed} benchmarks failed")
    return 1 if failed else 0


def line(r: Result) -> str:
    text = f"{r.name:<48} {r.value:>10.4g} {r.unit}"
    if r.baseline is not None:
        text += f"   vs {r.baseline_name}: {r.baseline:.4g} {r.unit}  ratio {r.ratio:.2f}"
    if r.target is not None:
        unit = "x" if r.baseline is not None else " " + r.unit
        text += f"   target ≤{r.target:g}{unit}"
        text += "  OK" if r.ok else "  OVER"
    if r.note:
        text += f"   ({r.note})"
    return text


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
