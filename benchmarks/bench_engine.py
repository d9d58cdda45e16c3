"""Engine benchmark: fit times of our solvers beside scikit-learn's, and one gradient step
beside the memory-bandwidth bound, measured in the same run.

Prints markdown: the machine, a fit table and a gradient-step table.

    python benchmarks/bench_engine.py --threads 1          # full run, n = 1e3 .. 1e6 (< 5 min)
    python benchmarks/bench_engine.py --quick --threads 1  # n up to 1e5, a smoke run

Problems: L2 with ``alpha = 1/n`` (scikit-learn's ``C = 1``) on

* ``blobs``: 2-D blobs (``make_dataset("blobs", noise=0.2)``), standardized (d + 1 = 3);
* ``circles-poly3``: circles (``noise=0.5``) through ``FeatureMap(3)`` (9 standardized monomials,
  d + 1 = 10).

Every fit includes input validation (the user-facing ``fit(X, y)``). Times are medians of
repeats; within a repeat the solvers run one after another (rotating the order), so a change of
machine load hits all of them alike. ``newton`` stops at ``tol=1e-6`` like scikit-learn's
solvers; the first-order solvers run a fixed budget (``tol=0``) and report the relative gap
``(J - J*) / J*`` they reach, with ``J*`` from a tight scikit-learn newton-cholesky fit
(``tol=1e-10``) evaluated with our objective. Budgets: gd, momentum and adam take 100
full-batch steps; sgd takes batches of 32 for at least 3 epochs and at least 1000 steps.
Learning rates: gd and momentum (beta 0.9) use ``1/L`` with
``L = lambda_max(Xt Xt^T) / (4n) + alpha`` (the gradient's Lipschitz constant); adam and sgd
0.2 (constant), the best of a small grid on these problems.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FULL_SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000, 100_000)
DATASETS = ("blobs", "circles-poly3")
FULL_BATCH_ITERS = 100  # budget of gd, momentum and adam (full-batch gradient steps)
SGD_MIN_EPOCHS = 3  # budget of sgd: passes over the data ...
SGD_MIN_STEPS = 1000  # ... and mini-batch steps, whichever needs more epochs
SGD_BATCH = 32
ADAM_LR = 0.2
SGD_LR = 0.2
OUR_SOLVERS = ("newton", "gd", "momentum", "adam", "sgd")
SK_SOLVERS = ("lbfgs", "newton-cholesky")
COLUMNS = (
    "data",
    "n",
    "d+1",
    "solver",
    "budget",
    "iters",
    "time (ms)",
    "ours / best sklearn",
    "rel. objective gap",
)
STEP_COLUMNS = ("n", "d+1", "what", "time (ms)", "ratio to bound")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="n up to 1e5 (smoke run)")
    p.add_argument("--threads", type=int, default=None, help="BLAS/OpenMP threads")
    p.add_argument(
        "--sizes", type=str, default=None, help="comma-separated n, e.g. 1e3,1e4 (overrides)"
    )
    p.add_argument("--repeats", type=int, default=None, help="repeats per size (default: by n)")
    p.add_argument("--step-n", type=float, default=1e6, help="n of the gradient-step benchmark")
    p.add_argument("--step-repeats", type=int, default=30)
    p.add_argument("--datasets", type=str, default=",".join(DATASETS))
    p.add_argument(
        "--no-warmup", action="store_true", help="skip the untimed first fit of each solver"
    )
    p.add_argument("--json", help="also write the tables here (one object per row)")
    return p.parse_args(argv)


def thread_limit(n: int | None) -> Any:
    """A context that limits BLAS/OpenMP threads: threadpoolctl, else environment variables."""
    if n is None:
        return nullcontext()
    try:
        import numpy  # noqa: F401  load the libraries first so threadpoolctl can see them
        import sklearn.linear_model  # noqa: F401
        from threadpoolctl import threadpool_limits
    except ImportError:
        if "numpy" in sys.modules:
            warnings.warn(
                "threadpoolctl is missing and numpy is already imported: --threads has no "
                "effect; set OPENBLAS_NUM_THREADS before starting Python",
                stacklevel=2,
            )
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(n)
        return nullcontext()
    return threadpool_limits(limits=n)


def blas_threads() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "BLAS threads: unknown (no threadpoolctl), OPENBLAS_NUM_THREADS=" + os.environ.get(
            "OPENBLAS_NUM_THREADS", "unset"
        )
    parts = []
    for info in threadpool_info():
        lib = info.get("internal_api", "?")
        version = info.get("version") or ""
        parts.append(
            f"{lib} {version} ({Path(info.get('filepath', '')).name}): "
            f"{info.get('num_threads')} thread(s)"
        )
    return "; ".join(sorted(set(parts)))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_flags() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                return ", ".join(f for f in ("avx2", "fma", "avx512f") if f in flags) or "none"
    except OSError:
        pass
    return "unknown"


def machine_lines(argv: Sequence[str] | None) -> list[str]:
    import numpy as np
    import sklearn

    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    cmd = "python benchmarks/bench_engine.py " + " ".join(
        sys.argv[1:] if argv is None else list(argv)
    )
    return [
        f"- command: `{cmd.strip()}`",
        f"- machine: nproc={os.cpu_count()} (usable {affinity}), CPU `{cpu_model()}` "
        f"(SIMD: {cpu_flags()}), Python {platform.python_version()}, numpy {np.__version__}, "
        f"scikit-learn {sklearn.__version__}",
        f"- threads: {blas_threads()}",
        f"- load average at start: {load}",
    ]


# -- data and reference ---------------------------------------------------------------------


def make_problem(kind: str, n: int) -> tuple[Any, Any]:
    import numpy as np

    from logreg import FeatureMap, StandardScaler, make_dataset

    if kind == "blobs":
        X, y = make_dataset("blobs", n, noise=0.2, random_state=0)
        X = StandardScaler().fit_transform(X)
    elif kind == "circles-poly3":
        X, y = make_dataset("circles", n, noise=0.5, random_state=0)
        X = FeatureMap(3).fit_transform(X)
    else:
        raise ValueError(f"unknown data set {kind!r}")
    return np.ascontiguousarray(X), y


def objective_value(X: Any, y: Any, coef: Any, intercept: float) -> float:
    import numpy as np

    from logreg.objective import Objective, add_intercept_row

    n = len(y)
    obj = Objective(add_intercept_row(X), (y == 1).astype(np.float64), None, 1.0 / n, 0.0)
    return obj.value(np.r_[intercept, np.ravel(coef)])


def lipschitz(X: Any, alpha: float) -> float:
    import numpy as np

    n = X.shape[0]
    A = np.column_stack([np.ones(n), X])
    return float(np.linalg.eigvalsh(A.T @ A / n).max()) / 4.0 + alpha


# -- runners ---------------------------------------------------------------------------------


def our_runner(solver: str, n: int, lr: float) -> tuple[str, Callable[[Any, Any], Any]]:
    from logreg import LogisticRegression

    alpha = 1.0 / n
    if solver == "newton":
        params: dict[str, Any] = {"tol": 1e-6, "max_iter": 100}
        budget = "tol 1e-6"
    elif solver == "sgd":
        epochs = max(SGD_MIN_EPOCHS, math.ceil(SGD_MIN_STEPS * SGD_BATCH / n))
        params = {
            "learning_rate": SGD_LR,
            "batch_size": SGD_BATCH,
            "max_iter": epochs,
            "tol": 0.0,
            "random_state": 0,
        }
        budget = f"{epochs} epochs"
    else:
        rate = {"gd": lr, "momentum": lr, "adam": ADAM_LR}[solver]
        params = {"learning_rate": rate, "max_iter": FULL_BATCH_ITERS, "tol": 0.0}
        budget = f"{FULL_BATCH_ITERS} steps"

    def fit(X: Any, y: Any) -> Any:
        return LogisticRegression(penalty="l2", alpha=alpha, solver=solver, **params).fit(X, y)

    return budget, fit


def sk_runner(solver: str, tol: float = 1e-6) -> Callable[[Any, Any], Any]:
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    def fit(X: Any, y: Any) -> Any:
        return SkLogisticRegression(C=1.0, solver=solver, tol=tol, max_iter=10_000).fit(X, y)

    return fit


def default_repeats(n: int) -> int:
    return 7 if n <= 1_000 else 5 if n <= 10_000 else 3


def fmt_gap(gap: float) -> str:
    if gap != gap:  # NaN
        return "n/a"
    if gap < 1e-12:
        return "< 1e-12"
    return f"{gap:.1e}"


def table(columns: Sequence[str], rows: list[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def bench_fits(kind: str, n: int, repeats: int, warmup: bool = True) -> list[list[str]]:
    import numpy as np

    X, y = make_problem(kind, n)
    ref = sk_runner("newton-cholesky", tol=1e-10)(X, y)
    j_star = objective_value(X, y, ref.coef_, ref.intercept_[0])
    lr = 1.0 / lipschitz(X, 1.0 / n)
    runners: dict[str, tuple[str, Callable[[Any, Any], Any]]] = {
        s: our_runner(s, n, lr) for s in OUR_SOLVERS
    }
    runners.update({f"sklearn {s}": ("tol 1e-6", sk_runner(s)) for s in SK_SOLVERS})
    names = list(runners)
    times: dict[str, list[float]] = {name: [] for name in names}
    fitted: dict[str, Any] = {}
    if warmup and n <= 100_000:  # imports, first-call costs; too slow to repeat at 1e6
        for name in names:
            runners[name][1](X, y)
    for r in range(repeats):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            gc.collect()
            t0 = time.perf_counter()
            model = runners[name][1](X, y)
            times[name].append(time.perf_counter() - t0)
            fitted[name] = model
    med = {name: statistics.median(ts) for name, ts in times.items()}
    best_sk = min(med[f"sklearn {s}"] for s in SK_SOLVERS)
    rows = []
    for name in names:
        m = fitted[name]
        j = objective_value(X, y, m.coef_, float(np.ravel(m.intercept_)[0]))
        iters = int(np.max(m.n_iter_))
        rows.append(
            [
                kind,
                f"{n:.0e}".replace("e+0", "e"),
                str(X.shape[1] + 1),
                name,
                runners[name][0],
                str(iters),
                f"{med[name] * 1e3:.1f}",
                f"{med[name] / best_sk:.2f}",
                fmt_gap((j - j_star) / abs(j_star)),
            ]
        )
    return rows


def bench_step(n: int, repeats: int) -> list[list[str]]:
    """One full-batch gradient step beside the time to stream ``Xt`` twice."""
    import numpy as np

    from logreg.objective import Objective, add_intercept_row

    X, y = make_problem("blobs", n)
    Xt = add_intercept_row(X)
    obj = Objective(Xt, (y == 1).astype(np.float64), None, 1.0 / n, 0.0)
    theta = np.array([0.1, 1.0, -0.5])
    lr = 1.0 / lipschitz(X, 1.0 / n)
    ones = np.ones(n)

    def step() -> Any:
        ev = obj.evaluate(theta)
        return theta - lr * ev.grad

    reads: dict[str, Callable[[], Any]] = {
        "Xt.sum(axis=1)": lambda: Xt.sum(axis=1),
        "Xt @ ones": lambda: Xt @ ones,
        "row self-dots": lambda: [float(row @ row) for row in Xt],
    }
    exp_buf = np.empty(n)
    z = -np.abs(theta @ Xt)
    jobs: dict[str, Callable[[], Any]] = {"step": step, **reads}
    jobs["np.exp over n"] = lambda: np.exp(z, out=exp_buf)
    times: dict[str, list[float]] = {k: [] for k in jobs}
    for f in jobs.values():
        f()
    for _ in range(repeats):
        for name, f in jobs.items():
            t0 = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    read_name = min(reads, key=lambda k: med[k])
    bound = 2 * med[read_name]
    gbps = Xt.nbytes / med[read_name] / 1e9
    size = f"{n:.0e}".replace("e+0", "e")
    d1 = str(Xt.shape[0])
    return [
        [
            size,
            d1,
            "gradient step (`evaluate` + update)",
            f"{med['step'] * 1e3:.2f}",
            f"{med['step'] / bound:.2f}",
        ],
        [
            size,
            d1,
            f"bound: stream Xt twice (2 × `{read_name}`, {gbps:.0f} GB/s)",
            f"{bound * 1e3:.2f}",
            "1.00",
        ],
        [
            size,
            d1,
            "for scale: `np.exp` over n float64",
            f"{med['np.exp over n'] * 1e3:.2f}",
            f"{med['np.exp over n'] / bound:.2f}",
        ],
    ]


def run(args: argparse.Namespace, argv: Sequence[str] | None) -> str:
    if args.sizes:
        sizes = tuple(int(float(s)) for s in args.sizes.split(","))
    else:
        sizes = QUICK_SIZES if args.quick else FULL_SIZES
    kinds = [k.strip() for k in args.datasets.split(",") if k.strip()]
    lines = ["### Machine", "", *machine_lines(argv), ""]
    t0 = time.perf_counter()
    rows: list[list[str]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning of fixed-budget runs
        for kind in kinds:
            for n in sizes:
                rows += bench_fits(kind, n, args.repeats or default_repeats(n), not args.no_warmup)
        step_rows = bench_step(int(args.step_n), args.step_repeats)
    lines += ["### Fit time (median) and objective gap", "", *table(COLUMNS, rows), ""]
    lines += ["### One gradient step vs the memory-bandwidth bound", ""]
    lines += [*table(STEP_COLUMNS, step_rows), ""]
    if args.json:
        tables = {
            "fits": [dict(zip(COLUMNS, r, strict=True)) for r in rows],
            "step": [dict(zip(STEP_COLUMNS, r, strict=True)) for r in step_rows],
        }
        Path(args.json).write_text(json.dumps(tables, indent=1))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines += [
        f"Total benchmark time {time.perf_counter() - t0:.0f} s; load average at end: {load}."
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> str:
    """Run the benchmark; print and return the markdown report."""
    args = parse_args(argv)
    with thread_limit(args.threads):
        report = run(args, argv)
    print(report, flush=True)
    return report


if __name__ == "__main__":
    main()
