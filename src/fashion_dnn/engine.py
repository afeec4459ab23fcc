"""Seeds, devices, accuracy and the training loop, as written out in 04_baseline_model."""

import random

import torch
from tqdm.auto import tqdm


def set_seed(seed: int) -> torch.Generator:
    """Seed Python and PyTorch; return a seeded generator for shuffling. Introduced in 03_data_loading."""
    random.seed(seed)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def get_device() -> torch.device:
    """The fastest device here: CUDA, then Apple's MPS, then the CPU. Introduced in 04_baseline_model."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def accuracy(logits: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of rows whose largest logit (or probability) is the label. Introduced in 04_baseline_model."""
    return (logits.argmax(dim=1) == y).float().mean().item()


def train_step(model, loader, loss_fn, optimizer, device, accuracy_fn=accuracy) -> tuple[float, float]:
    """Train one epoch; mean loss and accuracy, weighted by batch size. Introduced in 04_baseline_model."""
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
    """Mean loss and accuracy over a loader, weighted by batch size. Introduced in 04_baseline_model."""
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
    """The tutorial's summary of a model, from its arguments alone. Introduced in 05_deeper_models."""
    loss, acc = test_step(model, dataloader, loss_fn, device, accuracy_fn)
    return {"model_name": type(model).__name__, "model_cost": loss, "model_acc": acc}


def fit(model, train_loader, test_loader, loss_fn, optimizer, num_epochs, device, scheduler=None) -> dict:
    """Train for `num_epochs`, testing after each; return the per-epoch history. Introduced in 04_baseline_model.

    `scheduler`, if given, is stepped once per epoch (06_diagnose_and_improve).
    """
    history = {"train_loss": [], "train_acc": [], "test_loss": [], "test_acc": []}
    for epoch in tqdm(range(num_epochs), desc="epochs"):
        train_loss, train_acc = train_step(model, train_loader, loss_fn, optimizer, device)
        if scheduler is not None:
            scheduler.step()
        test_loss, test_acc = test_step(model, test_loader, loss_fn, device)
        for key, value in zip(history, (train_loss, train_acc, test_loss, test_acc)):
            history[key].append(value)
        print(f"epoch {epoch + 1}: train_loss={train_loss:.4f} train_acc={train_acc:.4f} "
              f"test_loss={test_loss:.4f} test_acc={test_acc:.4f}")
    return history
