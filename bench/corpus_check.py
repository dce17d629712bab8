"""Run detection over every script and notebook of a folder and count the outcomes.

Usage:
    python bench/corpus_check.py [FOLDER] [--json-dir DIR] [--warnings] [--quiet]

Each `.py` / `.ipynb` file under FOLDER (default `.corpus`) ends in one of:

* analysed, with hyperparameters;
* nothing to tune (a `Detection` with no hyperparameters and a `reason`);
* a named `InputError` (counted by its class name);
* any other exception: a bug in the detector, reported with a traceback summary.

The exit status is 1 when any file raised something other than an `InputError`,
0 otherwise. `--json-dir` writes each file's detection as JSON there (mirroring the
folder layout), for reading the results against the source. `--warnings` prints
every distinct warning text with how often it was seen.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
import traceback
from pathlib import Path

from optpar.detect import detect_path
from optpar.exceptions import InputError

SUFFIXES = (".py", ".ipynb")
SKIP_PARTS = {".ipynb_checkpoints", "__pycache__", ".git"}


def corpus_files(folder: Path) -> list[Path]:
    """Every script and notebook under `folder`, sorted, skipping checkpoints."""
    return sorted(
        p for p in folder.rglob("*")
        if p.suffix in SUFFIXES and p.is_file() and not SKIP_PARTS.intersection(p.parts)
    )


def _short_traceback(exc: BaseException, limit: int = 4) -> str:
    frames = traceback.extract_tb(exc.__traceback__)[-limit:]
    lines = [f"    {Path(f.filename).name}:{f.lineno} in {f.name}: {f.line}" for f in frames]
    return "\n".join(lines + [f"    {type(exc).__name__}: {exc}"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=".corpus", type=Path)
    parser.add_argument("--json-dir", type=Path, help="write each detection as JSON under this folder")
    parser.add_argument("--warnings", action="store_true", help="print every distinct warning text")
    parser.add_argument("--quiet", action="store_true", help="only the totals")
    args = parser.parse_args(argv)

    if not args.folder.is_dir():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 2
    files = corpus_files(args.folder)
    if not files:
        print(f"no .py or .ipynb files under {args.folder}", file=sys.stderr)
        return 2

    with_hps: list[tuple[Path, int]] = []
    nothing: collections.Counter[str] = collections.Counter()
    named: collections.Counter[str] = collections.Counter()
    named_files: dict[str, list[str]] = collections.defaultdict(list)
    bugs: list[tuple[Path, BaseException]] = []
    warnings: collections.Counter[str] = collections.Counter()
    warning_files: dict[str, str] = {}
    knob_params: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()

    for path in files:
        rel = path.relative_to(args.folder)
        try:
            detection = detect_path(path)
        except InputError as exc:
            kind = type(exc).__name__
            named[kind] += 1
            named_files[kind].append(f"{rel}: {exc.message}")
            continue
        except Exception as exc:  # noqa: BLE001 - any other exception is the bug we look for
            bugs.append((rel, exc))
            continue
        for text in detection.warnings:
            warnings[text] += 1
            warning_files.setdefault(text, str(rel))
        if detection.hyperparameters:
            with_hps.append((rel, len(detection.hyperparameters)))
            for hp in detection.hyperparameters:
                knob_params[f"{hp.call}.{hp.param}"] += 1
        else:
            nothing[detection.reason or "(no reason given)"] += 1
        if args.json_dir:
            out = args.json_dir / rel.with_suffix(rel.suffix + ".json")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(detection.to_dict(), indent=1, default=str))

    elapsed = time.perf_counter() - started
    total = len(files)
    print(f"{total} files under {args.folder} in {elapsed:.1f} s")
    print(f"  analysed, with hyperparameters: {len(with_hps)}"
          f" ({sum(n for _, n in with_hps)} hyperparameters)")
    print(f"  nothing to tune:                {sum(nothing.values())}")
    for reason, count in nothing.most_common():
        print(f"      {count:4d}  {reason}")
    print(f"  named InputError:               {sum(named.values())}")
    for kind, count in named.most_common():
        print(f"      {count:4d}  {kind}")
        if not args.quiet:
            for line in named_files[kind][:8]:
                print(f"              {line}")
    print(f"  OTHER EXCEPTION (bug):          {len(bugs)}")
    for rel, exc in bugs:
        print(f"  - {rel}\n{_short_traceback(exc)}")
    if not args.quiet:
        print("\nmost frequent knobs (call.param):")
        for key, count in knob_params.most_common(40):
            print(f"      {count:4d}  {key}")
    if args.warnings:
        print(f"\n{len(warnings)} distinct warning texts:")
        for text, count in warnings.most_common():
            print(f"  [{count}x, e.g. {warning_files[text]}] {text}")
    return 1 if bugs else 0


if __name__ == "__main__":
    sys.exit(main())
