"""The review form becomes an edited space, validated on the server; the original always stays inside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from optpar.approval.forms import parse_values, review_from_form
from optpar.exceptions import SpaceValidationError
from optpar.types import Hyperparameter

SPACE = tuple(
    Hyperparameter.from_dict(h)
    for h in json.loads((Path(__file__).parent / "assets" / "space.json").read_text())["hyperparameters"]
)
# units, activation, rate, learning_rate, epochs, batch_size


def untouched() -> dict[str, list[str]]:
    """What the browser posts when nothing is changed: every row ticked, every choice kept."""
    form: dict[str, list[str]] = {}
    for i, hp in enumerate(SPACE):
        form[f"hp-{i}-on"] = ["1"]
        if hp.choices:
            form[f"hp-{i}-choice"] = [str(j) for j in range(len(hp.choices))]
        else:
            form[f"hp-{i}-low"], form[f"hp-{i}-high"] = [str(hp.low)], [str(hp.high)]
    return form


def test_an_untouched_form_keeps_the_detected_space() -> None:
    review = review_from_form(SPACE, untouched())
    assert review.space == SPACE
    assert review.removed == review.edited == ()


def test_unticking_removes_a_hyperparameter() -> None:
    form = untouched()
    del form["hp-2-on"]
    review = review_from_form(SPACE, form)
    assert [hp.name for hp in review.space] == ["units", "activation", "learning_rate", "epochs", "batch_size"]
    assert review.removed == ("rate",)


def test_narrowing_a_range_edits_it() -> None:
    form = untouched()
    form["hp-0-low"], form["hp-0-high"] = ["16"], ["64"]
    review = review_from_form(SPACE, form)
    units = review.space[0]
    assert (units.low, units.high, units.q) == (16, 64, 8)
    assert review.edited == ("units",)


def test_narrowing_and_extending_choices() -> None:
    form = untouched()
    form["hp-1-choice"] = ["0", "3"]  # relu, tanh
    form["hp-5-add"] = ["256"]
    review = review_from_form(SPACE, form)
    assert review.space[1].choices == ("relu", "tanh")
    assert review.space[5].choices == (16, 32, 64, 128, 256)
    assert review.edited == ("activation", "batch_size")


def test_a_range_that_leaves_out_the_original_is_refused() -> None:
    form = untouched()
    form["hp-0-low"], form["hp-0-high"] = ["64"], ["128"]
    with pytest.raises(SpaceValidationError, match="units: the original value 32"):
        review_from_form(SPACE, form)


def test_dropping_the_original_choice_is_refused() -> None:
    form = untouched()
    form["hp-1-choice"] = ["1", "2"]  # elu, selu: relu is the original
    with pytest.raises(SpaceValidationError, match="activation: the original value 'relu'"):
        review_from_form(SPACE, form)


def test_unticking_everything_is_refused() -> None:
    form = {k: v for k, v in untouched().items() if not k.endswith("-on")}
    with pytest.raises(SpaceValidationError, match="nothing to search"):
        review_from_form(SPACE, form)


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "1e999"])
def test_a_bound_must_be_a_finite_number(value: str) -> None:
    form = untouched()
    form["hp-3-high"] = [value]
    with pytest.raises(SpaceValidationError, match="learning_rate: high must be"):
        review_from_form(SPACE, form)


def test_a_made_up_choice_index_is_refused() -> None:
    form = untouched()
    form["hp-1-choice"] = ["0", "9"]
    with pytest.raises(SpaceValidationError, match="does not exist"):
        review_from_form(SPACE, form)


def test_a_log_range_must_stay_positive() -> None:
    form = untouched()
    form["hp-3-low"] = ["0"]
    with pytest.raises(SpaceValidationError, match="positive"):
        review_from_form(SPACE, form)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("elu, selu", ["elu", "selu"]),
        ("'elu', \"gelu\"", ["elu", "gelu"]),
        ("32, 64.5", [32, 64.5]),
        ("(3, 3), (5, 5)", [(3, 3), (5, 5)]),
        ("True", [True]),
        ("", []),
    ],
)
def test_added_choices_are_python_literals_or_words(text: str, expected: list) -> None:
    assert parse_values("x", text) == expected


def test_added_choices_cannot_be_code_or_containers() -> None:
    with pytest.raises(SpaceValidationError):
        parse_values("x", "{'a': 1}")
    assert parse_values("x", "__import__('os')") == ["__import__('os')"]  # text, never evaluated
