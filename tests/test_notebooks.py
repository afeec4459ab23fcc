"""The notebooks as files: executed in order, links that resolve, the house header and footer, logits only."""

import ast
import json
import re
import sys

import pytest
from course import LESSONS, LINK, ROOT, SOLUTIONS, notebook_cells  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
import sync_translation  # noqa: E402  (one rule for heading anchors, shared with the zh-TW edition)

NOTEBOOKS = LESSONS + SOLUTIONS
# The tutorial's model 1 as written, softmax before CrossEntropyLoss: trained on purpose in 05 to show the mistake,
# and once more in 06 to set its numbers beside the tutorial's table. No other model may end in an activation.
MISTAKES = {("05_baseline_model.ipynb", "ImageClassificationModel"),
            ("06_deeper_models.ipynb", "(model_1_softmax, history_1_softmax)")}
FINAL_ACTIVATIONS = {"Softmax", "LogSoftmax", "ReLU", "Sigmoid", "Tanh", "softmax", "log_softmax", "relu", "sigmoid"}


def cells(path, kind):
    return notebook_cells(path, kind)


def source(cell):
    return "".join(cell["source"])


def name(path):
    return str(path.relative_to(ROOT / "notebooks"))


def test_the_course_is_there():
    assert [p.name[:2] for p in LESSONS] == [f"{i:02d}" for i in range(1, len(LESSONS) + 1)]
    assert len(LESSONS) >= 5


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_executed_top_to_bottom_without_errors(path):
    code = cells(path, "code")
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), \
        f"{name(path)}: re-run it top to bottom with python tools/run_notebooks.py {path.relative_to(ROOT)}"
    errors = [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors, f"{name(path)} was saved with an error: {errors[0]['ename']}"
    assert all("id" in c for c in notebook_cells(path))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_no_cell_escapes_nbval(path):
    tags = [t for c in cells(path, "code") for t in c["metadata"].get("tags", [])]
    text = "\n".join(source(c) for c in cells(path, "code"))
    assert "nbval-skip" not in tags and "NBVAL_SKIP" not in text
    assert tags.count("nbval-ignore-output") + text.count("NBVAL_IGNORE_OUTPUT") <= 1


def sanitize(text):
    """Apply tests/nbval_sanitize.cfg the way nbval does: each regex, in order, with its replacement."""
    lines = (ROOT / "tests" / "nbval_sanitize.cfg").read_text(encoding="ascii").splitlines()
    pairs = [(a[len("regex: "):], b[len("replace: "):]) for a, b in zip(lines, lines[1:], strict=False)
             if a.startswith("regex: ") and b.startswith("replace: ")]
    assert len(pairs) == 3
    for pattern, replacement in pairs:
        text = re.sub(pattern, replacement, text)
    return text


def test_the_sanitizer_masks_metrics_and_nothing_else():
    line = "epoch 2: train_loss=0.4854 train_acc=0.8339 test_loss=0.5028 test_acc=0.8292"
    assert sanitize(line) == "epoch 2: train_loss=MASKED train_acc=MASKED test_loss=MASKED test_acc=MASKED"
    assert sanitize("{'model_name': 'M', 'model_cost': 0.59, 'model_acc': 0.7797}") == \
        "{'model_name': 'M', 'model_cost': MASKED, 'model_acc': MASKED}"
    assert sanitize("DataLoader: seconds=1.28  speedup=35") == "DataLoader: seconds=MASKED  speedup=MASKED"
    assert sanitize("gap=+0.0094 ± std=0.0011 (n=3), t=-15.4 (|t| > 4.303 is clear of zero), se=0.0028") == \
        "gap=MASKED ± std=MASKED (n=3), t=MASKED (|t| > 4.303 is clear of zero), se=MASKED"
    # a progress bar keeps its description, percentage and count; only its times and rate are masked
    assert sanitize("epochs: 100%|██████████| 3/3 [00:05<00:00,  1.71s/it]") == \
        "epochs: 100%|██████████| 3/3 [TIME, RATE]"
    assert sanitize("epochs: 100%|██████████| 20/20 [1:02:03<00:00, 19.81it/s]") == \
        "epochs: 100%|██████████| 20/20 [TIME, RATE]"
    assert sanitize("epochs:  67%|██████▋   | 2/3 [00:00<?, ?it/s]") == "epochs:  67%|██████▋   | 2/3 [TIME, RATE]"
    for stable in ["seen 16000/60000", "tensor([0.6590, 0.2424, 0.0986])", "(1875, 313)", "(7850, 4063)",
                   "(1.4611501693725586, 1.461150171734475)", "[0, 1, 2]", "X[0:2], y[:2] < 5"]:
        assert sanitize(stable) == stable


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_progress_bars_are_saved_as_their_final_text(path):
    """tqdm's widget bar is saved as a view most viewers cannot draw, over a text copy stuck at 0%."""
    outputs = [out for c in cells(path, "code") for out in c["outputs"]]
    widgets = [out for out in outputs if "application/vnd.jupyter.widget-view+json" in out.get("data", {})]
    texts = ["".join(out.get("data", {}).get("text/plain", out.get("text", ""))) for out in outputs]
    stuck = [text for text in texts if re.search(r"(?<![0-9])0%\|", text)]
    hint = "loop with fashion_dnn.progress, not tqdm, and re-run it with python tools/run_notebooks.py"
    assert not widgets and not stuck, f"{name(path)} saved {len(widgets)} widget bar(s), {stuck[:1]} at 0%: {hint}"
    assert "widgets" not in json.loads(path.read_text(encoding="utf-8"))["metadata"], f"{name(path)}: {hint}"


def heading_anchors(path):
    """Anchors JupyterLab (notebooks) or GitHub (Markdown) gives a file's headings: the translation tool's rule."""
    return sync_translation.heading_anchors(path)


def links(path):
    return LINK.findall("\n".join(source(c) for c in cells(path, "markdown")))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_every_link_resolves(path):
    """Every link works in the JupyterLab the README opens: `jupyter lab` serves the course's top folder (the
    repository, or a student copy made from it), so a link must resolve to a file inside that folder."""
    for link in links(path):
        if link.startswith(("http://", "https://")):
            continue
        target, _, anchor = link.partition("#")
        target_path = (path.parent / target).resolve() if target else path
        assert target_path.is_relative_to(ROOT), f"{name(path)}: {link} leaves the folder JupyterLab serves"
        assert target_path.is_file(), f"{name(path)}: link to {link} points at nothing"
        if anchor:
            assert anchor in heading_anchors(target_path), f"{name(path)}: no heading for #{anchor} in {target}"


@pytest.mark.parametrize("path", LESSONS, ids=name)
def test_house_header_and_footer(path):
    markdown = [source(c) for c in cells(path, "markdown")]
    header, footer = markdown[0], markdown[-1]
    assert re.match(rf"# {path.name[:2]} · \S", header), "the title is '# NN · Name'"
    assert "You will:" in header and "**Prerequisites:**" in header
    assert re.search(r"\*\*Runs in\*\* about \d+ s on a 2-core CPU", header)
    text = "\n".join(markdown)
    assert "## Summary" in text and "## Exercises" in text
    index = LESSONS.index(path)
    expected_nav = ["../README.md#notebooks"]
    expected_nav.append(LESSONS[index - 1].name if index else "../README.md")
    if index + 1 < len(LESSONS):
        expected_nav.append(LESSONS[index + 1].name)
    assert footer.startswith("---\n← previous:") and set(expected_nav) <= set(links(path))
    assert f"solutions/{path.stem}_solutions.ipynb" in links(path)


def test_readme_indexes_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in LESSONS:
        assert f"(notebooks/{path.name})" in readme
    assert "notebooks" in heading_anchors(ROOT / "README.md")


def models_ending_in_an_activation(code: str) -> list[tuple[str, str]]:
    """(owner, last layer) for every nn.Sequential whose last layer, or forward() whose result, is an activation.

    The owner is the class that builds the Sequential, else the variable it is assigned to.
    """
    def last_name(node):
        return ast.unparse(node.func if isinstance(node, ast.Call) else node).split(".")[-1]

    def sequentials(node):
        return [c for c in ast.walk(node) if isinstance(c, ast.Call) and last_name(c) == "Sequential" and c.args]

    found, in_classes = set(), set()
    tree = ast.parse(code)
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for call in sequentials(cls):
            in_classes.add(id(call))
            if last_name(call.args[-1]) in FINAL_ACTIVATIONS:
                found.add((cls.name, last_name(call.args[-1])))
        for forward in (n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "forward"):
            for ret in (n for n in ast.walk(forward) if isinstance(n, ast.Return) and isinstance(n.value, ast.Call)):
                if last_name(ret.value) in FINAL_ACTIVATIONS:
                    found.add((cls.name, last_name(ret.value)))
    for assign in (n for n in ast.walk(tree) if isinstance(n, ast.Assign)):
        for call in sequentials(assign):
            if id(call) not in in_classes and last_name(call.args[-1]) in FINAL_ACTIVATIONS:
                found.add((ast.unparse(assign.targets[0]), last_name(call.args[-1])))
    return sorted(found)


def test_the_guard_finds_final_activations():
    bad = "net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10), nn.ReLU())\n" \
          "class M(nn.Module):\n    def forward(self, x):\n        return torch.softmax(self.fc(x), dim=1)\n"
    assert models_ending_in_an_activation(bad) == [("M", "softmax"), ("net", "ReLU")]
    good = "net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10), nn.ReLU(), nn.Linear(10, 10))"
    assert models_ending_in_an_activation(good) == []


def test_every_model_the_course_trains_outputs_logits():
    seen_models, offenders = 0, []
    for path in NOTEBOOKS:
        code = "\n".join(source(c) for c in cells(path, "code"))
        seen_models += code.count("Sequential(")
        offenders += [(path.name, owner) for owner, _ in models_ending_in_an_activation(code)]
    for path in (ROOT / "src" / "fashion_dnn").glob("*.py"):
        offenders += [(path.name, owner) for owner, _ in models_ending_in_an_activation(path.read_text())]
    assert seen_models >= 6
    assert set(offenders) == MISTAKES, "a model ends in an activation before CrossEntropyLoss (see notebook 02)"


def test_run_notebooks_uses_this_environments_kernel():
    """tools/run_notebooks.py writes the stored outputs with ipykernel from the Python that runs it, not with
    whatever kernel named "python3" the user has installed elsewhere."""
    import run_notebooks

    argv = run_notebooks.kernel_manager().kernel_spec.argv
    assert argv[0] == sys.executable and "ipykernel_launcher" in argv
