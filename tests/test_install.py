"""A non-editable install carries the bundled data inside the wheel and works from any folder."""

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_runs_from_another_folder(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation" if _has_hatchling() else
         "--use-pep517", "-w", str(dist), str(ROOT)],
        capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("placeviz-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "placeviz/_bundle/boundaries/lsoa11.parquet" in names
    assert "placeviz/_bundle/layers/catalog.json" in names
    assert "placeviz/_bundle/layers/rasters/no2_2023.tif" in names
    assert "placeviz/_bundle/resources/placeviz.svg" in names
    # a fresh environment that sees the already-installed dependencies but not this checkout
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, system_site_packages=True).create(env_dir)
    py = env_dir / "bin" / "python"
    inst = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": ""})
    assert inst.returncode == 0, inst.stderr[-2000:]
    run_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([str(env_dir / "bin" / "placeviz"), "layers"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120, env=run_env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "imd2019" in out.stdout and "Ministry of Housing" in out.stdout
    where = subprocess.run([str(py), "-c", "import placeviz.model.bundle as b; print(b.bundle_root())"], cwd=tmp_path,
                           capture_output=True, text=True, env=run_env)
    assert "_bundle" in where.stdout and str(ROOT) not in where.stdout


def _has_hatchling() -> bool:
    try:
        import hatchling  # noqa: F401
    except ImportError:
        return False
    return True
