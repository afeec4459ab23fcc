"""The course's method: every choice is made on the validation set, and the test set is used once, at the end.

A lesson that trains may name the test set (`test_loader`, `test_data`, `train=False`, ...) only from its
"## Final evaluation" heading on, and no training call anywhere is ever given the test set.
"""

import ast
import re

import pytest
from course import LESSONS, SOLUTIONS, notebook_cells

TEST_SET = re.compile(r"\btest_(loader|data|set|images|labels)\b|\btrain\s*=\s*False\b")
TRAINING_CALLS = {"fit", "train_step", "train", "run", "training_losses", "train_one_epoch"}
FINAL_HEADING = "## Final evaluation"


def cells(path):
    return [(c["cell_type"], "".join(c["source"])) for c in notebook_cells(path)]


def trains(code: str) -> bool:
    return "fit(" in code or ".step()" in code or "train_step(" in code


def named_before_the_end(notebook_cells) -> list[str]:
    """The code lines that name the test set before the first '## Final evaluation' heading."""
    found = []
    for kind, text in notebook_cells:
        if kind == "markdown" and any(line.startswith(FINAL_HEADING) for line in text.splitlines()):
            break
        if kind == "code":
            found += [line.strip() for line in text.splitlines() if TEST_SET.search(line.split("#")[0])]
    return found


def training_on_the_test_set(code: str) -> list[str]:
    """Training calls (fit, train_step, ...) given an argument that names the test set."""
    found = []
    for call in (n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Call)):
        name = ast.unparse(call.func).split(".")[-1]
        arguments = [*call.args, *(k.value for k in call.keywords)]
        if name in TRAINING_CALLS and any(TEST_SET.search(ast.unparse(a)) for a in arguments):
            found.append(ast.unparse(call))
    return found


def test_the_guards_catch_the_old_mistakes():
    # notebook 04 of the previous version trained and chose its learning rate with the test loader
    old = [("code", "train_loader = InMemoryLoader(train_data)\ntest_loader = InMemoryLoader(test_data)"),
           ("code", "history = fit(model, train_loader, test_loader, loss_fn, optimizer, 3, device)"),
           ("markdown", "## Final evaluation: the test set, once"),
           ("code", "test_step(model, test_loader, loss_fn, device)")]
    assert named_before_the_end(old) == ["test_loader = InMemoryLoader(test_data)",
                                                     "history = fit(model, train_loader, test_loader, loss_fn, "
                                                     "optimizer, 3, device)"]
    assert training_on_the_test_set(old[1][1]) == ["fit(model, train_loader, test_loader, loss_fn, optimizer, 3, "
                                                   "device)"]
    assert training_on_the_test_set("train_step(m, test_loader, loss_fn, opt, device)") != []
    assert training_on_the_test_set("fit(m, train_loader, val_loader, loss_fn, opt, 3, device)") == []
    assert named_before_the_end(old[2:]) == []


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_a_lesson_that_trains_touches_the_test_set_only_at_the_end(path):
    notebook_cells = cells(path)
    code = "\n".join(text for kind, text in notebook_cells if kind == "code")
    if not trains(code):
        return  # 01-03 load and count the test set, and choose nothing
    early = named_before_the_end(notebook_cells)
    assert not early, f"{path.name} uses the test set before its '{FINAL_HEADING}' heading: {early}"


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=lambda p: p.name)
def test_nothing_trains_on_the_test_set(path):
    code = "\n".join(text for kind, text in cells(path) if kind == "code")
    assert not training_on_the_test_set(code), f"{path.name} trains on the test set"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solutions_that_train_never_name_the_test_set(path):
    code = "\n".join(text for kind, text in cells(path) if kind == "code")
    if trains(code):
        assert not TEST_SET.search(code), f"{path.name} trains and uses the test set: choose on validation"


def test_the_lessons_that_train_report_a_test_number_at_the_end():
    with_final = [p.name for p in LESSONS if any(kind == "markdown" and line.startswith(FINAL_HEADING)
                                                 for kind, text in cells(p) for line in text.splitlines())]
    assert len(with_final) >= 3, f"expected the baseline, deeper and final models to end on the test set: {with_final}"
