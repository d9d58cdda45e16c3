"""Compare page: several configurations on the same data, with a table of final metrics."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest


def run_compare(**widgets) -> AppTest:
    at = AppTest.from_file("../pages/compare.py", default_timeout=90).run()
    for key, value in widgets.items():
        for kind in ("radio", "select_slider", "selectbox", "slider"):
            found = [w for w in at.get(kind) if getattr(w, "key", None) == key]
            if found:
                found[0].set_value(value)
                break
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_four_optimizers_overlaid_with_a_table_and_boundaries():
    at = run_compare()
    table = at.dataframe[0].value
    assert list(table["run"]) == ["A", "B", "C", "D"]
    assert list(table["configuration"].str.split(",").str[0]) == [
        "gd",
        "momentum",
        "adam",
        "newton",
    ]
    # Newton converges in a handful of iterations, plain gd does not within 300
    newton = table[table["run"] == "D"].iloc[0]
    gd = table[table["run"] == "A"].iloc[0]
    assert newton["status"] == "converged" and newton["iterations"] < 20
    assert gd["iterations"] > newton["iterations"]
    charts = at.get("plotly_chart")
    assert len(charts) == 5  # one overlay + four boundaries
    assert charts[0].proto.spec.count('"name":"') >= 4


def test_learning_rate_preset_shows_the_effect_of_the_rate():
    at = run_compare(cmp_preset="Learning rates")
    table = at.dataframe[0].value
    loss = dict(zip(table["run"], table["train loss"], strict=True))
    assert loss["A"] > loss["C"]  # 0.01 is far too slow compared with 1.0
    assert "lr 30" in table["configuration"].iloc[3]


def test_two_runs_only():
    at = run_compare(cmp_n=2)
    assert len(at.dataframe[0].value) == 2


def test_changing_one_column_retrains_only_that_column():
    from logreg.ui.compare_page import COMPARE_MEMO

    at = run_compare()
    before = list(at.session_state[COMPARE_MEMO][2].values())
    assert len(before) == 4
    lr = next(w for w in at.select_slider if w.key == "cmp_Optimizers_1_lr")
    lr.set_value(0.03).run()
    assert not at.exception
    after = list(at.session_state[COMPARE_MEMO][2].values())
    assert [a is b for a, b in zip(before, after, strict=True)] == [True, False, True, True]
    assert "lr 0.03" in at.dataframe[0].value["configuration"].iloc[1]
    at.select_slider(key="cmp_n").set_value(3).run()  # fewer columns: nothing retrains
    kept = list(at.session_state[COMPARE_MEMO][2].values())
    assert len(kept) == 3 and all(a is b for a, b in zip(after, kept, strict=False))


def test_short_labels_name_each_penalty_plainly():
    from logreg.lab import Settings, describe

    assert describe(Settings(penalty="elasticnet", alpha=0.03)).endswith("elastic-net λ=0.03")
    assert describe(Settings(penalty="l1", alpha=0.01, solver="adam")) == "adam, lr 0.1, L1 λ=0.01"
    assert describe(Settings(penalty="none", solver="newton", degree=3)) == (
        "newton, no penalty, degree 3"
    )


def test_the_table_losses_are_the_final_models_log_loss():
    """Compare's runs record no test curve (only train loss curves are drawn); the table's
    test loss is the final model's log-loss on the test points all the same."""
    from sklearn.metrics import log_loss

    from logreg.ui.compare_page import COMPARE_MEMO

    at = run_compare()
    table = at.dataframe[0].value.set_index("run")
    _, sp, kept = at.session_state[COMPARE_MEMO]
    for name, run in zip("ABCD", kept.values(), strict=True):
        assert np.isnan(run.trainer.history.test_loss).all()
        p_train, p_test = run.probabilities(*run.params(None))
        assert table.loc[name, "test loss"] == pytest.approx(log_loss(sp.y_test, p_test))
        assert table.loc[name, "train loss"] == pytest.approx(
            log_loss(sp.y_train, p_train), rel=1e-6
        )


def test_compare_reports_progress_and_trains_the_same_runs():
    from logreg import lab

    s = lab.Settings(dataset="moons", n_samples=300)
    data = lab.generate(s)
    sp = lab.split(data, s.test_fraction, s.seed)
    configs = [s.replace(solver="gd", max_iter=500), s.replace(solver="adam", learning_rate=0.1)]
    seen: list[tuple[int, int, bool]] = []
    runs = lab.compare(
        configs, data, sp, progress=lambda i, r: seen.append((i, r.trainer.n_iter, r.trainer.done)),
        every_s=0.0,  # report after every chunk of steps
    )  # fmt: skip
    plain = lab.compare(configs, data, sp)
    for a, b in zip(runs, plain, strict=True):
        assert a.trainer.n_iter == b.trainer.n_iter
        np.testing.assert_array_equal(a.trainer.theta, b.trainer.theta)
    for i in (0, 1):
        mine = [(n, done) for k, n, done in seen if k == i]
        assert len(mine) >= 2 and mine[-1] == (runs[i].trainer.n_iter, True)
        assert [n for n, _ in mine] == sorted(n for n, _ in mine)
    assert [k for k, _, _ in seen] == sorted(k for k, _, _ in seen)  # one run after another


def test_slow_training_shows_which_run_trains_and_clears_the_bar(monkeypatch):
    import streamlit as st
    from streamlit.delta_generator import DeltaGenerator

    from logreg.ui import compare_page

    monkeypatch.setattr(compare_page, "PROGRESS_AFTER_S", 0.0)
    texts: list[str] = []
    real = DeltaGenerator.progress

    def progress(self, value, text=None):
        texts.append(text)
        return real(self, value, text=text)

    monkeypatch.setattr(DeltaGenerator, "progress", progress)  # bar.progress(...)
    monkeypatch.setattr(st, "progress", lambda *a, **k: progress(st._main, *a, **k))
    at = run_compare()
    assert texts and texts[0].startswith("Training run A (gd, lr 0.3")
    assert any(t.startswith("Training run D (newton") for t in texts), texts
    assert not at.get("progress")  # cleared once the runs are trained
    assert len(at.get("plotly_chart")) == 5


def test_on_big_data_every_run_trains_on_one_sample_unless_all_rows_are_asked_for(monkeypatch):
    """Above COMPARE_ROWS training rows the runs train on the same seeded sample (quick),
    test numbers use every test row, and a toggle trains on all rows."""
    from sklearn.metrics import log_loss

    from logreg.ui import compare_page

    monkeypatch.setattr(compare_page, "COMPARE_ROWS", 60)  # 150 training rows at defaults
    at = run_compare()
    assert at.toggle(key=compare_page.ALL_ROWS).value is False
    assert any("same random 60 of the 150 training rows" in c.value for c in at.caption)
    table = at.dataframe[0].value.set_index("run")
    _, sp, kept = at.session_state[compare_page.COMPARE_MEMO]
    assert (len(sp.y_train), len(sp.y_test)) == (60, 50)
    for name, run in zip("ABCD", kept.values(), strict=True):
        assert run.split is sp  # one sample for every run: a fair comparison
        _, p_test = run.probabilities(*run.params(None))
        assert table.loc[name, "test loss"] == pytest.approx(log_loss(sp.y_test, p_test))
    at.toggle(key=compare_page.ALL_ROWS).set_value(True).run()
    assert not at.exception
    _, sp_all, kept_all = at.session_state[compare_page.COMPARE_MEMO]
    assert len(sp_all.y_train) == 150
    assert all(run.split is sp_all for run in kept_all.values())
    assert not any("same random" in c.value for c in at.caption)


def test_small_data_shows_no_sample_toggle():
    from logreg.ui import compare_page

    at = run_compare()
    assert not [t for t in at.toggle if t.key == compare_page.ALL_ROWS]
    _, sp, _ = at.session_state[compare_page.COMPARE_MEMO]
    assert len(sp.y_train) == 150
