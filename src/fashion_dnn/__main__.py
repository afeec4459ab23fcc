"""Check this computer's set-up for the course: `python -m fashion_dnn`. Exit code 0 if all is well, 1 if not."""

import os
import sys

import torch
import torchvision

from fashion_dnn import get_device
from fashion_dnn.data import FashionMNISTError, course_root, data_root, ensure_fashion_mnist

REQUIREMENTS = course_root() / "requirements.txt" if course_root() else None  # None: installed on its own
MIN_PYTHON = (3, 11)  # as in pyproject.toml; checked here too for a run without pip, e.g. PYTHONPATH=src


def pinned_versions() -> dict[str, str]:
    """{name: version} for each `name==version` line of the course's requirements.txt (empty if it is not there)."""
    if REQUIREMENTS is None or not REQUIREMENTS.is_file():
        return {}
    lines = [line.split("#")[0].strip() for line in REQUIREMENTS.read_text().splitlines()]
    return dict(line.split("==", 1) for line in lines if "==" in line)


def main() -> int:
    problems = []  # each says what is wrong and how to fix it

    def show(item: str, value: str) -> None:
        print(f"{item:<12} {value}")

    show("Python", f"{sys.version.split()[0]} ({sys.executable})")
    if sys.version_info < MIN_PYTHON:
        print("\nProblem: the course needs Python 3.11, 3.12 or 3.13; its pinned packages need 3.11 or newer.\n"
              "Fix: install one of those, then make the virtual environment again with it.")
        return 1

    if torch.version.cuda:
        build = f"CUDA {torch.version.cuda} build"
    elif torch.backends.mps.is_built():
        build = "build with Apple's MPS"
    else:
        build = "CPU-only build"
    show("torch", f"{torch.__version__} ({build})")
    show("torchvision", torchvision.__version__)
    pins = pinned_versions()
    if not pins:
        show("pins", "not checked: this fashion_dnn is not installed from the course's folder (pip install -e .), "
             "so there is no requirements.txt to compare with")
    for name, version in (("torch", torch.__version__), ("torchvision", torchvision.__version__)):
        version = version.split("+")[0]  # 2.14.1+cpu is the pinned 2.14.1
        if name in pins and version != pins[name]:
            problems.append(f"{name} {version} is not the {pins[name]} that requirements.txt pins: the lessons run, "
                            "but their numbers may differ from the stored outputs.\n"
                            "Fix: python -m pip install -r requirements.txt (or README.md's CPU-only command).")

    threads = os.environ.get("FASHION_DNN_THREADS")
    why = f"FASHION_DNN_THREADS={threads}" if threads else "the default; set FASHION_DNN_THREADS to change it"
    show("threads", f"{torch.get_num_threads()} ({why})")

    wanted = os.environ.get("FASHION_DNN_DEVICE", "").strip()
    why = f"FASHION_DNN_DEVICE={wanted}" if wanted else "the fastest here; FASHION_DNN_DEVICE=cpu forces the CPU"
    try:
        show("device", f"{get_device()} ({why})")
    except (ValueError, RuntimeError) as e:  # get_device's message says how to fix it
        show("device", "none")
        problems.append(str(e))

    try:
        show("data", f"{ensure_fashion_mnist(data_root())} (all four files verified)")
    except FashionMNISTError as e:  # its message lists where it looked and how to fix it
        show("data", "not found")
        problems.append(str(e))

    if not problems:
        print("\nAll good.")
        return 0
    print(f"\n{len(problems)} problem{'s' if len(problems) > 1 else ''} found:")
    for problem in problems:
        print(f"- {problem}".replace("\n", "\n  "))
    return 1


if __name__ == "__main__":
    sys.exit(main())
