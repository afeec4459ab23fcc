"""Make a student copy of the course: every tracked file, but no solutions, no notebook outputs, no teacher tools.

    python tools/make_student_copy.py student/     # the folder must not exist yet

Notebooks keep their exercises and self-check cells; lines that point to solutions or TEACHING.md are dropped.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
LEFT_OUT = ("notebooks/solutions/", "tools/make_student_copy.py", "tests/test_notebooks.py", "tests/test_teaching.py",
            "TEACHING.md")
TEACHER_ONLY = ("solutions/", "TEACHING.md")  # lines of Markdown that mention these are dropped


def without_solution_links(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not any(word in line for word in TEACHER_ONLY))


def student_notebook(source: Path, target: Path) -> None:
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        else:
            cell.source = without_solution_links(cell.source)
    nbformat.write(nb, target)


def make_student_copy(out: Path) -> list[str]:
    """Write the copy to `out` (through a temporary folder, so a failure leaves nothing); return its files."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    kept = [f for f in files if not f.startswith(LEFT_OUT) and (ROOT / f).is_file()]
    tmp = Path(tempfile.mkdtemp(prefix=".student-", dir=out.parent))
    try:
        for name in kept:
            source, target = ROOT / name, tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if name.endswith(".ipynb"):
                student_notebook(source, target)
            elif name == "README.md":
                target.write_text(without_solution_links(source.read_text(encoding="utf-8")) + "\n", encoding="utf-8")
            else:
                shutil.copy2(source, target)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a folder that does not exist yet, e.g. student/")
    out = parser.parse_args().out.resolve()
    if out.exists():
        sys.exit(f"{out} already exists; remove it or choose another folder.")
    if not out.parent.is_dir():
        sys.exit(f"{out.parent} does not exist; create it first.")
    kept = make_student_copy(out)
    print(f"student copy: {len(kept)} files in {out} (no solutions, no outputs)")


if __name__ == "__main__":
    main()
