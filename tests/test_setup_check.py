"""`python -m fashion_dnn`, the set-up check the README points learners to: what it reports, and its exit code."""

import os
import subprocess
import sys

import fashion_dnn.__main__ as setup_check
from fashion_dnn.data import DATA_DIR, FashionMNISTError
from fashion_dnn.engine import DEVICES

ITEMS = ["Python", "torch", "torchvision", "threads", "device", "data"]


def run_check(**env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "true", **env}  # CI installs the data, so the check must find it there
    return subprocess.run([sys.executable, "-m", "fashion_dnn"], env=env, capture_output=True, text=True, timeout=300)


def test_a_good_set_up_reports_every_item_and_exits_0():
    result = run_check(FASHION_DNN_DEVICE="cpu")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:len(ITEMS)]] == ITEMS
    assert "CUDA" in lines[1] or "CPU-only" in lines[1] or "MPS" in lines[1]  # which build of torch
    assert lines[4].startswith("device       cpu (FASHION_DNN_DEVICE=cpu)")
    assert "FashionMNIST" in lines[5] and lines[-1] == "All good."


def test_a_device_this_computer_lacks_exits_1_with_the_fix():
    missing = next((name for name in ("cuda", "mps") if not DEVICES[name]()), "tpu")  # tpu: a name it does not know
    result = run_check(FASHION_DNN_DEVICE=missing)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "device       none" in result.stdout and "1 problem found:" in result.stdout
    assert f"FASHION_DNN_DEVICE={missing}" in result.stdout and "unset" in result.stdout  # the fix


def test_other_versions_and_missing_data_are_problems_with_fixes(monkeypatch, capsys):
    def no_data(root):
        raise FashionMNISTError("Fashion-MNIST is not on this computer.\nFix it by installing it.")
    monkeypatch.setattr(setup_check, "pinned_versions", lambda: {"torch": "0.0.1"})
    monkeypatch.setattr(setup_check, "ensure_fashion_mnist", no_data)
    monkeypatch.setenv("FASHION_DNN_DEVICE", "cpu")
    assert setup_check.main() == 1
    out = capsys.readouterr().out
    assert "2 problems found:" in out and "data         not found" in out
    assert "torch" in out and "is not the 0.0.1 that requirements.txt pins" in out
    assert "Fix: python -m pip install -r requirements.txt" in out
    assert "- Fashion-MNIST is not on this computer.\n  Fix it by installing it." in out


def test_the_pins_are_read_from_requirements_txt():
    pins = setup_check.pinned_versions()
    assert {"torch", "torchvision", "numpy"} <= pins.keys() and all(v[0].isdigit() for v in pins.values())


def test_a_package_installed_on_its_own_keeps_data_in_the_cache_and_says_it_checks_no_pins(tmp_path):
    """`pip install .` (not -e): the package sits in site-packages with no course around it. Imitated by a copy of
    the package in a folder of its own: the data goes to ~/.cache/fashion-dnn, and the set-up check says that it
    has no requirements.txt to compare with instead of skipping that in silence."""
    import shutil
    from pathlib import Path

    site = tmp_path / "site-packages"
    shutil.copytree(Path(setup_check.__file__).parent, site / "fashion_dnn",
                    ignore=shutil.ignore_patterns("__pycache__"))
    raw = Path(DATA_DIR) / "FashionMNIST" / "raw"
    source = raw if (raw / "t10k-labels-idx1-ubyte").is_file() else Path("/usr/share/datasets/fashion-mnist")
    env = {**os.environ, "PYTHONPATH": str(site), "HOME": str(tmp_path / "home"), "FASHION_MNIST_DIR": str(source),
           "FASHION_DNN_DEVICE": "cpu"}
    where = subprocess.run([sys.executable, "-c", "import fashion_dnn.data as d; print(d.DATA_DIR)"], env=env,
                           capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert where.stdout.strip() == str(tmp_path / "home" / ".cache" / "fashion-dnn"), where.stderr
    result = subprocess.run([sys.executable, "-m", "fashion_dnn"], env=env, capture_output=True, text=True,
                            timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not checked: this fashion_dnn is not installed from the course's folder" in result.stdout
    assert str(tmp_path / "home" / ".cache" / "fashion-dnn") in result.stdout


def test_a_corrupt_file_is_reported_not_a_traceback(tmp_path):
    """A .gz whose compressed data is damaged (zlib.error inside gzip): the check names it and exits 1."""
    import gzip
    from pathlib import Path

    from fashion_dnn.data import FILES

    raw = Path(DATA_DIR) / "FashionMNIST" / "raw"
    copy = tmp_path / "copy"
    copy.mkdir()
    debian = Path("/usr/share/datasets/fashion-mnist")
    for name in FILES:  # Debian's original .gz files where there are, else the unpacked ones compressed again
        if (debian / f"{name}.gz").is_file():
            (copy / f"{name}.gz").symlink_to(debian / f"{name}.gz")
        else:
            (copy / f"{name}.gz").write_bytes(gzip.compress((raw / name).read_bytes(), compresslevel=1))
    bad = copy / "t10k-labels-idx1-ubyte.gz"
    damaged = bytearray(bad.read_bytes())
    bad.unlink()  # a file of its own, not the link
    damaged[10:14] = b"\xff\xff\xff\xff"  # four bytes of the deflate stream overwritten
    bad.write_bytes(bytes(damaged))
    env = {**os.environ, "HOME": str(tmp_path / "home"), "FASHION_MNIST_DIR": str(copy), "FASHION_DNN_DEVICE": "cpu"}
    code = ("import sys, fashion_dnn.data as d, fashion_dnn.__main__ as m; d.DATA_DIR = m.DATA_DIR = sys.argv[1]; "
            "d.DEBIAN_DIR = d.Path(sys.argv[1]) / 'none'; sys.exit(m.main())")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "data")], env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stdout + result.stderr
    assert f"{bad}: cannot be read or unpacked" in result.stdout and "Replace it with an original copy" in \
        result.stdout
