"""Finished runs on generated data are shared between sessions (``logreg.ui.cache``): a second
person at the same settings gets the same model without training, as their own copy."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from logreg import lab
from logreg.ui import cache, data_page, runs, state

TIMEOUT = 60


def _finished_run(settings: lab.Settings) -> lab.Run:
    data = lab.generate(settings)
    run = lab.Run.start(settings, data, lab.split(data, settings.test_fraction, settings.seed))
    lab.advance(run.trainer, 10**9, 30.0)
    assert run.trainer.done
    return run


def test_the_store_hands_out_copies_and_keeps_only_finished_runs():
    store = cache.FinishedRuns(max_entries=2)
    s = lab.Settings(max_iter=50)
    run = _finished_run(s)
    store.put("a", run)
    got = store.get("a")
    assert got is not None and got is not run and got.trainer is not run.trainer
    np.testing.assert_array_equal(got.trainer.theta, run.trainer.theta)
    # whatever a person does to their copy changes neither the store nor the original
    got.trainer.theta[:] = 99.0
    got.trainer.n_iter = 0
    kept = store.get("a")
    assert kept.trainer.n_iter == run.trainer.n_iter == 50
    np.testing.assert_array_equal(kept.trainer.theta, run.trainer.theta)
    # an unfinished run is not kept (how far it got depends on the machine)
    data = lab.generate(s)
    fresh = lab.Run.start(s, data, lab.split(data, s.test_fraction, s.seed))
    store.put("b", fresh)
    assert store.get("b") is None
    # least recently used goes first
    store.put("b", _finished_run(s.replace(seed=1)))
    store.get("a")
    store.put("c", _finished_run(s.replace(seed=2)))
    assert len(store) == 2 and store.get("b") is None and store.get("a") is not None


@pytest.fixture
def trainings(monkeypatch):
    """Counts the runs ``ensure_run`` trains (AppTest runs the script in this process)."""
    cache.finished_runs.clear()
    calls = []
    real = runs.train_for

    def counted(run, *args, **kwargs):
        calls.append(run.settings)
        return real(run, *args, **kwargs)

    monkeypatch.setattr(runs, "train_for", counted)
    yield calls
    cache.finished_runs.clear()


def _open(path: str = "../pages/playground.py") -> AppTest:
    at = AppTest.from_file(path, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_second_visitor_gets_the_finished_model_without_training(trainings):
    first = _open()
    assert len(trainings) == 1
    second = _open()
    assert len(trainings) == 1  # no training for the second person
    a, b = first.session_state[state.RUN], second.session_state[state.RUN]
    assert a is not b and a.trainer is not b.trainer
    assert b.trainer.n_iter == a.trainer.n_iter == 300
    np.testing.assert_array_equal(a.trainer.theta, b.trainer.theta)
    assert [m.value for m in first.metric] == [m.value for m in second.metric]
    # the second person's Step and Reset touch only their own copy
    second.button(key="btn_reset").click().run()
    assert second.session_state[state.RUN].trainer.n_iter == 0
    assert first.session_state[state.RUN].trainer.n_iter == 300
    third = _open("../pages/evaluate.py")
    assert third.session_state[state.RUN].trainer.n_iter == 300
    assert len(trainings) == 1


def _set_learning_rate(at: AppTest, value: float) -> None:
    at.select_slider(key=state.widget_key("learning_rate")).set_value(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_settings_seen_before_come_back_without_training(trainings):
    at = _open()
    _set_learning_rate(at, 0.3)
    assert len(trainings) == 2
    assert at.session_state[state.RUN].settings.learning_rate == 0.3
    _set_learning_rate(at, 0.1)
    assert len(trainings) == 2  # back to the first settings: their finished run, no training
    run = at.session_state[state.RUN]
    assert run.settings.learning_rate == 0.1 and run.trainer.n_iter == 300


def test_a_persons_own_data_is_never_shared(trainings):
    at = _open("../app.py")  # the Playground: the generated data first
    at.switch_page("pages/data.py").run()
    rows = "".join(f"{i % 7},{(i * 3) % 11},{'yes' if i % 7 > 3 else 'no'}\n" for i in range(60))
    at.file_uploader(key=data_page.UPLOAD_KEY).set_value(
        ("mine.csv", ("a,b,label\n" + rows).encode(), "text/csv")
    )
    at.run()
    next(b for b in at.button if b.label == "Use this data").click()
    at.run()
    at.switch_page("pages/playground.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[state.RUN].data.source == "mine.csv"
    assert len(trainings) == 2  # the generated data on arrival, then the person's own
    assert len(cache.finished_runs()) == 1  # only the generated one is kept for others
    other = _open()
    assert other.session_state[state.RUN].data.source != "mine.csv"
