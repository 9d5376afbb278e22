"""The layers contract (pyproject.toml, run by ``make lint``) holds, and it catches an
upward import: a copy of the code with one added fails it, naming the import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(where)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(where / "pyproject.toml")],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_code_keeps_its_arrows_one_way():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    for package in ("inspect_app", "api"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    # Hazards reaching up into inspections (which raise hazards): the kind of arrow that
    # the contract exists to stop.
    models = tmp_path / "inspect_app" / "hazards" / "models.py"
    models.write_text(
        models.read_text() + "\nfrom inspect_app.inspections import models as _upward  # noqa\n"
    )
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "inspect_app.hazards.models -> inspect_app.inspections.models" in result.stdout
