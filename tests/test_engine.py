"""The helpers' numbers against PyTorch's own functions and hand-computed cases."""

import copy

import matplotlib
import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from fashion_dnn import accuracy, eval_model, fit, get_device, plot_history, set_seed, show_images, train_step
from fashion_dnn import test_step as evaluate  # a name pytest does not collect
from fashion_dnn.engine import DEVICES, progress

matplotlib.use("Agg")
CPU = torch.device("cpu")


def test_accuracy_by_hand():
    logits = torch.tensor([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [0.5, 0.2, 0.9], [1.0, 0.0, 0.0]])
    assert accuracy(logits, torch.tensor([0, 1, 2, 1])) == 0.75
    assert accuracy(logits.softmax(dim=1), torch.tensor([0, 1, 2, 1])) == 0.75  # probabilities give the same argmax


def test_a_short_last_batch_does_not_skew_the_mean():
    # 10 samples in batches of 4, 4, 2: batch accuracies 1/4, 1/4, 2/2 average to 0.5, but 4 of 10 are right
    logits = torch.eye(3)[torch.tensor([0, 1, 1, 1, 2, 0, 0, 0, 1, 2])] * 5
    y = torch.tensor([0, 0, 0, 0, 2, 1, 1, 1, 1, 2])
    loader = DataLoader(TensorDataset(logits, y), batch_size=4)
    loss, acc = evaluate(nn.Identity(), loader, nn.CrossEntropyLoss(), CPU)
    assert acc == pytest.approx(0.4)
    torch.testing.assert_close(torch.tensor(loss), F.cross_entropy(logits, y))


def test_train_step_is_one_sgd_step_per_batch():
    set_seed(0)
    X, y = torch.randn(10, 4), torch.randint(0, 3, (10,))
    model = nn.Linear(4, 3)
    by_hand = copy.deepcopy(model)
    loss, acc = train_step(model, DataLoader(TensorDataset(X, y), batch_size=6), nn.CrossEntropyLoss(),
                           torch.optim.SGD(model.parameters(), lr=0.1), CPU)

    losses, correct = [], 0
    for Xb, yb in ((X[:6], y[:6]), (X[6:], y[6:])):
        logits = by_hand(Xb)
        batch_loss = F.cross_entropy(logits, yb)
        by_hand.zero_grad()
        batch_loss.backward()
        with torch.no_grad():
            for p in by_hand.parameters():
                p -= 0.1 * p.grad
        losses.append(batch_loss.item() * len(yb))
        correct += (logits.argmax(1) == yb).sum().item()
    for p, q in zip(model.parameters(), by_hand.parameters()):
        torch.testing.assert_close(p, q)
    assert loss == pytest.approx(sum(losses) / 10) and acc == pytest.approx(correct / 10)
    assert model.training


def test_eval_model_reads_only_its_arguments():
    set_seed(1)
    model = nn.Linear(4, 3)
    a = (torch.randn(7, 4), torch.randint(0, 3, (7,)))
    b = (torch.randn(5, 4) * 3, torch.randint(0, 3, (5,)))
    results = {}
    for name, (X, y) in {"a": a, "b": b}.items():
        losses = {"ce": nn.CrossEntropyLoss(), "smooth": nn.CrossEntropyLoss(label_smoothing=0.2)}
        for loss_name, loss_fn in losses.items():
            result = eval_model(DataLoader(TensorDataset(X, y), batch_size=3), model, loss_fn, accuracy, CPU)
            with torch.no_grad():
                torch.testing.assert_close(torch.tensor(result["model_cost"]), loss_fn(model(X), y))
                assert result["model_acc"] == pytest.approx(accuracy(model(X), y))
            assert result["model_name"] == "Linear"
            results[name, loss_name] = result["model_cost"]
    assert len(set(results.values())) == 4
    assert not model.training


def test_eval_model_uses_the_accuracy_function_it_is_given():
    loader = DataLoader(TensorDataset(torch.randn(6, 2), torch.zeros(6, dtype=torch.long)), batch_size=4)
    result = eval_model(loader, nn.Linear(2, 2), nn.CrossEntropyLoss(), lambda logits, y: 0.25, CPU)
    assert result["model_acc"] == pytest.approx(0.25)


def test_fit_learns_a_separable_problem_and_keeps_a_history(capsys):
    g = set_seed(2)
    X = torch.randn(200, 2, generator=g)
    y = (X[:, 0] > 0).long()
    loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True, generator=g)
    model = nn.Linear(2, 2)
    history = fit(model, loader, loader, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.5), 5, CPU)
    assert list(history) == ["train_loss", "train_acc", "val_loss", "val_acc"]
    assert all(len(v) == 5 for v in history.values())
    assert history["val_loss"][-1] < history["val_loss"][0] and history["val_acc"][-1] > 0.95
    assert capsys.readouterr().out.count("val_acc=") == 5
    quiet = fit(model, loader, loader, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.5), 2, CPU,
                verbose=False)
    assert len(quiet["val_acc"]) == 2 and capsys.readouterr() == ("", "")


def test_set_seed_makes_runs_repeat():
    g1 = set_seed(3)
    a = torch.randn(3), torch.randperm(10, generator=g1)
    g2 = set_seed(3)
    b = torch.randn(3), torch.randperm(10, generator=g2)
    torch.testing.assert_close(a, b)


def pretend_available(monkeypatch, *names):
    """Make get_device see CUDA and MPS as available only if named here, whatever this machine has."""
    for name in ("cuda", "mps"):
        monkeypatch.setitem(DEVICES, name, lambda name=name: name in names)


def test_get_device_unset_picks_cuda_then_mps_then_cpu(monkeypatch):
    monkeypatch.delenv("FASHION_DNN_DEVICE", raising=False)  # conftest.py sets it to cpu for the notebooks
    for available, expected in [((), "cpu"), (("mps",), "mps"), (("cuda",), "cuda"), (("cuda", "mps"), "cuda")]:
        pretend_available(monkeypatch, *available)
        assert get_device() == torch.device(expected)
    monkeypatch.setenv("FASHION_DNN_DEVICE", " ")  # set but blank counts as unset
    assert get_device() == torch.device("cuda")


def test_get_device_obeys_fashion_dnn_device(monkeypatch):
    pretend_available(monkeypatch, "cuda", "mps")
    for value, expected in [("cpu", "cpu"), (" CUDA ", "cuda"), ("Mps\n", "mps"), ("\tcpu", "cpu")]:
        monkeypatch.setenv("FASHION_DNN_DEVICE", value)
        assert get_device() == torch.device(expected)


def test_get_device_names_the_choices_for_an_unknown_device(monkeypatch):
    for value in ["gpu", "cuda:0", "tpu"]:
        monkeypatch.setenv("FASHION_DNN_DEVICE", value)
        with pytest.raises(ValueError, match=f"FASHION_DNN_DEVICE='{value}'.*cpu, cuda, mps"):
            get_device()


def test_get_device_refuses_a_device_that_is_not_there(monkeypatch):
    pretend_available(monkeypatch)  # a CPU-only machine
    for value in ["cuda", "MPS"]:
        monkeypatch.setenv("FASHION_DNN_DEVICE", value)
        with pytest.raises(RuntimeError, match=f"cannot use {value.lower()}.*use cpu, or unset"):
            get_device()


@pytest.mark.parametrize("name", ["cuda", "mps"])
def test_get_device_asks_pytorch_what_this_machine_has(monkeypatch, name):
    monkeypatch.setenv("FASHION_DNN_DEVICE", name)
    if DEVICES[name]():
        assert get_device() == torch.device(name)
    else:  # on this CPU-only machine
        with pytest.raises(RuntimeError, match=f"cannot use {name}"):
            get_device()
    assert DEVICES[name]() == {"cuda": torch.cuda.is_available, "mps": torch.backends.mps.is_available}[name]()


def test_progress_outside_jupyter_is_tqdms_text_bar(capsys):
    assert list(progress(range(3), desc="epochs")) == [0, 1, 2]
    assert "epochs: 100%|██████████| 3/3 [" in capsys.readouterr().err.replace("#", "█")  # ASCII where no Unicode


def test_plots_draw_what_they_are_given(monkeypatch):
    import matplotlib.pyplot as plt

    shown = []
    monkeypatch.setattr(plt, "show", lambda: shown.append(plt.gcf()))
    show_images(torch.rand(5, 1, 28, 28), [f"c{i}" for i in range(5)], ncols=3)
    titles = [ax.get_title() for ax in shown[0].axes if ax.get_title()]
    assert titles == ["c0", "c1", "c2", "c3", "c4"] and len(shown[0].axes) == 6

    history = {"train_loss": [1.0, 0.5], "train_acc": [0.5, 0.7], "val_loss": [0.9, 0.6], "val_acc": [0.6, 0.65]}
    plot_history({"m1": history, "m2": history})
    loss_ax, acc_ax = shown[1].axes
    assert len(loss_ax.lines) == 4 and list(acc_ax.lines[1].get_ydata()) == [0.6, 0.65]
    shown[1].canvas.draw()
    ticks = [t for t in acc_ax.get_xticks() if 1 <= t <= 2]
    assert ticks and all(t == int(t) for t in ticks), f"epoch ticks {ticks}: epochs are whole numbers"
    plot_history({"m1": history}, loss_floor=1.461)
    assert list(shown[2].axes[0].lines[-1].get_ydata()) == [1.461, 1.461]  # the floor, drawn across
    plt.close("all")
