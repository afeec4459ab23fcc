"""Pictures the notebooks draw: image grids and training curves."""

import matplotlib.pyplot as plt
import torch
from matplotlib.ticker import MaxNLocator


def show_images(images, titles, ncols: int = 8, size: float = 1.6) -> None:
    """Draw a grid of 1 x 28 x 28 (or 28 x 28) images with a title each. Introduced in 03_data_loading."""
    nrows = (len(images) + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * size, nrows * (size + 0.3)), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, title in zip(axes.flat, images, titles):
        ax.imshow(torch.as_tensor(image).detach().cpu().squeeze().numpy(), cmap="gray")
        ax.set_title(title, fontsize=8)
    plt.tight_layout()
    plt.show()


def plot_history(histories: dict, loss_floor: float | None = None) -> None:
    """Loss and accuracy curves, train dashed, validation solid, a colour per model. Introduced in 05_baseline_model.

    `loss_floor`, if given, is drawn as a dotted line on the loss plot.
    """
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 3.8))
    for i, (name, history) in enumerate(histories.items()):
        epochs = range(1, len(history["train_loss"]) + 1)
        for ax, metric in ((ax_loss, "loss"), (ax_acc, "acc")):
            ax.plot(epochs, history[f"train_{metric}"], "--", color=f"C{i}", label=f"{name} train")
            ax.plot(epochs, history[f"val_{metric}"], "-", color=f"C{i}", label=f"{name} validation")
    if loss_floor is not None:
        ax_loss.axhline(loss_floor, color="gray", linestyle=":", label=f"floor {loss_floor:.3f}")
        ax_loss.legend(fontsize=8)
    for ax, label in ((ax_loss, "cross-entropy loss"), (ax_acc, "accuracy")):
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs 1, 2, 3: no ticks at 1.25 or 1.5
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    ax_acc.legend(fontsize=8)
    plt.tight_layout()
    plt.show()


def plot_confusion(confusion, class_names) -> None:
    """Draw a confusion matrix: true class down, predicted across. Introduced in 07_diagnose_and_improve."""
    confusion = torch.as_tensor(confusion).cpu()
    fig, ax = plt.subplots(figsize=(7, 6))
    ax.imshow(confusion, cmap="Blues")
    for i in range(len(class_names)):
        for j in range(len(class_names)):
            count = int(confusion[i, j])
            ax.text(j, i, count, ha="center", va="center", fontsize=8,
                    color="white" if count > confusion.max() / 2 else "black")
    ax.set_xticks(range(len(class_names)), class_names, rotation=45, ha="right")
    ax.set_yticks(range(len(class_names)), class_names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    plt.tight_layout()
    plt.show()
