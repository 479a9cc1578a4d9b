"""placeviz against QGIS, measured in one run (not a test: it prints figures).

    python benchmarks/bench_qgis_peer.py [--runs 7]

Two whole-process comparisons, each run N times with the two sides alternating (ABAB..., the order flipped every
other round) so both share the machine's noise:

1. start to a painted Cheshire and Merseyside map: a headless QGIS script that opens the 1,562 LSOAs (2011) and
   renders them uncoloured (QGIS's default single symbol) to a 1440 x 900 PNG, against
   ``placeviz gui --snapshot`` of the default map (a 1440 x 900 window with its panels, the map coloured);
2. England, 32,844 LSOAs in 10 IMD 2019 deciles, 1600 x 1200 PNG: a headless QGIS script with a
   QgsCategorizedSymbolRenderer on the decile column, against
   ``placeviz export png --place England --layer imd2019`` (which also lays out a title, legend and source line).

3. when Xvfb and QGIS's desktop app are installed, the comparison as a user would make it: ``qgis --snapshot``
   opening the same 1,562 LSOAs on a private Xvfb display against ``placeviz gui --snapshot`` on that display.

The QGIS side of 1 and 2 is benchmarks/qgis_peer_render.py, run by the Python that has QGIS's bindings (Debian's
python3-qgis uses /usr/bin/python3, not the project's Python) with QGIS_PREFIX_PATH and QT_QPA_PLATFORM=offscreen.
It reads a GeoPackage that this script writes once beforehand into a temporary folder (GeoPackage is QGIS's native
vector format; the decile is already joined into it, so QGIS does no join). Writing it is not timed.

QGIS is not a dependency of placeviz: without its bindings this prints how to install them and exits 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER = Path(__file__).resolve().with_name("qgis_peer_render.py")
TIMEOUT = 120  # seconds for any one run
INSTALL = """QGIS's Python bindings were not found, so there is nothing to compare against.
On Debian 12 (bookworm, QGIS 3.22) install them with:
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends qgis python3-qgis
then run this again (or point --qgis-python at the Python that can `import qgis.core`)."""


def qgis_env(python: str, prefix: str, runtime: str) -> dict[str, str]:
    """The environment for QGIS: none of this project's Python settings. QGIS's desktop app embeds the system
    Python, which finds its standard library through PATH; with a pyenv (or venv) Python first on PATH it loads
    that one's instead, fails to import qgis and waits on an error dialog, so those folders are left out."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV") and not k.startswith("PYENV")}
    own = {str(Path(sys.executable).parent), str(Path(sys.prefix) / "bin")}
    path = [p for p in env.get("PATH", "").split(os.pathsep)
            if p and p not in own and ".pyenv" not in p and not p.endswith("/shims")]
    first = str(Path(python).parent)
    env["PATH"] = os.pathsep.join([first, *[p for p in path if p != first]])
    return {**env, "QGIS_PREFIX_PATH": prefix, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": runtime}


def qgis_version(python: str, env: dict[str, str]) -> str | None:
    if not shutil.which(python) and not Path(python).exists():
        return None
    try:
        r = subprocess.run([python, "-c", "from qgis.core import Qgis; print(Qgis.QGIS_VERSION)"],
                           env=env, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return r.stdout.strip() if r.returncode == 0 and r.stdout.strip() else None


def start_xvfb() -> tuple[subprocess.Popen, str] | None:
    """A private X display (Xvfb picks a free number) for QGIS's desktop app, which will not start without one."""
    if not shutil.which("Xvfb"):
        return None
    r, w = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1600x1200x24", "-nolisten", "tcp"],
                            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    with os.fdopen(r) as f:
        number = f.readline().strip()
    if not number:
        proc.terminate()
        proc.wait()
        return None
    return proc, f":{number}"


def write_geopackage(path: Path) -> tuple[int, int]:
    """The Cheshire and Merseyside LSOAs (code only) and England's LSOAs with the IMD 2019 decile, as two layers."""
    sys.path.insert(0, str(ROOT))
    from placeviz.model.geography import boundaries, resolve_place
    from placeviz.model.mapdata import map_data

    lsoa = boundaries("lsoa11")
    cm = lsoa[resolve_place("Cheshire and Merseyside").mask(lsoa)][["code", "geometry"]]
    england = map_data("England", "lsoa", "imd2019").frame[["code", "decile", "geometry"]].copy()
    if england["decile"].isna().any():
        raise SystemExit("an England LSOA has no IMD 2019 decile: the bundled data is not what this expects")
    england["decile"] = england["decile"].astype("int32")
    # GeoPackage 1.2: the GDAL in Debian 12 warns about the 1.4 files that newer GDALs write by default
    cm.to_file(path, layer="cm", driver="GPKG", VERSION="1.2")
    cm.to_file(path.with_name("cm.gpkg"), layer="cm", driver="GPKG", VERSION="1.2")  # one layer: for qgis --snapshot
    england.to_file(path, layer="england", driver="GPKG", VERSION="1.2")
    return len(cm), len(england)


def decile_colours() -> list[str]:
    from placeviz.model.classify import classify_map
    from placeviz.model.mapdata import map_data
    from placeviz.model.spec import MapSpec

    spec = MapSpec(place="England", layer="imd2019")
    return list(classify_map(map_data("England", "lsoa", "imd2019", geometry=False), spec.classification).colours)


def run_once(cmd: list[str], env: dict[str, str], out: Path, ok: tuple[int, ...] = (0,)) -> float:
    out.unlink(missing_ok=True)
    t = time.perf_counter()
    try:
        r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise SystemExit(f"gave up after {TIMEOUT} s (waiting on a dialog?): {' '.join(cmd)}") from None
    wall = time.perf_counter() - t
    if r.returncode not in ok or not out.exists() or out.stat().st_size == 0:
        raise SystemExit(f"failed (exit {r.returncode}): {' '.join(cmd)}\n{r.stderr}")
    return wall


def compare(title: str, sides: dict[str, tuple], runs: int) -> None:
    names = list(sides)
    for name in names:  # one warm-up each (file cache, font cache), not counted
        run_once(*sides[name])
    times: dict[str, list[float]] = {name: [] for name in names}
    for i in range(runs):
        for name in names if i % 2 == 0 else reversed(names):
            times[name].append(run_once(*sides[name]))
    print(title)
    for name in names:
        ts = times[name]
        print(f"  {name:<52} median {statistics.median(ts):.3f} s   best {min(ts):.3f} s   "
              f"(n={len(ts)}: {' '.join(f'{t:.2f}' for t in ts)})")
    q, p = times[names[0]], times[names[1]]
    print(f"  ratio QGIS / placeviz: median {statistics.median(q) / statistics.median(p):.2f}   "
          f"best {min(q) / min(p):.2f}   (above 1: placeviz is faster)\n")


def desktop(tmp: Path, cm_gpkg: Path, qenv: dict[str, str], penv: dict[str, str], runs: int) -> None:
    """QGIS's desktop app opening the layer and saving a snapshot (``qgis --snapshot``), on a private Xvfb display,
    against ``placeviz gui --snapshot`` on the same display: the comparison the issue's 1.6 s figure describes."""
    qgis = shutil.which("qgis")
    xvfb = start_xvfb() if qgis else None
    if xvfb is None:
        print("3. (skipped: the QGIS desktop app needs `qgis` and Xvfb: apt-get install -y xvfb)\n")
        return
    proc, display = xvfb
    try:
        # a fresh home for both apps, so neither the user's settings nor their QGIS plugins play a part (QGIS's
        # --profiles-path with a new folder waits on a first-run dialog; a new home does not); the warm-up run
        # creates QGIS's default profile there
        home = tmp / "home"
        home.mkdir()
        xenv = {k: v for k, v in qenv.items() if k != "QT_QPA_PLATFORM"}
        xpenv = {k: v for k, v in penv.items() if k != "QT_QPA_PLATFORM"}
        for env in (xenv, xpenv):
            env.update(DISPLAY=display, HOME=str(home))
            env.pop("XDG_CONFIG_HOME", None)
            env.pop("XDG_DATA_HOME", None)
        q_out, p_out = tmp / "cm_qgis_desktop.png", tmp / "cm_placeviz_x11.png"
        # qgis --snapshot always exits with status 1 (its main() returns 1 after saving), so 1 counts as done
        compare(f"3. Desktop apps on an Xvfb display ({display}): open Cheshire and Merseyside, save a 1440x900 "
                "snapshot, exit", {
                    "QGIS desktop: qgis --snapshot (uncoloured, fresh profile)":
                        ([qgis, "--nologo", "--noversioncheck", "--snapshot",
                          str(q_out), "--width", "1440", "--height", "900", str(cm_gpkg)], xenv, q_out, (0, 1)),
                    "placeviz gui --snapshot (default map, on X11)":
                        ([sys.executable, "-m", "placeviz", "gui", "--snapshot", str(p_out)], xpenv, p_out),
                }, runs)
    finally:
        proc.terminate()
        proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="timed runs of each side per comparison (at least 5)")
    ap.add_argument("--qgis-python", default="/usr/bin/python3", help="the Python with QGIS's bindings")
    ap.add_argument("--qgis-prefix", default=os.environ.get("QGIS_PREFIX_PATH", "/usr"), help="QGIS_PREFIX_PATH")
    args = ap.parse_args()
    runs = max(5, args.runs)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        runtime = tmp / "xdg"
        runtime.mkdir(mode=0o700)
        qenv = qgis_env(args.qgis_python, args.qgis_prefix, str(runtime))
        version = qgis_version(args.qgis_python, qenv)
        if version is None:
            print(INSTALL)
            return 0
        penv = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "XDG_RUNTIME_DIR": str(runtime)}
        gpkg = tmp / "lsoa11.gpkg"
        t = time.perf_counter()
        n_cm, n_eng = write_geopackage(gpkg)
        print(f"placeviz vs QGIS {version} ({args.qgis_python}), {os.cpu_count()} cores, {runs} alternating runs each")
        print(f"GeoPackage for QGIS written beforehand (not timed, {time.perf_counter() - t:.2f} s): {gpkg.name}, "
              f"layers cm ({n_cm:,} LSOAs) and england ({n_eng:,} LSOAs with decile), "
              f"{gpkg.stat().st_size / 1e6:.1f} MB\n")
        py = sys.executable
        qpy = [args.qgis_python, str(PEER)]

        # what each QGIS run spends its time on, once, for information
        for label, extra in (("C&M plain", ["plain", str(gpkg), "cm", "1440", "900", str(tmp / "q.png")]),
                             ("England deciles", ["deciles", str(gpkg), "england", "1600", "1200",
                                                  str(tmp / "q.png"), "decile", ",".join(decile_colours())])):
            r = subprocess.run([*qpy, *extra], env={**qenv, "PEER_TIMINGS": "1"}, capture_output=True, text=True)
            print(f"QGIS breakdown, {label}: {r.stdout.strip() or r.stderr.strip()}")
        print()

        cm_q, cm_p = tmp / "cm_qgis.png", tmp / "cm_placeviz.png"
        compare("1. Start to a painted Cheshire and Merseyside map (whole process, 1,562 LSOAs)", {
            "QGIS: open GeoPackage, render uncoloured 1440x900 PNG":
                ([*qpy, "plain", str(gpkg), "cm", "1440", "900", str(cm_q)], qenv, cm_q),
            "placeviz gui --snapshot (default map, 1440x900)":
                ([py, "-m", "placeviz", "gui", "--snapshot", str(cm_p)], penv, cm_p),
        }, runs)

        en_q, en_p = tmp / "england_qgis.png", tmp / "england_placeviz.png"
        colours = ",".join(decile_colours())
        compare("2. England, 32,844 LSOAs in 10 IMD 2019 deciles, 1600x1200 PNG (whole process)", {
            "QGIS: open GeoPackage, categorised by decile, render":
                ([*qpy, "deciles", str(gpkg), "england", "1600", "1200", str(en_q), "decile", colours], qenv, en_q),
            "placeviz export png --place England --layer imd2019":
                ([py, "-m", "placeviz", "export", "png", "--place", "England", "--layer", "imd2019",
                  "-o", str(en_p)], penv, en_p),
        }, runs)
        desktop(tmp, gpkg.with_name("cm.gpkg"), qenv, penv, runs)
        t = time.perf_counter()
        subprocess.run([py, "-c", "pass"], env=penv, check=True)
        t_py = time.perf_counter() - t
        t = time.perf_counter()
        subprocess.run([args.qgis_python, "-c", "pass"], env=qenv, check=True)
        print(f"interpreter start alone: placeviz's python {t_py:.3f} s, {args.qgis_python} "
              f"{time.perf_counter() - t:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
