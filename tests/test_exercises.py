"""Every exercise's self-check, tried as learners would: blank answers are "not done", worked and unusual right
answers are "correct", and each wrong answer is refused with the message written for that mistake (its key in
fashion_dnn/messages.py), never one that gives the answer away.

For every exercise there are wrong answers of each kind that applies: structure only (modules registered, never
called), one value of a parameter hard-coded, a notebook global read instead of an argument, an edge case (logits
far apart, a short last batch), extra epochs or data, and a crash inside the learner's own code. If a check is
weakened, the case it no longer refuses fails here.
"""

import copy
import functools
import math
import re
from collections import Counter

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import Subset
from torchvision.datasets import FashionMNIST

from fashion_dnn import InMemoryLoader, class_names, fit, load_fashion_mnist, set_seed, split_train_val
from fashion_dnn import test_step as evaluate  # a name pytest does not collect
from fashion_dnn.exercises import CHECKS, check, hint, is_blank_function, verdict

CONTEXTS = {}  # exercise key -> () -> the keyword arguments its check cell passes
CASES = []     # pytest.param(key, answer, context, expected); answer and context are built lazily


def case(key, expected, name, answer, context=None):
    """Exercise `key`'s answer `answer()` (with `context()`, else the exercise's usual one) must get `expected`:
    "not done", "correct", or the key of the message written for this mistake."""
    CASES.append(pytest.param(key, answer, context or CONTEXTS.get(key, dict), expected,
                              id=f"{key} {expected}: {name}"))


def blank(*args):
    ...  # an unwritten exercise function


def blank_with_docstring(*args):
    """What the answer should do, as a learner might write before the body."""
    ...


# The data and small trainings the cases share: each computed once, and only when a selected case needs it

@functools.cache
def fashion_test_data():
    return load_fashion_mnist(train=False)


@functools.cache
def splits():
    return split_train_val(load_fashion_mnist(train=True))


@functools.cache
def val_loader():
    return InMemoryLoader(splits()[1], batch_size=1000)


def train_subset(n):
    train_set = splits()[0]
    return Subset(train_set.dataset, train_set.indices[:n])


@functools.cache
def skewed_data(n=1500):
    """A FashionMNIST dataset of the first `n` test images, whose classes are not all the same size."""
    data, full = FashionMNIST.__new__(FashionMNIST), fashion_test_data()
    data.data, data.targets, data.classes = full.data[:n], full.targets[:n], full.classes
    data.transform, data.target_transform = full.transform, None
    return data


# 01_pixels

def gray_of(rgb, weights=(0.299, 0.587, 0.114)):
    return weights[0] * rgb[0] + weights[1] * rgb[1] + weights[2] * rgb[2]


R, G, B = (torch.full((25, 25), value, dtype=torch.uint8) for value in (28, 70, 50))
R[8:17, 8:17], G[8:17, 8:17], B[8:17, 8:17] = 250, 150, 30  # 01's orange square on a dark green background
RGB = torch.stack([R, G, B])
GRAY = gray_of(RGB.float())
CONTEXTS["01.1"] = lambda: {"grid": grid()}
CONTEXTS["01.3"] = lambda: {"rgb": RGB}


@functools.cache
def grid():
    return load_fashion_mnist(train=True, transform=None).data[0]


def painted(image):
    image = image.clone()
    image[0, 0] = 255
    return image


def brightest_pixels():
    return (grid() == grid().max()).nonzero().tolist()


def one_pixel_off():
    gray = GRAY.clone()
    gray[0, 0] += 1
    return gray


case("01.1", "not done", "None", lambda: None)
case("01.1", "correct", "argmax and divmod", lambda: divmod(grid().argmax().item(), 28))
case("01.1", "correct", "the last of tied maxima", lambda: tuple(brightest_pixels()[-1]))
case("01.1", "correct", "a NumPy array", lambda: np.array(brightest_pixels()[0]))
case("01.1", "correct", "a tensor", lambda: torch.tensor(brightest_pixels()[0]))
case("01.1", "01.1 the darkest pixel", "a dark pixel", lambda: (0, 0))
case("01.1", "01.1 row and column swapped", "column and row swapped", lambda: tuple(reversed(brightest_pixels()[0])))
case("01.1", "01.1 a flat index", "the flat index", lambda: grid().argmax().item())
case("01.1", "01.1 brightness, not a position", "the brightest value", lambda: grid().max())
case("01.1", "01.1 outside the grid", "outside the grid", lambda: (28, 3))
case("01.1", "01.1 not the brightest", "divmod by 27 columns", lambda: divmod(grid().argmax().item(), 27))
case("01.1", "01.1 a pair of whole numbers", "floats", lambda: (1.5, 2.0))
case("01.1", "01.1 grid changed", "a pixel painted white so that (0, 0) is among the brightest", lambda: (0, 0),
     lambda: {"grid": painted(grid())})
case("01.2", "not done", "None", lambda: None)
case("01.2", "correct", "3 x 64 x 64", lambda: 3 * 64 * 64)
case("01.2", "correct", "a NumPy int", lambda: np.int64(3 * 64 * 64))
case("01.2", "01.2 forgot the channels", "forgot the channels", lambda: 64 * 64)
case("01.2", "01.2 28 x 28 colour", "a 28 x 28 colour picture", lambda: 3 * 28 * 28)
case("01.2", "01.2 the 28 x 28 images", "the lesson's 784", lambda: 784)
case("01.2", "01.2 four channels", "RGBA", lambda: 4 * 64 * 64)
case("01.2", "01.2 whole number", "a float", lambda: 3 * 64 * 64 / 1)
case("01.2", "01.2 one row", "one row with its channels", lambda: 64 * 3)
case("01.2", "01.2 count every value", "a row short", lambda: 3 * 64 * 63)
case("01.2", "01.2 a shape, not a count", "the shape", lambda: (3, 64, 64))
case("01.2", "a string, not a number", "a string", lambda: "12288")
case("01.3", "not done", "None", lambda: None)
case("01.3", "correct", "float32", lambda: GRAY)
case("01.3", "correct", "float64", lambda: gray_of(RGB.double()))
case("01.3", "not a tensor", "a NumPy array", lambda: GRAY.numpy())
case("01.3", "not a tensor", "nested lists", lambda: GRAY.tolist())
case("01.3", "01.3 pixels differ", "wrong at one pixel", one_pixel_off)
case("01.3", "01.3 divided by 255", "scaled to 0-1", lambda: GRAY / 255)
case("01.3", "01.3 plain average", "plain average", lambda: RGB.float().mean(dim=0))
case("01.3", "01.3 weights on the wrong channels", "R and B weights swapped",
     lambda: gray_of(RGB.float(), (0.114, 0.587, 0.299)))
case("01.3", "01.3 gray is not float", "rounded to uint8", lambda: GRAY.round().to(torch.uint8))
case("01.3", "01.3 rounded", "rounded floats", lambda: GRAY.round())
case("01.3", "01.3 three values per pixel", "shape (25, 25, 3)", lambda: GRAY[:, :, None].expand(25, 25, 3))


# 02_sigmoid_softmax_cross_entropy

def log_softmax(z):
    m = z.max(dim=1, keepdim=True).values
    return z - m - (z - m).exp().sum(dim=1, keepdim=True).log()


def log_softmax_in_place(z):
    z -= z.max(dim=1, keepdim=True).values  # the mistake: the caller's logits change too
    return z - z.exp().sum(dim=1, keepdim=True).log()


def cross_entropy_grad_by_autograd(z, y):
    z = z.detach().clone().requires_grad_()
    F.cross_entropy(z, y).backward()
    return z.grad


def binary_cross_entropy(p, y):
    return -(y * p.log() + (1 - y) * (1 - p).log()).mean()


def double_softmax_floor(K):
    return math.log(1 + (K - 1) / math.e)


def cross_entropy_grad(z, y):
    return (z.softmax(dim=1) - F.one_hot(y, z.shape[1])) / len(z)


def sgd_step(parameters, lr):
    with torch.no_grad():
        for p in parameters:
            p -= lr * p.grad


def num_batches(n, batch_size, drop_last=False):
    return n // batch_size if drop_last else math.ceil(n / batch_size)


def without_return(*args):
    args[0] + 1  # noqa: B018 -- the mistake: computed, never returned


for key, solution in [("02.1", log_softmax), ("02.2", binary_cross_entropy), ("02.3", double_softmax_floor),
                      ("03.2", num_batches), ("04.1", cross_entropy_grad), ("04.2", sgd_step)]:
    case(key, "not done", "None", lambda: None)
    case(key, "not done", "a function whose body is ...", lambda: blank)
    case(key, "not done", "a docstring and ...", lambda: blank_with_docstring)
    case(key, "correct", "worked solution", lambda solution=solution: solution)
    case(key, "not a function", "a number, not a function", lambda: 0.5)
    if key != "04.2":  # sgd_step returns nothing: it changes the parameters
        case(key, "returns None", "no return", lambda: without_return)

logits = torch.randn(4, 10)  # a notebook global, as in 02's lesson
case("02.1", "correct", "F.log_softmax", lambda: lambda z: F.log_softmax(z, dim=1))
case("02.1", "correct", "logsumexp", lambda: lambda z: z - z.logsumexp(dim=1, keepdim=True))
case("02.1", "02.1 changes z in place", "subtracts the max in place", lambda: log_softmax_in_place)
case("02.1", "02.1 softmax, not its log", "softmax, not its log", lambda: lambda z: z.softmax(dim=1))
case("02.1", "02.1 unstable", "naive, overflows",
     lambda: lambda z: (z.exp() / z.exp().sum(dim=1, keepdim=True)).log())
case("02.1", "02.1 log of a softmax that underflowed", "log of the stable softmax (edge: 0 and -200)",
     lambda: lambda z: torch.log(torch.softmax(z, dim=1)))
case("02.1", "02.1 normalises columns", "over dim 0", lambda: lambda z: F.log_softmax(z, dim=0))
case("02.1", "02.1 one max for the batch", "one max for the whole batch",
     lambda: lambda z: z - z.max() - (z - z.max()).exp().sum(dim=1, keepdim=True).log())
case("02.1", "02.1 m only inside", "m subtracted only inside the sum",
     lambda: lambda z: z - (z - z.max(dim=1, keepdim=True).values).exp().sum(dim=1, keepdim=True).log())
case("02.1", "reads a global", "reads the notebook's logits", lambda: lambda z: F.log_softmax(logits, dim=1))
case("02.1", "error: shapes", "crash: no keepdim", lambda: lambda z: z - z.max(dim=1).values)
case("02.1", "error: return_types", "crash: no .values", lambda: lambda z: z - z.max(dim=1, keepdim=True))
case("02.1", "02.1 log_softmax differs", "10 classes hard-coded (single parameter)",
     lambda: lambda z: F.log_softmax(z, dim=1) if z.shape[1] == 10 else z)
case("02.2", "correct", "BCELoss", lambda: lambda p, y: nn.BCELoss()(p, y))
case("02.2", "02.2 sum, not mean", "sum, not mean", lambda: lambda p, y: -(y * p.log() + (1 - y) * (1 - p).log()).sum())
case("02.2", "02.2 (1 - y) term missing", "no (1 - y) term", lambda: lambda p, y: -(y * p.log()).mean())
case("02.2", "02.2 sign flipped", "sign flipped", lambda: lambda p, y: (y * p.log() + (1 - y) * (1 - p).log()).mean())
case("02.2", "02.2 p and 1 - p swapped", "log p and log(1 - p) swapped",
     lambda: lambda p, y: -(y * (1 - p).log() + (1 - y) * p.log()).mean())
case("02.2", "02.2 p taken for logits", "with_logits", lambda: lambda p, y: F.binary_cross_entropy_with_logits(p, y))
case("02.2", "02.2 one loss per example", "no mean", lambda: lambda p, y: -(y * p.log() + (1 - y) * (1 - p).log()))
case("02.2", "02.2 divides by a fixed number", "divides by 3 (single parameter)",
     lambda: lambda p, y: -(y * p.log() + (1 - y) * (1 - p).log()).sum() / 3)
case("02.2", "changes its inputs in place", "turns p into 1 - p in place",
     lambda: lambda p, y: -(y * p.log() + (1 - y) * p.neg_().add_(1).log()).mean())
case("02.2", "02.2 clips p", "clipped at 1e-7, as Keras does (edge: p = 1e-9)",
     lambda: lambda p, y: binary_cross_entropy(p.clamp(1e-7, 1 - 1e-7), y))
case("02.2", "error: math on a tensor", "crash: math.log on tensors",
     lambda: lambda p, y: -(y * math.log(p) + (1 - y) * math.log(1 - p)).mean())
case("02.2", "02.2 bce differs", "clamped at 0.01 (edge: p near 0 and 1)",
     lambda: lambda p, y: binary_cross_entropy(p.clamp(0.01, 0.99), y))
case("02.3", "correct", "minus the log of e / (e + K - 1)", lambda: lambda K: -math.log(math.e / (math.e + K - 1)))
case("02.3", "correct", "a one-element tensor", lambda: lambda K: torch.log(torch.tensor(1 + (K - 1) / math.e)))
case("02.3", "02.3 same for every K", "the 10-class constant (single parameter)",
     lambda: lambda K: math.log(1 + 9 / math.e))
case("02.3", "02.3 ln K", "ln K", lambda: lambda K: math.log(K))
case("02.3", "02.3 K, not K - 1", "ln(1 + K / e)", lambda: lambda K: math.log(1 + K / math.e))
case("02.3", "02.3 the best output's probability", "e / (e + K - 1)", lambda: lambda K: math.e / (math.e + K - 1))
case("02.3", "02.3 no log", "no log", lambda: lambda K: 1 + (K - 1) / math.e)
case("02.3", "error: torch on a number", "crash: torch.log on a float",
     lambda: lambda K: torch.log(1 + (K - 1) / math.e))
case("02.3", "02.3 floor differs", "right only for K = 10 (single parameter)",
     lambda: lambda K: math.log(1 + 9 / math.e) if K == 10 else 0.0)


# 03_data_loading

def counts_of(data):
    targets = data.dataset.targets[data.indices] if isinstance(data, Subset) else data.targets
    return torch.bincount(targets, minlength=10)


def bag_indices():
    return (fashion_test_data().targets == class_names.index("Bag")).nonzero().flatten().tolist()


CONTEXTS["03.1"] = lambda: {"data": splits()[1]}
CONTEXTS["03.3"] = lambda: {"data": fashion_test_data()}
skewed = lambda: {"data": skewed_data()}  # noqa: E731

case("03.1", "not done", "None", lambda: None)
case("03.1", "correct", "bincount", lambda: counts_of(splits()[1]))
case("03.1", "correct", "unequal classes", lambda: counts_of(skewed_data()), skewed)
case("03.1", "not a tensor", "a list", lambda: counts_of(skewed_data()).tolist(), skewed)
case("03.1", "03.1 counts as floats", "float counts", lambda: counts_of(splits()[1]).float())
case("03.1", "03.1 one count per class", "shape (1, 10)", lambda: counts_of(splits()[1])[None])
case("03.1", "03.1 a dict, not counts in order", "a dict by class name",
     lambda: dict(zip(reversed(class_names), reversed(counts_of(splits()[1]).tolist()))))
case("03.1", "03.1 counts add up to", "the whole training set's counts", lambda: counts_of(splits()[0].dataset))
case("03.1", "03.1 the test set's counts", "the test set's counts", lambda: counts_of(fashion_test_data()))
case("03.1", "03.1 fractions, not counts", "fractions", lambda: counts_of(splits()[1]) / 5000)
case("03.1", "not in class order", "sorted", lambda: counts_of(skewed_data()).sort().values, skewed)
case("03.1", "03.1 one count per class", "9 counts", lambda: counts_of(skewed_data())[:9], skewed)
case("03.1", "03.1 some counts wrong", "two counts off by one",
     lambda: counts_of(skewed_data()) + torch.tensor([1, -1] * 5), skewed)
case("03.1", "03.1 a dict, not counts in order", "a Counter", lambda: Counter(splits()[1].dataset.targets[
    splits()[1].indices].tolist()))
case("03.2", "correct", "ceil division", lambda: lambda n, b, drop_last=False: n // b if drop_last else -(-n // b))
case("03.2", "correct", "DataLoader itself",
     lambda: lambda n, b, drop_last=False: len(torch.utils.data.DataLoader(range(n), b, drop_last=drop_last)))
case("03.2", "03.2 forgets the short batch", "forgets the short batch", lambda: lambda n, b, drop_last=False: n // b)
case("03.2", "03.2 ignores drop_last", "ignores drop_last", lambda: lambda n, b, drop_last=False: math.ceil(n / b))
case("03.2", "03.2 a float count", "n / b, a float",
     lambda: lambda n, b, drop_last=False: float(n // b if drop_last else -(-n // b)))
case("03.2", "03.2 a whole number of batches", "n / b", lambda: lambda n, b, drop_last=False: n / b)
case("03.2", "03.2 one too many", "n // b + 1 (edge: exact multiples)",
     lambda: lambda n, b, drop_last=False: n // b + (0 if drop_last else 1))
case("03.2", "03.2 drop_last backwards", "drop_last backwards",
     lambda: lambda n, b, drop_last=False: -(-n // b) if drop_last else n // b)
case("03.2", "03.2 rounds to the nearest", "round(n / b)", lambda: lambda n, b, drop_last=False: round(n / b))
case("03.2", "03.2 default drop_last", "drop_last=True by default",
     lambda: lambda n, b, drop_last=True: n // b if drop_last else -(-n // b))
case("03.2", "03.2 at least one batch", "at least one batch (edge: n = 0)",
     lambda: lambda n, b, drop_last=False: n // b if drop_last else max(1, -(-n // b)))
case("03.2", "03.2 ignores batch_size", "batch size 32 hard-coded (single parameter)",
     lambda: lambda n, b, drop_last=False: n // 32 if drop_last else -(-n // 32))
case("03.3", "not done", "None", lambda: None)
case("03.3", "correct", "the first Bag", lambda: bag_indices()[0])
case("03.3", "correct", "a tensor of no dimensions", lambda: torch.tensor(bag_indices()[0]))
case("03.3", "03.3 not the first Bag", "the second Bag", lambda: bag_indices()[1])
case("03.3", "03.3 not a Bag", "not a Bag", lambda: bag_indices()[0] - 1)
case("03.3", "03.3 not an index of data", "out of range", lambda: len(fashion_test_data()))
case("03.3", "03.3 a name, not an index", "the class name", lambda: "Bag")
case("03.3", "03.3 Bag's label, not an index", "Bag's label", lambda: class_names.index("Bag"))
case("03.3", "03.3 one index", "every Bag", lambda: torch.tensor(bag_indices()))
case("03.3", "03.3 a tensor holding the index", "nonzero()[:1]",
     lambda: torch.tensor([[bag_indices()[0]]]))


# 04_how_a_network_learns

def sgd_step_add_(parameters, lr):
    with torch.no_grad():
        for p in parameters:
            p.add_(p.grad, alpha=-lr)


def sgd_step_rebinding(parameters, lr):
    with torch.no_grad():
        for p in parameters:
            p = p - lr * p.grad  # noqa: PLW2901 -- the mistake: a new tensor, the model's own is unchanged


def sgd_step_adding(parameters, lr):
    with torch.no_grad():
        for p in parameters:
            p += lr * p.grad


def sgd_step_without_lr(parameters, lr):
    with torch.no_grad():
        for p in parameters:
            p -= p.grad


def sgd_step_fixed_lr(parameters, lr):
    with torch.no_grad():
        for p in parameters:
            p -= 0.1 * p.grad


def sgd_step_and_zero_grad(parameters, lr):
    with torch.no_grad():
        for p in parameters:
            p -= lr * p.grad
            p.grad.zero_()  # the mistake: step() leaves the gradients as they are


def sgd_step_scaling_the_gradient(parameters, lr):
    with torch.no_grad():
        for p in parameters:
            p.grad *= lr  # the mistake: the gradient itself becomes the step
            p -= p.grad


def sgd_step_by_optim(parameters, lr):
    torch.optim.SGD(parameters, lr=lr).step()  # right numbers, but the exercise is to do it without torch.optim


def sgd_step_without_no_grad(parameters, lr):
    for p in parameters:
        p -= lr * p.grad


def sgd_step_walking_twice(parameters, lr):
    assert all(p.grad is not None for p in parameters)  # uses up an iterator...
    with torch.no_grad():
        for p in parameters:  # ...so with model.parameters() this loop does nothing
            p -= lr * p.grad


notebook_model = nn.Linear(5, 3)  # a notebook global


def sgd_step_on_the_notebooks_model(parameters, lr):
    with torch.no_grad():
        for p in notebook_model.parameters():
            p -= lr * (p.grad if p.grad is not None else 0)


def sweep():
    """Made-up training losses: 0.001 starts high but ends below ln 10, 1.0 ends above it, 10.0 never learns;
    0.01 has one bad batch among its last 50, 0.1 a bad start."""
    return {0.001: [5.0] * 250 + [2.0] * 50, 0.01: [1.0] * 299 + [9.0], 0.1: [30.0] * 50 + [0.6] * 250,
            1.0: [0.5] * 250 + [3.0] * 50, 10.0: [40.0] * 300}


def worse_lrs(losses_by_lr, last=50):
    return [lr for lr, losses in losses_by_lr.items() if sum(losses[-last:]) / last > math.log(10)]


CONTEXTS["04.3"] = lambda: {"sweep": sweep()}
y_global = torch.tensor([0, 1, 2, 3])  # a notebook global

case("04.1", "correct", "F.softmax and F.one_hot", lambda: lambda z, y: (F.softmax(z, dim=1) - F.one_hot(
    y, num_classes=z.shape[1]).float()) / z.shape[0])
case("04.1", "04.1 not divided by N", "no division by N",
     lambda: lambda z, y: z.softmax(dim=1) - F.one_hot(y, z.shape[1]))
case("04.1", "04.1 sign flipped", "sign flipped",
     lambda: lambda z, y: (F.one_hot(y, z.shape[1]) - z.softmax(dim=1)) / len(z))
case("04.1", "04.1 softmax only", "softmax only", lambda: lambda z, y: z.softmax(dim=1) / len(z))
case("04.1", "04.1 unstable gradient", "naive softmax (edge: 1000 and -1000)",
     lambda: lambda z, y: (z.exp() / z.exp().sum(dim=1, keepdim=True) - F.one_hot(y, z.shape[1])) / len(z))
case("04.1", "changes its inputs in place", "shifts z by its row max in place",
     lambda: lambda z, y: cross_entropy_grad(z.sub_(z.max(dim=1, keepdim=True).values), y))
case("04.1", "04.1 uses autograd", "calls backward()", lambda: cross_entropy_grad_by_autograd)
case("04.1", "error: one_hot", "crash: one_hot without num_classes",
     lambda: lambda z, y: (z.softmax(dim=1) - F.one_hot(y)) / len(z))
case("04.1", "04.1 divided by a fixed N", "divides by 4 (single parameter)",
     lambda: lambda z, y: (z.softmax(dim=1) - F.one_hot(y, z.shape[1])) / 4)
case("04.1", "reads a global", "reads the notebook's y (global)",
     lambda: lambda z, y: (z.softmax(dim=1) - F.one_hot(y_global[:len(z)] % z.shape[1], z.shape[1])) / len(z))
case("04.2", "correct", "add_ with alpha", lambda: sgd_step_add_)
case("04.2", "correct", "through .data", lambda: lambda ps, lr: [p.data.sub_(lr * p.grad) for p in ps])
for expected, mistake in [("04.2 did not change", sgd_step_rebinding), ("04.2 moved up the gradient", sgd_step_adding),
                          ("04.2 no learning rate", sgd_step_without_lr), ("04.2 a fixed lr", sgd_step_fixed_lr),
                          ("error: leaf in place", sgd_step_without_no_grad),
                          ("04.2 iterator used up", sgd_step_walking_twice),
                          ("reads a global", sgd_step_on_the_notebooks_model),
                          ("04.2 gradients cleared", sgd_step_and_zero_grad),
                          ("04.2 gradients changed", sgd_step_scaling_the_gradient),
                          ("04.2 uses torch.optim", sgd_step_by_optim)]:
    case("04.2", expected, mistake.__name__, lambda mistake=mistake: mistake)
case("04.3", "not done", "None", lambda: None)
case("04.3", "correct", "list", lambda: worse_lrs(sweep()))
case("04.3", "correct", "reversed tuple", lambda: tuple(reversed(worse_lrs(sweep()))))
case("04.3", "04.3 a tensor, not a list", "a NumPy array", lambda: np.array(worse_lrs(sweep())))
case("04.3", "04.3 sweep changed", "sweep changed so that one rate is enough", lambda: [10.0],
     lambda: {"sweep": {**sweep(), 1.0: sweep()[0.1]}})
case("04.3", "04.3 a list, even of one", "one number, not a list", lambda: worse_lrs(sweep())[-1])
case("04.3", "04.3 missing", "one missing", lambda: worse_lrs(sweep())[1:])
case("04.3", "04.3 extra", "one extra", lambda: worse_lrs(sweep()) + [0.1])
case("04.3", "04.3 all 300 losses", "mean of all 300 losses", lambda: worse_lrs(sweep(), last=300))
case("04.3", "04.3 the last loss only", "the last loss only", lambda: worse_lrs(sweep(), last=1))
case("04.3", "04.3 log10, not ln", "log10", lambda: [lr for lr, ls in sweep().items() if sum(ls[-50:]) / 50 > 1])
case("04.3", "04.3 strings, not numbers", "strings", lambda: [str(lr) for lr in worse_lrs(sweep())])
case("04.3", "04.3 not a learning rate of sweep", "a made-up rate", lambda: [0.5])
case("04.3", "04.3 a list, not a dict", "the dict of losses", lambda: {lr: sweep()[lr] for lr in worse_lrs(sweep())})


# 05_baseline_model

@functools.cache
def model_logits():
    set_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    fit(model, InMemoryLoader(train_subset(3000), 32), val_loader(), nn.CrossEntropyLoss(), optimizer, 1, "cpu",
        verbose=False)
    return model


def batch_mean_accuracy(model, loader):
    model.eval()
    with torch.inference_mode():
        accs = [(model(X).argmax(dim=1) == y).float().mean().item() for X, y in loader]
    return sum(accs) / len(accs)


def batch_mean_of_the_notebooks_model(model, loader):
    return batch_mean_accuracy(notebook_model_logits, loader)  # noqa: F821 -- the mistake: a global, not the argument


def as_a_notebook_global(name, value, answer):
    """`answer`, after putting `value` among this module's globals as `name`, where a notebook cell would have it."""
    globals()[name] = value
    return answer


def batch_mean_in_training_mode(model, loader):
    model.train()  # the mistake: dropout stays on while measuring
    with torch.no_grad():
        accs = [(model(X).argmax(dim=1) == y).float().mean().item() for X, y in loader]
    return sum(accs) / len(accs)


def batch_mean_argmax_dim_0(model, loader):
    accs = [(model(X).argmax(dim=0) == y).float().mean().item() for X, y in loader]
    return sum(accs) / len(accs)


CONTEXTS["05.1"] = lambda: {"model": model_logits(), "data": splits()[1]}

case("05.1", "not done", "None", lambda: None)
case("05.1", "not done", "a function whose body is ...", lambda: blank)
case("05.1", "correct", "plain mean of the batches", lambda: batch_mean_accuracy)
case("05.1", "correct", "a one-element tensor", lambda: lambda m, loader: torch.tensor(batch_mean_accuracy(m, loader)))
case("05.1", "05.1 weighted by batch size", "weighted by batch size, as test_step",
     lambda: lambda model, loader: evaluate(model, loader, nn.CrossEntropyLoss(), "cpu")[1])
case("05.1", "05.1 the first batch only", "the first batch only",
     lambda: lambda model, loader: batch_mean_accuracy(model, [next(iter(loader))]))
case("05.1", "05.1 the last batch only", "the last batch only",
     lambda: lambda model, loader: batch_mean_accuracy(model, [list(loader)[-1]]))
case("05.1", "05.1 a count of right answers", "the number right",
     lambda: lambda model, loader: sum((model(X).argmax(dim=1) == y).sum().item() for X, y in loader))
case("05.1", "percent", "percent", lambda: lambda model, loader: 100 * batch_mean_accuracy(model, loader))
case("05.1", "05.1 a list of accuracies", "the list of batch accuracies",
     lambda: lambda model, loader: [batch_mean_accuracy(model, [b]) for b in loader])
case("05.1", "reads a global", "reads the notebook's model (global)",
     lambda: as_a_notebook_global("notebook_model_logits", model_logits(), batch_mean_of_the_notebooks_model))
case("05.1", "05.1 same answer for another model", "a constant", lambda: lambda model, loader: 0.8)
case("05.1", "05.1 measured in training mode", "model.train() before measuring", lambda: batch_mean_in_training_mode)
case("05.1", "error: shapes", "crash: argmax(dim=0)", lambda: batch_mean_argmax_dim_0)
case("05.1", "05.1 batch mean differs", "drops the short last batch (edge)",
     lambda: lambda model, loader: batch_mean_accuracy(model, [b for b in loader if len(b[1]) == len(
         next(iter(loader))[1])]))


LRS = (0.001, 0.01, 0.1, 1.0)


def train_one_epoch(lr, loader):
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for X, y in loader:
        loss = F.cross_entropy(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


def train_with_fit(lr, loader):
    set_seed(87)  # seeds itself: the check must still see where it started from
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    fit(model, loader, val_loader(), nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=lr), 1, "cpu",
        verbose=False)
    return model


def small_train_loader(seed=87):
    generator = torch.Generator().manual_seed(seed)
    return InMemoryLoader(train_subset(10_000), batch_size=32, shuffle=True, generator=generator)


TRAIN_LOADER = functools.cache(small_train_loader)  # the check caches its spread by loader: keep one


def measured(f=train_one_epoch, on=val_loader, loader=TRAIN_LOADER, lrs=LRS):
    """A learner's models and validation accuracies for each lr (on `on()`), as the exercise asks."""
    models = {lr: f(lr, loader()) for lr in lrs}
    return models, {lr: evaluate(m, on(), nn.CrossEntropyLoss(), "cpu")[1] for lr, m in models.items()}


@functools.cache
def measured_right():
    return measured()


def lr_context(models=lambda: measured_right()[0], val_accs=lambda: measured_right()[1], best_lr="best"):
    def context():
        accs = val_accs()
        best = max(accs, key=accs.get) if best_lr == "best" and isinstance(accs, dict) and accs else best_lr
        return {"models": models(), "val_accs": accs, "best_lr": best() if callable(best) else best,
                "train_loader": TRAIN_LOADER(), "val_loader": val_loader()}
    return context


def trained_three_epochs(lr, loader):
    model = train_one_epoch(lr, loader)
    for _ in range(2):
        train_one_epoch_from(model, lr, loader)
    return model


def train_one_epoch_from(model, lr, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for X, y in loader:
        loss = F.cross_entropy(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


def train_on_the_notebooks_loader(lr, loader):
    return train_one_epoch(lr, notebook_train_loader)  # noqa: F821 -- the mistake: a global, not its argument


def train_with_fixed_lr(lr, loader):
    return train_one_epoch(0.1, loader)


def train_without_zero_grad(lr, loader):
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for X, y in loader:
        F.cross_entropy(model(X), y).backward()
        optimizer.step()
    return model


def train_with_adam(lr, loader):
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for X, y in loader:
        loss = F.cross_entropy(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


def train_with_softmax(lr, loader):
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10), nn.Softmax(dim=1))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for X, y in loader:
        loss = F.cross_entropy(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


def train_half_an_epoch(lr, loader):
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for i, (X, y) in enumerate(loader):
        if i >= len(loader) // 2:
            break
        loss = F.cross_entropy(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


def train_but_return_a_new_model(lr, loader):
    train_one_epoch(lr, loader)
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 10))


def train_fifty_batches(lr, loader):
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for _, (X, y) in zip(range(50), loader):  # the mistake: a fixed number of batches, not the whole loader
        loss = F.cross_entropy(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


@functools.cache
def measured_fifty():
    return measured(train_fifty_batches)


@functools.cache
def measured_on_the_test_set():
    return measured(on=lambda: InMemoryLoader(fashion_test_data(), 1000))


@functools.cache
def measured_on_more_data():
    """Models trained on the training images and the validation images too, for three epochs."""
    return measured(trained_three_epochs)


CONTEXTS["05.2"] = lr_context()

case("05.2", "not done", "None", lambda: None)
case("05.2", "not done", "a function whose body is ...", lambda: blank)
case("05.2", "not done", "models and val_accs still empty", lambda: train_one_epoch,
     lr_context(lambda: {}, lambda: {}, None))
case("05.2", "not done", "best_lr None", lambda: train_one_epoch, lr_context(best_lr=None))
case("05.2", "correct", "the best measured lr", lambda: train_one_epoch)
case("05.2", "correct", "with fit, seeding itself", lambda: train_with_fit)
case("05.2", "05.2 returns a number, not a model", "returns an accuracy",
     lambda: lambda lr, loader: 0.8)
case("05.2", "05.2 best_lr not the best measured", "the worst lr as best_lr", lambda: train_one_epoch,
     lr_context(best_lr=lambda: min(measured_right()[1], key=measured_right()[1].get)))
case("05.2", "05.2 best_lr one of", "best_lr not one of the four", lambda: train_one_epoch, lr_context(best_lr=0.05))
case("05.2", "05.2 more than one epoch", "3 epochs (extra epochs)", lambda: trained_three_epochs)
case("05.2", "reads a global", "trains on the notebook's loader (global)",
     lambda: as_a_notebook_global("notebook_train_loader", TRAIN_LOADER(), train_on_the_notebooks_loader))
case("05.2", "05.2 a fixed lr", "lr 0.1 hard-coded (single parameter)", lambda: train_with_fixed_lr)
case("05.2", "05.2 not one epoch of plain SGD", "no zero_grad", lambda: train_without_zero_grad)
case("05.2", "05.2 not one epoch of plain SGD", "Adam", lambda: train_with_adam)
case("05.2", "05.2 not a logits model", "a softmax after the logits", lambda: train_with_softmax)
case("05.2", "05.2 part of an epoch", "half an epoch (edge)", lambda: train_half_an_epoch)
case("05.2", "05.2 trained another model", "returns a fresh model", lambda: train_but_return_a_new_model)
case("05.2", "error: name", "crash: a misspelt name", lambda: lambda lr, loader: trian_one_epoch(lr, loader))  # noqa: F821
case("05.2", "05.2 measured on the test set", "measured on the test set", lambda: train_one_epoch,
     lr_context(val_accs=lambda: measured_on_the_test_set()[1], models=lambda: measured_on_the_test_set()[0]))
case("05.2", "05.2 too high for one epoch", "models trained 3 epochs (extra epochs)", lambda: train_one_epoch,
     lr_context(lambda: measured_on_more_data()[0], lambda: measured_on_more_data()[1]))
case("05.2", "05.2 too low for one epoch", "50 batches, fewer than the check's loader has (edge)",
     lambda: train_fifty_batches, lr_context(lambda: measured_fifty()[0], lambda: measured_fifty()[1]))
case("05.2", "05.2 not this model's validation accuracy", "accuracies of other models", lambda: train_one_epoch,
     lr_context(val_accs=lambda: dict(zip(LRS, reversed(list(measured_right()[1].values()))))))
case("05.2", "05.2 percent", "percentages", lambda: train_one_epoch,
     lr_context(val_accs=lambda: {lr: 100 * a for lr, a in measured_right()[1].items()}))
case("05.2", "05.2 one model for every lr", "one model for every lr", lambda: train_one_epoch,
     lr_context(models=lambda: dict.fromkeys(LRS, measured_right()[0][0.1]),
                val_accs=lambda: dict.fromkeys(LRS, measured_right()[1][0.1])))
case("05.2", "05.2 the four lrs", "only three lrs", lambda: train_one_epoch,
     lr_context(models=lambda: {lr: m for lr, m in measured_right()[0].items() if lr != 1.0}))


# 06_deeper_models

def bottleneck_model(width):
    return nn.Sequential(nn.Flatten(), nn.Linear(784, width), nn.ReLU(), nn.Linear(width, 8), nn.ReLU(),
                         nn.Linear(8, 10))


class ImageClassificationModel2(nn.Module):
    """The tutorial's way of writing model 2: a class around a layer stack."""

    def __init__(self, input_shape, hidden_units, hidden_units_2, output_shape):
        super().__init__()
        self.layer_stack = nn.Sequential(nn.Flatten(), nn.Linear(input_shape, hidden_units), nn.ReLU(),
                                         nn.Linear(hidden_units, hidden_units_2), nn.ReLU(),
                                         nn.Linear(hidden_units_2, output_shape))

    def forward(self, x):
        return self.layer_stack(x)


class Functional(nn.Module):
    """ReLUs from torch.relu in forward, no ReLU modules at all: right."""

    def __init__(self, width):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(784, width), nn.Linear(width, 8), nn.Linear(8, 10)

    def forward(self, x):
        return self.fc3(torch.relu(self.fc2(torch.relu(self.fc1(x.flatten(1))))))


class RegisteredBackwards(nn.Module):
    """The layers registered last to first, used first to last: right."""

    def __init__(self, width):
        super().__init__()
        self.out, self.hidden_2, self.hidden_1 = nn.Linear(8, 10), nn.Linear(width, 8), nn.Linear(784, width)

    def forward(self, x):
        return self.out(torch.relu(self.hidden_2(torch.relu(self.hidden_1(x.flatten(1))))))


class RegisteredOnly(Functional):
    """ReLU modules registered and never called: the structure is right, what it computes is not."""

    def __init__(self, width):
        super().__init__(width)
        self.relu1, self.relu2 = nn.ReLU(), nn.ReLU()

    def forward(self, x):
        return self.fc3(self.fc2(self.fc1(x.flatten(1))))


class BrokenForward(Functional):
    def forward(self, x):
        return self.fc3(torch.relu(self.fc2(torch.relu(self.fc1(x)))))  # the mistake: no flatten, in its own code


def shared_relu(width):
    relu = nn.ReLU()
    return nn.Sequential(nn.Flatten(), nn.Linear(784, width), relu, nn.Linear(width, 8), relu, nn.Linear(8, 10))


def cached_bottleneck(width, built={}):  # noqa: B006 -- the mistake: one model per width, handed out again
    return built.setdefault(width, bottleneck_model(width))


def without_relus(width):
    return nn.Sequential(nn.Flatten(), nn.Linear(784, width), nn.Linear(width, 8), nn.Linear(8, 10))


def with_sigmoids(width):
    return nn.Sequential(nn.Flatten(), nn.Linear(784, width), nn.Sigmoid(), nn.Linear(width, 8), nn.Sigmoid(),
                         nn.Linear(8, 10))


def sigmoid_model():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.Sigmoid(), nn.Linear(256, 256), nn.Sigmoid(),
                         nn.Linear(256, 10))


def deep_wide():
    return ImageClassificationModel2(784, 256, 256, 10)


@functools.cache
def train(make_model, seed=87, epochs=3):
    """06's train(), on 2,000 training images: the model and its history."""
    generator = set_seed(seed)
    model = make_model()
    loader = InMemoryLoader(train_subset(2000), batch_size=32, shuffle=True, generator=generator)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    return model, fit(model, loader, val_loader(), nn.CrossEntropyLoss(), optimizer, epochs, "cpu", verbose=False)


def faster():
    return "ReLU" if train(deep_wide)[1]["val_acc"][0] > train(sigmoid_model)[1]["val_acc"][0] else "Sigmoid"


def sigmoid_context(history=lambda: train(sigmoid_model)[1], faster=faster):
    return lambda: {"history": history(), "faster": faster(), "relu_history": train(deep_wide)[1],
                    "val_loader": val_loader()}


def one_sigmoid_one_relu():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.Sigmoid(), nn.Linear(256, 256), nn.ReLU(),
                         nn.Linear(256, 10))


CONTEXTS["06.2"] = sigmoid_context()
model_sigmoid = lambda: train(sigmoid_model)[0]  # noqa: E731
BOTTLENECK_WIDTH = 64  # a notebook global

case("06.1", "not done", "None", lambda: None)
case("06.1", "not done", "a function whose body is ...", lambda: blank)
case("06.1", "correct", "Sequential", lambda: bottleneck_model)
case("06.1", "correct", "the tutorial's class", lambda: lambda w: ImageClassificationModel2(784, w, 8, 10))
case("06.1", "correct", "torch.relu in forward", lambda: Functional)
case("06.1", "correct", "one shared nn.ReLU", lambda: shared_relu)
case("06.1", "correct", "layers registered in another order", lambda: RegisteredBackwards)
case("06.1", "registered, never called", "ReLUs registered, never called (structure only)", lambda: RegisteredOnly)
case("06.1", "no nonlinearity", "no ReLUs", lambda: without_relus)
case("06.1", "final activation", "a final ReLU", lambda: lambda w: nn.Sequential(*bottleneck_model(w), nn.ReLU()))
case("06.1", "final softmax", "a final softmax", lambda: lambda w: nn.Sequential(*bottleneck_model(w), nn.Softmax(1)))
case("06.1", "06.1 ignores width", "width 64 hard-coded (single parameter)", lambda: lambda w: bottleneck_model(64))
case("06.1", "06.1 ignores width", "the notebook's width (global)",
     lambda: lambda w: bottleneck_model(BOTTLENECK_WIDTH))
case("06.1", "layer sizes", "a second hidden layer of 5", lambda: lambda w: ImageClassificationModel2(784, w, 5, 10))
case("06.1", "fails on images", "no Flatten", lambda: lambda w: nn.Sequential(*list(bottleneck_model(w))[1:]))
case("06.1", "error: matmul shapes", "no flatten, in its own forward", lambda: BrokenForward)
case("06.1", "Sigmoid instead", "Sigmoid instead of ReLU", lambda: with_sigmoids)
case("06.1", "not a model", "returns the class, not a model", lambda: lambda w: Functional)
case("06.1", "06.1 the same model every time", "one model per width, cached", lambda: cached_bottleneck)
case("06.1", "differs in training mode", "with dropout", lambda: lambda w: nn.Sequential(
    *bottleneck_model(w)[:3], nn.Dropout(0.2), *bottleneck_model(w)[3:]))
case("06.1", "differs in training mode", "with batch norm", lambda: lambda w: nn.Sequential(
    *bottleneck_model(w)[:2], nn.BatchNorm1d(w), *bottleneck_model(w)[2:]))
case("06.2", "not done", "None", lambda: None)
case("06.2", "not done", "history None", model_sigmoid, sigmoid_context(history=lambda: None))
case("06.2", "not done", "faster None", model_sigmoid, sigmoid_context(faster=lambda: None))
case("06.2", "correct", "faster as ReLU or Sigmoid", model_sigmoid)
case("06.2", "correct", "faster in lower case", model_sigmoid, sigmoid_context(faster=lambda: faster().lower()))
case("06.2", "06.2 not the faster one", "the slower activation", model_sigmoid,
     sigmoid_context(faster=lambda: {"ReLU": "Sigmoid", "Sigmoid": "ReLU"}[faster()]))
case("06.2", "06.2 faster is ReLU or Sigmoid", "neither ReLU nor Sigmoid", model_sigmoid,
     sigmoid_context(faster=lambda: "tanh"))
case("06.2", "06.2 history of another run", "another model's history", model_sigmoid,
     sigmoid_context(history=lambda: train(deep_wide)[1]))
case("06.2", "06.2 history of another run", "another run's history", model_sigmoid,
     sigmoid_context(history=lambda: train(sigmoid_model, seed=88)[1]))
case("06.2", "06.2 not as many epochs", "one epoch (fewer epochs)", lambda: train(sigmoid_model, epochs=1)[0],
     sigmoid_context(history=lambda: train(sigmoid_model, epochs=1)[1]))
case("06.2", "ReLU instead", "the ReLU model", lambda: train(deep_wide)[0],
     sigmoid_context(lambda: train(deep_wide)[1]))
case("06.2", "forward differs", "one Sigmoid, one ReLU", lambda: train(one_sigmoid_one_relu)[0],
     sigmoid_context(lambda: train(one_sigmoid_one_relu)[1]))
case("06.2", "06.2 model_sigmoid is a trained model", "the function, not the model", lambda: sigmoid_model)


# 07_diagnose_and_improve

def made_up_confusion():
    """A confusion matrix whose rows count the validation set's images of each class, as the lesson's does, in
    which Shirt is the hardest class, Trouser the easiest, Coat the most often wrongly predicted, and Bag has the
    fewest right answers in count though not the lowest fraction."""
    index = class_names.index
    matrix = torch.zeros(10, 10, dtype=torch.long)
    matrix[:, index("Coat")] = 10
    matrix[index("Trouser")] = 0
    matrix[index("Shirt"), index("Coat")] += 170
    matrix[index("Coat"), index("Pullover")] = 30
    matrix[index("Bag")] = 17
    matrix.fill_diagonal_(0)
    matrix.diagonal().copy_(counts_of(splits()[1]) - matrix.sum(dim=1))
    return matrix


CONFUSION = made_up_confusion()
PER_CLASS = CONFUSION.diag() / CONFUSION.sum(dim=1)
CHANGED = CONFUSION.clone()
CHANGED[class_names.index("Shirt"), class_names.index("Shirt")] += 1000  # so that another class is the hardest
CONTEXTS["07.1"] = CONTEXTS["07.2"] = lambda: {"confusion": CONFUSION}


def test_the_made_up_confusion_matrix_tells_the_mistakes_apart():
    column_mistakes = CONFUSION.sum(dim=0) - CONFUSION.diag()
    assert class_names[PER_CLASS.argmin()] == "Shirt" and class_names[PER_CLASS.argmax()] == "Trouser"
    assert class_names[column_mistakes.argmax()] == "Coat" and len(set(CONFUSION.sum(dim=1).tolist())) > 1
    assert class_names[CONFUSION.diag().argmin()] == "Bag"


RUNG_4 = {"hidden": 128, "batch_size": 256, "optimizer": "AdamW", "lr": 3e-3, "momentum": 0.0, "cosine": True,
          "batch_norm": True, "dropout": 0.0, "epochs": 3}


def mlp(hidden, batch_norm, dropout):
    def block(n_in, n_out):
        norm = [nn.BatchNorm1d(n_out)] if batch_norm else []
        drop = [nn.Dropout(dropout)] if dropout else []
        return [nn.Linear(n_in, n_out), *norm, nn.ReLU(), *drop]
    return nn.Sequential(nn.Flatten(), *block(784, hidden), *block(hidden, hidden), nn.Linear(hidden, 10))


@functools.cache
def run(smoothing, seed=87, epochs=3, make=lambda: mlp(RUNG_4["hidden"], RUNG_4["batch_norm"], RUNG_4["dropout"])):
    """07's run() of rung 4 with this much label smoothing, on 5,000 training images: the loss, model and history."""
    generator = set_seed(seed)
    model = make()
    optimizer = torch.optim.AdamW(model.parameters(), lr=RUNG_4["lr"])
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    loader = InMemoryLoader(train_subset(5000), batch_size=RUNG_4["batch_size"], shuffle=True, generator=generator)
    loss = nn.CrossEntropyLoss(label_smoothing=smoothing)
    return loss, model, fit(model, loader, val_loader(), loss, optimizer, epochs, "cpu", scheduler, False)


def smooth_context(loss=lambda: run(0.1)[0], history=lambda: run(0.1)[2]):
    return lambda: {"loss": loss(), "history": history(), "recipe": RUNG_4, "val_loader": val_loader()}


def with_dropout():
    return mlp(128, True, 0.2)


def final_relu_mlp():
    return nn.Sequential(*mlp(128, True, 0.0), nn.ReLU())


CONTEXTS["07.3"] = smooth_context()
model_smooth = lambda: run(0.1)[1]  # noqa: E731

case("07.1", "not done", "None", lambda: None)
case("07.1", "correct", "a tensor", lambda: PER_CLASS)
case("07.1", "not a tensor", "a list", lambda: PER_CLASS.tolist())
case("07.1", "07.1 one number per class", "shape (10, 1)", lambda: PER_CLASS[:, None])
case("07.1", "correct", "float64", lambda: PER_CLASS.double())
case("07.1", "07.1 column sums", "column sums (precision)", lambda: CONFUSION.diag() / CONFUSION.sum(dim=0))
case("07.1", "07.1 counts", "counts", lambda: CONFUSION.diag())
case("07.1", "07.1 one number per class", "9 entries", lambda: PER_CLASS[:9])
case("07.1", "percent", "percentages", lambda: 100 * PER_CLASS)
case("07.1", "07.1 divided by all images", "divided by all the images", lambda: CONFUSION.diag() / CONFUSION.sum())
case("07.1", "07.1 error rates", "fractions wrong", lambda: 1 - PER_CLASS)
case("07.1", "07.1 rounded", "rounded to 2 decimals", lambda: PER_CLASS.round(decimals=2))
case("07.1", "not in class order", "sorted", lambda: PER_CLASS.sort().values)
case("07.1", "a string, not numbers", "a string", lambda: str(PER_CLASS.tolist()))
case("07.2", "not done", "None", lambda: None)
case("07.2", "correct", "the name", lambda: class_names[PER_CLASS.argmin()])
case("07.2", "07.2 an index, not a name", "the index", lambda: PER_CLASS.argmin().item())
case("07.2", "07.2 spelled differently", "the name in lower case", lambda: class_names[PER_CLASS.argmin()].lower())
case("07.2", "07.2 most often predicted wrongly", "the most mistakes in its column", lambda: "Coat")
case("07.2", "07.2 the easiest", "the easiest", lambda: "Trouser")
case("07.2", "07.2 counts, not fractions", "fewest right in count", lambda: "Bag")
case("07.2", "07.2 another class is harder", "another class", lambda: "Dress")
case("07.2", "07.2 not a class name", "not a class", lambda: "Jacket")
case("07.2", "07.2 a class name", "a list", lambda: ["Shirt"])
case("07.2", "confusion changed", "1000 right answers added to Shirt in confusion, then the next hardest",
     lambda: class_names[(CHANGED.diag() / CHANGED.sum(dim=1)).argmin()], lambda: {"confusion": CHANGED})
case("07.3", "not done", "None", lambda: None)
case("07.3", "not done", "loss None", model_smooth, smooth_context(loss=lambda: None))
case("07.3", "not done", "history None", model_smooth, smooth_context(history=lambda: None))
case("07.3", "correct", "rung 4 with label smoothing", model_smooth)
case("07.3", "07.3 trained without smoothing", "a history from a run without label smoothing", lambda: run(0.0)[1],
     smooth_context(history=lambda: run(0.0)[2]))
case("07.3", "07.3 smoothing is not 0.1", "label smoothing 0.2", model_smooth,
     smooth_context(loss=lambda: nn.CrossEntropyLoss(label_smoothing=0.2)))
case("07.3", "07.3 loss_smooth is a CrossEntropyLoss", "the loss class, not an instance", model_smooth,
     smooth_context(loss=lambda: nn.CrossEntropyLoss))
case("07.3", "07.3 history of another run, with this loss", "another run's history", model_smooth,
     smooth_context(history=lambda: run(0.1, seed=88)[2]))
case("07.3", "07.3 batch norm missing", "without batch normalisation", lambda: mlp(128, False, 0.0))
case("07.3", "07.3 epochs", "2 epochs", model_smooth,
     smooth_context(history=lambda: {name: values[:2] for name, values in run(0.1)[2].items()}))
case("07.3", "07.3 epochs", "5 epochs (extra epochs)", lambda: run(0.1, epochs=5)[1],
     smooth_context(history=lambda: run(0.1, epochs=5)[2]))
case("07.3", "final activation", "a ReLU after the logits", lambda: run(0.1, make=final_relu_mlp)[1],
     smooth_context(history=lambda: run(0.1, make=final_relu_mlp)[2]))
case("07.3", "07.3 model_smooth is a trained model", "the history as the model", lambda: run(0.1)[2])
case("07.3", "correct", "a function around F.cross_entropy as the loss", model_smooth,
     smooth_context(loss=lambda: lambda logits, y: F.cross_entropy(logits, y, label_smoothing=0.1)))
case("07.3", "07.3 summed, not averaged", "reduction='sum'", model_smooth,
     smooth_context(loss=lambda: nn.CrossEntropyLoss(label_smoothing=0.1, reduction="sum")))
case("07.3", "07.3 no smoothing", "F.cross_entropy without smoothing", model_smooth,
     smooth_context(loss=lambda: F.cross_entropy))
case("07.3", "07.3 dropout differs", "dropout 0.2 added to the recipe", lambda: run(0.1, make=with_dropout)[1],
     smooth_context(history=lambda: run(0.1, make=with_dropout)[2]))


# 08_convolutions

def conv_output_size(n, kernel_size, stride=1, padding=0):
    return (n + 2 * padding - kernel_size) // stride + 1


def conv2d_by_hand(x, w, stride=1, padding=0):
    x = F.pad(x, (padding,) * 4)
    rows, cols = (x.shape[0] - w.shape[0]) // stride + 1, (x.shape[1] - w.shape[1]) // stride + 1
    y = torch.zeros(rows, cols)
    for i in range(rows):
        for j in range(cols):
            patch = x[i * stride:i * stride + w.shape[0], j * stride:j * stride + w.shape[1]]
            y[i, j] = (w * patch).sum()
    return y


def shift(images, down, right):
    out, (h, w) = torch.zeros_like(images), images.shape[-2:]
    if abs(down) < h and abs(right) < w:
        out[..., max(down, 0):h + min(down, 0), max(right, 0):w + min(right, 0)] = \
            images[..., max(-down, 0):h - max(down, 0), max(-right, 0):w - max(right, 0)]
    return out


for key, solution in [("08.1", conv_output_size), ("08.2", conv2d_by_hand), ("08.3", shift)]:
    case(key, "not done", "None", lambda: None)
    case(key, "not done", "a function whose body is ...", lambda: blank)
    case(key, "not done", "a docstring and ...", lambda: blank_with_docstring)
    case(key, "correct", "worked solution", lambda solution=solution: solution)
    case(key, "not a function", "a number, not a function", lambda: 3)
    case(key, "returns None", "no return", lambda: without_return)

case("08.1", "correct", "math.floor of a division",
     lambda: lambda n, kernel_size, stride=1, padding=0: math.floor((n + 2 * padding - kernel_size) / stride) + 1)
case("08.1", "correct", "counts the positions with range",
     lambda: lambda n, kernel_size, stride=1, padding=0: len(range(0, n + 2 * padding - kernel_size + 1, stride)))
case("08.1", "08.1 a float size", "true division of whole steps",
     lambda: lambda n, k, stride=1, padding=0: float((n + 2 * padding - k) // stride + 1))
case("08.1", "08.1 a whole number", "/ instead of //",
     lambda: lambda n, k, stride=1, padding=0: (n + 2 * padding - k) / stride + 1)
case("08.1", "08.1 rounds up", "math.ceil",
     lambda: lambda n, k, stride=1, padding=0: math.ceil((n + 2 * padding - k) / stride) + 1)
case("08.1", "08.1 rounds to the nearest", "round",
     lambda: lambda n, k, stride=1, padding=0: round((n + 2 * padding - k) / stride) + 1)
case("08.1", "08.1 one too few", "the + 1 missing",
     lambda: lambda n, k, stride=1, padding=0: (n + 2 * padding - k) // stride)
case("08.1", "08.1 adds 1 before dividing", "(n + 2p - k + 1) // s",
     lambda: lambda n, k, stride=1, padding=0: (n + 2 * padding - k + 1) // stride)
case("08.1", "08.1 padding on one side", "n + p - k",
     lambda: lambda n, k, stride=1, padding=0: (n + padding - k) // stride + 1)
case("08.1", "08.1 ignores padding", "padding unused",
     lambda: lambda n, k, stride=1, padding=0: (n - k) // stride + 1)
case("08.1", "08.1 ignores stride", "stride unused",
     lambda: lambda n, k, stride=1, padding=0: n + 2 * padding - k + 1)
case("08.1", "08.1 stride divides the kernel only", "precedence: k // s",
     lambda: lambda n, k, stride=1, padding=0: n + 2 * padding - k // stride + 1)
case("08.1", "08.1 defaults", "stride 2 by default",
     lambda: lambda n, k, stride=2, padding=0: (n + 2 * padding - k) // stride + 1)
case("08.1", "08.1 parameter names", "renamed parameters",
     lambda: lambda n, k, s=1, p=0: (n + 2 * p - k) // s + 1)
case("08.1", "08.1 sizes differ", "the stride-1 formula hard-coded for 28 x 28 inputs",
     lambda: lambda n, k, stride=1, padding=0: (28 + 2 * padding - k) // stride + 1)
case("08.1", "not one number", "both sides, as a list", lambda: lambda n, k, stride=1, padding=0:
     [conv_output_size(n, k, stride, padding)] * 2)
case("08.1", "08.1 sizes differ", "capped at 64, the largest size the lesson shows", lambda: lambda n, k, stride=1,
     padding=0: min(conv_output_size(n, k, stride, padding), 64))
case("08.1", "error: zero division", "divides by padding",
     lambda: lambda n, k, stride=1, padding=0: (n + 2 * stride - k) // padding + 1)


def conv2d_torch(x, w, stride=1, padding=0):
    return F.conv2d(x[None, None], w[None, None], stride=stride, padding=padding)[0, 0]


def conv2d_module(x, w, stride=1, padding=0):
    conv = nn.Conv2d(1, 1, tuple(w.shape), stride=stride, padding=padding, bias=False)
    with torch.no_grad():
        conv.weight.copy_(w[None, None])
        return conv(x[None, None])[0, 0]


def conv2d_unfold(x, w, stride=1, padding=0):
    cols = F.unfold(x[None, None], tuple(w.shape), padding=padding, stride=stride)  # (1, kh * kw, L)
    rows = (x.shape[0] + 2 * padding - w.shape[0]) // stride + 1
    return (w.flatten() @ cols[0]).view(rows, -1)


def conv2d_variant(flip=False, transpose=False, pad=True, step=True, mode="constant", reduce="sum", bias=0.0,
                   positions=True):
    def conv(x, w, stride=1, padding=0):
        w = w.flip(0, 1) if flip else w.T if transpose else w
        if pad and padding:
            x = F.pad(x[None, None], (padding,) * 4, mode=mode)[0, 0]
        s = stride if step else 1
        rows, cols = (x.shape[0] - w.shape[0]) // s + 1, (x.shape[1] - w.shape[1]) // s + 1
        y = torch.zeros(rows, cols)
        for i in range(rows):
            for j in range(cols):
                a, b = (i * s, j * s) if positions else (i, j)
                prod = w * x[a:a + w.shape[0], b:b + w.shape[1]]
                y[i, j] = (prod.sum() if reduce == "sum" else prod.mean()) + bias
        return y
    return conv


def conv2d_in_place(x, w, stride=1, padding=0):
    x -= x.mean()  # the mistake: centres the caller's image
    return conv2d_by_hand(x, w, stride, padding) + x.mean()


def conv2d_square(x, w, stride=1, padding=0):
    k = w.shape[0]  # the mistake: a square kernel assumed
    x = F.pad(x, (padding,) * 4)
    n = (x.shape[0] - k) // stride + 1
    return torch.stack([torch.stack([(w * x[i * stride:i * stride + k, j * stride:j * stride + k]).sum()
                                     for j in range(n)]) for i in range(n)])


case("08.2", "correct", "unfold (im2col), a matrix product", lambda: conv2d_unfold)
case("08.2", "correct", "a NumPy array back", lambda: lambda x, w, stride=1, padding=0:
     conv2d_by_hand(x, w, stride, padding).numpy())
case("08.2", "08.2 uses PyTorch's convolution", "F.conv2d", lambda: conv2d_torch)
case("08.2", "08.2 uses PyTorch's convolution", "nn.Conv2d", lambda: conv2d_module)
case("08.2", "08.2 complex", "an FFT, its imaginary part kept", lambda: lambda x, w, stride=1, padding=0:
     conv2d_by_hand(x, w, stride, padding) * (1 + 0j))
case("08.2", "08.2 flips the kernel", "mathematicians' convolution", lambda: conv2d_variant(flip=True))
case("08.2", "08.2 kernel transposed", "w[v, u]", lambda: conv2d_variant(transpose=True))
case("08.2", "08.2 ignores padding", "padding unused", lambda: conv2d_variant(pad=False))
case("08.2", "08.2 ignores stride", "stride unused", lambda: conv2d_variant(step=False))
case("08.2", "08.2 stride skips outputs, not positions", "patch at (i, j)", lambda: conv2d_variant(positions=False))
case("08.2", "08.2 pads with edge values", "replicate padding", lambda: conv2d_variant(mode="replicate"))
case("08.2", "08.2 averages", "mean of the products", lambda: conv2d_variant(reduce="mean"))
case("08.2", "08.2 adds a bias", "the lesson's bias of 0.5 kept", lambda: conv2d_variant(bias=0.5))
case("08.2", "changes its inputs in place", "centres x in place", lambda: conv2d_in_place)
case("08.2", "08.2 shape", "a square image and kernel assumed", lambda: conv2d_square)
case("08.2", "08.2 shape", "padding on one side only", lambda: lambda x, w, stride=1, padding=0:
     conv2d_by_hand(F.pad(x, (padding, 0, padding, 0)), w, stride))
case("08.2", "08.2 values differ", "the kernel's sum times the patch mean", lambda: lambda x, w, stride=1, padding=0:
     conv2d_by_hand(x, torch.full_like(w, w.mean().item()), stride, padding))


def shift_roll(images, down, right):
    return images.roll((down, right), dims=(2, 3))


def shift_slices(images, down, right):
    rows = (slice(down, None), slice(None, -down)) if down > 0 else (slice(None, down), slice(-down, None))
    cols = (slice(right, None), slice(None, -right)) if right > 0 else (slice(None, right), slice(-right, None))
    out = torch.zeros_like(images)  # the slip: for a shift of 0, [:0] is empty
    out[..., rows[0], cols[0]] = images[..., rows[1], cols[1]]
    return out


def shift_pad(images, down, right):
    # positive shifts only: F.pad's negative padding crops the other side
    h, w = images.shape[-2:]
    return F.pad(images, (right, 0, down, 0))[..., :h, :w]


def shift_with(fill):
    def moved(images, down, right):
        out = shift(images, down, right)
        inside = shift(torch.ones_like(images), down, right).bool()
        return torch.where(inside, out, torch.full_like(images, fill))
    return moved


def shift_in_place(images, down, right):
    images[:] = shift(images, down, right)
    return images.clone()


def shift_every_way(images, down, right):
    h, w = images.shape[-2:]
    return F.pad(images, (max(right, 0), max(-right, 0), max(down, 0), max(-down, 0)))[
        ..., max(-down, 0):max(-down, 0) + h, max(-right, 0):max(-right, 0) + w]


case("08.3", "correct", "F.pad both ways, then a window", lambda: shift_every_way)
case("08.3", "correct", "roll, then zero what wrapped", lambda: lambda images, down, right: shift_roll(
     images, down % images.shape[2] if abs(down) < images.shape[2] else 0,
     right % images.shape[3] if abs(right) < images.shape[3] else 0) * shift(torch.ones_like(images), down, right))
case("08.3", "08.3 wraps around", "torch.roll", lambda: shift_roll)
case("08.3", "08.3 directions reversed", "down moves up", lambda: lambda images, down, right:
     shift(images, -down, -right))
case("08.3", "08.3 down and right swapped", "rows and columns swapped", lambda: lambda images, down, right:
     shift(images, right, down))
case("08.3", "08.3 a zero shift", "[:-0] slices", lambda: shift_slices)
case("08.3", "08.3 negative shifts", "F.pad with negative padding", lambda: shift_pad)
case("08.3", "08.3 fills with something else", "fills with 1", lambda: shift_with(1))
case("08.3", "08.3 large shifts", "fails when the shift is the image's size", lambda: lambda images, down, right:
     shift(images, down, right) if abs(down) < images.shape[2] and abs(right) < images.shape[3] else images[99])
case("08.3", "08.3 dtype changed", "floats out for bytes in", lambda: lambda images, down, right:
     shift(images.float(), down, right))
case("08.3", "08.3 shares memory", "the images themselves when nothing moves", lambda: lambda images, down, right:
     images if down == right == 0 else shift(images, down, right))
case("08.3", "08.3 shape changed", "pads without cutting", lambda: lambda images, down, right:
     F.pad(images, (max(right, 0), max(-right, 0), max(down, 0), max(-down, 0))))
case("08.3", "changes its inputs in place", "moves the caller's images", lambda: shift_in_place)
case("08.3", "08.3 negative shifts", "up and left with the wrong columns", lambda: lambda images, down, right:
     shift(images, down, right) if down >= 0 or right >= 0 else shift(shift(images, down, 0), 0, right + 1))
case("08.3", "08.3 shifted images differ", "the first image only, copied to all", lambda: lambda images, down, right:
     shift(images[:1], down, right).expand_as(images).clone())


def hidden(key, context, message_key) -> list[str]:
    """Patterns of the expected answer that no message may show."""
    if key == "01.1":
        return [re.escape(f"({row}, {col})") for row, col in brightest_pixels()]
    if key == "01.2":
        return [r"12\D?288"]
    if key == "01.3":
        return [re.escape(f"{v:.2f}") for v in gray_of(context["rgb"].double()).unique().tolist()]
    if key == "03.1":
        return [rf"\b{n}\b" for n in counts_of(context["data"]).tolist()]
    if key == "03.3":
        return [rf"\b{bag_indices()[0]}\b"]
    if key == "04.3":
        return [rf"\b{re.escape(str(lr))}\b" for lr in worse_lrs(context["sweep"])]
    if key == "05.2" and "best_lr" in message_key and isinstance(context["val_accs"], dict):
        accs = context["val_accs"]
        return [rf"\b{re.escape(str(max(accs, key=accs.get)))}\b"]
    if key == "07.1":
        return [re.escape(f"{v:.2f}") for v in PER_CLASS.tolist()]
    if key == "07.2":
        return [class_names[PER_CLASS.argmin()]]
    return []


@pytest.mark.parametrize("key, answer, context, expected", CASES)
def test_verdict(key, answer, context, expected):
    context = context()
    result = verdict(key, answer(), **context)
    english = result.in_language("en")
    assert (result.status if result.status != "wrong" else result.message_key) == expected, english
    for language in ("en", "zh-TW"):  # the same verdict, said in each language
        message = result.in_language(language)
        if result.status != "wrong":
            continue
        for secret in hidden(key, context, result.message_key):
            assert not re.search(secret, message), f"the message gives away {secret!r}: {message}"
        assert not re.search(r"\d\.\d{4}", message), f"the message shows a computed number: {message}"
        assert f'hint("{key}")' in message, "a wrong answer's message says that hints exist"
        assert not re.search(r"exercises\.py|checks\.py|F\.binary_cross_entropy\(p", message), message
        if language == "zh-TW":
            assert re.search(r"[\u4e00-\u9fff]", message.split("：", 1)[1]), f"an English message in zh-TW: {message}"


def test_every_exercise_has_six_kinds_of_wrong_answers_blank_and_right():
    by_key = {key: [param.values[3] for param in CASES if param.values[0] == key] for key in CHECKS}
    for key, expected in by_key.items():
        wrong = [e for e in expected if e not in ("not done", "correct")]
        assert expected.count("not done") >= 1 and expected.count("correct") >= 1, key
        assert len(wrong) >= 6 and len(set(wrong)) >= 5, f"{key}: {len(wrong)} wrong answers, {len(set(wrong))} kinds"
    assert set(by_key) == set(CHECKS)


def test_every_message_is_raised_by_some_case():
    """Each message branch of the checks is reached by a wrong answer above (a message never reached is untested)."""
    from fashion_dnn.messages import ERRORS, MESSAGES
    expected = {param.values[3] for param in CASES}
    untested = {key for key in MESSAGES if key not in expected and not any(
        e.endswith(" " + key) for e in expected)}
    untested -= {"not 10 logits", "not numbers", "not one number", "not a history", "forward differs",
                 "final log_softmax", "ReLU instead"} - set()  # shared texts, each reached through some exercise
    reached_shared = {e for e in expected if e in MESSAGES}
    assert {"forward differs", "ReLU instead"} <= reached_shared
    allowed = {  # reachable only by answers too odd to be worth a case of their own; listed so none is forgotten
        "not 10 logits", "not numbers", "not one number", "not a history", "final log_softmax",
        "01.3 gray shape", "02.1 not z's shape", "02.1 log of the sum missing", "02.1 same output whatever z",
        "02.1 log_softmax differs", "02.2 y term missing", "02.2 bce differs", "02.3 sign flipped",
        "04.1 not z's shape", "04.1 one-hot missing", "04.1 grad differs", "04.2 lr squared", "04.2 step differs",
        "04.3 the first 50", "04.3 ever above", "04.3 missing and extra", "05.2 weights never changed",
        "05.2 never used its loader", "05.2 a dict by lr", "05.2 models holds models",
        "03.1 some counts wrong", "03.2 batches differ",
        "07.1 some fractions wrong", "07.3 batch norm extra",
    }
    assert untested <= allowed, f"messages no case reaches: {sorted(untested - allowed)}"
    assert {"error: " + k for k in ERRORS if k not in ("raised", "where", "no line", "in the check", "generic")} - \
        expected <= {"error: dim out of range", "error: attribute", "error: zero division"}


def test_every_message_has_both_languages_and_the_same_fields():
    from fashion_dnn import messages
    for table in (messages.VERDICTS, messages.WHAT, messages.MESSAGES, messages.ERRORS):
        for key, texts in table.items():
            assert len(texts) == 2 and all(texts), key
            en, zh = texts
            assert set(re.findall(r"{(\w+)", en)) == set(re.findall(r"{(\w+)", zh)), key
            assert re.search(r"[\u4e00-\u9fff]", zh) or en == zh or not re.search("[a-z]", en), key
    for key, hints in messages.HINTS.items():
        assert 2 <= len(hints) <= 4 and all(len(h) == 2 and all(h) for h in hints), key
    assert set(messages.HINTS) == set(messages.WHAT) == set(CHECKS)


def test_the_translations_use_taiwan_terms():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import sync_translation as st

    from fashion_dnn import messages
    texts = [t[1] for table in (messages.VERDICTS, messages.WHAT, messages.MESSAGES, messages.ERRORS)
             for t in table.values()] + [h[1] for hints in messages.HINTS.values() for h in hints]
    for text in texts:
        assert not (set(text) & st.SIMPLIFIED), f"Simplified characters: {text}"
        assert not [term for term in st.MAINLAND_TERMS if term in text], f"Mainland usage: {text}"


def test_hints_come_one_at_a_time_then_say_they_are_done(capsys, monkeypatch):
    monkeypatch.setenv("FASHION_DNN_LANG", "en")
    from fashion_dnn import exercises, messages
    monkeypatch.setattr(exercises, "_hints_given", {})
    n = len(messages.HINTS["03.2"])
    for i in range(1, n + 1):
        hint("03.2")
        assert capsys.readouterr().out.startswith(f"Hint {i} of {n}: ")
    hint("03.2")
    assert "last hint" in capsys.readouterr().out
    monkeypatch.setenv("FASHION_DNN_LANG", "zh-TW")
    hint("03.2")
    assert "提示已經全部給完" in capsys.readouterr().out
    with pytest.raises(KeyError):
        hint("09.9")


def test_hints_never_show_code():
    from fashion_dnn import messages
    for key, hints in messages.HINTS.items():
        for en, _ in hints:
            assert not re.search(r"\w\(.*\)\s*$|=\s*\w+\(|\breturn\b|\bdef\b|\bfor \w+ in\b", en), f"{key}: {en}"


def test_the_language_follows_the_folder_and_the_copy(tmp_path, monkeypatch):
    from fashion_dnn.exercises import language
    monkeypatch.delenv("FASHION_DNN_LANG", raising=False)
    (tmp_path / "notebooks" / "zh-TW" / "solutions").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "notebooks" / "zh-TW" / "solutions")
    assert language() == "zh-TW"
    monkeypatch.chdir(tmp_path / "notebooks")
    assert language() == "en"
    (tmp_path / ".course-language").write_text("zh-TW\n", encoding="utf-8")
    assert language() == "zh-TW"
    monkeypatch.setenv("FASHION_DNN_LANG", "en")
    assert language() == "en"


def test_blank_functions_are_told_apart_from_written_ones():
    def unwritten(z):
        pass

    def unwritten_with_docstring(z):
        """Returns the thing."""
        pass

    assert is_blank_function(blank) and is_blank_function(unwritten) and is_blank_function(blank_with_docstring)
    assert is_blank_function(unwritten_with_docstring)
    assert not any(map(is_blank_function, [log_softmax, sgd_step, without_return, lambda z: z, print, 3, None]))


def test_a_learners_error_names_their_line_and_never_the_checkers(monkeypatch):
    monkeypatch.setenv("FASHION_DNN_LANG", "en")

    def binary_cross_entropy_with_math(p, y):
        return -(y * math.log(p) + (1 - y) * math.log(1 - p)).mean()

    message = verdict("02.2", binary_cross_entropy_with_math).in_language("en")
    assert "return -(y * math.log(p) + (1 - y) * math.log(1 - p)).mean()" in message, message
    assert "line" in message and "torch's functions" in message and "Traceback" not in message


def test_the_solutions_answer_to_05_2_is_correct_twenty_times_in_twenty(monkeypatch):
    """Re-running a correct answer's cells, with the learner's random state anywhere, never flips the verdict."""
    monkeypatch.setenv("FASHION_DNN_LANG", "en")
    verdicts = []
    for ask in range(20):
        set_seed(1000 + ask)
        loader = TRAIN_LOADER()
        loader.generator.manual_seed(1000 + ask)  # the learner's loader, wherever its shuffle stands
        models, val_accs = measured(loader=TRAIN_LOADER)
        verdicts.append(verdict("05.2", train_one_epoch, models=models, val_accs=val_accs,
                                best_lr=max(val_accs, key=val_accs.get), train_loader=loader,
                                val_loader=val_loader()).status)
    assert verdicts == ["correct"] * 20


def test_checks_leave_the_learners_random_state_and_model_as_they_were(capsys, monkeypatch):
    monkeypatch.setenv("FASHION_DNN_LANG", "en")
    from fashion_dnn import checks

    checks._reference_accs.clear()  # so that 05.2 trains its reference models here, not earlier in this process
    model, history = train(sigmoid_model)
    contexts = {key: CONTEXTS[key]() for key in ("06.2", "05.2", "05.1")}  # made (and trained) before measuring
    model.train()
    weights = copy.deepcopy(model.state_dict())
    state = torch.get_rng_state()
    check("06.2", model, **contexts["06.2"])
    assert capsys.readouterr().out == "Correct: model_sigmoid, history_sigmoid and faster.\n"
    assert model.training and all(torch.equal(weights[name], w) for name, w in model.state_dict().items())
    check("05.2", train_one_epoch, **contexts["05.2"])
    assert capsys.readouterr().out.startswith("Correct")
    assert torch.equal(torch.get_rng_state(), state), "a check changed the learner's random state"
    model = contexts["05.1"]["model"].train()
    check("05.1", batch_mean_accuracy, **contexts["05.1"])
    assert capsys.readouterr().out.startswith("Correct") and model.training
    assert torch.equal(torch.get_rng_state(), state), "05.1's check changed the learner's random state"
