"""--review: the person edits space.json; what they write is validated, with a chance to fix it."""

from __future__ import annotations

import json

import pytest

from optpar.detect import detect_path
from optpar.exceptions import SpaceValidationError
from optpar.space import space_to_json
from optpar.tuning.review import review_space

EXAMPLE = "examples/digits_mlp.py"


@pytest.fixture
def written(tmp_path):
    detection = detect_path(EXAMPLE)
    path = tmp_path / "space.json"
    path.write_text(space_to_json(detection))
    return path, detection


def edit(path, change):
    data = json.loads(path.read_text())
    change(data["hyperparameters"])
    path.write_text(json.dumps(data))


def test_a_removed_entry_is_not_tuned(written):
    path, detection = written
    answers = iter([""])
    result = review_space(
        path,
        detection.hyperparameters,
        editor=None,
        ask=lambda _: (edit(path, lambda hps: hps.pop()), next(answers))[1],
        say=lambda _: None,
    )
    assert len(result) == len(detection.hyperparameters) - 1


def by_name(name):
    return lambda hps: next(h for h in hps if h["name"] == name)


def test_an_invalid_edit_is_explained_and_can_be_fixed(written):
    path, detection = written
    messages = []

    def ask(prompt):
        epochs = by_name("epochs")
        if prompt.startswith("Edit"):
            edit(path, lambda hps: epochs(hps).update(low=500, high=10))  # broken: low above high
        else:
            edit(path, lambda hps: epochs(hps).update(low=1, high=50))
        return ""

    result = review_space(path, detection.hyperparameters, editor=None, ask=ask, say=messages.append)
    assert len(messages) == 1 and "low must be below high" in messages[0]
    assert next(h for h in result if h.name == "epochs").high == 50


def test_giving_up_on_an_invalid_space_raises(written):
    path, detection = written
    edit(path, lambda hps: hps[0].update(name="not_detected"))
    with pytest.raises(SpaceValidationError, match="not_detected were not detected"):
        review_space(path, detection.hyperparameters, editor=None, ask=lambda prompt: "q", say=lambda _: None)


def test_the_editor_command_is_run_on_the_file(written, tmp_path):
    path, detection = written
    script = tmp_path / "editor.sh"
    script.write_text('#!/bin/sh\necho edited > "$(dirname "$1")/seen"\n')
    script.chmod(0o755)
    review_space(path, detection.hyperparameters, editor=str(script), ask=lambda _: "", say=lambda _: None)
    assert (tmp_path / "seen").read_text().strip() == "edited"
