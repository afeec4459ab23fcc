"""Measure, in one run on this machine: the tutorial's data pipeline against InMemoryLoader, per epoch, for the
data alone and for training the baseline and the deeper model; the headless wall time of every notebook; and the
peak memory of this training process. Prints a table and writes benchmarks/latest.json.

    python benchmarks/benchmark.py            # everything (about 3 minutes on a 2-core CPU)
    python benchmarks/benchmark.py --no-notebooks
"""

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import conftest  # noqa: E402,F401,I001  (pins the thread count, as CI does, before torch is imported)

import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.utils.data import DataLoader  # noqa: E402
from tqdm.auto import tqdm  # noqa: E402

from fashion_dnn import InMemoryLoader, load_fashion_mnist, set_seed, test_step, train_step  # noqa: E402
from tools.run_notebooks import execute  # noqa: E402  (the same execution as the stored outputs get)

MODELS = {
    "baseline 784-10": lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 10)),
    "deeper 784-5-8-10": lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 5), nn.ReLU(), nn.Linear(5, 8), nn.ReLU(),
                                               nn.Linear(8, 10)),
}
SEED, LR, EPOCHS, BATCH = 87, 0.1, 3, 32
CPU = torch.device("cpu")


def loaders(kind, train_data, test_data, generator):
    """The tutorial's DataLoaders over the datasets, or ours over tensors made once."""
    if kind == "tutorial":
        return (DataLoader(train_data, batch_size=BATCH, shuffle=True, generator=generator),
                DataLoader(test_data, batch_size=BATCH))
    return (InMemoryLoader(train_data, batch_size=BATCH, shuffle=True, generator=generator),
            InMemoryLoader(test_data, batch_size=BATCH))


def data_epoch_seconds(loader, repeats):
    """The fastest of `repeats` passes over the loader, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _X, _y in loader:
            pass
        times.append(time.perf_counter() - start)
    return min(times)


def train_epochs(kind, make_model, train_data, test_data):
    """Train EPOCHS epochs from the same seed; the fastest epoch's seconds, and the final test accuracy."""
    generator = set_seed(SEED)
    model = make_model()
    train_loader, test_loader = loaders(kind, train_data, test_data, generator)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    times = []
    for _ in range(EPOCHS):
        start = time.perf_counter()
        train_step(model, train_loader, nn.CrossEntropyLoss(), optimizer, CPU)
        times.append(time.perf_counter() - start)
    _, test_acc = test_step(model, test_loader, nn.CrossEntropyLoss(), CPU)
    return min(times), test_acc


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return {"cpu": cpu, "threads": torch.get_num_threads(), "python": platform.python_version(),
            "torch": torch.__version__, "platform": platform.platform()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-notebooks", action="store_true", help="skip the notebook timings")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "latest.json")
    args = parser.parse_args()

    train_data, test_data = load_fashion_mnist(train=True), load_fashion_mnist(train=False)
    results = {"machine": machine(), "settings": {"seed": SEED, "lr": LR, "epochs": EPOCHS, "batch_size": BATCH}}

    tutorial_loader, _ = loaders("tutorial", train_data, test_data, torch.Generator().manual_seed(SEED))
    ours_loader, _ = loaders("ours", train_data, test_data, torch.Generator().manual_seed(SEED))
    data = {"tutorial_s": data_epoch_seconds(tutorial_loader, 3), "ours_s": data_epoch_seconds(ours_loader, 5)}
    data["ratio"] = data["tutorial_s"] / data["ours_s"]
    results["data_epoch"] = data

    results["training"] = {}
    for name, make_model in MODELS.items():
        t_s, t_acc = train_epochs("tutorial", make_model, train_data, test_data)
        o_s, o_acc = train_epochs("ours", make_model, train_data, test_data)
        results["training"][name] = {"tutorial_s_per_epoch": t_s, "ours_s_per_epoch": o_s, "ratio": t_s / o_s,
                                     "tutorial_test_acc": t_acc, "ours_test_acc": o_acc}
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux

    if not args.no_notebooks:
        paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        results["notebooks_s"] = {p.name: execute(p)[1] for p in tqdm(paths, desc="notebooks")}
        results["series_s"] = sum(results["notebooks_s"].values())

    report(results)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


def report(r):
    m, d = r["machine"], r["data_epoch"]
    print(f"machine: {m['cpu']}, {m['threads']} threads, torch {m['torch']}, Python {m['python']}")
    print(f"\n{'one epoch (fastest), batch 32, CPU':34} {'tutorial':>10} {'ours':>10} {'ratio':>7}   "
          "test acc (tutorial / ours)")
    print(f"{'data only (no model)':34} {d['tutorial_s']:>9.3f}s {d['ours_s']:>9.3f}s {d['ratio']:>6.1f}x")
    for name, t in r["training"].items():
        print(f"{'training, ' + name:34} {t['tutorial_s_per_epoch']:>9.3f}s {t['ours_s_per_epoch']:>9.3f}s "
              f"{t['ratio']:>6.1f}x   {t['tutorial_test_acc']:.4f} / {t['ours_test_acc']:.4f}")
    print(f"peak resident memory of this process: {r['peak_rss_mb']:.0f} MB")
    if "notebooks_s" in r:
        print("\nheadless wall time per notebook (fresh kernel each):")
        for name, seconds in r["notebooks_s"].items():
            print(f"  {name:40} {seconds:6.1f}s")
        print(f"  {'whole series':40} {r['series_s']:6.1f}s")


if __name__ == "__main__":
    main()
