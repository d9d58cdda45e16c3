"""Keep the import directions honest: parse every runtime module with ``ast``."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "logreg").rglob("*.py")),
]
ORACLES = {"sklearn", "statsmodels", "scipy"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def called_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        n.func.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }


@pytest.mark.parametrize("path", RUNTIME, ids=lambda p: str(p.relative_to(ROOT)))
def test_runtime_code_never_imports_test_oracles_pickle_or_eval(path):
    roots = imported_roots(path)
    assert not roots & ORACLES, f"{path.name} imports {roots & ORACLES}"
    assert "pickle" not in roots
    assert not called_names(path) & {"eval", "exec"}


@pytest.mark.parametrize(
    "path",
    [p for p in (ROOT / "logreg").rglob("*.py") if "ui" not in p.relative_to(ROOT).parts],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_engine_and_figures_import_no_streamlit(path):
    assert "streamlit" not in imported_roots(path)


def test_engine_modules_import_no_plotting():
    for path in (ROOT / "logreg").glob("*.py"):
        if path.name != "figures.py":
            assert "plotly" not in imported_roots(path), path.name


def test_import_logreg_pulls_in_no_ui():
    import subprocess
    import sys

    code = (
        "import sys, logreg; "
        "print(any(m.split('.')[0] in ('streamlit', 'plotly') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr
