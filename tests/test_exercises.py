"""Every exercise's self-check: blank answers are "not done", known wrong answers (the old checks' loopholes among
them) are "wrong" with a message that does not give the answer away, and worked answers are "correct"."""

import copy
import functools
import math
import re

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import Subset
from torchvision.datasets import FashionMNIST

from fashion_dnn import InMemoryLoader, class_names, fit, load_fashion_mnist, set_seed, split_train_val
from fashion_dnn import test_step as evaluate  # a name pytest does not collect
from fashion_dnn.exercises import CHECKS, check, is_blank_function, verdict

CONTEXTS = {}  # exercise key -> () -> the keyword arguments its check cell passes
CASES = []     # pytest.param(key, answer, context, expected verdict); answer and context are built lazily


def case(key, expected, name, answer, context=None):
    """A case of exercise `key`: `answer()` (with `context()`, else the exercise's usual one) must get `expected`."""
    CASES.append(pytest.param(key, answer, context or CONTEXTS.get(key, dict), expected,
                              id=f"{key} {expected}: {name}"))


def blank(*args):
    ...  # an unwritten exercise function


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
GRAY = gray_of(RGB)
CONTEXTS["01.1"] = lambda: {"grid": load_fashion_mnist(train=True, transform=None).data[0]}
CONTEXTS["01.3"] = lambda: {"rgb": RGB}


def brightest_pixels():
    grid = CONTEXTS["01.1"]()["grid"]
    return (grid == grid.max()).nonzero().tolist()


def one_pixel_off():
    gray = GRAY.clone()
    gray[0, 0] += 1  # the old check sampled only (2, 3) and (12, 12)
    return gray


case("01.1", "not done", "None", lambda: None)
case("01.1", "correct", "argmax and divmod", lambda: divmod(CONTEXTS["01.1"]()["grid"].argmax().item(), 28))
case("01.1", "correct", "the last of tied maxima", lambda: tuple(brightest_pixels()[-1]))
case("01.1", "wrong", "a dark pixel", lambda: (0, 0))
case("01.1", "wrong", "column and row swapped", lambda: tuple(reversed(brightest_pixels()[0])))
case("01.1", "wrong", "the flat index", lambda: CONTEXTS["01.1"]()["grid"].argmax().item())
case("01.1", "wrong", "outside the grid", lambda: (28, 3))
case("01.2", "not done", "None", lambda: None)
case("01.2", "correct", "3 x 64 x 64", lambda: 3 * 64 * 64)
case("01.2", "wrong", "forgot the channels", lambda: 64 * 64)
case("01.2", "wrong", "a 28 x 28 colour picture", lambda: 3 * 28 * 28)
case("01.2", "wrong", "a float", lambda: 3 * 64 * 64 / 1)
case("01.3", "not done", "None", lambda: None)
case("01.3", "correct", "float32", lambda: GRAY)
case("01.3", "correct", "float64", lambda: gray_of(RGB.double()))
case("01.3", "wrong", "wrong at one pixel the old check did not sample", one_pixel_off)
case("01.3", "wrong", "scaled to 0-1", lambda: GRAY / 255)
case("01.3", "wrong", "plain average", lambda: RGB.float().mean(dim=0))
case("01.3", "wrong", "R and B weights swapped", lambda: gray_of(RGB, (0.114, 0.587, 0.299)))
case("01.3", "wrong", "rounded to uint8", lambda: GRAY.round().to(torch.uint8))
case("01.3", "wrong", "shape (25, 25, 3)", lambda: GRAY[:, :, None].expand(25, 25, 3))


# 02_sigmoid_softmax_cross_entropy

def log_softmax(z):
    m = z.max(dim=1, keepdim=True).values
    return z - m - (z - m).exp().sum(dim=1, keepdim=True).log()


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


for key, solution in [("02.1", log_softmax), ("02.2", binary_cross_entropy), ("02.3", double_softmax_floor),
                      ("03.2", num_batches), ("04.1", cross_entropy_grad), ("04.2", sgd_step)]:
    case(key, "not done", "None", lambda: None)
    case(key, "not done", "a function whose body is ...", lambda: blank)
    case(key, "correct", "worked solution", lambda solution=solution: solution)
    case(key, "wrong", "a number, not a function", lambda: 0.5)

case("02.1", "correct", "F.log_softmax", lambda: lambda z: F.log_softmax(z, dim=1))
case("02.1", "wrong", "softmax, not its log", lambda: lambda z: z.softmax(dim=1))
case("02.1", "wrong", "naive, unstable", lambda: lambda z: (z.exp() / z.exp().sum(dim=1, keepdim=True)).log())
case("02.1", "wrong", "over dim 0", lambda: lambda z: F.log_softmax(z, dim=0))
case("02.1", "wrong", "one max for the whole batch",
     lambda: lambda z: z - z.max() - (z - z.max()).exp().sum(dim=1, keepdim=True).log())
case("02.2", "wrong", "sum, not mean", lambda: lambda p, y: -(y * p.log() + (1 - y) * (1 - p).log()).sum())
case("02.2", "wrong", "no (1 - y) term", lambda: lambda p, y: -(y * p.log()).mean())
case("02.2", "wrong", "sign flipped", lambda: lambda p, y: (y * p.log() + (1 - y) * (1 - p).log()).mean())
case("02.3", "wrong", "the 10-class constant", lambda: lambda K: math.log(1 + 9 / math.e))
case("02.3", "wrong", "ln K", lambda: lambda K: math.log(K))
case("02.3", "wrong", "ln(1 + K / e)", lambda: lambda K: math.log(1 + K / math.e))


# 03_data_loading

def counts_of(data):
    return torch.bincount(data.targets, minlength=10)


def bag_indices():
    return (fashion_test_data().targets == class_names.index("Bag")).nonzero().flatten().tolist()


CONTEXTS["03.1"] = CONTEXTS["03.3"] = lambda: {"data": fashion_test_data()}
skewed = lambda: {"data": skewed_data()}  # noqa: E731

case("03.1", "not done", "None", lambda: None)
case("03.1", "correct", "bincount", lambda: counts_of(fashion_test_data()))
case("03.1", "correct", "a list, unequal classes", lambda: counts_of(skewed_data()).tolist(), skewed)
case("03.1", "wrong", "the training set's counts", lambda: counts_of(splits()[0].dataset))
case("03.1", "wrong", "sorted", lambda: counts_of(skewed_data()).sort().values, skewed)
case("03.1", "wrong", "9 counts", lambda: counts_of(skewed_data())[:9], skewed)
case("03.1", "wrong", "two counts off by one", lambda: counts_of(skewed_data()) + torch.tensor([1, -1] * 5), skewed)
case("03.2", "wrong", "forgets the short batch", lambda: lambda n, b, drop_last=False: n // b)
case("03.2", "wrong", "ignores drop_last", lambda: lambda n, b, drop_last=False: math.ceil(n / b))
case("03.2", "wrong", "n / b, a float", lambda: lambda n, b, drop_last=False: n / b)
case("03.2", "wrong", "one too many for exact multiples", lambda: lambda n, b, drop_last=False: n // b + 1 - drop_last)
case("03.3", "not done", "None", lambda: None)
case("03.3", "correct", "the first Bag", lambda: bag_indices()[0])
case("03.3", "wrong", "the second Bag", lambda: bag_indices()[1])
case("03.3", "wrong", "not a Bag", lambda: bag_indices()[0] - 1)
case("03.3", "wrong", "out of range", lambda: len(fashion_test_data()))
case("03.3", "wrong", "the class name", lambda: "Bag")


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


def sgd_step_without_no_grad(parameters, lr):
    for p in parameters:
        p -= lr * p.grad


def sgd_step_walking_twice(parameters, lr):
    assert all(p.grad is not None for p in parameters)  # uses up an iterator...
    with torch.no_grad():
        for p in parameters:  # ...so with model.parameters() this loop does nothing
            p -= lr * p.grad


def sweep():
    """Made-up training losses: 0.001 starts high but ends below ln 10, 1.0 ends above it, 10.0 never learns."""
    return {0.001: [5.0] * 250 + [2.0] * 50, 0.01: [1.0] * 300, 0.1: [0.6] * 300,
            1.0: [0.5] * 250 + [3.0] * 50, 10.0: [40.0] * 300}


def worse_lrs(losses_by_lr, last=50):
    return [lr for lr, losses in losses_by_lr.items() if sum(losses[-last:]) / last > math.log(10)]


CONTEXTS["04.3"] = lambda: {"sweep": sweep()}

case("04.1", "wrong", "no division by N", lambda: lambda z, y: z.softmax(dim=1) - F.one_hot(y, z.shape[1]))
case("04.1", "wrong", "sign flipped", lambda: lambda z, y: (F.one_hot(y, z.shape[1]) - z.softmax(dim=1)) / len(z))
case("04.1", "wrong", "softmax only", lambda: lambda z, y: z.softmax(dim=1) / len(z))
case("04.2", "correct", "add_ with alpha", lambda: sgd_step_add_)
for mistake in (sgd_step_rebinding, sgd_step_adding, sgd_step_without_lr, sgd_step_without_no_grad,
                sgd_step_walking_twice):
    case("04.2", "wrong", mistake.__name__, lambda mistake=mistake: mistake)
case("04.3", "not done", "None", lambda: None)
case("04.3", "correct", "list", lambda: worse_lrs(sweep()))
case("04.3", "correct", "reversed tuple", lambda: tuple(reversed(worse_lrs(sweep()))))
case("04.3", "wrong", "one number, not a list", lambda: worse_lrs(sweep())[-1])
case("04.3", "wrong", "one missing", lambda: worse_lrs(sweep())[1:])
case("04.3", "wrong", "one extra", lambda: worse_lrs(sweep()) + [0.1])
case("04.3", "wrong", "mean of all 300 losses", lambda: worse_lrs(sweep(), last=300))


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


def train_one_epoch(lr):
    generator = set_seed(87)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    loader = InMemoryLoader(train_subset(10_000), batch_size=32, shuffle=True, generator=generator)
    fit(model, loader, val_loader(), nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=lr), 1, "cpu",
        verbose=False)
    return model


@functools.cache
def lrs_by_accuracy():
    """The four learning rates, from the worst model's to the best's on the validation set."""
    accs = {lr: evaluate(train_one_epoch(lr), val_loader(), nn.CrossEntropyLoss(), "cpu")[1]
            for lr in (0.001, 0.01, 0.1, 1.0)}
    return sorted(accs, key=accs.get)


def train_one_model_further(lr, models=[]):  # noqa: B006 -- the mistake: one model, built once, trained on and on
    models += [] if models else [train_one_epoch(lr)]
    return models[0]


def lr_context(best_lr):
    return lambda: {"best_lr": best_lr() if callable(best_lr) else best_lr, "val_loader": val_loader()}


CONTEXTS["05.1"] = lambda: {"model": model_logits(), "data": splits()[1]}
CONTEXTS["05.2"] = lr_context(lambda: lrs_by_accuracy()[-1])

case("05.1", "not done", "None", lambda: None)
case("05.1", "not done", "a function whose body is ...", lambda: blank)
case("05.1", "correct", "plain mean of the batches", lambda: batch_mean_accuracy)
case("05.1", "wrong", "weighted by batch size, as test_step",
     lambda: lambda model, loader: evaluate(model, loader, nn.CrossEntropyLoss(), "cpu")[1])
case("05.1", "wrong", "the first batch only",
     lambda: lambda model, loader: batch_mean_accuracy(model, [next(iter(loader))]))
case("05.1", "wrong", "a constant", lambda: lambda model, loader: 0.8)
case("05.2", "not done", "None", lambda: None)
case("05.2", "not done", "a function whose body is ...", lambda: blank)
case("05.2", "not done", "best_lr None", lambda: train_one_epoch, lr_context(None))
case("05.2", "correct", "the best lr", lambda: train_one_epoch)
case("05.2", "wrong", "returns a number (04's old final_test_acc loophole)", lambda: lambda lr: 0.8)
case("05.2", "wrong", "the worst lr as best_lr", lambda: train_one_epoch, lr_context(lambda: lrs_by_accuracy()[0]))
case("05.2", "wrong", "one model trained further each time", lambda: train_one_model_further)
case("05.2", "wrong", "returns an untrained model", lambda: lambda lr: nn.Sequential(nn.Flatten(), nn.Linear(784, 10)))
case("05.2", "wrong", "a ReLU after the logits", lambda: lambda lr: nn.Sequential(train_one_epoch(lr), nn.ReLU()))


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
def train(make_model, seed=87):
    """06's train(), on 2,000 training images: the model and its history."""
    generator = set_seed(seed)
    model = make_model()
    loader = InMemoryLoader(train_subset(2000), batch_size=32, shuffle=True, generator=generator)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    return model, fit(model, loader, val_loader(), nn.CrossEntropyLoss(), optimizer, 3, "cpu", verbose=False)


def faster():
    return "ReLU" if train(deep_wide)[1]["val_acc"][0] > train(sigmoid_model)[1]["val_acc"][0] else "Sigmoid"


def sigmoid_context(history=lambda: train(sigmoid_model)[1], faster=faster):
    return lambda: {"history": history(), "faster": faster(), "relu_history": train(deep_wide)[1],
                    "val_loader": val_loader()}


CONTEXTS["06.2"] = sigmoid_context()
model_sigmoid = lambda: train(sigmoid_model)[0]  # noqa: E731

case("06.1", "not done", "None", lambda: None)
case("06.1", "not done", "a function whose body is ...", lambda: blank)
case("06.1", "correct", "Sequential", lambda: bottleneck_model)
case("06.1", "correct", "the tutorial's class", lambda: lambda w: ImageClassificationModel2(784, w, 8, 10))
case("06.1", "wrong", "no ReLUs", lambda: without_relus)
case("06.1", "wrong", "a final ReLU", lambda: lambda w: nn.Sequential(*bottleneck_model(w), nn.ReLU()))
case("06.1", "wrong", "a final softmax", lambda: lambda w: nn.Sequential(*bottleneck_model(w), nn.Softmax(dim=1)))
case("06.1", "wrong", "ignores width", lambda: lambda w: bottleneck_model(64))
case("06.1", "wrong", "a second hidden layer of 5", lambda: lambda w: ImageClassificationModel2(784, w, 5, 10))
case("06.1", "wrong", "no Flatten", lambda: lambda w: nn.Sequential(*list(bottleneck_model(w))[1:]))
case("06.1", "wrong", "Sigmoid instead of ReLU", lambda: with_sigmoids)
case("06.2", "not done", "None", lambda: None)
case("06.2", "not done", "the unwritten sigmoid_model", lambda: blank)
case("06.2", "not done", "history None", model_sigmoid, sigmoid_context(history=lambda: None))
case("06.2", "not done", "faster None", model_sigmoid, sigmoid_context(faster=lambda: None))
case("06.2", "correct", "faster as ReLU or Sigmoid", model_sigmoid)
case("06.2", "correct", "faster in lower case", model_sigmoid, sigmoid_context(faster=lambda: faster().lower()))
case("06.2", "wrong", "the slower activation", model_sigmoid,
     sigmoid_context(faster=lambda: {"ReLU": "Sigmoid", "Sigmoid": "ReLU"}[faster()]))
case("06.2", "wrong", "neither ReLU nor Sigmoid", model_sigmoid, sigmoid_context(faster=lambda: "tanh"))
case("06.2", "wrong", "another model's history", model_sigmoid, sigmoid_context(history=lambda: train(deep_wide)[1]))
case("06.2", "wrong", "another run's history", model_sigmoid,
     sigmoid_context(history=lambda: train(sigmoid_model, seed=88)[1]))
case("06.2", "wrong", "the ReLU model", lambda: train(deep_wide)[0], sigmoid_context(lambda: train(deep_wide)[1]))
case("06.2", "wrong", "the function, not the model", lambda: sigmoid_model)


# 07_diagnose_and_improve

def made_up_confusion():
    """Shirt is the hardest class, Trouser the easiest, Coat the most often wrongly predicted; classes differ in
    size."""
    matrix = torch.full((10, 10), 2) + torch.arange(10)[:, None] % 3
    matrix[:, class_names.index("Coat")] += 10
    matrix.fill_diagonal_(90)
    for name, right in [("Shirt", 40), ("Trouser", 200), ("Coat", 60)]:
        matrix[class_names.index(name), class_names.index(name)] = right
    return matrix


CONFUSION = made_up_confusion()
PER_CLASS = CONFUSION.diag() / CONFUSION.sum(dim=1)
CONTEXTS["07.1"] = CONTEXTS["07.2"] = lambda: {"confusion": CONFUSION}


def test_the_made_up_confusion_matrix_tells_the_mistakes_apart():
    column_mistakes = CONFUSION.sum(dim=0) - CONFUSION.diag()
    assert class_names[PER_CLASS.argmin()] == "Shirt" and class_names[PER_CLASS.argmax()] == "Trouser"
    assert class_names[column_mistakes.argmax()] == "Coat" and len(set(CONFUSION.sum(dim=1).tolist())) > 1


RUNG_4 = {"hidden": 128, "batch_size": 256, "optimizer": "AdamW", "lr": 3e-3, "momentum": 0.0, "cosine": True,
          "batch_norm": True, "dropout": 0.0, "epochs": 3}


def mlp(hidden, batch_norm, dropout):
    def block(n_in, n_out):
        norm = [nn.BatchNorm1d(n_out)] if batch_norm else []
        drop = [nn.Dropout(dropout)] if dropout else []
        return [nn.Linear(n_in, n_out), *norm, nn.ReLU(), *drop]
    return nn.Sequential(nn.Flatten(), *block(784, hidden), *block(hidden, hidden), nn.Linear(hidden, 10))


@functools.cache
def run(smoothing, seed=87):
    """07's run() of rung 4 with this much label smoothing, on 5,000 training images: the loss, model and history."""
    generator = set_seed(seed)
    model = mlp(RUNG_4["hidden"], RUNG_4["batch_norm"], RUNG_4["dropout"])
    optimizer = torch.optim.AdamW(model.parameters(), lr=RUNG_4["lr"])
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=RUNG_4["epochs"])
    loader = InMemoryLoader(train_subset(5000), batch_size=RUNG_4["batch_size"], shuffle=True, generator=generator)
    loss = nn.CrossEntropyLoss(label_smoothing=smoothing)
    return loss, model, fit(model, loader, val_loader(), loss, optimizer, RUNG_4["epochs"], "cpu", scheduler, False)


def smooth_context(loss=lambda: run(0.1)[0], history=lambda: run(0.1)[2]):
    return lambda: {"loss": loss(), "history": history(), "recipe": RUNG_4, "val_loader": val_loader()}


CONTEXTS["07.3"] = smooth_context()
model_smooth = lambda: run(0.1)[1]  # noqa: E731

case("07.1", "not done", "None", lambda: None)
case("07.1", "correct", "a tensor", lambda: PER_CLASS)
case("07.1", "correct", "a list", lambda: PER_CLASS.tolist())
case("07.1", "wrong", "column sums (precision)", lambda: CONFUSION.diag() / CONFUSION.sum(dim=0))
case("07.1", "wrong", "counts", lambda: CONFUSION.diag())
case("07.1", "wrong", "9 entries", lambda: PER_CLASS[:9])
case("07.1", "wrong", "percentages", lambda: 100 * PER_CLASS)
case("07.2", "not done", "None", lambda: None)
case("07.2", "correct", "the name", lambda: class_names[PER_CLASS.argmin()])
case("07.2", "wrong", "the index", lambda: PER_CLASS.argmin().item())
case("07.2", "wrong", "the name in lower case", lambda: class_names[PER_CLASS.argmin()].lower())
case("07.2", "wrong", "the most mistakes in its column", lambda: "Coat")
case("07.2", "wrong", "the easiest", lambda: "Trouser")
case("07.2", "wrong", "another class", lambda: "Dress")
case("07.3", "not done", "None", lambda: None)
case("07.3", "not done", "loss None", model_smooth, smooth_context(loss=lambda: None))
case("07.3", "not done", "history None", model_smooth, smooth_context(history=lambda: None))
case("07.3", "correct", "rung 4 with label smoothing", model_smooth)
case("07.3", "wrong", "a history from a run without label smoothing", lambda: run(0.0)[1],
     smooth_context(history=lambda: run(0.0)[2]))
case("07.3", "wrong", "label smoothing 0.2", model_smooth,
     smooth_context(loss=lambda: nn.CrossEntropyLoss(label_smoothing=0.2)))
case("07.3", "wrong", "another run's history", model_smooth, smooth_context(history=lambda: run(0.1, seed=88)[2]))
case("07.3", "wrong", "without batch normalisation", lambda: mlp(128, False, 0.0))
case("07.3", "wrong", "2 epochs", model_smooth,
     smooth_context(history=lambda: {name: values[:2] for name, values in run(0.1)[2].items()}))


def hidden(key, context) -> list[str]:
    """Patterns of the expected answer that no message may show."""
    if key == "01.1":
        return [re.escape(f"({row}, {col})") for row, col in brightest_pixels()]
    if key == "01.2":
        return [r"12\D?288"]
    if key == "01.3":
        return [re.escape(f"{v:.2f}") for v in gray_of(context["rgb"]).unique().tolist()]
    if key == "03.1":
        return [rf"\b{n}\b" for n in counts_of(context["data"]).tolist()]
    if key == "03.3":
        return [rf"\b{bag_indices()[0]}\b"]
    if key == "04.3":
        return [rf"\b{re.escape(str(lr))}\b" for lr in worse_lrs(context["sweep"])]
    if key == "05.2":
        return [re.escape(f"{context['best_lr']}")]
    if key == "07.1":
        return [re.escape(f"{v:.2f}") for v in PER_CLASS.tolist()]
    if key == "07.2":
        return [class_names[PER_CLASS.argmin()]]
    return []


@pytest.mark.parametrize("key, answer, context, expected", CASES)
def test_verdict(key, answer, context, expected):
    context = context()
    got, message = verdict(key, answer(), **context)
    assert got == expected, message
    if got == "wrong":
        for secret in hidden(key, context):
            assert not re.search(secret, message), f"the message gives away {secret!r}: {message}"
        assert not re.search(r"\d\.\d{4}", message), f"the message shows a computed number: {message}"


def test_every_exercise_has_blank_wrong_and_correct_cases():
    verdicts = {key: [param.values[3] for param in CASES if param.values[0] == key] for key in CHECKS}
    for key, got in verdicts.items():
        assert got.count("not done") >= 1 and got.count("wrong") >= 2 and got.count("correct") >= 1, key
    assert {param.values[0] for param in CASES} == set(CHECKS)


def test_blank_functions_are_told_apart_from_written_ones():
    def unwritten(z):
        pass

    assert is_blank_function(blank) and is_blank_function(unwritten)
    assert not any(map(is_blank_function, [log_softmax, sgd_step, lambda z: z, print, 3, None]))


def test_checks_print_one_verdict_and_leave_the_learners_model_as_it_was(capsys):
    model, history = train(sigmoid_model)
    model.train()
    weights = copy.deepcopy(model.state_dict())
    check("06.2", model, **CONTEXTS["06.2"]())
    assert capsys.readouterr().out == "Correct: model_sigmoid, history_sigmoid and faster.\n"
    assert model.training and all(torch.equal(weights[name], w) for name, w in model.state_dict().items())
    model = model_logits().train()
    check("05.1", batch_mean_accuracy, **CONTEXTS["05.1"]())
    assert capsys.readouterr().out.startswith("Correct") and model.training
