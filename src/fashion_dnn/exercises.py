"""The exercises' self-checks: each computes its own expected answer, so the notebooks' check cells show none."""

import copy
import itertools
import math
import numbers
import statistics

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import Subset

from fashion_dnn.data import InMemoryLoader, class_names
from fashion_dnn.engine import accuracy, test_step

CHECKS = {}  # "NN.k" (notebook, exercise) -> (what the answer is, checker)


class NotDone(Exception):
    """The answer is still blank (None, or a function that returns None)."""


class Wrong(Exception):
    """What is wrong with an answer, raised from inside a checker's helpers."""


def exercise(key: str, what: str):
    """Register `checker(answer, **context)` for exercise `key`; it returns None if right, else what is wrong."""
    def register(checker):
        CHECKS[key] = (what, checker)
        return checker
    return register


def verdict(key: str, answer, **context) -> tuple[str, str]:
    """("not done" | "wrong" | "correct", the message) for exercise `key`, e.g. "04.1"."""
    if key not in CHECKS:
        raise KeyError(f"no exercise {key!r}; the exercises are {', '.join(sorted(CHECKS))}")
    what, checker = CHECKS[key]
    try:
        if answer is None:
            raise NotDone
        problem = checker(answer, **context)
    except NotDone:
        return "not done", f"Not done yet: {what}."
    except Wrong as e:
        problem = str(e)
    if problem:
        return "wrong", f"Not right yet: {what}. {problem}"
    return "correct", f"Correct: {what}."


def check(key: str, answer, **context) -> None:
    """Say whether exercise `key`'s answer is right, without showing the answer. Introduced in 01_pixels."""
    print(verdict(key, answer, **context)[1])


def called(function, *args):
    """Call a learner's function: None from an unwritten one means not done; from a written one, a missing return."""
    result = function(*args)
    if result is None:
        if is_blank_function(function):
            raise NotDone
        raise Wrong("It returns None: is its `return` missing?")
    return result


def close(a, b, rtol=1e-5, atol=1e-6) -> bool:
    """Whether two numbers or tensors are equal up to rounding (same shape for tensors)."""
    a, b = (torch.as_tensor(t).detach().cpu().double() for t in (a, b))  # answers may live on a GPU
    return a.shape == b.shape and torch.allclose(a, b, rtol=rtol, atol=atol)


def _blank(*args, **kwargs):
    ...  # what an exercise's function looks like before it is written


def is_blank_function(f) -> bool:
    """Whether `f` is a function whose body is still only `...` or `pass`."""
    code, blank = getattr(f, "__code__", None), _blank.__code__
    return code is not None and (code.co_code, code.co_consts) == (blank.co_code, blank.co_consts)


def learner_function(f):
    """`f`, if it is a function that has been written."""
    if not callable(f):
        raise Wrong(f"It should be a function, not a {type(f).__name__}.")
    if is_blank_function(f):
        raise NotDone
    return f


def integer(x) -> int | None:
    """`x` as an int if it is a whole number (a Python or NumPy int, or a one-element integer tensor), else None."""
    if isinstance(x, torch.Tensor) and x.numel() == 1 and not x.is_floating_point() and x.dtype != torch.bool:
        return int(x.item())
    return int(x) if isinstance(x, numbers.Integral) and not isinstance(x, bool) else None


def number(x, name: str) -> float:
    """`x` as a float if it is one number (a float, an int or a one-element tensor); else it is wrong."""
    if isinstance(x, torch.Tensor) and x.numel() == 1:
        return x.item()
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return float(x)
    raise Wrong(f"{name} should give one number, not a {type(x).__name__}.")


def layers(model: nn.Module) -> list[str]:
    """The modules that do the work, in order, as short names: ["Flatten", "Linear(784, 10)", "ReLU", ...]."""
    def name(m):
        if isinstance(m, nn.Linear):
            return f"Linear({m.in_features}, {m.out_features})"
        if isinstance(m, nn.BatchNorm1d):
            return f"BatchNorm1d({m.num_features})"
        return f"Dropout({m.p})" if isinstance(m, nn.Dropout) else type(m).__name__
    return [name(m) for m in model.modules() if not list(m.children())]


def evaluate(model: nn.Module, loader, loss_fn) -> tuple[float, float]:
    """test_step's loss and accuracy on the model's own device, leaving the model in the mode it was in."""
    was_training = model.training
    try:
        return test_step(model, loader, loss_fn, next(model.parameters()).device)
    finally:
        model.train(was_training)


def history_of(history, name: str) -> dict:
    """`history` if it looks like what fit returns."""
    if history is None:
        raise NotDone
    if not isinstance(history, dict) or not {"train_loss", "val_loss", "val_acc"} <= history.keys():
        raise Wrong(f"{name} should be the dict of per-epoch lists that fit returns.")
    return history


@exercise("01.1", "brightest, the (row, column) of grid's brightest pixel")
def _brightest(answer, grid):
    """Exercise 01_pixels 1: any pixel that holds the grid's maximum."""
    pair = answer.tolist() if isinstance(answer, torch.Tensor) else answer
    if not isinstance(pair, (tuple, list)) or len(pair) != 2 or None in map(integer, pair):
        return "Give a (row, column) pair of whole numbers."
    row, col = map(integer, pair)
    if not (0 <= row < grid.shape[0] and 0 <= col < grid.shape[1]):
        return f"({row}, {col}) is not a pixel of the {grid.shape[0]} x {grid.shape[1]} grid."
    if grid[row, col] < grid.max():
        return f"The pixel at ({row}, {col}) has value {grid[row, col].item()}, but some pixel is brighter."


@exercise("01.2", "features_64, the number of features of a flattened 64 x 64 colour picture")
def _features_64(answer):
    """Exercise 01_pixels 2: channels x height x width."""
    picture = torch.zeros(3, 64, 64)  # channels first, as PyTorch stores colour pictures
    if integer(answer) is None:
        return "Give a whole number (an int)."
    if integer(answer) == picture[0].numel():
        return "That counts one value per pixel, but a colour picture has three values (channels) per pixel."
    if integer(answer) != picture.flatten().numel():
        return "Count every value in the picture: one per channel, row and column."


@exercise("01.3", "gray, rgb in grayscale")
def _gray(answer, rgb):
    """Exercise 01_pixels 3: 0.299 R + 0.587 G + 0.114 B at every pixel, on the 0-255 scale."""
    weights = torch.tensor([0.299, 0.587, 0.114], dtype=torch.float64)
    if not isinstance(answer, torch.Tensor) or answer.shape != rgb.shape[1:]:
        return f"gray should be a tensor of shape {tuple(rgb.shape[1:])}: one value per pixel, (height, width)."
    if not answer.is_floating_point():
        return "gray should be a float tensor: the weighted sum has fractions."
    wrong = ~torch.isclose(answer.double(), torch.tensordot(weights, rgb.double(), dims=1), rtol=1e-5, atol=1e-3)
    if not wrong.any():
        return None
    if close(answer, torch.tensordot(weights, rgb.double(), dims=1) / 255, atol=1e-4):
        return "Keep rgb's 0-255 scale: gray should not be divided by 255."
    if close(answer, rgb.double().mean(dim=0), atol=1e-3):
        return "That weighs the three channels equally; use the weights 0.299, 0.587 and 0.114."
    if any(close(answer, torch.tensordot(weights[list(order)], rgb.double(), dims=1), atol=1e-3)
           for order in itertools.permutations(range(3))):
        return "The weights are on the wrong channels: 0.299 goes with R (rgb[0]), 0.587 with G, 0.114 with B."
    row, col = wrong.nonzero()[0].tolist()
    return (f"{wrong.sum().item()} of the {wrong.numel()} pixels differ from 0.299 R + 0.587 G + 0.114 B, "
            f"for example at ({row}, {col}).")


@exercise("02.1", "log_softmax(z)")
def _log_softmax(answer):
    """Exercise 02_sigmoid_softmax_cross_entropy 1: F.log_softmax(z, dim=1), even for huge logits."""
    f, g = learner_function(answer), torch.Generator().manual_seed(0)
    batches = [3 * torch.randn(6, 10, generator=g), torch.randn(1, 4, generator=g), torch.randn(7, 2, generator=g),
               torch.tensor([[1000.0, 1001.0, 1002.0], [-3.0, 0.0, 3.0]])]
    for z in batches:
        got = called(f, z.clone())
        if not isinstance(got, torch.Tensor) or got.shape != z.shape:
            return f"log_softmax(z) should return a tensor of z's shape, {tuple(z.shape)}."
        if not torch.isfinite(got).all():
            return "It gives inf or nan for logits like 1000: it is not numerically stable. Subtract each row's max."
        if close(got, F.log_softmax(z, dim=1)):
            continue
        if close(got, F.softmax(z, dim=1)):
            return "That is the softmax; take its log."
        if close(got, F.log_softmax(z, dim=0)):
            return "It normalises each column; normalise each row (dim=1), one row per example."
        return f"On a batch of shape {tuple(z.shape)} it differs from F.log_softmax(z, dim=1)."


@exercise("02.2", "binary_cross_entropy(p, y)")
def _binary_cross_entropy(answer):
    """Exercise 02_sigmoid_softmax_cross_entropy 2: the mean binary cross-entropy, as F.binary_cross_entropy."""
    f, g = learner_function(answer), torch.Generator().manual_seed(0)
    for n in (3, 8, 1):
        p, y = 0.05 + 0.9 * torch.rand(n, generator=g), torch.arange(n).remainder(2).float()
        got, expected = number(called(f, p.clone(), y.clone()), "binary_cross_entropy"), F.binary_cross_entropy(p, y)
        if close(got, expected):
            continue
        if close(got, -expected):
            return "The sign is flipped: a loss is positive, so mind the minus sign in front of the sum."
        if close(got, expected * n):
            return "That is the sum over the batch; take the mean."
        if close(got, -(y * p.log()).mean()) or close(got, -(y * p.log()).sum()):
            return "The (1 - y) log(1 - p) term is missing: examples with label 0 count too."
        return f"For a batch of {n} it differs from F.binary_cross_entropy(p, y)."


@exercise("02.3", "double_softmax_floor(K)")
def _double_softmax_floor(answer):
    """Exercise 02_sigmoid_softmax_cross_entropy 3: the loss F.cross_entropy gives on a one-hot softmax output."""
    f, y = learner_function(answer), torch.tensor([0])
    got = {K: number(called(f, K), "double_softmax_floor") for K in (2, 3, 10, 100, 1000)}
    if len(set(got.values())) == 1:
        return "It gives the same value for every K, but the floor depends on the number of classes."
    for K, value in got.items():
        if close(value, math.log(K)):
            return "That is ln K, the loss of a uniform guess; the best softmax output does better than that."
        if not close(value, F.cross_entropy(F.one_hot(y, K).float(), y)):
            return f"For K={K} it differs from the loss CrossEntropyLoss gives on the best possible softmax output."


@exercise("03.1", "counts, the number of images of each class")
def _counts(answer, data):
    """Exercise 03_data_loading 1: the labels counted by class index."""
    try:
        counts = torch.as_tensor(answer).detach().cpu().flatten()
    except (TypeError, ValueError, RuntimeError):
        return "Give a tensor (or list) of counts."
    targets = data.dataset.targets[data.indices] if isinstance(data, Subset) else data.targets
    expected = torch.bincount(targets, minlength=len(class_names))
    if len(counts) != len(expected):
        return f"counts should have one entry per class, {len(expected)} in all, not {len(counts)}."
    if not close(counts.sum(), len(data)):
        return f"The counts add up to {counts.sum().item()}, but they should add up to len(data), its number of images."
    if close(counts.sort().values, expected.sort().values) and not close(counts, expected):
        return "The counts are not in class-index order: entry k should count the images of label k."
    if not close(counts, expected):
        return "Some classes' counts are wrong."


@exercise("03.2", "num_batches(n, batch_size, drop_last)")
def _num_batches(answer):
    """Exercise 03_data_loading 2: len(DataLoader(range(n), batch_size=batch_size, drop_last=drop_last))."""
    f = learner_function(answer)
    cases = [(n, b, d) for n, b in [(60000, 32), (10000, 32), (640, 32), (7, 10), (33, 32), (1, 1), (5000, 1000)]
             for d in (False, True)]
    got = {case: integer(called(f, *case)) for case in cases}
    if None in got.values():
        return "num_batches should return a whole number (an int): a batch is never split."
    wrong = [(n, b, d) for n, b, d in cases
             if got[(n, b, d)] != len(torch.utils.data.DataLoader(range(n), batch_size=b, drop_last=d))]
    if wrong and all(not d and got[(n, b, d)] == n // b for n, b, d in wrong):
        return "It forgets the short last batch: with drop_last=False, a DataLoader keeps it."
    if wrong and all(d and got[(n, b, d)] == math.ceil(n / b) for n, b, d in wrong):
        return "It ignores drop_last: with drop_last=True, a DataLoader drops a short last batch."
    if wrong:
        n, b, d = wrong[0]
        return f"It is wrong for n={n}, batch_size={b}, drop_last={d}."


@exercise("03.3", "bag_index, the index of the first Bag")
def _bag_index(answer, data):
    """Exercise 03_data_loading 3: the first index whose label is Bag."""
    index, bag = integer(answer), class_names.index("Bag")
    if index is None:
        return "Give an index: a whole number."
    if not 0 <= index < len(data):
        return f"{index} is not an index of data, which has {len(data)} images."
    if data.targets[index] != bag:
        name = class_names[data.targets[index]]
        return f"Image {index} is {'an' if name[0] in 'AEIOU' else 'a'} {name}, not a Bag."
    if (data.targets[:index] == bag).any():
        return "That is a Bag, but not the first one."


@exercise("04.1", "cross_entropy_grad(z, y)")
def _cross_entropy_grad(answer):
    """Exercise 04_how_a_network_learns 1: the gradient of F.cross_entropy(z, y) with respect to z."""
    f, g = learner_function(answer), torch.Generator().manual_seed(0)
    for n, k in [(4, 10), (7, 5), (1, 3)]:
        z, y = 3 * torch.randn(n, k, generator=g), torch.randint(k, (n,), generator=g)
        leaf = z.clone().requires_grad_()
        F.cross_entropy(leaf, y).backward()
        try:
            got = called(f, z.clone(), y.clone())
        except RuntimeError as e:
            return (f"It fails for {n} examples of {k} classes ({str(e).splitlines()[0]}). If it uses F.one_hot(y), "
                    "give it num_classes=z.shape[1]: from y alone it guesses the number of classes.")
        if not isinstance(got, torch.Tensor) or got.shape != z.shape:
            return f"cross_entropy_grad(z, y) should return a tensor of z's shape, {tuple(z.shape)}."
        got = got.detach()
        if close(got, leaf.grad):
            continue
        if close(got, -leaf.grad):
            return "The sign is flipped: the true class's entries should be negative."
        if close(got, leaf.grad * n):
            return "That is the gradient of the summed loss; F.cross_entropy takes the batch mean."
        return f"For a batch of {n} rows and {k} classes it differs from the gradient autograd computes."


@exercise("04.2", "sgd_step(parameters, lr)")
def _sgd_step(answer):
    """Exercise 04_how_a_network_learns 2: the same in-place update as torch.optim.SGD's step."""
    f, lr = learner_function(answer), 0.1
    for as_list in (True, False):
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(0)
            mine, X, y = nn.Linear(5, 3), torch.randn(8, 5), torch.randint(3, (8,))
        theirs = copy.deepcopy(mine)
        for model in (mine, theirs):
            F.cross_entropy(model(X), y).backward()
        start = [p.detach().clone() for p in mine.parameters()]
        try:
            f(list(mine.parameters()) if as_list else mine.parameters(), lr)
        except RuntimeError as e:
            if "leaf" not in str(e):
                raise
            return "PyTorch refuses to change a weight that requires grad in place: update under torch.no_grad()."
        torch.optim.SGD(theirs.parameters(), lr=lr).step()
        moved = [p.detach() - p0 for p, p0 in zip(mine.parameters(), start)]
        wanted = [-lr * p.grad for p in theirs.parameters()]
        if all(close(m, w, rtol=1e-5, atol=1e-7) for m, w in zip(moved, wanted)):
            continue
        if not any(m.any() for m in moved):
            return ("The parameters did not change: change each one in place (p -= ...), not a new tensor." if as_list
                    else "Given model.parameters(), an iterator that runs only once, the parameters did not change.")
        if all(close(m, -w) for m, w in zip(moved, wanted)):
            return "The parameters moved up the gradient: subtract the step, do not add it."
        if all(close(m, w / lr) for m, w in zip(moved, wanted)):
            return "The step should be the learning rate times the gradient."
        return "The parameters differ from what torch.optim.SGD's step makes of them."


@exercise("04.3", "worse_than_guessing, the learning rates that end worse than ln 10")
def _worse_than_guessing(answer, sweep):
    """Exercise 04_how_a_network_learns 3: the lrs whose last 50 losses average above ln 10."""
    if not isinstance(answer, (list, tuple, set)):
        return "Give a list of learning rates, even if there is only one."
    if unknown := [lr for lr in answer if lr not in sweep]:
        return f"{unknown[0]} is not one of sweep's learning rates."
    expected = {lr for lr, losses in sweep.items() if statistics.mean(losses[-50:]) > math.log(10)}
    missing, extra = len(expected - set(answer)), len(set(answer) - expected)
    problems = [f"{missing} learning rate(s) that end above ln 10 are missing from your list."] if missing else []
    problems += [f"{extra} of yours do not end above ln 10 over their last 50 losses."] if extra else []
    return " ".join(problems)


@exercise("05.1", "batch_mean_accuracy(model, loader)")
def _batch_mean_accuracy(answer, model, data):
    """Exercise 05_baseline_model 1: the plain mean of the batches' accuracies, with a short last batch."""
    f, was_training = learner_function(answer), model.training
    device = next(model.parameters()).device
    try:
        for batch_size in (1500, 700):
            loader = InMemoryLoader(data, batch_size=batch_size)
            model.eval()
            with torch.inference_mode():
                accs, sizes = zip(*[(accuracy(model(X.to(device)), y.to(device)), len(y)) for X, y in loader])
            got = number(called(f, model, loader), "batch_mean_accuracy")
            if close(got, sum(accs) / len(accs)):
                continue
            if close(got, sum(a * n for a, n in zip(accs, sizes)) / sum(sizes)):
                return ("That is the fraction of all images that are right, weighted by batch size; the exercise "
                        "asks for the tutorial's plain mean over batches.")
            if close(got, accs[0]):
                return "That is the accuracy of the first batch only; average over all the batches."
            return f"With batches of {batch_size} it differs from the plain mean of the batches' accuracies."
    finally:
        model.train(was_training)


@exercise("05.2", "train_one_epoch(lr) and best_lr")
def _train_one_epoch(answer, best_lr, val_loader):
    """Exercise 05_baseline_model 2: a freshly trained logits model per lr, and the lr whose model scores best."""
    f, lrs = learner_function(answer), (0.001, 0.01, 0.1, 1.0)
    if best_lr is None:
        raise NotDone
    models = {lr: called(f, lr) for lr in lrs}
    if any(isinstance(m, (numbers.Number, torch.Tensor)) for m in models.values()):
        return "train_one_epoch should return the trained model, not a number."
    if not all(isinstance(m, nn.Module) and [n for n in layers(m) if n != "Flatten"] == ["Linear(784, 10)"]
               for m in models.values()):
        return "train_one_epoch should return the logits model nn.Sequential(nn.Flatten(), nn.Linear(784, 10))."
    accs = {lr: evaluate(m, val_loader, nn.CrossEntropyLoss())[1] for lr, m in models.items()}
    if len({id(m) for m in models.values()}) < len(lrs) or len(set(accs.values())) == 1:
        return "The models for different learning rates score the same: does it build a new model each time?"
    if accs[0.1] <= 0.75:
        return "The models score too low on the validation set: does it train each one for a whole epoch?"
    if accs[0.001] > 0.75:
        return ("At lr 0.001 the model scores higher than one epoch of plain SGD can reach: does it clear the "
                "gradients with optimizer.zero_grad() before each backward()?")
    if best_lr not in lrs:
        return f"best_lr should be one of {', '.join(map(str, lrs))}."
    if accs[best_lr] < max(accs.values()):
        return "best_lr is not the learning rate whose model scores highest on the validation set."


@exercise("06.1", "bottleneck_model(width)")
def _bottleneck_model(answer):
    """Exercise 06_deeper_models 1: Linear(784, width), ReLU, Linear(width, 8), ReLU, Linear(8, 10), logits out."""
    f = learner_function(answer)
    for width in (64, 32):
        model = called(f, width)
        if not isinstance(model, nn.Module):
            return "bottleneck_model(width) should return a model (an nn.Module)."
        got = [name for name in layers(model) if name != "Flatten"]
        linears = [name for name in got if name.startswith("Linear")]
        wanted = [f"Linear(784, {width})", f"Linear({width}, 8)", "Linear(8, 10)"]
        if len(linears) == len(got) == 3:
            return ("There is no nonlinearity between the Linear layers: without it, the three layers collapse into "
                    "one linear map.")
        if not got[-1].startswith("Linear"):
            return "Nothing should follow the last Linear layer: the model outputs logits, so no ReLU or softmax."
        if len(linears) != 3:
            return f"Model 2 has three Linear layers, 784 → width → 8 → 10, not {len(linears)}."
        for layer, got_one, wanted_one in zip(["first hidden", "second hidden", "output"], linears, wanted):
            if got_one != wanted_one:
                return (f"The {layer} layer is {got_one} in bottleneck_model({width}): the first hidden layer should "
                        "have width units, the second 8, and the output 10.")
        if got != [wanted[0], "ReLU", wanted[1], "ReLU", wanted[2]]:
            return "Put one nn.ReLU() after each hidden Linear layer, and nothing else between the layers."
        try:
            with torch.no_grad():
                out = model(torch.rand(2, 1, 28, 28, device=next(model.parameters()).device))
        except RuntimeError:
            return "It fails on a batch of images of shape (2, 1, 28, 28): does it start with nn.Flatten()?"
        if out.shape != (2, 10):
            return f"On a batch of shape (2, 1, 28, 28) it gives {tuple(out.shape)}, not 10 logits per image."


@exercise("06.2", "model_sigmoid, history_sigmoid and faster")
def _sigmoid(answer, history, faster, relu_history, val_loader):
    """Exercise 06_deeper_models 2: the trained sigmoid model, its own history, and which activation learns faster."""
    if is_blank_function(answer):
        raise NotDone
    if not isinstance(answer, nn.Module):
        return "model_sigmoid should be the trained model that train(sigmoid_model) returns first."
    if "ReLU" in layers(answer):
        return "model_sigmoid still has a ReLU: replace both ReLUs with nn.Sigmoid()."
    if layers(answer) != ["Flatten", "Linear(784, 256)", "Sigmoid", "Linear(256, 256)", "Sigmoid", "Linear(256, 10)"]:
        return "model_sigmoid should be the deep model 784 → 256 → 256 → 10 with a Sigmoid after each hidden layer."
    history = history_of(history, "history_sigmoid")
    if abs(evaluate(answer, val_loader, nn.CrossEntropyLoss())[1] - history["val_acc"][-1]) > 1e-6:
        return "This history does not belong to model_sigmoid: keep both from the same train(sigmoid_model) call."
    if len(history["val_acc"]) != len(relu_history["val_acc"]):
        return "Train it with train, as the ReLU model was, for the same number of epochs."
    if faster is None:
        raise NotDone
    if not isinstance(faster, str) or faster.lower() not in ("relu", "sigmoid"):
        return 'faster should be "ReLU" or "Sigmoid".'
    if faster.lower() != ("relu" if relu_history["val_acc"][0] > history["val_acc"][0] else "sigmoid"):
        return "faster is not the activation with the higher validation accuracy after the first epoch."


@exercise("07.1", "per_class_acc, each class's fraction of right answers")
def _per_class_acc(answer, confusion):
    """Exercise 07_diagnose_and_improve 1: the diagonal over the row sums (true classes)."""
    try:
        got = torch.as_tensor(answer).detach().cpu().double().flatten()
    except (TypeError, ValueError, RuntimeError):
        return "Give a tensor (or list) of numbers."
    right, per_true, per_predicted = confusion.diag().double(), confusion.sum(dim=1), confusion.sum(dim=0)
    if len(got) != len(right):
        return f"per_class_acc should have one number per class, {len(right)} in all, not {len(got)}."
    if close(got, right / per_true):
        return None
    if close(got, right / per_predicted):
        return ("That divides by the column sums, how often each class was predicted; divide by the number of images "
                "of each true class.")
    if close(got, right):
        return "Those are counts; divide each by the number of images of its true class."
    if close(got, 100 * right / per_true):
        return "Give fractions between 0 and 1, not percentages."
    return "Some entries differ from the fraction of each class's images that the model gets right."


@exercise("07.2", "hardest, the name of the hardest class")
def _hardest(answer, confusion):
    """Exercise 07_diagnose_and_improve 2: the name of the class with the lowest per-class accuracy."""
    if integer(answer) is not None:
        return "Give the class name (from class_names), not its index."
    if not isinstance(answer, str) or answer not in class_names:
        return f"{answer!r} is not one of class_names."
    per_class = confusion.diag() / confusion.sum(dim=1)
    k = class_names.index(answer)
    if per_class[k] == per_class.min():
        return None
    if per_class[k] == per_class.max():
        return "That is the easiest class: the model gets its images right most often."
    if k == (confusion.sum(dim=0) - confusion.diag()).argmax():
        return ("That class is most often predicted wrongly (its column); the hardest class is the one whose own "
                "images are most often missed (its row).")
    return "Another class has a lower fraction of its images right."


@exercise("07.3", "model_smooth, loss_smooth and history_smooth")
def _label_smoothing(answer, loss, history, recipe, val_loader):
    """Exercise 07_diagnose_and_improve 3: rung 4's model trained with label smoothing 0.1, and its own history."""
    smoothing = 0.1  # as the exercise asks
    if not isinstance(answer, nn.Module):
        return "model_smooth should be the trained model."
    if loss is None:
        raise NotDone
    if not isinstance(loss, nn.CrossEntropyLoss) or loss.label_smoothing != smoothing:
        return f"loss_smooth should be nn.CrossEntropyLoss(label_smoothing={smoothing})."
    h, drop = recipe["hidden"], [f"Dropout({recipe['dropout']})"] if recipe["dropout"] else []
    norm = [f"BatchNorm1d({h})"] if recipe["batch_norm"] else []
    if layers(answer) != ["Flatten", f"Linear(784, {h})", *norm, "ReLU", *drop, f"Linear({h}, {h})", *norm, "ReLU",
                          *drop, f"Linear({h}, 10)"]:
        return "model_smooth is not the recipe's model: build it with mlp(), from the recipe's settings."
    history = history_of(history, "history_smooth")
    if len(history["val_loss"]) != recipe["epochs"]:
        return f"history_smooth has {len(history['val_loss'])} epochs; the recipe trains {recipe['epochs']}."
    target = torch.full((10,), smoothing / 10) + (1 - smoothing) * F.one_hot(torch.tensor(0), 10)
    if history["train_loss"][-1] <= -(target * target.log()).sum():  # cross-entropy >= the target's entropy
        return (f"The training loss is below what label smoothing {smoothing} allows: was the model trained "
                "with this loss?")
    if not close(evaluate(answer, val_loader, loss), (history["val_loss"][-1], history["val_acc"][-1]), atol=1e-5):
        return "This history does not belong to model_smooth, measured with loss_smooth: keep all three from one run."
