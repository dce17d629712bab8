"""report.html: self-contained, one plot per hyperparameter plus the history, all text escaped."""

from __future__ import annotations

import json
import re
import sys

from optpar.tuning import TuneConfig, run_search
from optpar.tuning.outputs import write_outputs

from .fakes import FakeTrainer


def search(tmp_path, space, trainer=None):
    config = TuneConfig(out_dir=tmp_path, max_evals=6, seed=2, progress=False, save_model=False)
    result = run_search(trainer or FakeTrainer(), space, config)
    return write_outputs(result, space, tmp_path)


def test_report_embeds_the_history_and_one_plot_per_hyperparameter(tmp_path, space):
    search(tmp_path, space)
    html = (tmp_path / "report.html").read_text()
    images = re.findall(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=]+">', html)
    assert len(images) == 1 + len(space)
    assert "http://" not in html and "https://" not in html  # nothing to fetch


def test_report_lists_the_original_among_the_top_trials(tmp_path, space):
    search(tmp_path, space)
    html = (tmp_path / "report.html").read_text()
    assert "0 (original)" in html


def test_error_text_is_escaped(tmp_path, space):
    def hostile(params, callbacks):
        raise RuntimeError("<script>alert('x')</script>")

    search(tmp_path, space, hostile)
    html = (tmp_path / "report.html").read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_results_json_holds_the_summary_and_every_trial(tmp_path, space):
    search(tmp_path, space)
    data = json.loads((tmp_path / "results.json").read_text())
    assert {
        "best",
        "best_loss",
        "metric",
        "mode",
        "original",
        "original_loss",
        "trials",
        "duration_s",
        "max_evals",
        "algorithm",
        "seed",
        "test_metrics",
    } <= set(data)
    assert data["original"] == data["trials"][0]["params"]
    trial = data["trials"][0]
    assert {"number", "params", "loss", "status", "epochs_run", "duration_s", "error"} <= set(trial)
    assert trial["status"] == "ok"
    assert data["best_loss"] <= data["original_loss"]


def test_a_search_stopped_before_any_trial_still_reports(tmp_path, space):
    from optpar.tuning import SearchHooks

    config = TuneConfig(out_dir=tmp_path, max_evals=6, seed=2, progress=False)
    result = run_search(FakeTrainer(), space, config, hooks=SearchHooks(should_stop=lambda: True))
    write_outputs(result, space, tmp_path)
    data = json.loads((tmp_path / "results.json").read_text())
    assert data["trials"] == [] and data["best"] is None and data["stop_reason"] == "stopped"
    assert "<img" in (tmp_path / "report.html").read_text()


def test_without_matplotlib_the_report_keeps_its_tables(tmp_path, space, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)  # makes the import fail
    search(tmp_path, space)
    html = (tmp_path / "report.html").read_text()
    assert "Plots need matplotlib" in html and "0 (original)" in html and "<img" not in html


def test_without_rich_there_is_no_progress_bar_and_no_failure(space, monkeypatch):
    monkeypatch.setitem(sys.modules, "rich.console", None)
    config = TuneConfig(max_evals=2, seed=2, progress=True, save_model=False)
    assert len(run_search(FakeTrainer(), space, config).trials) == 2
