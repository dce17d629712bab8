"""Whether a variable's other reads make it unsafe to tune.

A knob held in a variable is rewritten at its definition, so every read follows
the new value: arithmetic, loops, prints and schedules stay consistent. It is
unsafe only where the value must equal something the data fixes: a shape, a
slice of an array, a Keras argument we do not tune (an input or output size).
"""

from __future__ import annotations

import ast

from ._index import ModuleIndex

# Calls whose arguments describe data: a tuned value there would no longer match the data.
_DATA_CALLS = frozenset({
    "reshape", "zeros", "ones", "empty", "full", "rand", "randn", "normal", "uniform", "randint",
    "resize", "pad", "split", "array_split", "take", "tile", "repeat", "broadcast_to", "expand_dims",
    "one_hot", "to_categorical", "image_dataset_from_directory", "timeseries_dataset_from_array",
    "text_dataset_from_directory", "load_img", "read_csv", "load_data", "arange", "linspace", "Input",
})
_SHAPE_KEYWORDS = frozenset({
    "shape", "input_shape", "input_dim", "target_size", "image_size", "size", "sequence_length",
    "output_sequence_length", "max_tokens", "num_classes", "length", "batch_input_shape",
})


def data_use(index: ModuleIndex, node: ast.AST) -> str | None:
    """Why this read ties the value to the data, or None when it simply follows the value."""
    child: ast.AST = node
    for ancestor in index.ancestors(node):
        if isinstance(ancestor, ast.Subscript) and child is ancestor.slice:
            return "to index or slice data"
        if isinstance(ancestor, ast.keyword) and ancestor.arg in _SHAPE_KEYWORDS:
            return f"as {ancestor.arg}="
        if isinstance(ancestor, ast.Call) and child is not ancestor.func:
            keras = index.call_name(ancestor)
            if keras is not None:
                return f"in {keras}(...), which is not tuned there"
            func = ancestor.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in _DATA_CALLS:
                return f"in {name}(...)"
        if isinstance(ancestor, ast.stmt):
            return None
        child = ancestor
    return None
