"""`parser.parse_args()` -> `parser.parse_args([])`.

The tuning module's command line belongs to optpar (`--out`, `--max-evals`), and
`optpar tune` runs it inside its own process: the script's parser would read
those options and exit. Its options keep their defaults, which is where the
detector put the tuned values.
"""

from __future__ import annotations

import libcst as cst

_PARSERS = frozenset({"parse_args", "parse_known_args", "parse_intermixed_args"})
WARNING = "the script's argparse options keep their defaults (parse_args([])): the module's command line is optpar's"


class EmptyArgv(cst.CSTTransformer):
    """Give argument-less `parse_args()` calls an empty list; counts what it changed."""

    def __init__(self) -> None:
        super().__init__()
        self.changed = 0

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = updated_node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _PARSERS and not updated_node.args:
            self.changed += 1
            return updated_node.with_changes(args=[cst.Arg(cst.List([]))])
        return updated_node
