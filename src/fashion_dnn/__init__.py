"""Helpers for the Fashion-MNIST DNN course; each is introduced in the notebook its docstring names."""

import os

import torch

from fashion_dnn.data import FashionMNISTError, InMemoryLoader, class_names, load_fashion_mnist, split_train_val
from fashion_dnn.engine import accuracy, eval_model, fit, get_device, progress, set_seed, test_step, train_step
from fashion_dnn.exercises import check, hint
from fashion_dnn.plots import plot_confusion, plot_history, show_images
from fashion_dnn.stats import paired, sampling_error, seed_summary

# One thread, in every notebook: the course's models are small, so a second thread saved at most a fifth of an epoch
# on an idle 2-core machine, and made training 3-35 times slower while another program kept one core busy
# (benchmarks/benchmark.py measures both). Set FASHION_DNN_THREADS before importing to try more.
THREADS = os.environ.get("FASHION_DNN_THREADS", "1")
if not THREADS.isdigit() or int(THREADS) < 1:
    raise ValueError(f"FASHION_DNN_THREADS={THREADS!r}: give a whole number of threads, 1 or more (the default is 1).")
torch.set_num_threads(int(THREADS))

__all__ = ["FashionMNISTError", "InMemoryLoader", "accuracy", "check", "class_names", "eval_model", "fit", "get_device",
           "hint", "load_fashion_mnist", "paired", "plot_confusion", "plot_history", "progress", "sampling_error",
           "seed_summary", "set_seed", "show_images", "split_train_val", "test_step", "train_step"]
