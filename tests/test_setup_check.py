"""`python -m fashion_dnn`, the set-up check the README points learners to: what it reports, and its exit code."""

import os
import subprocess
import sys

import fashion_dnn.__main__ as setup_check
from fashion_dnn.data import FashionMNISTError
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
