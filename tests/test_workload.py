"""Extreme settings either work, or are refused before any work starts; nothing freezes."""

from __future__ import annotations

import time

import numpy as np
from streamlit.testing.v1 import AppTest

from logreg import lab
from logreg.lab import Dataset, Settings
from logreg.ui import state


def test_tiny_batches_on_huge_data_are_refused_with_advice():
    msg = lab.check_workload(Settings(batch_size=1), 1_000_000)
    assert "1,000,000 updates per iteration" in msg and "at least 10" in msg
    assert lab.check_workload(Settings(batch_size=32), 1_000_000) is None
    assert lab.check_workload(Settings(batch_size=1, solver="newton"), 10**7) is None
    assert lab.check_workload(Settings(batch_size=0), 10**7) is None


def test_advance_stops_near_its_time_budget_even_when_iterations_are_slow():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40_000, 2))
    y = (X[:, 0] > 0).astype(int)
    s = Settings(solver="sgd", batch_size=1, max_iter=1000)
    run = lab.Run.start(s, Dataset(X, y), lab.split(Dataset(X, y), 0.0, 0))
    t = time.perf_counter()
    done = lab.advance(run.trainer, 1000, budget_s=0.2)
    elapsed = time.perf_counter() - t
    assert 1 <= done < 1000
    assert elapsed < 5.0  # one slow epoch at most past the budget, never the whole run


def test_the_app_refuses_a_frozen_configuration_with_a_message():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(250_000, 2))
    y = (X[:, 0] + rng.normal(size=len(X)) > 0).astype(int)
    at = AppTest.from_file("../pages/playground.py", default_timeout=60)
    at.session_state[state.CUSTOM_DATA] = Dataset(X, y, ("a", "b"), ("u", "v"), "big.csv")
    at.session_state[state.SETTINGS] = Settings(dataset="custom", batch_size=1, test_fraction=0.0)
    at.run()
    assert not at.exception
    assert any("updates per iteration" in e.value for e in at.error)


def test_zero_iterations_and_extreme_strength_work():
    for s in (Settings(max_iter=0), Settings(alpha=10.0), Settings(learning_rate=1e-4)):
        data = lab.generate(s)
        run = lab.Run.start(s, data, lab.split(data, s.test_fraction, s.seed))
        lab.advance(run.trainer, 10**6, 5.0)
        assert run.trainer.done and np.isfinite(run.trainer.theta).all()


def test_a_slow_page_catches_up_in_iterations_but_not_in_time():
    from logreg.ui import playground

    first = playground.RERUN_S / playground.FRAME_S  # a rerun's worth of frames: 4
    assert playground.frame_periods(10.0, None) == first
    assert playground.frame_periods(10.05, 10.0) == 1.0  # sooner than one frame: one frame
    assert abs(playground.frame_periods(10.5, 10.0) - 6.0) < 1e-9  # 2 reruns a second: 6 each
    assert playground.frame_periods(13.0, 10.0) == playground.MAX_CATCH_UP
    assert playground.frame_periods(100.0, 10.0) == first  # back after a long while: afresh

    s = Settings(max_iter=1000, speed=5)
    data = lab.generate(s)
    run = lab.Run.start(s, data, lab.split(data, s.test_fraction, s.seed))
    playground._step(run, 1.0)
    assert run.trainer.n_iter == 5
    playground._step(run, 4.0)  # four periods passed: four frames' worth of iterations
    assert run.trainer.n_iter == 25
    # a live rerun: the frames of the periods that passed, each 'Iterations per frame' on
    shots = playground._play(run, 3.0)
    assert [s.iteration for s in shots] == [30, 35] and run.trainer.n_iter == 40
    shots = playground._play(run, 20.0)  # a slow page: at most MAX_FRAMES, larger steps
    assert len(shots) == playground.MAX_FRAMES - 1 and run.trainer.n_iter == 140
    assert [s.iteration for s in shots] == [57, 73, 90, 107, 123]
    # the snapshots are the model at those iterations, not the last one
    again = lab.snapshot(run, 90, grid=playground.GRID_LIVE)
    assert np.allclose(shots[2].proba, again.proba) and shots[2].train_loss == again.train_loss

    rng = np.random.default_rng(2)
    X = rng.normal(size=(40_000, 2))
    y = (X[:, 0] > 0).astype(int)
    slow = Settings(solver="sgd", batch_size=1, max_iter=1000, speed=50)
    run = lab.Run.start(slow, Dataset(X, y), lab.split(Dataset(X, y), 0.0, 0))
    t = time.perf_counter()
    playground._step(run, float(playground.MAX_CATCH_UP))
    assert time.perf_counter() - t < 5.0  # bounded by MAX_STEP_S (+ one slow epoch)
    assert 1 <= run.trainer.n_iter < 1000
    # a live rerun on slow iterations: its parts stop once the training time is spent
    before, t = run.trainer.n_iter, time.perf_counter()
    shots = playground._play(run, float(playground.MAX_CATCH_UP))
    assert time.perf_counter() - t < 5.0
    assert 1 <= run.trainer.n_iter - before < 50 * playground.MAX_CATCH_UP
    assert len(shots) < playground.MAX_FRAMES - 1
