"""Helpers for the Fashion-MNIST DNN course; each is introduced in the notebook its docstring names."""

from fashion_dnn.data import FashionMNISTError, InMemoryLoader, class_names, load_fashion_mnist
from fashion_dnn.engine import accuracy, eval_model, fit, get_device, set_seed, test_step, train_step
from fashion_dnn.exercises import check
from fashion_dnn.plots import plot_confusion, plot_history, show_images

__all__ = ["FashionMNISTError", "InMemoryLoader", "accuracy", "check", "class_names", "eval_model", "fit", "get_device",
           "load_fashion_mnist", "plot_confusion", "plot_history", "set_seed", "show_images", "test_step", "train_step"]
