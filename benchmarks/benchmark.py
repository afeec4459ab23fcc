"""Measure the course on this machine, in one run; print tables and write benchmarks/latest.json.

1. Pipelines, at the course's 1 thread: the tutorial's data pipeline (a DataLoader over the torchvision dataset,
   ToTensor image by image) against the course's InMemoryLoader, on the course's training split (55,000 images).
   One epoch of the data alone; one epoch of training the baseline (784-10) and the deeper model (784-5-8-10),
   batch 32, SGD at lr 0.1; and the validation accuracy (the 5,000 held-out images) after 3 epochs from the same
   seed. The test set is not used.
2. Threads: seconds per epoch of a linear model (784-10, batch 32) and an MLP (784-512-256-10, batch 256), plain
   SGD, at 1 thread, 2 threads and all cores, on an idle machine and with one core kept busy by another process.
   Each measurement runs in a fresh process; it times one epoch, or stops after 20 s and scales to one epoch.
3. Notebooks: the headless wall time of every lesson (notebooks/NN_*.ipynb, a fresh kernel each, on the CPU as CI
   runs them) and of the whole series; and the peak resident memory of the training process of part 1.
4. The machine: CPU model, cores, torch version and build, Python version, date.

    python benchmarks/benchmark.py                 # everything: roughly 4 minutes on an idle 2-core CPU
    python benchmarks/benchmark.py --no-notebooks  # parts 1, 2 and 4: roughly 2 minutes
    python benchmarks/benchmark.py --quick         # smoke test: tiny sizes, no notebooks, numbers meaningless;
                                                   # about a minute; writes no file unless --out is given

More cores add a thread count to part 2, so a few measurements more.

Run it on an otherwise quiet machine: part 2 makes its own load, and anyone else's makes every number wrong.
"""

import argparse
import json
import multiprocessing
import os
import platform
import resource
import signal
import subprocess
import sys
import time
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, Subset

# the package sets 1 thread at import; each part below sets its own thread count explicitly
from fashion_dnn import InMemoryLoader, load_fashion_mnist, set_seed, split_train_val, test_step, train_step

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tools.run_notebooks, imported in part 3

SEED, LR, BATCH = 87, 0.1, 32
COURSE_THREADS = 1  # what fashion_dnn sets for every notebook
CPU = torch.device("cpu")

PIPELINE_MODELS = {  # part 1: the course's models
    "baseline 784-10": lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 10)),
    "deeper 784-5-8-10": lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 5), nn.ReLU(), nn.Linear(5, 8), nn.ReLU(),
                                               nn.Linear(8, 10)),
}
THREAD_MODELS = {  # part 2: name -> (model, batch size); a small model with small batches, a bigger one with big ones
    "linear 784-10, batch 32": (lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), 32),
    "MLP 784-512-256-10, batch 256": (lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(),
                                                            nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10)), 256),
}


@dataclass(frozen=True)
class Settings:
    train_size: int | None  # images of the training split used in part 1 (None: all 55,000)
    val_size: int | None  # images of the validation split (None: all 5,000)
    tutorial_repeats: int  # passes over the data alone; the fastest counts
    ours_repeats: int
    epochs: int  # training epochs in part 1; the fastest counts, the accuracy is the last one's
    warmup_batches: int  # part 2: batches trained before the clock starts (thread pool, allocator)
    max_batches: int | None  # part 2: batches timed at most (None: one epoch)
    max_seconds: float  # part 2: ...or until this many seconds have passed, then scaled to one epoch


FULL = Settings(None, None, tutorial_repeats=3, ours_repeats=5, epochs=3, warmup_batches=10, max_batches=None,
                max_seconds=20.0)
QUICK = Settings(2_000, 500, tutorial_repeats=1, ours_repeats=1, epochs=1, warmup_batches=2, max_batches=30,
                 max_seconds=1.0)


# ---- 1. the tutorial's pipeline against InMemoryLoader ---------------------------------------------------------------

def course_split(settings):
    """The course's training and validation splits (Subsets of the training set), cut down if the settings say so."""
    train_data = load_fashion_mnist(train=True)
    train_split, val_split = split_train_val(train_data)
    return (Subset(train_data, train_split.indices[:settings.train_size]),
            Subset(train_data, val_split.indices[:settings.val_size]))


def loaders(kind, train_split, val_split, generator):
    """The tutorial's DataLoaders over the dataset, or the course's InMemoryLoaders over its tensors."""
    make = DataLoader if kind == "tutorial" else InMemoryLoader
    return (make(train_split, batch_size=BATCH, shuffle=True, generator=generator),
            make(val_split, batch_size=BATCH))


def data_epoch_seconds(loader, repeats):
    """The fastest of `repeats` passes over the loader, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _X, _y in loader:
            pass
        times.append(time.perf_counter() - start)
    return min(times)


def train_epochs(kind, make_model, train_split, val_split, epochs):
    """Train `epochs` epochs from the same seed; the fastest epoch's seconds, and the validation accuracy after."""
    generator = set_seed(SEED)
    model = make_model()
    train_loader, val_loader = loaders(kind, train_split, val_split, generator)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        train_step(model, train_loader, nn.CrossEntropyLoss(), optimizer, CPU)
        times.append(time.perf_counter() - start)
    _, val_acc = test_step(model, val_loader, nn.CrossEntropyLoss(), CPU)
    return min(times), val_acc


def compare_pipelines(settings):
    """Part 1, at the course's thread count."""
    torch.set_num_threads(COURSE_THREADS)
    train_split, val_split = course_split(settings)
    data = {}
    for kind, repeats in (("tutorial", settings.tutorial_repeats), ("ours", settings.ours_repeats)):
        train_loader, _ = loaders(kind, train_split, val_split, torch.Generator().manual_seed(SEED))
        data[f"{kind}_s"] = data_epoch_seconds(train_loader, repeats)
    data["ratio"] = data["tutorial_s"] / data["ours_s"]
    training = {}
    for name, make_model in PIPELINE_MODELS.items():
        t_s, t_acc = train_epochs("tutorial", make_model, train_split, val_split, settings.epochs)
        o_s, o_acc = train_epochs("ours", make_model, train_split, val_split, settings.epochs)
        training[name] = {"tutorial_s_per_epoch": t_s, "ours_s_per_epoch": o_s, "ratio": t_s / o_s,
                          "tutorial_val_acc": t_acc, "ours_val_acc": o_acc}
    return {"threads": COURSE_THREADS, "train_images": len(train_split), "val_images": len(val_split),
            "data_epoch": data, "training": training}


# ---- 2. the thread study ---------------------------------------------------------------------------------------------

def thread_counts():
    """1, 2 and all cores, without duplicates."""
    return sorted({1, 2, os.cpu_count() or 1})


class FirstBatches:
    """One pass over `loader` that stops after `max_batches` batches or `max_seconds`; counts the batches it gave."""

    def __init__(self, loader, max_batches, max_seconds):
        self.loader, self.max_batches, self.max_seconds, self.batches = loader, max_batches, max_seconds, 0

    def __iter__(self):
        start, self.batches = time.perf_counter(), 0
        for batch in self.loader:
            if self.batches == self.max_batches or time.perf_counter() - start >= self.max_seconds:
                return
            self.batches += 1
            yield batch


def measure_epoch(conn, model_name, threads, settings):
    """In a fresh process: set the thread count, get ready, wait for "go", time the first batches of an epoch."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # on Ctrl-C the parent ends this process
    torch.set_num_threads(threads)
    make_model, batch_size = THREAD_MODELS[model_name]
    train_split, _ = split_train_val(load_fashion_mnist(train=True))
    loader = InMemoryLoader(train_split, batch_size=batch_size, shuffle=True, generator=set_seed(SEED))
    model = make_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    conn.send("ready")
    conn.recv()  # "go": the other core is busy now, if it is to be
    train_step(model, FirstBatches(loader, settings.warmup_batches, 60.0), nn.CrossEntropyLoss(), optimizer, CPU)
    timed = FirstBatches(loader, settings.max_batches, settings.max_seconds)
    start = time.perf_counter()
    train_step(model, timed, nn.CrossEntropyLoss(), optimizer, CPU)
    seconds = time.perf_counter() - start
    conn.send({"s_per_epoch": seconds / timed.batches * len(loader), "batches": timed.batches,
               "epoch_batches": len(loader), "seconds": seconds, "threads_used": torch.get_num_threads()})


SPIN = """\
import signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)  # the benchmark ends it; a deadline ends it anyway
deadline = time.time() + float(sys.argv[1])
print("spinning", flush=True)
while time.time() < deadline:
    pass
"""


@contextmanager
def one_core_busy(seconds):
    """Keep one core busy, as another program would, in a process that spins for at most `seconds`."""
    spinner = subprocess.Popen([sys.executable, "-c", SPIN, str(seconds)], stdout=subprocess.PIPE, text=True)
    try:
        spinner.stdout.readline()  # it has started spinning
        yield spinner
    finally:
        spinner.kill()  # always, on errors and Ctrl-C too
        spinner.wait()
        spinner.stdout.close()


def seconds_per_epoch(model_name, threads, busy, settings):
    """One measurement, in a fresh process (so no thread pool carries over), with one core busy or not."""
    context = multiprocessing.get_context("spawn")
    conn, child_conn = context.Pipe()
    measurer = context.Process(target=measure_epoch, args=(child_conn, model_name, threads, settings), daemon=True)
    measurer.start()
    child_conn.close()  # so that recv() fails, rather than waits, if the measurer dies
    try:
        receive(conn, 300)  # "ready": loaded the data, built the model
        spin_seconds = settings.max_seconds + 120  # the timed part, plus a margin for warm-up and one slow batch
        with one_core_busy(spin_seconds) if busy else nullcontext() as spinner:
            conn.send("go")
            result = receive(conn, spin_seconds)
            if spinner is not None and spinner.poll() is not None:
                raise RuntimeError(f"{model_name}, {threads} threads: the busy process ended before the measurement")
        return result
    finally:
        measurer.kill()
        measurer.join()
        conn.close()


def receive(conn, timeout):
    if not conn.poll(timeout):
        raise TimeoutError(f"no answer from the measuring process in {timeout:.0f} s")
    return conn.recv()


def thread_study(settings):
    """Part 2: {model: {threads: {"idle": measurement, "busy": measurement}}}."""
    study = {}
    for model_name in THREAD_MODELS:
        study[model_name] = {}
        for threads in thread_counts():
            study[model_name][threads] = {load: seconds_per_epoch(model_name, threads, load == "busy", settings)
                                          for load in ("idle", "busy")}
            print(f"  measured {model_name}, {plural(threads, 'thread')}", flush=True)
    return study


def threads_conclusion(study):
    """One line, from the numbers: the fastest thread count idle and busy for each model, and the safest overall."""
    parts, worst = [], {}
    for model_name, rows in study.items():
        for load in ("idle", "busy"):
            times = {threads: row[load]["s_per_epoch"] for threads, row in rows.items()}
            best = min(times, key=times.get)
            for threads, seconds in times.items():
                worst[threads] = max(worst.get(threads, 1.0), seconds / times[best])
            parts.append(f"{model_name.split(',')[0]} {load}: {best}")
    safest = min(worst, key=worst.get)
    return (f"fastest thread count: {'; '.join(parts)}. Safest overall: {plural(safest, 'thread')}, at most "
            f"{worst[safest]:.1f}x the fastest time in any case above.")


def plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


# ---- 3. notebooks, 4. machine ----------------------------------------------------------------------------------------

def notebook_seconds():
    """Headless wall time of each lesson, a fresh kernel each, in lesson order."""
    from tools.run_notebooks import execute  # the execution, and settings, that the stored outputs get

    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    seconds = {}
    for path in paths:
        print(f"  running {path.name}", flush=True)
        seconds[path.name] = execute(path)[1]
    return seconds


def peak_rss_mb():
    """Peak resident memory of this process so far (ru_maxrss is in kB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def cpu_model():
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


# recorded where set: they change the thread count of the notebooks' kernels, which inherit them
THREAD_VARIABLES = ("FASHION_DNN_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def machine():
    build = f"CUDA {torch.version.cuda}" if torch.version.cuda else "CPU only"
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "torch": torch.__version__, "torch_build": build,
            "python": platform.python_version(), "platform": platform.platform(),
            "date": datetime.now().astimezone().isoformat(timespec="seconds"),
            "env": {name: os.environ[name] for name in THREAD_VARIABLES if name in os.environ}}


# ---- the run and its report ------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-notebooks", action="store_true", help="skip the notebook timings")
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: tiny sizes, no notebooks, numbers meaningless; no file unless --out")
    parser.add_argument("--out", type=Path, help="where to write the JSON (default: benchmarks/latest.json)")
    args = parser.parse_args()
    settings = QUICK if args.quick else FULL
    out = args.out or (None if args.quick else ROOT / "benchmarks" / "latest.json")

    results = {"machine": machine(), "quick": args.quick, "settings": {"seed": SEED, "lr": LR, **asdict(settings)}}
    print_machine(results["machine"])
    print("\n1. pipelines...", flush=True)
    results["pipelines"] = compare_pipelines(settings)
    results["peak_rss_mb"] = peak_rss_mb()
    print_pipelines(results["pipelines"], results["peak_rss_mb"])
    print("\n2. threads...", flush=True)
    results["threads"] = thread_study(settings)
    results["threads_conclusion"] = threads_conclusion(results["threads"])
    print_threads(results["threads"], results["threads_conclusion"])
    if not (args.no_notebooks or args.quick):
        print("\n3. notebooks...", flush=True)
        results["notebooks_s"] = notebook_seconds()
        results["series_s"] = sum(results["notebooks_s"].values())
        print_notebooks(results["notebooks_s"], results["series_s"])
    if out:
        out.write_text(json.dumps(results, indent=2) + "\n")
        out = out.resolve()
        print(f"\nwritten to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


def print_machine(m):
    env = "".join(f", {name}={value}" for name, value in m["env"].items())
    print(f"machine: {m['cpu']}, {m['cores']} cores, torch {m['torch']} ({m['torch_build']}), "
          f"Python {m['python']}, {m['date']}{env}")


def print_pipelines(p, rss_mb):
    print(f"\n{'one epoch (fastest), batch 32, ' + plural(p['threads'], 'thread'):40} {'tutorial':>10} {'ours':>10} "
          f"{'ratio':>7}   validation acc (tutorial / ours)")
    d = p["data_epoch"]
    print(f"{'data only (no model)':40} {d['tutorial_s']:>9.3f}s {d['ours_s']:>9.3f}s {d['ratio']:>6.1f}x")
    for name, t in p["training"].items():
        print(f"{'training, ' + name:40} {t['tutorial_s_per_epoch']:>9.3f}s {t['ours_s_per_epoch']:>9.3f}s "
              f"{t['ratio']:>6.1f}x   {t['tutorial_val_acc']:.4f} / {t['ours_val_acc']:.4f}")
    print(f"({p['train_images']:,} training images; accuracy on the {p['val_images']:,} validation images, "
          f"not the test set)")
    print(f"peak resident memory of the training process: {rss_mb:.0f} MB")


def print_threads(study, conclusion):
    print(f"\n{'seconds per epoch, plain SGD':32} {'threads':>7} {'idle':>9} {'busy':>9} {'busy/idle':>9}   "
          "batches timed (idle / busy of an epoch)")
    for model_name, rows in study.items():
        for threads, row in rows.items():
            idle, busy = row["idle"], row["busy"]
            print(f"{model_name:32} {threads:>7} {idle['s_per_epoch']:>8.2f}s {busy['s_per_epoch']:>8.2f}s "
                  f"{busy['s_per_epoch'] / idle['s_per_epoch']:>8.1f}x   "
                  f"{idle['batches']} / {busy['batches']} of {idle['epoch_batches']}")
    print("(busy: another process keeps one core busy; each measurement in a fresh process; "
          f"all cores = {os.cpu_count()})")
    print(conclusion)


def print_notebooks(notebooks_s, series_s):
    print("\nheadless wall time per lesson (fresh kernel each, on the CPU):")
    for name, seconds in notebooks_s.items():
        print(f"  {name:40} {seconds:6.1f}s")
    print(f"  {'whole series':40} {series_s:6.1f}s")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` cleans up as Ctrl-C does
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("\ninterrupted (the measuring and busy processes, if any, were stopped)")
