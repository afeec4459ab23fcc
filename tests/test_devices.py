"""Every model gets its input on the model's device: a static check of the notebooks' code cells.

The tests run the notebooks on the CPU (conftest.py sets FASHION_DNN_DEVICE=cpu), where a forgotten `.to(device)`
goes unnoticed; on CUDA or MPS the same cell stops with "Expected all tensors to be on the same device", and
`.numpy()` on a model's output with "can't convert cuda:0 device type tensor to numpy". So this test reads the code
instead of running it, by three rules:

- a *model* is a name assigned anywhere in the notebook from `.to(device)` on a call of a function by its name or of
  a class (`ImageClassificationModel(784, 10).to(device)`, `mlp(128).to(device)`, `nn.Sequential(...).to(device)`),
  a name whose `.load_state_dict(...)` is called, or a parameter called `model` of a function the notebook defines;
- a model called on a plain name or a subscript (`model(X)`, `model(X[:5])`) is flagged unless the same cell assigns
  that name from an expression containing `.to(device)`, or the argument itself contains `.to(device)`;
- `.numpy()` is flagged on an expression computed from a model call, or from a name assigned from one in this or an
  earlier cell, with no `.cpu()` in it.

A notebook that never mentions `device` runs wholly on the CPU, on any machine, and is not checked. This is a lint,
not a proof: it does not look inside other arguments (`model(x.view(1, -1))`) or follow tensors into functions
defined elsewhere, so only a run on a GPU shows that a notebook runs there.
"""

import ast
from pathlib import Path

import pytest
from course import EVERY_NOTEBOOK, ROOT, sources

NOTEBOOKS = EVERY_NOTEBOOK


def code_cells(path: Path) -> list[str]:
    return sources(path, "code")


def parse(cell: str) -> ast.Module:
    """Parse a cell as Python, with IPython's `%magic` and `!shell` lines blanked."""
    return ast.parse("\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in cell.splitlines()))


def method_call(node, name: str) -> bool:
    """`node` is a call `<something>.name(...)`."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == name


def to_device(node) -> bool:
    """`node` is `<something>.to(device)`."""
    return method_call(node, "to") and [ast.unparse(arg) for arg in node.args] == ["device"]


def contains(node, test) -> bool:
    return any(test(n) for n in ast.walk(node))


def builds_a_model(node) -> bool:
    """`node` is `f(...).to(device)` or `SomeClass(...).to(device)`, not a tensor's `x.unsqueeze(0).to(device)`."""
    if not (to_device(node) and isinstance(node.func.value, ast.Call)):
        return False
    called = node.func.value.func
    return isinstance(called, ast.Name) or isinstance(called, ast.Attribute) and called.attr[:1].isupper()


def model_names(trees: list[ast.Module]) -> set[str]:
    """The names a notebook gives its models, by the first rule of the module docstring."""
    names = set()
    for node in (n for tree in trees for n in ast.walk(tree)):
        if isinstance(node, ast.Assign) and builds_a_model(node.value):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif method_call(node, "load_state_dict") and isinstance(node.func.value, ast.Name):
            names.add(node.func.value.id)
        elif isinstance(node, (ast.FunctionDef, ast.Lambda)) and "model" in [arg.arg for arg in node.args.args]:
            names.add("model")
    return names


def assignments(tree: ast.Module) -> list[tuple[str, ast.expr]]:
    """(name, value) for every name a cell assigns, in source order; `X, y = a, b` pairs X with a and y with b."""
    pairs = []
    for node in sorted((n for n in ast.walk(tree) if isinstance(n, ast.Assign)), key=lambda n: n.lineno):
        for target in node.targets:
            if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple) \
                    and len(target.elts) == len(node.value.elts):
                pairs += [(t.id, value) for t, value in zip(target.elts, node.value.elts) if isinstance(t, ast.Name)]
            else:
                pairs += [(name.id, node.value) for name in ast.walk(target) if isinstance(name, ast.Name)]
    return pairs


def device_problems(cells: list[str]) -> list[tuple[int, int, str]]:
    """(code cell index, line, what is wrong) for each model input not moved and each `.numpy()` without `.cpu()`."""
    trees = []
    for index, cell in enumerate(cells):
        try:
            trees.append(parse(cell))
        except SyntaxError as error:
            return [(index, error.lineno or 0, f"does not parse: {error.msg}")]
    if not any("device" in cell for cell in cells):
        return []
    models = model_names(trees)
    on_device = set()  # names holding a model's output, still on the device

    def model_call(node) -> bool:
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in models

    def from_a_model(node) -> bool:
        """`node` computes from a model's output and never brings it to the CPU."""
        uses_output = contains(node, lambda n: model_call(n) or isinstance(n, ast.Name) and n.id in on_device)
        return uses_output and not contains(node, lambda n: method_call(n, "cpu"))

    problems = []
    for index, tree in enumerate(trees):
        for name, value in assignments(tree):
            if from_a_model(value):
                on_device.add(name)
            else:
                on_device.discard(name)
        moved = {name for name, value in assignments(tree) if contains(value, to_device)}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            for arg in call.args if model_call(call) else []:
                base = arg
                while isinstance(base, ast.Subscript):  # X[:5] -> X
                    base = base.value
                if isinstance(base, ast.Name) and base.id not in moved and not contains(arg, to_device):
                    problems.append((index, call.lineno, f"the model in {ast.unparse(call)} gets `{base.id}`, "
                                     f"which this cell never moves to the device: write {ast.unparse(arg)}.to(device)"))
            if method_call(call, "numpy") and from_a_model(call.func.value):
                problems.append((index, call.lineno, f"{ast.unparse(call)} converts a model's output that is still "
                                 "on the device: write .cpu().numpy()"))
    return sorted(set(problems))


def report(label: str, cells: list[str]) -> str:
    """One paragraph per problem: notebook, cell as nbval numbers it, line number, the line, what to do."""
    lines = [f"{label}, Cell {index} (In [{index + 1}]), line {line}: "
             f"{cells[index].splitlines()[line - 1].strip() if line else ''}\n    {why}"
             for index, line, why in device_problems(cells)]
    return "\n".join(lines)


# The check cell of notebooks/04_baseline_model.ipynb as committed before the course was renumbered: `X` comes
# straight from the loader, on the CPU, into a model on the device, so on every GPU the cell stopped with an error.
SETUP_CELL = """device = get_device()
model_logits = nn.Sequential(nn.Flatten(), nn.Linear(784, len(class_names))).to(device)"""
BUGGY_CELL = """uneven = InMemoryLoader(test_data, batch_size=3000)  # batches of 3000, 3000, 3000 and 1000
model_logits.eval()
with torch.inference_mode():
    expected = sum(accuracy(model_logits(X), y) for X, y in uneven) / len(uneven)
check(batch_mean_accuracy(model_logits, uneven), expected, "batch_mean_accuracy")"""


def test_the_check_finds_the_unmoved_batch_of_the_old_notebook_04():
    assert [(index, line) for index, line, _ in device_problems([SETUP_CELL, BUGGY_CELL])] == [(1, 4)]
    message = report("notebooks/04_baseline_model.ipynb", [SETUP_CELL, BUGGY_CELL])
    assert message.startswith("notebooks/04_baseline_model.ipynb, Cell 1 (In [2]), line 4: expected = sum(")
    assert "model_logits(X)" in message and "X.to(device)" in message


def test_the_check_accepts_inputs_moved_to_the_device():
    fixed = BUGGY_CELL.replace("model_logits(X), y)", "model_logits(X.to(device)), y.to(device))")
    moved_first = "X, y = next(iter(val_loader))\nX, y = X.to(device), y.to(device)\nmodel_logits(X[:5])"
    assert device_problems([SETUP_CELL, fixed]) == []
    assert device_problems([SETUP_CELL, moved_first]) == []
    assert len(device_problems([SETUP_CELL, "X, y = next(iter(val_loader))\nmodel_logits(X[:5])"])) == 1


def test_models_are_built_loaded_or_passed_in():
    cells = ["model_1 = ImageClassificationModel(784, 10).to(device)", "net = nn.Sequential(nn.Flatten()).to(device)",
             "final = mlp(128).to(device)", "x = to_tensor(image).unsqueeze(0).to(device)",
             "t = torch.randn(3).to(device)", "loaded.load_state_dict(state)", "def predict(model, loader): ..."]
    assert model_names([parse(cell) for cell in cells]) == {"model_1", "net", "final", "loaded", "model"}


def test_the_check_follows_models_loaded_and_passed_in():
    loaded = "loaded = make()\nloaded.load_state_dict(torch.load(path, map_location=device))\nloaded(X[0])"
    helper = "def predict(model, loader):\n    return torch.cat([model(X) for X, _ in loader])"
    moved = "def predict(model, loader):\n    return torch.cat([model(X.to(device)).cpu() for X, _ in loader])"
    assert [line for _, line, _ in device_problems([loaded])] == [3]
    assert [line for _, line, _ in device_problems([SETUP_CELL, helper])] == [2]
    assert device_problems([SETUP_CELL, moved]) == []
    assert device_problems(["model = make()\nmodel.load_state_dict(state)\nmodel(X)"]) == []  # no device: all CPU


def test_the_check_finds_numpy_on_the_device():
    probs = "probs = model_logits(X.to(device)).softmax(dim=1)"
    assert [index for index, _, _ in device_problems([SETUP_CELL, probs, "probs.numpy()"])] == [2]
    assert len(device_problems([SETUP_CELL, "model_logits(X.to(device)).argmax(1).numpy()"])) == 1
    assert device_problems([SETUP_CELL, probs, "probs.cpu().numpy()"]) == []
    assert device_problems([SETUP_CELL, probs + ".cpu()", "probs.numpy()"]) == []
    assert device_problems([SETUP_CELL, "test_data.data[0].numpy()"]) == []
    assert len(device_problems([SETUP_CELL, probs + "\nprobs.argmax(1).numpy()"])) == 1  # in the same cell


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_every_model_gets_its_input_on_its_device(path):
    problems = report(str(path.relative_to(ROOT)), code_cells(path))
    assert not problems, f"runs on the CPU, fails on a GPU:\n{problems}"
