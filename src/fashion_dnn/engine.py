"""Seeds, devices, accuracy and the training loop, as written out in 05_baseline_model."""

import os
import random

import torch
from tqdm.auto import tqdm  # tqdm.notebook's widget bar inside Jupyter, its text bar elsewhere


def set_seed(seed: int) -> torch.Generator:
    """Seed Python and PyTorch; return a seeded generator for shuffling. Introduced in 03_data_loading."""
    random.seed(seed)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


DEVICES = {"cpu": lambda: True, "cuda": torch.cuda.is_available, "mps": torch.backends.mps.is_available}


def get_device() -> torch.device:
    """$FASHION_DNN_DEVICE if set, else CUDA, then Apple's MPS, then the CPU. Introduced in 05_baseline_model."""
    wanted = os.environ.get("FASHION_DNN_DEVICE", "").strip().lower()
    if wanted:
        if wanted not in DEVICES:
            raise ValueError(f"FASHION_DNN_DEVICE={wanted!r} is not a device this course knows; use one of "
                             f"{', '.join(DEVICES)}, or unset it to pick the fastest one here.")
        if not DEVICES[wanted]():
            raise RuntimeError(f"FASHION_DNN_DEVICE={wanted} but this computer's PyTorch cannot use {wanted} "
                               f"(torch {torch.__version__}); use cpu, or unset FASHION_DNN_DEVICE.")
        return torch.device(wanted)
    return next(torch.device(name) for name in ("cuda", "mps", "cpu") if DEVICES[name]())


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def progress(iterable, desc: str):
    """Loop over `iterable` behind a tqdm bar that a saved notebook keeps as text. Introduced in 05_baseline_model.

    Outside Jupyter this is tqdm's text bar. In Jupyter the live bar is tqdm's widget, shown without a text copy;
    when the loop ends the widget is removed and the bar's final line, `epochs: 100%|...| 3/3 [...]`, is shown as
    text, which every viewer draws. nbval sees a cell's displays but not their updates: it skips the widget and
    compares the final line (tests/nbval_sanitize.cfg masks its times).
    """
    from tqdm.notebook import tqdm_notebook

    if not issubclass(tqdm, tqdm_notebook):  # not in Jupyter, or no ipywidgets
        yield from tqdm(iterable, desc=desc)
        return
    from IPython.display import display

    bar = tqdm(iterable, desc=desc, display=False)
    live = display({WIDGET_VIEW: bar.container._repr_mimebundle_()[WIDGET_VIEW]}, raw=True, display_id=True)
    try:
        yield from bar
    finally:
        live.update({}, raw=True)  # take the widget out of the saved output...
        bar.container.close()  # ...and out of the kernel
        display({"text/plain": str(bar)}, raw=True)


def accuracy(logits: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of rows whose largest logit (or probability) is the label. Introduced in 05_baseline_model."""
    return (logits.argmax(dim=1) == y).float().mean().item()


def train_step(model, loader, loss_fn, optimizer, device, accuracy_fn=accuracy) -> tuple[float, float]:
    """Train one epoch; mean loss and accuracy, weighted by batch size. Introduced in 05_baseline_model."""
    model.train()
    total_loss, total_acc, n = 0.0, 0.0, 0
    for X, y in loader:
        X, y = X.to(device), y.to(device)
        logits = model(X)
        loss = loss_fn(logits, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(y)
        total_acc += accuracy_fn(logits, y) * len(y)
        n += len(y)
    return total_loss / n, total_acc / n


def test_step(model, loader, loss_fn, device, accuracy_fn=accuracy) -> tuple[float, float]:
    """Mean loss and accuracy over a loader, weighted by batch size. Introduced in 05_baseline_model."""
    model.eval()
    total_loss, total_acc, n = 0.0, 0.0, 0
    with torch.inference_mode():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            logits = model(X)
            total_loss += loss_fn(logits, y).item() * len(y)
            total_acc += accuracy_fn(logits, y) * len(y)
            n += len(y)
    return total_loss / n, total_acc / n


def eval_model(dataloader, model, loss_fn, accuracy_fn, device) -> dict:
    """The tutorial's summary of a model, from its arguments alone. Introduced in 06_deeper_models."""
    loss, acc = test_step(model, dataloader, loss_fn, device, accuracy_fn)
    return {"model_name": type(model).__name__, "model_cost": loss, "model_acc": acc}


def fit(model, train_loader, val_loader, loss_fn, optimizer, num_epochs, device, scheduler=None,
        verbose=True) -> dict:
    """Train for `num_epochs`, validating after each; return the per-epoch history. Introduced in 05_baseline_model.

    `scheduler`, if given, is stepped once per epoch (07_diagnose_and_improve); `verbose=False` trains without a
    progress bar or printed lines (06_deeper_models).
    """
    history = {"train_loss": [], "train_acc": [], "val_loss": [], "val_acc": []}
    for epoch in progress(range(num_epochs), desc="epochs") if verbose else range(num_epochs):
        train_loss, train_acc = train_step(model, train_loader, loss_fn, optimizer, device)
        if scheduler is not None:
            scheduler.step()
        val_loss, val_acc = test_step(model, val_loader, loss_fn, device)
        for key, value in zip(history, (train_loss, train_acc, val_loss, val_acc)):
            history[key].append(value)
        if verbose:
            print(f"epoch {epoch + 1}: train_loss={train_loss:.4f} train_acc={train_acc:.4f} "
                  f"val_loss={val_loss:.4f} val_acc={val_acc:.4f}")
    return history
