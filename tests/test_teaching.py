"""Solutions exist for every exercise and pass their checks (the student copy is tested in test_student_copy.py)."""

import pytest
from course import LESSONS, ROOT, notebook_cells


def code_cells(path):
    return notebook_cells(path, "code")


def last_line(cell):
    """The last line a cell printed: a self-check's verdict comes after anything the solution printed."""
    text = "".join("".join(o.get("text", "")) for o in cell["outputs"] if o.get("name") == "stdout")
    return text.rstrip().splitlines()[-1] if text.strip() else ""


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_every_exercise_has_a_solution_that_passes_its_check(lesson):
    solution = ROOT / "notebooks" / "solutions" / f"{lesson.stem}_solutions.ipynb"
    assert solution.is_file(), f"{lesson.name} has no worked solutions"
    lesson_checks = [c for c in code_cells(lesson) if "check(" in "".join(c["source"])]
    solution_checks = [c for c in code_cells(solution) if "check(" in "".join(c["source"])]
    assert lesson_checks, f"{lesson.name} has no self-check cells"
    assert ["".join(c["source"]) for c in solution_checks] == ["".join(c["source"]) for c in lesson_checks], \
        "the solutions must run the lesson's own self-checks, unchanged"
    assert all(last_line(c).startswith("Not done yet") for c in lesson_checks), "a lesson's exercises start empty"
    assert all(last_line(c).startswith("Correct") for c in solution_checks), "every solution passes its check"

