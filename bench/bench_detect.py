"""Time detection: milliseconds per file over a corpus, and the cold start of a fresh interpreter.

Usage:
    python bench/bench_detect.py [FOLDER] [--repeat N] [--limit N]

FOLDER defaults to `.corpus`; when that is missing, `examples/` and `tests/assets`
are used. Each file is detected `--repeat` times (default 1) after one warm-up
detection, and its best time is kept. Files that raise an `InputError` are left
out of the timings. Figures:

* per file of up to 300 lines, and over all files: median, p95, max (ms);
* cold start: `import optpar` plus one detection, in a fresh interpreter
  (`subprocess`), as an AWS Lambda cold start would see it.

Targets: <= 50 ms per file of up to 300 lines, <= 0.5 s cold start. The ratio
printed is measured / target (<= 1.0 meets the target). Exit status 0 always:
this reports, it does not gate.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from optpar.detect import detect_path
from optpar.exceptions import InputError

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS_SMALL = 50.0
TARGET_COLD_S = 0.5
SMALL_LINES = 300
SUFFIXES = (".py", ".ipynb")
SKIP_PARTS = {".ipynb_checkpoints", "__pycache__", ".git"}

COLD_SNIPPET = """
import time, json, sys
t0 = time.perf_counter()
import optpar
from optpar.detect import detect_path
t1 = time.perf_counter()
detect_path(sys.argv[1])
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "detect": t2 - t1, "total": t2 - t0}))
"""


def _files(folders: list[Path]) -> list[Path]:
    out: list[Path] = []
    for folder in folders:
        out.extend(
            p for p in folder.rglob("*")
            if p.suffix in SUFFIXES and p.is_file() and not SKIP_PARTS.intersection(p.parts)
        )
    return sorted(out)


def _code_lines(path: Path) -> int:
    """Lines of code: a script's lines, or the lines of a notebook's code cells."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix != ".ipynb":
        return text.count("\n") + 1
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return 0
    total = 0
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            src = cell.get("source", "")
            total += len(src) if isinstance(src, list) else src.count("\n") + 1
    return total


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _summary(label: str, values: list[float], target: float | None) -> None:
    if not values:
        print(f"  {label}: no files")
        return
    med, p95, top = statistics.median(values), _pct(values, 0.95), max(values)
    line = f"  {label:34s} n={len(values):4d}  median {med:7.1f} ms  p95 {p95:7.1f} ms  max {top:7.1f} ms"
    if target:
        line += f"   ratio to {target:.0f} ms: median {med / target:.2f}, p95 {p95 / target:.2f}, max {top / target:.2f}"
    print(line)


def cold_start(sample: Path, runs: int = 3) -> list[dict[str, float]]:
    """`import optpar` + one detection in fresh interpreters; the best of `runs` is the figure."""
    results = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-c", COLD_SNIPPET, str(sample)],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )
        if proc.returncode != 0:
            print(proc.stderr[-2000:], file=sys.stderr)
            continue
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="timed detections per file (best kept)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--slowest", type=int, default=8, help="list the N slowest files")
    args = parser.parse_args(argv)

    if args.folder:
        folders = [args.folder]
    elif (ROOT / ".corpus").is_dir():
        folders = [ROOT / ".corpus"]
    else:
        folders = [p for p in (ROOT / "examples", ROOT / "tests" / "assets") if p.is_dir()]
    files = _files(folders)
    if args.limit:
        files = files[: args.limit]
    if not files:
        print(f"no files under {', '.join(map(str, folders))}", file=sys.stderr)
        return 2

    # Warm-up: imports, metadata CSV, LibCST's grammar caches.
    detect_path(ROOT / "examples" / "digits_mlp.py" if (ROOT / "examples" / "digits_mlp.py").exists() else files[0])

    timings: list[tuple[float, int, Path]] = []
    skipped = 0
    for path in files:
        best = float("inf")
        try:
            for _ in range(max(1, args.repeat)):
                t0 = time.perf_counter()
                detect_path(path)
                best = min(best, (time.perf_counter() - t0) * 1000)
        except InputError:
            skipped += 1
            continue
        except Exception as exc:  # noqa: BLE001 - a crash is reported by corpus_check; keep timing
            print(f"  (crash, not timed) {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            skipped += 1
            continue
        timings.append((best, _code_lines(path), path))

    print(f"detection time over {', '.join(map(str, folders))}: {len(timings)} files timed, "
          f"{skipped} left out (InputError or crash)")
    small = [ms for ms, lines, _ in timings if lines <= SMALL_LINES]
    big = [ms for ms, lines, _ in timings if lines > SMALL_LINES]
    _summary(f"files <= {SMALL_LINES} lines", small, TARGET_MS_SMALL)
    _summary(f"files > {SMALL_LINES} lines", big, None)
    _summary("all files", [ms for ms, _, _ in timings], None)
    rate = [ms / max(lines, 1) * 100 for ms, lines, _ in timings]
    print(f"  per 100 lines of code:             median {statistics.median(rate):.1f} ms, "
          f"p95 {_pct(rate, 0.95):.1f} ms")
    if args.slowest:
        print(f"  slowest {args.slowest}:")
        for ms, lines, path in sorted(timings, reverse=True)[: args.slowest]:
            print(f"    {ms:8.1f} ms  {lines:5d} lines  {path}")

    sample = ROOT / "examples" / "digits_mlp.py"
    if not sample.exists():
        sample = min(timings, key=lambda t: t[1])[2]
    runs = cold_start(sample)
    if runs:
        best = min(runs, key=lambda r: r["total"])
        print(f"cold start ({sample.name}, fresh interpreter, best of {len(runs)}): "
              f"import optpar {best['import']:.3f} s + detect {best['detect']:.3f} s = {best['total']:.3f} s"
              f"   ratio to {TARGET_COLD_S} s: {best['total'] / TARGET_COLD_S:.2f}")
    else:
        print("cold start: the subprocess failed (see above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
