"""One check per exercise: each runs the learner's answer on inputs it makes and compares with its own reference.

Every way an answer can be wrong raises `Wrong(<message key>)`; the texts, in both languages, are in messages.py.
"""

import copy
import itertools
import math
import statistics

import torch
import torch.nn.functional as F
import torch.utils._python_dispatch
from torch import nn
from torch.utils.data import Subset

from fashion_dnn.data import InMemoryLoader, class_names, load_fashion_mnist
from fashion_dnn.engine import accuracy, test_step
from fashion_dnn.exercises import (
    NotDone,
    Wrong,
    as_tensor,
    called,
    close,
    code_names,
    exercise,
    first_weights,
    fork_rng,
    integer,
    is_blank,
    learner_function,
    number,
    raised_in_learners_code,
    reads_globals,
)


def evaluate(model: nn.Module, loader, loss_fn=None) -> tuple[float, float]:
    """test_step's loss and accuracy on the model's own device, leaving the model in the mode it was in."""
    was_training = model.training
    try:
        return test_step(model, loader, loss_fn or nn.CrossEntropyLoss(), next(model.parameters()).device)
    finally:
        model.train(was_training)


def run_model(model, X: torch.Tensor) -> torch.Tensor:
    """The model's output for X in evaluation mode, on the model's device, back on the CPU."""
    if not isinstance(model, nn.Module):
        raise Wrong("not a model", kind=type(model).__name__)
    was_training, device = model.training, next(model.parameters(), torch.empty(0)).device
    try:
        model.eval()
        with torch.no_grad():
            out = model(X.to(device))
    except Exception as e:
        if raised_in_learners_code(e):
            raise  # the learner's own forward failed: verdict says where
        raise Wrong("fails on images", error=f"{type(e).__name__}: {str(e).splitlines()[0]}") from None
    finally:
        model.train(was_training)
    if not isinstance(out, torch.Tensor) or out.shape != (len(X), 10):
        raise Wrong("not 10 logits", shape=tuple(getattr(out, "shape", ())))
    return out.cpu().double()


def chain(model, sizes: list[int]) -> list[nn.Linear]:
    """The model's Linear layers in the order of the chain `sizes` (784 → width → ...), whatever order they were
    registered in, if their sizes make that chain."""
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    ordered = []
    for step in zip(sizes, sizes[1:]):
        ordered += [m for m in linears if (m.in_features, m.out_features) == step and m not in ordered][:1]
    if len(ordered) != len(sizes) - 1 or len(linears) != len(ordered):
        got = [(m.in_features, m.out_features) for m in linears]
        raise Wrong("layer sizes", got=" → ".join([str(got[0][0])] + [str(o) for _, o in got]) if got else "none",
                    wanted=" → ".join(map(str, sizes)))
    return ordered


def forward_with(linears, X, between, after_last=lambda h: h, norms=None):
    """Flatten, then each Linear layer (its own weights), `between` after every hidden one: the reference forward."""
    h = X.flatten(1).double()
    for i, layer in enumerate(linears):
        h = h @ layer.weight.detach().cpu().double().T + layer.bias.detach().cpu().double()
        if i < len(linears) - 1:
            if norms:
                bn = norms[i]
                h = F.batch_norm(h, *(t.detach().cpu().double() for t in (bn.running_mean, bn.running_var,
                                                                        bn.weight, bn.bias)), eps=bn.eps)
            h = between(h)
    return after_last(h)


def diagnose_forward(model, out, linears, X, activation: str, norms=None):
    """Say how the model's output differs from Linear, activation, ..., Linear (logits out), if it does."""
    act = {"ReLU": torch.relu, "Sigmoid": torch.sigmoid}[activation]
    if close(out, forward_with(linears, X, act, norms=norms), rtol=1e-4, atol=1e-5):
        return
    registered = {type(m).__name__ for m in model.modules()}
    variants = [  # (message key, what the model might compute instead)
        ("final activation", forward_with(linears, X, act, act, norms)),
        ("final softmax", forward_with(linears, X, act, lambda h: h.softmax(dim=1), norms)),
        ("final log_softmax", forward_with(linears, X, act, lambda h: h.log_softmax(dim=1), norms)),
        ("registered, never called" if activation in registered else "no nonlinearity",
         forward_with(linears, X, lambda h: h, norms=norms)),
    ]
    other = "Sigmoid" if activation == "ReLU" else "ReLU"
    variants.append((f"{other} instead", forward_with(linears, X, {"ReLU": torch.relu, "Sigmoid": torch.sigmoid}[other],
                                                      norms=norms)))
    for key, reference in variants:
        if close(out, reference, rtol=1e-4, atol=1e-5):
            raise Wrong(key, activation=activation)
    raise Wrong("forward differs", activation=activation)


def same_in_training(model, X) -> None:
    """A copy of the model in training mode computes what it does in evaluation mode: no dropout, no batch norm."""
    trained = copy.deepcopy(model).train()  # a copy: batch norm would update the learner's running statistics
    with fork_rng(), torch.no_grad():
        torch.manual_seed(0)
        out = trained(X.to(next(trained.parameters()).device)).cpu().double()
    if not close(out, run_model(model, X), rtol=1e-4, atol=1e-5):
        raise Wrong("differs in training mode")


def a_tensor(answer, name: str) -> None:
    """Where the exercise asks for a tensor: not a list, a tuple or a NumPy array."""
    if isinstance(answer, (list, tuple)) or not isinstance(answer, torch.Tensor) and hasattr(answer, "shape"):
        raise Wrong("not a tensor", name=name, kind=type(answer).__name__)


def images(n: int, seed: int) -> torch.Tensor:
    """n made-up images in [0, 1], shape (n, 1, 28, 28), the same on every machine."""
    return torch.rand(n, 1, 28, 28, generator=torch.Generator().manual_seed(seed))


# 01_pixels

@exercise("01.1")
def _brightest(answer, grid):
    """(row, column) of any pixel that holds the grid's maximum."""
    if not torch.equal(grid, load_fashion_mnist(train=True, transform=None).data[0]):
        raise Wrong("grid changed")
    pair = answer.tolist() if hasattr(answer, "tolist") else answer
    if integer(answer) is not None or isinstance(pair, int):
        value = integer(answer) if integer(answer) is not None else pair
        raise Wrong("brightness, not a position" if value == grid.max() else "a flat index")
    if not isinstance(pair, (tuple, list)) or len(pair) != 2 or None in map(integer, pair):
        raise Wrong("a pair of whole numbers")
    row, col = map(integer, pair)
    if not (0 <= row < grid.shape[0] and 0 <= col < grid.shape[1]):
        raise Wrong("outside the grid", row=row, col=col, height=grid.shape[0], width=grid.shape[1])
    if grid[row, col] == grid.max():
        return
    if col < grid.shape[0] and row < grid.shape[1] and grid[col, row] == grid.max():
        raise Wrong("row and column swapped")
    if grid[row, col] == grid.min():
        raise Wrong("the darkest pixel")
    raise Wrong("not the brightest", row=row, col=col)


@exercise("01.2")
def _features_64(answer):
    """channels x height x width of a 64 x 64 colour picture."""
    picture = torch.zeros(3, 64, 64)  # channels first, as PyTorch stores colour pictures
    if isinstance(answer, (tuple, list, torch.Size)):
        raise Wrong("a shape, not a count")
    if isinstance(answer, str):
        raise Wrong("a string, not a number", name="features_64")
    if integer(answer) is None:
        raise Wrong("whole number")
    wrong = {picture[0].numel(): "forgot the channels", 4 * picture[0].numel(): "four channels",
             28 * 28: "the 28 x 28 images", 3 * 28 * 28: "28 x 28 colour", 64 * 3: "one row"}
    if integer(answer) != picture.numel():
        raise Wrong(wrong.get(integer(answer), "count every value"))


@exercise("01.3")
def _gray(answer, rgb):
    """0.299 R + 0.587 G + 0.114 B at every pixel, on rgb's 0-255 scale."""
    weights, rgb64 = torch.tensor([0.299, 0.587, 0.114], dtype=torch.float64), rgb.double()
    expected = torch.tensordot(weights, rgb64, dims=1)
    a_tensor(answer, "gray")
    got = as_tensor(answer, "gray")
    if got.shape != expected.shape:
        if got.numel() == expected.numel() * 3:
            raise Wrong("three values per pixel", shape=tuple(rgb.shape[1:]))
        raise Wrong("gray shape", shape=tuple(rgb.shape[1:]))
    if isinstance(answer, torch.Tensor) and not answer.is_floating_point():
        raise Wrong("gray is not float")
    if close(got, expected, atol=1e-3):
        return
    for key, reference in [("divided by 255", expected / 255), ("plain average", rgb64.mean(dim=0)),
                           ("rounded", expected.round())]:
        if close(got, reference, atol=1e-3):
            raise Wrong(key)
    if any(close(got, torch.tensordot(weights[list(order)], rgb64, dims=1), atol=1e-3)
           for order in itertools.permutations(range(3))):
        raise Wrong("weights on the wrong channels")
    raise Wrong("pixels differ", count=int((~torch.isclose(got, expected, atol=1e-3)).sum()), total=got.numel())


# 02_sigmoid_softmax_cross_entropy

def logit_batches():
    """Random batches of several widths, then the edges: logits far apart both ways, and huge ones."""
    g = torch.Generator().manual_seed(0)
    return [3 * torch.randn(6, 10, generator=g), torch.randn(1, 4, generator=g), torch.randn(7, 2, generator=g),
            torch.tensor([[0.0, -200.0, 5.0], [1000.0, 0.0, -1000.0]]),
            torch.tensor([[1000.0, 1001.0, 1002.0], [-3.0, 0.0, 3.0]])]


@exercise("02.1")
def _log_softmax(answer):
    """F.log_softmax(z, dim=1), even for logits far apart."""
    f = learner_function(answer)
    outputs = []
    for z in logit_batches():
        given = z.clone()
        got = called(f, given)
        if not torch.equal(given, z):
            raise Wrong("changes z in place")
        if not isinstance(got, torch.Tensor) or got.shape != z.shape:
            reads_globals(f, "z")
            raise Wrong("not z's shape", shape=tuple(z.shape), kind=type(got).__name__)
        outputs.append(got)
        expected, atol = F.log_softmax(z, dim=1), 2e-6 * max(1.0, z.abs().max().item())  # float32 rounding of z
        if close(got, expected, atol=atol):
            continue
        m = z.max(dim=1, keepdim=True).values
        variants = [("softmax, not its log", F.softmax(z, dim=1)), ("normalises columns", F.log_softmax(z, dim=0)),
                    ("one max for the batch", z - z.max() - (z - z.max()).exp().sum(dim=1, keepdim=True).log()),
                    ("m only inside", z - (z - m).exp().sum(dim=1, keepdim=True).log()),
                    ("log of the sum missing", z - m)]
        for key, reference in variants:
            if close(got, reference, atol=atol):  # infinities too: the same mistake overflows the same way
                raise Wrong(key)
        if got.isnan().any() or got.isposinf().any():
            raise Wrong("unstable")
        if got.isneginf().any() and close(got.nan_to_num(neginf=0), expected.masked_fill(got.isneginf(), 0),
                                          atol=atol):
            raise Wrong("log of a softmax that underflowed")
        if got.isneginf().any():
            raise Wrong("unstable")
        if len(outputs) > 1 and close(got, outputs[0]):
            raise Wrong("same output whatever z")
        reads_globals(f, "z")
        raise Wrong("log_softmax differs", shape=tuple(z.shape))


def binary_cross_entropy_clipped(p, y, eps) -> float:
    p = p.clamp(eps, 1 - eps)
    return -(y * p.log() + (1 - y) * (1 - p).log()).mean().item()


@exercise("02.2")
def _binary_cross_entropy(answer):
    """The mean binary cross-entropy, as F.binary_cross_entropy, for batches of any size and p near 0 or 1."""
    f, g = learner_function(answer), torch.Generator().manual_seed(0)
    batches = [(0.05 + 0.9 * torch.rand(n, generator=g), torch.arange(n).remainder(2).float()) for n in (3, 8, 1)]
    batches.append((torch.tensor([1e-6, 0.999999, 0.3, 0.7]), torch.tensor([0.0, 1.0, 1.0, 0.0])))
    batches.append((torch.tensor([1e-9, 0.5]), torch.tensor([1.0, 1.0])))  # -log p is 20.7 there: no clipping
    for p, y in batches:
        given_p, given_y = p.clone(), y.clone()
        raw = called(f, given_p, given_y)
        if not (torch.equal(given_p, p) and torch.equal(given_y, y)):
            raise Wrong("changes its inputs in place", names="p or y")
        if isinstance(raw, torch.Tensor) and raw.numel() == len(p) > 1:
            raise Wrong("one loss per example")
        got, expected = number(raw, "binary_cross_entropy"), F.binary_cross_entropy(p, y).item()
        if close(got, expected, rtol=1e-4):
            continue
        term_1, term_0 = y * p.log(), (1 - y) * (1 - p).log()
        variants = [("sign flipped", -expected), ("sum, not mean", expected * len(p)),
                    ("(1 - y) term missing", -term_1.mean()), ("(1 - y) term missing", -term_1.sum()),
                    ("y term missing", -term_0.mean()),
                    ("p and 1 - p swapped", -(y * (1 - p).log() + (1 - y) * p.log()).mean()),
                    ("p taken for logits", F.binary_cross_entropy_with_logits(p, y).item()),
                    ("divides by a fixed number", -(term_1 + term_0).sum() / 3),
                    ("divides by a fixed number", -(term_1 + term_0).sum() / 8)]
        if p.min() < 1e-8:
            variants += [("clips p", binary_cross_entropy_clipped(p, y, eps)) for eps in (1e-7, 1e-8, 1e-6, 1e-5)]
        for key, reference in variants:
            if close(got, reference, rtol=1e-4):
                raise Wrong(key)
        reads_globals(f, "p and y")
        raise Wrong("bce differs", n=len(p))


@exercise("02.3")
def _double_softmax_floor(answer):
    """The loss F.cross_entropy gives on a one-hot softmax output, for K classes."""
    f, y = learner_function(answer), torch.tensor([0])
    got = {K: number(called(f, K), "double_softmax_floor") for K in (2, 3, 7, 10, 100, 1000)}
    floor = {K: F.cross_entropy(F.one_hot(y, K).double(), y).item() for K in got}
    if all(close(got[K], floor[K]) for K in got):
        return
    if len(set(got.values())) == 1:
        raise Wrong("same for every K")
    for key, rule in [("ln K", math.log), ("K, not K - 1", lambda K: math.log(1 + K / math.e)),
                      ("the best output's probability", lambda K: math.e / (math.e + K - 1)),
                      ("no log", lambda K: 1 + (K - 1) / math.e), ("sign flipped", lambda K: -floor[K])]:
        if all(close(got[K], rule(K)) for K in got):
            raise Wrong(key)
    K = next(K for K in got if not close(got[K], floor[K]))
    raise Wrong("floor differs", K=K)


# 03_data_loading

def labels_of(data) -> torch.Tensor:
    return data.dataset.targets[data.indices] if isinstance(data, Subset) else data.targets


@exercise("03.1")
def _counts(answer, data):
    """The labels of `data` counted by class index."""
    if isinstance(answer, dict):
        raise Wrong("a dict, not counts in order")
    a_tensor(answer, "counts")
    counts = as_tensor(answer, "counts")
    expected = torch.bincount(labels_of(data), minlength=len(class_names)).double()
    if counts.shape != expected.shape:
        raise Wrong("one count per class", wanted=len(expected), got=tuple(counts.shape))
    if close(counts, expected):
        if answer.is_floating_point():
            raise Wrong("counts as floats")
        return
    total = counts.sum().item()
    if close(total, 1) or close(total, 100):
        raise Wrong("fractions, not counts")
    if close(counts, torch.full_like(counts, 1000)):
        raise Wrong("the test set's counts")
    if not close(total, len(data)):
        raise Wrong("counts add up to", total=round(total), n=len(data))
    if close(counts.sort().values, expected.sort().values):
        raise Wrong("not in class order")
    raise Wrong("some counts wrong")


@exercise("03.2")
def _num_batches(answer):
    """len(DataLoader(range(n), batch_size=batch_size, drop_last=drop_last)), for any n and batch size."""
    f = learner_function(answer)
    cases = [(n, b, d) for n, b in [(60000, 32), (10000, 32), (640, 32), (7, 10), (33, 32), (1, 1), (5000, 1000),
                                    (55000, 64), (100, 7), (0, 32)]
             for d in (False, True)]
    got = {case: called(f, *case) for case in cases}
    if any(isinstance(v, float) and v.is_integer() for v in got.values()) and \
            all(integer(v) is not None or isinstance(v, float) and v.is_integer() for v in got.values()):
        raise Wrong("a float count")
    if any(integer(v) is None for v in got.values()):
        raise Wrong("a whole number of batches")
    got = {case: integer(v) for case, v in got.items()}
    wanted = {(n, b, d): len(torch.utils.data.DataLoader(range(n), batch_size=b, drop_last=d)) for n, b, d in cases}
    wrong = [case for case in cases if got[case] != wanted[case]]
    if not wrong:
        if any(integer(called(f, n, b)) != wanted[(n, b, False)] for n, b in [(33, 32), (100, 7)]):
            raise Wrong("default drop_last")
        return
    if all(n == 0 for n, _, _ in wrong):
        raise Wrong("at least one batch")
    rules = [("forgets the short batch", lambda n, b, d: n // b), ("ignores drop_last", lambda n, b, d: -(-n // b)),
             ("one too many", lambda n, b, d: n // b + 1 - d), ("one too many", lambda n, b, d: n // b + 1),
             ("rounds to the nearest", lambda n, b, d: round(n / b)),
             ("drop_last backwards", lambda n, b, d: -(-n // b) if d else n // b)]
    for key, rule in rules:
        if all(got[case] == rule(*case) for case in wrong):
            raise Wrong(key)
    if all(got[(n, b, d)] == (n // 32 if d else -(-n // 32)) for n, b, d in cases):
        raise Wrong("ignores batch_size")
    n, b, d = wrong[0]
    raise Wrong("batches differ", n=n, b=b, d=d)


@exercise("03.3")
def _bag_index(answer, data):
    """The first index of `data` whose label is Bag."""
    index, bag = integer(answer), class_names.index("Bag")
    if isinstance(answer, str):
        raise Wrong("a name, not an index")
    if index is None and isinstance(answer, torch.Tensor) and answer.numel() == 1:
        raise Wrong("a tensor holding the index", shape=tuple(answer.shape))
    if index is None:
        raise Wrong("one index")
    if not 0 <= index < len(data):
        raise Wrong("not an index of data", index=index, n=len(data))
    label = int(data.targets[index])
    if label != bag:
        name = class_names[label]
        raise Wrong("Bag's label, not an index" if index == bag else "not a Bag", index=index, name=name)
    if (data.targets[:index] == bag).any():
        raise Wrong("not the first Bag")


# 04_how_a_network_learns

@exercise("04.1")
def _cross_entropy_grad(answer):
    """The gradient of F.cross_entropy(z, y) with respect to z, for any batch, class count and logit size."""
    f, g = learner_function(answer), torch.Generator().manual_seed(0)
    cases = [(3 * torch.randn(n, k, generator=g), torch.randint(k, (n,), generator=g)) for n, k in [(4, 10), (7, 5),
                                                                                                    (1, 3)]]
    cases.append((torch.tensor([[1000.0, 0.0, -1000.0], [0.0, 0.0, 0.0]]), torch.tensor([2, 0])))
    outputs = []
    for z, y in cases:
        leaf = z.clone().requires_grad_()
        F.cross_entropy(leaf, y).backward()
        given_z, given_y = z.clone(), y.clone()
        try:
            with torch.no_grad():  # from the formula: a function that calls backward() fails here
                got = called(f, given_z, given_y)
        except RuntimeError as e:
            if "does not require grad" in str(e) or "element 0 of tensors" in str(e):
                raise Wrong("uses autograd") from None
            raise
        if not (torch.equal(given_z, z) and torch.equal(given_y, y)):
            raise Wrong("changes its inputs in place", names="z or y")
        if not isinstance(got, torch.Tensor) or got.shape != z.shape:
            reads_globals(f, "z and y")
            raise Wrong("not z's shape", shape=tuple(z.shape), kind=type(got).__name__)
        got = got.detach().double()
        outputs.append(got)
        if close(got, leaf.grad, atol=1e-6):
            continue
        n, k = z.shape
        if not torch.isfinite(got).all():
            raise Wrong("unstable gradient")
        probs, onehot = z.double().softmax(dim=1), F.one_hot(y, k).double()
        for key, reference in [("sign flipped", -leaf.grad), ("not divided by N", leaf.grad * n),
                               ("softmax only", probs / n), ("one-hot missing", probs),
                               ("divided by a fixed N", (probs - onehot) / 4)]:
            if close(got, reference, atol=1e-6):
                raise Wrong(key)
        reads_globals(f, "z and y")
        raise Wrong("grad differs", n=n, k=k)


@exercise("04.2")
def _sgd_step(answer):
    """The in-place update torch.optim.SGD's step makes, for any learning rate, given a list or an iterator."""
    f = learner_function(answer)
    if "optim" in code_names(f):
        raise Wrong("uses torch.optim")
    for as_list, lr in [(True, 0.1), (True, 0.37), (False, 2.5)]:
        with fork_rng():
            torch.manual_seed(0)
            mine, X, y = nn.Linear(5, 3), torch.randn(8, 5), torch.randint(3, (8,))
            theirs = nn.Linear(5, 3)
        theirs.load_state_dict(mine.state_dict())
        for model in (mine, theirs):
            F.cross_entropy(model(X), y).backward()
        start = [p.detach().clone() for p in mine.parameters()]
        f(list(mine.parameters()) if as_list else mine.parameters(), lr)
        torch.optim.SGD(theirs.parameters(), lr=lr).step()
        moved = [p.detach() - p0 for p, p0 in zip(mine.parameters(), start)]
        grads = [p.grad for p in theirs.parameters()]
        if not all(p.grad is not None and torch.equal(p.grad, g) for p, g in zip(mine.parameters(), grads)):
            raise Wrong("gradients cleared" if all(p.grad is None or not p.grad.any() for p in mine.parameters())
                        else "gradients changed")
        if all(close(m, -lr * g, rtol=1e-5, atol=1e-6) for m, g in zip(moved, grads)):
            continue
        if not any(m.any() for m in moved):
            reads_globals(f, "parameters")
            raise Wrong("did not change" if as_list else "iterator used up")
        for key, step in [("moved up the gradient", lambda g: lr * g), ("a fixed lr", lambda g: -0.1 * g),
                          ("no learning rate", lambda g: -g), ("lr squared", lambda g: -lr * lr * g)]:
            if lr != 0.1 or key != "a fixed lr":
                if all(close(m, step(g), rtol=1e-5, atol=1e-6) for m, g in zip(moved, grads)):
                    raise Wrong(key, lr=lr)
        raise Wrong("step differs", lr=lr)


@exercise("04.3")
def _worse_than_guessing(answer, sweep):
    """The learning rates whose last 50 losses average above ln 10."""
    if isinstance(answer, dict):
        raise Wrong("a list, not a dict")
    if isinstance(answer, (int, float)) or integer(answer) is not None:
        raise Wrong("a list, even of one")
    if hasattr(answer, "tolist"):
        raise Wrong("a tensor, not a list")
    items = answer
    values = [tuple(losses) for losses in sweep.values()]
    if len(set(values)) < len(values):
        raise Wrong("sweep changed")
    if isinstance(items, str) or not isinstance(items, (list, tuple, set)):
        raise Wrong("a list, even of one")
    if any(isinstance(lr, str) for lr in items):
        raise Wrong("strings, not numbers")
    chosen = set()
    for lr in items:
        match = [known for known in sweep if isinstance(lr, (int, float)) and math.isclose(lr, known)]
        if not match:
            raise Wrong("not a learning rate of sweep", value=repr(lr))
        chosen.add(match[0])

    def above(rule):
        return {lr for lr, losses in sweep.items() if rule(losses)}

    expected = above(lambda losses: statistics.mean(losses[-50:]) > math.log(10))
    if chosen == expected:
        return
    for key, rule in [("all 300 losses", lambda losses: statistics.mean(losses) > math.log(10)),
                      ("the last loss only", lambda losses: losses[-1] > math.log(10)),
                      ("the first 50", lambda losses: statistics.mean(losses[:50]) > math.log(10)),
                      ("log10, not ln", lambda losses: statistics.mean(losses[-50:]) > math.log10(10)),
                      ("ever above", lambda losses: max(losses[-50:]) > math.log(10))]:
        if chosen == above(rule) != expected:
            raise Wrong(key)
    missing, extra = len(expected - chosen), len(chosen - expected)
    raise Wrong("missing and extra" if missing and extra else "missing" if missing else "extra",
                missing=missing, extra=extra)


# 05_baseline_model

def made_up_linear(seed: int, dropout: float = 0.0) -> nn.Module:
    """A logits model the learner has never seen, with its own weights (and dropout before its layer, if asked)."""
    with fork_rng():
        torch.manual_seed(seed)
        return nn.Sequential(nn.Flatten(), *([nn.Dropout(dropout)] if dropout else []), nn.Linear(784, 10))


def batch_accuracies(model, loader) -> tuple[list[float], list[int]]:
    """Each batch's accuracy and size, the model left in the mode it was in."""
    device, was_training = next(model.parameters()).device, model.training
    try:
        model.eval()
        with torch.inference_mode():
            pairs = [(accuracy(model(X.to(device)), y.to(device)), len(y))
                     for X, y in loader]
    finally:
        model.train(was_training)
    accs, sizes = zip(*pairs)
    return list(accs), list(sizes)


def plain_mean(model, loader) -> float:
    """The plain mean of the batches' accuracies: the tutorial's number."""
    accs, _ = batch_accuracies(model, loader)
    return sum(accs) / len(accs)


@exercise("05.1")
def _batch_mean_accuracy(answer, model, data):
    """The plain mean of the batches' accuracies, for any model and any loader, short last batch included."""
    f = learner_function(answer)
    data_2 = Subset(data.dataset, data.indices[:1234]) if isinstance(data, Subset) else data
    with_dropout = made_up_linear(3, dropout=0.5).eval()  # evaluation mode, as a trained model is measured
    trials = [(model, data, 1500), (made_up_linear(1), data_2, 700), (made_up_linear(2), data, 500),
              (with_dropout, data, 1000)]
    results = []
    for trial_model, trial_data, batch_size in trials:
        loader = InMemoryLoader(trial_data, batch_size=batch_size)
        was_training = trial_model.training
        try:
            with fork_rng():  # dropout, if it is switched on, draws from the learner's random state otherwise
                raw = called(f, trial_model, loader)
        finally:
            trial_model.train(was_training)
        if isinstance(raw, (list, tuple)) or isinstance(raw, torch.Tensor) and raw.numel() > 1:
            raise Wrong("a list of accuracies")
        results.append((trial_model, loader, number(raw, "batch_mean_accuracy")))
    if len({got for _, _, got in results}) == 1:
        reads_globals(f, "model and loader")
        raise Wrong("same answer for another model")
    mistakes = {  # a mistake explains the answer if it gives the same number on every trial
        "weighted by batch size": lambda accs, sizes: sum(a * n for a, n in zip(accs, sizes)) / sum(sizes),
        "the first batch only": lambda accs, sizes: accs[0], "the last batch only": lambda accs, sizes: accs[-1],
        "percent": lambda accs, sizes: 100 * sum(accs) / len(accs),
        "a count of right answers": lambda accs, sizes: sum(a * n for a, n in zip(accs, sizes)),
    }
    batches = [batch_accuracies(trial_model, loader) for trial_model, loader, _ in results]
    if all(close(got, sum(accs) / len(accs)) for (_, _, got), (accs, _) in zip(results, batches)):
        return
    for key, mistake in mistakes.items():
        if all(close(got, mistake(*b)) for (_, _, got), b in zip(results, batches)):
            raise Wrong(key)
    for (trial_model, loader, got), (accs, _) in zip(results, batches):
        if close(got, sum(accs) / len(accs)):
            continue
        if trial_model is with_dropout:
            raise Wrong("measured in training mode")
        if trial_model is not model and close(got, plain_mean(model, loader)):
            reads_globals(f, "model and loader")
            raise Wrong("same answer for another model")
        reads_globals(f, "model and loader")
        raise Wrong("batch mean differs", batch_size=loader.batch_size)


class CountingLoader:
    """Serves another loader's batches and counts how many passes over them were made, and how far each went."""

    def __init__(self, loader):
        self.loader, self.passes, self.batches = loader, [], []

    def __len__(self):
        return len(self.loader)

    def __iter__(self):
        self.passes.append(0)
        for X, y in self.loader:
            self.passes[-1] += 1
            self.batches.append((X.clone(), y.clone()))
            yield X, y


def replay_sgd(start: dict, batches, lr: float) -> dict:
    """One epoch of plain SGD on a Flatten + Linear logits model from the weights `start`, over `batches`."""
    with fork_rng():
        model = nn.Linear(784, 10)  # its random weights are replaced at once: the learner's random state is kept
    model.load_state_dict(start)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for X, y in batches:
        loss = F.cross_entropy(model(X.flatten(1)), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model.state_dict()


def reshuffled(loader: InMemoryLoader, seed: int, n: int | None = None) -> InMemoryLoader:
    """The same kind of loader over the same images (the first `n` of them), shuffled by a generator of the
    check's own, so that the learner's loader and its random state are left as they were."""
    copied = copy.copy(loader)
    copied.items, copied.shuffle = loader.items[:n], True
    copied.generator = torch.Generator().manual_seed(seed)
    return copied


def trains_one_sgd_epoch(f, train_loader) -> None:
    """Run `train_one_epoch` on a small loader of the check's own, with learning rates the lesson does not use, and
    compare the model it returns with one epoch of plain SGD replayed from the weights it started from."""
    for lr in (0.05, 0.3):
        loader = CountingLoader(reshuffled(train_loader, seed=1, n=656))  # 20 batches of 32, a short one of 16
        with fork_rng(), first_weights() as started:
            torch.manual_seed(3)
            model = called(f, lr, loader)
        if not isinstance(model, nn.Module):
            raise Wrong("returns a number, not a model" if not hasattr(model, "__len__") else "not a model",
                        kind=type(model).__name__)
        linears = chain(model, [784, 10])
        X = images(16, seed=5)
        out = run_model(model, X)
        if not close(out, forward_with(linears, X, None), rtol=1e-4, atol=1e-5):
            raise Wrong("not a logits model")
        if not loader.passes:
            reads_globals(f, "loader")
            raise Wrong("never used its loader")
        if len(loader.passes) > 1:
            raise Wrong("more than one epoch", passes=len(loader.passes))
        if loader.passes[0] < len(loader):
            raise Wrong("part of an epoch")
        if id(linears[0]) not in started:
            raise Wrong("trained another model")
        start = {name: weights.cpu() for name, weights in started[id(linears[0])].items()}
        trained = {name: p.detach().cpu() for name, p in linears[0].state_dict().items()}
        if all(close(trained[n], w, rtol=1e-4, atol=1e-6) for n, w in replay_sgd(start, loader.batches, lr).items()):
            continue
        if all(close(trained[n], start[n]) for n in start):
            raise Wrong("weights never changed")
        if all(close(trained[n], w, rtol=1e-4, atol=1e-6) for n, w in replay_sgd(start, loader.batches, 0.1).items()):
            raise Wrong("a fixed lr", lr=lr)
        raise Wrong("not one epoch of plain SGD", lr=lr)


def test_set_loader() -> InMemoryLoader:
    """The test set, which only the check looks at: to tell a learner who measured on it."""
    return InMemoryLoader(load_fashion_mnist(train=False), batch_size=1000)


LRS = (0.001, 0.01, 0.1, 1.0)
_reference_accs: dict = {}  # (train loader, val loader) -> {lr: [validation accuracy of each seed]}


def reference_accs(train_loader, val_loader, seeds=(0, 1, 2)) -> dict:
    """Each learning rate's validation accuracy after one epoch of plain SGD, over seeds of the check's own (the
    starting weights and the shuffle): the spread that one run has. Measured once per session and kept."""
    key = (id(train_loader), len(train_loader.items), train_loader.batch_size, id(val_loader))
    if key not in _reference_accs:
        accs = {lr: [] for lr in LRS}
        for seed, lr in itertools.product(seeds, LRS):
            model = made_up_linear(seed)  # its starting weights, then one epoch of SGD from them
            model[1].load_state_dict(replay_sgd(model[1].state_dict(), reshuffled(train_loader, seed), lr))
            accs[lr].append(evaluate(model, val_loader)[1])
        _reference_accs[key] = accs
    return _reference_accs[key]


@exercise("05.2")
def _choose_lr(answer, models, val_accs, best_lr, train_loader, val_loader):
    """train_one_epoch(lr, loader) trains one epoch of plain SGD; the learner measured each lr's model on the
    validation set (not the test set), within one run's spread of what such a model scores, and chose by it."""
    f = learner_function(answer)
    trains_one_sgd_epoch(f, train_loader)
    if is_blank(models) or is_blank(val_accs):
        raise NotDone
    for name, given in (("models", models), ("val_accs", val_accs)):
        if not isinstance(given, dict):
            raise Wrong("a dict by lr", name=name, kind=type(given).__name__)
        if sorted(given) != sorted(LRS):
            raise Wrong("the four lrs", name=name)
    for lr in LRS:
        if not isinstance(models[lr], nn.Module):
            raise Wrong("models holds models", kind=type(models[lr]).__name__)
        got = number(val_accs[lr], f"val_accs[{lr}]")
        val_acc = evaluate(models[lr], val_loader)[1]
        if close(got, val_acc, atol=1e-6):
            continue
        if close(got, evaluate(models[lr], test_set_loader())[1], atol=1e-6):  # the check's own look at the test set
            raise Wrong("measured on the test set")
        if close(got, 100 * val_acc, atol=1e-4):
            raise Wrong("percent")
        raise Wrong("not this model's validation accuracy", lr=lr)
    if len({id(m) for m in models.values()}) < len(LRS):
        raise Wrong("one model for every lr")
    spread = reference_accs(train_loader, val_loader)
    for lr in LRS:
        # Extra epochs or extra images lift a model above what one epoch gives. The other way is judged only where
        # runs agree: an unlucky last step can sink one epoch far below its mean (measured at lr 0.1: 0.58 against
        # a mean of 0.78, on 10,000 images).
        mean, sd = statistics.mean(spread[lr]), statistics.stdev(spread[lr])
        if val_accs[lr] > mean + max(5 * sd, 0.02):
            raise Wrong("too high for one epoch", lr=lr)
        # Low only at the small learning rates, whose last steps move the weights too little for one unlucky batch
        # to sink the model (at 0.1, one correct run in this course's tests fell 5 sd below the mean): there, a
        # model that stopped part-way (after a fixed number of batches, say) scores far below any whole epoch.
        if lr <= 0.01 and val_accs[lr] < mean - max(5 * sd, 0.03):
            raise Wrong("too low for one epoch", lr=lr)
    if best_lr is None:
        raise NotDone
    if best_lr not in LRS:
        raise Wrong("best_lr one of")
    if val_accs[best_lr] < max(val_accs.values()):
        raise Wrong("best_lr not the best measured")


# 06_deeper_models

@exercise("06.1")
def _bottleneck_model(answer):
    """Flatten, Linear(784, width), ReLU, Linear(width, 8), ReLU, Linear(8, 10): what forward computes, any width."""
    f = learner_function(answer)
    for width in (64, 32, 7):
        model = called(f, width)
        if not isinstance(model, nn.Module):
            raise Wrong("not a model", kind=type(model).__name__)
        linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
        if len(linears) == 3 and linears[0].out_features != width and linears[0].in_features == 784:
            raise Wrong("ignores width", width=width, got=linears[0].out_features)
        linears = chain(model, [784, width, 8, 10])
        X = images(5, seed=width)
        diagnose_forward(model, run_model(model, X), linears, X, "ReLU")
        same_in_training(model, X)
    if f(64) is f(64):
        raise Wrong("the same model every time")


@exercise("06.2")
def _sigmoid(answer, history, faster, relu_history, val_loader):
    """The trained 784-256-256-10 Sigmoid model, its own history, and which activation led after epoch 1."""
    if not isinstance(answer, nn.Module):
        raise Wrong("model_sigmoid is a trained model", kind=type(answer).__name__)
    linears = chain(answer, [784, 256, 256, 10])
    X = images(5, seed=6)
    diagnose_forward(answer, run_model(answer, X), linears, X, "Sigmoid")
    same_in_training(answer, X)
    history = history_of(history, "history_sigmoid")
    if abs(evaluate(answer, val_loader)[1] - history["val_acc"][-1]) > 1e-6:
        raise Wrong("history of another run")
    if len(history["val_acc"]) != len(relu_history["val_acc"]):
        raise Wrong("not as many epochs", epochs=len(relu_history["val_acc"]))
    if faster is None:
        raise NotDone
    if not isinstance(faster, str) or faster.strip().lower() not in ("relu", "sigmoid"):
        raise Wrong("faster is ReLU or Sigmoid")
    if faster.strip().lower() != ("relu" if relu_history["val_acc"][0] > history["val_acc"][0] else "sigmoid"):
        raise Wrong("not the faster one")


def history_of(history, name: str) -> dict:
    """`history` if it looks like what fit returns."""
    if history is None:
        raise NotDone
    if not isinstance(history, dict) or not {"train_loss", "val_loss", "val_acc"} <= history.keys():
        raise Wrong("not a history", name=name)
    return history


# 07_diagnose_and_improve

def confusion_as_made(confusion) -> None:
    """The validation set's confusion matrix still counts each class's validation images in its row (a matrix
    changed in place, to make an answer fit, usually does not)."""
    from fashion_dnn.data import split_train_val

    _, val_set = split_train_val(load_fashion_mnist(train=True))
    per_class = torch.bincount(labels_of(val_set), minlength=len(class_names))
    if not isinstance(confusion, torch.Tensor) or confusion.shape != (len(class_names),) * 2 or \
            not torch.equal(confusion.sum(dim=1).cpu().long(), per_class):
        raise Wrong("confusion changed")


@exercise("07.1")
def _per_class_acc(answer, confusion):
    """The diagonal over the row sums (true classes)."""
    a_tensor(answer, "per_class_acc")
    confusion_as_made(confusion)
    got = as_tensor(answer, "per_class_acc")
    right, per_true, per_predicted = confusion.diag().double(), confusion.sum(dim=1), confusion.sum(dim=0)
    if got.shape != right.shape:
        raise Wrong("one number per class", wanted=len(right), got=tuple(got.shape))
    expected = right / per_true
    if close(got, expected):
        return
    for key, reference in [("column sums", right / per_predicted), ("counts", right),
                           ("percent", 100 * expected), ("divided by all images", right / confusion.sum()),
                           ("error rates", 1 - expected), ("not in class order", expected.sort().values),
                           ("not in class order", expected.sort(descending=True).values)]:
        if close(got, reference):
            raise Wrong(key)
    if close(got, expected, atol=0.006):
        raise Wrong("rounded")
    raise Wrong("some fractions wrong")


@exercise("07.2")
def _hardest(answer, confusion):
    """The name of the class with the lowest fraction of its own images right."""
    confusion_as_made(confusion)
    if integer(answer) is not None:
        raise Wrong("an index, not a name")
    if not isinstance(answer, str):
        raise Wrong("a class name", kind=type(answer).__name__)
    if answer not in class_names:
        if answer.strip().lower() in [name.lower() for name in class_names]:
            raise Wrong("spelled differently", value=answer)
        raise Wrong("not a class name", value=answer)
    per_class = confusion.diag().double() / confusion.sum(dim=1)
    k = class_names.index(answer)
    if per_class[k] == per_class.min():
        return
    if per_class[k] == per_class.max():
        raise Wrong("the easiest")
    if k == (confusion.sum(dim=0) - confusion.diag()).argmax():
        raise Wrong("most often predicted wrongly")
    if k == confusion.diag().argmin() or k == (confusion.sum(dim=1) - confusion.diag()).argmax():
        raise Wrong("counts, not fractions")
    raise Wrong("another class is harder")


def smoothed_cross_entropy(loss, smoothing: float) -> None:
    """`loss` computes the mean cross-entropy with this much label smoothing (an nn.CrossEntropyLoss, or any
    function that gives the same), tried on logits and labels of the check's own."""
    if not callable(loss) or isinstance(loss, type):
        raise Wrong("loss_smooth is a CrossEntropyLoss", smoothing=smoothing)
    g = torch.Generator().manual_seed(8)
    logits, y = 3 * torch.randn(16, 10, generator=g), torch.randint(10, (16,), generator=g)
    got = number(loss(logits, y), "loss_smooth(logits, y)")
    if close(got, F.cross_entropy(logits, y, label_smoothing=smoothing)):
        return
    if close(got, F.cross_entropy(logits, y, label_smoothing=smoothing, reduction="sum")):
        raise Wrong("summed, not averaged")
    if close(got, F.cross_entropy(logits, y)):
        raise Wrong("no smoothing", smoothing=smoothing)
    if isinstance(loss, nn.CrossEntropyLoss) and loss.label_smoothing != smoothing:
        raise Wrong("smoothing is not 0.1", got=loss.label_smoothing, smoothing=smoothing)
    raise Wrong("loss_smooth is a CrossEntropyLoss", smoothing=smoothing)


@exercise("07.3")
def _label_smoothing(answer, loss, history, recipe, val_loader):
    """Rung 4's model trained with label smoothing 0.1, and its own history measured with that loss."""
    smoothing = 0.1  # as the exercise asks
    if not isinstance(answer, nn.Module):
        raise Wrong("model_smooth is a trained model", kind=type(answer).__name__)
    if loss is None:
        raise NotDone
    smoothed_cross_entropy(loss, smoothing)
    h = recipe["hidden"]
    linears = chain(answer, [784, h, h, 10])
    norms = [m for m in answer.modules() if isinstance(m, nn.BatchNorm1d)]
    if recipe["batch_norm"] and [m.num_features for m in norms] != [h, h]:
        raise Wrong("batch norm missing", hidden=h)
    if not recipe["batch_norm"] and norms:
        raise Wrong("batch norm extra")
    dropouts = [m.p for m in answer.modules() if isinstance(m, nn.Dropout) and m.p > 0]
    if dropouts != [recipe["dropout"]] * (2 if recipe["dropout"] else 0):  # it acts in training only: not in eval
        raise Wrong("dropout differs", got=", ".join(map(str, dropouts)) or "none",
                    wanted=recipe["dropout"] or "none")
    X = images(5, seed=7)
    diagnose_forward(answer, run_model(answer, X), linears, X, "ReLU", norms=norms or None)
    history = history_of(history, "history_smooth")
    if len(history["val_loss"]) != recipe["epochs"]:
        raise Wrong("epochs", got=len(history["val_loss"]), epochs=recipe["epochs"])
    target = torch.full((10,), smoothing / 10) + (1 - smoothing) * F.one_hot(torch.tensor(0), 10)
    if history["train_loss"][-1] <= -(target * target.log()).sum():  # cross-entropy >= the target's entropy
        raise Wrong("trained without smoothing", smoothing=smoothing)
    if not close(evaluate(answer, val_loader, loss), (history["val_loss"][-1], history["val_acc"][-1]), atol=1e-5):
        raise Wrong("history of another run, with this loss")


# 08_convolutions

CONV_SETTINGS = [(28, 3, 1, 0), (28, 3, 1, 1), (28, 3, 2, 1), (28, 5, 2, 0), (7, 2, 2, 0), (14, 3, 2, 0),
                 (5, 5, 1, 0), (32, 4, 3, 1), (10, 3, 3, 0), (1, 1, 1, 0), (9, 4, 2, 2), (13, 2, 2, 1), (6, 1, 4, 0),
                 (224, 7, 2, 3), (300, 11, 4, 2), (96, 5, 3, 0)]


def conv_side(n, k, s, p) -> int:
    """The side of F.conv2d's output for an n x n input, a k x k kernel, stride s and padding p, as PyTorch gives it."""
    return F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1]


@exercise("08.1")
def _conv_output_size(answer):
    """floor((n + 2p - k) / s) + 1, the side nn.Conv2d and nn.MaxPool2d give, for settings of the check's own."""
    f = learner_function(answer)
    raw = {case: called(f, *case) for case in CONV_SETTINGS}
    for value in raw.values():
        if integer(value) is None and not isinstance(value, float):
            raise Wrong("not one number", name="conv_output_size(...)", kind=type(value).__name__)
    if all(integer(v) is not None or isinstance(v, float) and v.is_integer() for v in raw.values()) and \
            any(integer(v) is None for v in raw.values()):
        raise Wrong("a float size")
    if any(integer(v) is None for v in raw.values()):
        raise Wrong("a whole number")
    got = {case: integer(v) for case, v in raw.items()}
    wrong = [case for case in CONV_SETTINGS if got[case] != conv_side(*case)]
    if not wrong:
        defaults = [(called(f, 28, 3), 26), (called(f, 28, 3, 2), 13)]
        try:
            defaults.append((f(28, 3, padding=1), 28))
        except TypeError as e:
            if "keyword" in str(e):
                raise Wrong("parameter names") from None
            raise
        if any(integer(value) != wanted for value, wanted in defaults):
            raise Wrong("defaults")
        return
    rules = [("rounds up", lambda n, k, s, p: -(-(n + 2 * p - k) // s) + 1),
             ("rounds to the nearest", lambda n, k, s, p: round((n + 2 * p - k) / s) + 1),
             ("one too few", lambda n, k, s, p: (n + 2 * p - k) // s),
             ("adds 1 before dividing", lambda n, k, s, p: (n + 2 * p - k + 1) // s),
             ("padding on one side", lambda n, k, s, p: (n + p - k) // s + 1),
             ("ignores padding", lambda n, k, s, p: (n - k) // s + 1),
             ("ignores stride", lambda n, k, s, p: n + 2 * p - k + 1),
             ("stride divides the kernel only", lambda n, k, s, p: n + 2 * p - k // s + 1)]
    for key, rule in rules:
        if all(got[case] == rule(*case) for case in CONV_SETTINGS):
            raise Wrong(key)
    reads_globals(f, "n")
    n, k, s, p = wrong[0]
    raise Wrong("sizes differ", n=n, k=k, s=s, p=p, got=got[wrong[0]])


class _ConvolutionsUsed(torch.utils._python_dispatch.TorchDispatchMode):
    """Records which of PyTorch's convolutions (aten.convolution, aten.conv2d, ...) run inside it."""

    def __init__(self):
        super().__init__()
        self.used = set()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        name = func.__name__
        if "conv" in name and "convert" not in name:
            self.used.add(name.split(".")[0])
        return func(*args, **(kwargs or {}))


def cross_correlation(x, w, stride=1, padding=0, mode="constant"):
    """The reference: F.conv2d of one 2-D image with one 2-D kernel, padded with zeros (or by `mode`)."""
    if padding and mode != "constant":
        x = F.pad(x[None, None], (padding,) * 4, mode=mode)[0, 0]
        padding = 0
    return F.conv2d(x[None, None], w[None, None], stride=stride, padding=padding)[0, 0]


@exercise("08.2")
def _conv2d_by_hand(answer):
    """F.conv2d for one 2-D image and one 2-D kernel, with stride and zero padding, without PyTorch's convolutions."""
    f, g = learner_function(answer), torch.Generator().manual_seed(8)
    cases = [((6, 7), (3, 3), 1, 0), ((6, 7), (3, 3), 1, 1), ((9, 8), (3, 3), 2, 1), ((5, 5), (1, 1), 1, 0),
             ((7, 9), (2, 3), 1, 0), ((8, 7), (3, 2), 2, 2), ((10, 10), (4, 4), 3, 1), ((5, 6), (2, 2), 2, 0)]
    for (h, wd), (kh, kw), s, p in cases:
        x, w = torch.randn(h, wd, generator=g), torch.randn(kh, kw, generator=g)
        given_x, given_w = x.clone(), w.clone()
        with _ConvolutionsUsed() as spy:
            raw = called(f, given_x, given_w, s, p) if (s, p) != (1, 0) else called(f, given_x, given_w)
        if spy.used:
            raise Wrong("uses PyTorch's convolution", op=sorted(spy.used)[0])
        if not (torch.equal(given_x, x) and torch.equal(given_w, w)):
            raise Wrong("changes its inputs in place", names="x or w")
        if getattr(raw, "dtype", None) is not None and str(raw.dtype).startswith(("torch.complex", "complex")):
            raise Wrong("complex")
        got, expected = as_tensor(raw, "conv2d_by_hand(x, w)"), cross_correlation(x, w, s, p)
        if close(got, expected, atol=1e-5):
            continue
        variants = [("flips the kernel", cross_correlation(x, w.flip(0, 1), s, p)),
                    ("kernel transposed", cross_correlation(x, w.T, s, p)),
                    ("ignores padding", cross_correlation(x, w, s, 0) if p else None),
                    ("ignores stride", cross_correlation(x, w, 1, p) if s > 1 else None),
                    ("stride skips outputs, not positions",
                     cross_correlation(x, w, 1, p)[:expected.shape[0], :expected.shape[1]] if s > 1 else None),
                    ("pads with edge values", cross_correlation(x, w, s, p, "replicate") if p else None),
                    ("averages", expected / w.numel())]
        for key, reference in variants:
            if reference is not None and close(got, reference, atol=1e-5):
                raise Wrong(key)
        if got.shape == expected.shape and close(got - got.flatten()[0], expected - expected.flatten()[0], atol=1e-5):
            raise Wrong("adds a bias")
        if got.shape != expected.shape:
            raise Wrong("08.2 shape", x_shape=(h, wd), w_shape=(kh, kw), s=s, p=p, got=tuple(got.shape))
        reads_globals(f, "x and w")
        raise Wrong("values differ", x_shape=(h, wd), w_shape=(kh, kw), s=s, p=p)


def shifted(images, down, right):
    """The reference: images moved down and right (negative: up and left), zeros coming in, a new tensor."""
    out, (h, w) = torch.zeros_like(images), images.shape[-2:]
    if abs(down) < h and abs(right) < w:
        out[..., max(down, 0):h + min(down, 0), max(right, 0):w + min(right, 0)] = \
            images[..., max(-down, 0):h - max(down, 0), max(-right, 0):w - max(right, 0)]
    return out


@exercise("08.3")
def _shift(answer):
    """Images moved by (down, right) pixels, either negative, zeros coming in; same shape and dtype, input untouched."""
    f, g = learner_function(answer), torch.Generator().manual_seed(83)
    floats = 0.1 + torch.rand(3, 1, 5, 7, generator=g)  # no zeros inside: a zero in the output came in from outside
    whole = torch.randint(1, 256, (2, 1, 6, 4), generator=g, dtype=torch.uint8)
    small = [(floats, d, r) for d, r in [(0, 0), (1, 0), (0, 2), (-1, 0), (0, -3), (2, -1), (-2, 3), (1, 1), (-1, -2)]]
    small += [(whole, 1, -2), (whole, -3, 0), (whole, -2, -1)]
    large = [(floats, 5, 0), (floats, 0, -7), (floats, 9, 2), (whole, 0, 4), (whole, -6, -5)]
    wrong, failed = [], None  # (images, down, right, what came back or None if it raised), and the first error
    for images, d, r in small + large:
        given = images.clone()
        try:
            got = called(f, given, d, r)
        except Wrong:
            raise
        except Exception as e:
            if not raised_in_learners_code(e):
                raise
            failed = failed or e
            wrong.append((images, d, r, None))
            continue
        if not torch.equal(given, images):
            raise Wrong("changes its inputs in place", names="images")
        if not isinstance(got, torch.Tensor):
            raise Wrong("not a tensor", name="shift(images, down, right)", kind=type(got).__name__)
        if got.shape == images.shape and got.dtype != images.dtype:
            raise Wrong("dtype changed", dtype=str(images.dtype).removeprefix("torch."),
                        got=str(got.dtype).removeprefix("torch."))
        if got.untyped_storage().data_ptr() == given.untyped_storage().data_ptr():
            raise Wrong("shares memory")
        if got.shape != images.shape or not torch.equal(got, shifted(images, d, r)):
            wrong.append((images, d, r, got))
    if not wrong:
        return
    for key, only_these in [("a zero shift", lambda images, d, r: d == 0 or r == 0),
                            ("large shifts", lambda images, d, r: abs(d) >= images.shape[-2]
                             or abs(r) >= images.shape[-1]),
                            ("negative shifts", lambda images, d, r: d < 0 or r < 0)]:
        if all(only_these(images, d, r) for images, d, r, _ in wrong):
            raise Wrong(key)
    if failed is not None:
        raise failed  # it raised on shifts of several kinds: say where in the learner's code
    for key, rule in [("directions reversed", lambda images, d, r: shifted(images, -d, -r)),
                      ("down and right swapped", lambda images, d, r: shifted(images, r, d)),
                      ("wraps around", lambda images, d, r: images.roll((d, r), dims=(-2, -1)))]:
        if all(got.shape == images.shape and torch.equal(got, rule(images, d, r)) for images, d, r, got in wrong):
            raise Wrong(key)
    if all(got.shape == images.shape and (got != 0).sum() > (ref != 0).sum() and torch.equal(got * (ref != 0), ref)
           for images, d, r, got in wrong for ref in [shifted(images, d, r)]):
        raise Wrong("fills with something else")
    images, d, r, got = wrong[0]
    reads_globals(f, "images")
    if got.shape != images.shape:
        raise Wrong("shape changed", shape=tuple(images.shape), got=tuple(got.shape))
    reads_globals(f, "images")
    raise Wrong("shifted images differ", shape=tuple(images.shape), d=d, r=r)
