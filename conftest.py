"""Settings every pytest run shares, notebooks included: kernels inherit this environment."""

import os

# The stored outputs were computed on the CPU, so the tests run there even on a machine with a GPU or Apple's MPS.
# (The thread count, which training numbers also depend on, is set by the fashion_dnn package itself: 1 thread.)
os.environ["FASHION_DNN_DEVICE"] = "cpu"


def pytest_xdist_auto_num_workers(config):
    """`-n auto`: a worker per CPU the system counts, but at most 4 (or $PYTEST_XDIST_AUTO_NUM_WORKERS). Each worker
    runs a notebook in a kernel of its own, with PyTorch and the data loaded (up to about 1 GB with the worker), and
    the course's models use one thread each, so more workers than CPUs only queue, and more than 4 would ask a
    laptop with many cores for more memory than it may have."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def pytest_collection_modifyitems(items):
    """The student copy's own run of every lesson is the longest test by far: start it first, so that the other
    workers run everything else meanwhile, instead of waiting for it at the end (see `--no-loadscope-reorder`)."""
    items.sort(key=lambda item: item.path.name != "test_student_copy.py")  # stable: the rest keep their order
