"""Re-execute notebooks in place, each top to bottom in a fresh kernel, under the settings CI uses.

    python tools/run_notebooks.py                      # every notebook, solutions included
    python tools/run_notebooks.py notebooks/04_*.ipynb # some of them

A notebook is rewritten only after it ran without an error, so a failure never leaves it half-executed.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import ipykernel.kernelspec
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import conftest  # noqa: E402,F401  (the settings CI uses, e.g. the CPU as device, before any kernel starts)

THIS_PYTHON = "this-python"  # a kernel name of our own: ipykernel in the Python that runs this script


class ThisPython(KernelSpecManager):
    """Kernel specs in which THIS_PYTHON is this Python's ipykernel, whatever kernels named "python3" the user has
    installed elsewhere (a conda base, another venv): the outputs must come from the course's environment."""

    def get_kernel_spec(self, kernel_name):
        if kernel_name == THIS_PYTHON:
            return self.kernel_spec_class(resource_dir=ipykernel.kernelspec.RESOURCES,
                                          **ipykernel.kernelspec.get_kernel_dict())
        return super().get_kernel_spec(kernel_name)


def kernel_manager() -> KernelManager:
    return KernelManager(kernel_name=THIS_PYTHON, kernel_spec_manager=ThisPython())


def all_notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))


def coalesce_streams(nb) -> None:
    """Merge consecutive writes to the same stream: how prints are chunked depends on timing, and diffs should not."""
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        merged = []
        for out in cell.outputs:
            last = merged[-1] if merged else None
            if out.output_type == "stream" and last and last.output_type == "stream" and last.name == out.name:
                last.text += out.text
            else:
                merged.append(out)
        cell.outputs = merged


def drop_widget_leftovers(nb) -> None:
    """Drop the saved widget state and the empty outputs where fashion_dnn.progress showed its live widget bar.

    Bars are saved as text (see progress in src/fashion_dnn/engine.py); widget model ids change on every run.
    """
    nb.metadata.pop("widgets", None)
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        cell.outputs = [out for out in cell.outputs if out.output_type != "display_data" or out.data]


def execute(path: Path):
    """Run a notebook top to bottom in a fresh kernel, in its own folder; return it, executed, and the seconds taken."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, km=kernel_manager(), timeout=600, record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb, time.perf_counter() - start


def run(path: Path) -> float:
    """Execute a notebook and save it in place, only once it ran without an error."""
    nb, seconds = execute(path)
    coalesce_streams(nb)
    drop_widget_leftovers(nb)
    fd, tmp = tempfile.mkstemp(suffix=".ipynb.part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: all of them")
    paths = parser.parse_args().notebooks or all_notebooks()
    bad = [str(p) for p in paths if p.suffix != ".ipynb" or not p.is_file()]
    if bad:
        sys.exit(f"not a notebook file: {', '.join(bad)} (give paths like notebooks/04_baseline_model.ipynb)")
    total = 0.0
    for path in paths:
        seconds = run(path.resolve())
        total += seconds
        print(f"{seconds:6.1f} s  {path.resolve().relative_to(ROOT)}", flush=True)
    threads = os.environ.get("FASHION_DNN_THREADS", "1")
    print(f"{total:6.1f} s  in all ({len(paths)} notebooks, FASHION_DNN_THREADS={threads})")


if __name__ == "__main__":
    main()
