"""Replace each hyperparameter's literal by a read of the trial's values: `32` -> `HP["dense_1.units"]`."""

from __future__ import annotations

import json
from collections.abc import Mapping

import libcst as cst

from ._locate import Located


class ReplaceLiterals(cst.CSTTransformer):
    """Swap located nodes (matched by identity) for `HP[name]`.

    A value held in a variable is replaced where it is defined, so every use of
    the variable (in helpers, loops, Model subclasses) reads the trial's value.
    """

    def __init__(self, located: Mapping[str, Located], hp_name: str) -> None:
        super().__init__()
        self.names = {id(loc.node): name for name, loc in located.items()}
        self.hp_name = hp_name

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        name = self.names.get(id(original_node))
        if name is None:
            return updated_node
        return cst.Subscript(
            value=cst.Name(self.hp_name),
            slice=[cst.SubscriptElement(cst.Index(cst.SimpleString(json.dumps(name))))],
        )
