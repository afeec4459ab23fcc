"""Fashion-MNIST that loads online and offline, verified before use, and a fast in-memory loader."""

import gzip
import hashlib
import os
import shutil
import struct
import tempfile
from pathlib import Path

import torch
from torchvision import transforms
from torchvision.datasets import FashionMNIST

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
ENV_VAR = "FASHION_MNIST_DIR"

class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

# name: (IDX magic number, item count, md5 of the uncompressed original)
FILES = {
    "train-images-idx3-ubyte": (2051, 60_000, "f4a8712d7a061bf5bd6d2ca38dc4d50a"),
    "train-labels-idx1-ubyte": (2049, 60_000, "9018921c3c673c538a1fc5bad174d6f9"),
    "t10k-images-idx3-ubyte": (2051, 10_000, "8181f5470baa50b63fa0f6fddb340f0a"),
    "t10k-labels-idx1-ubyte": (2049, 10_000, "15d484375f8d13e6eb1aabb0c3f46965"),
}
FIX = ("Delete it and run again to restore it from a local copy or the download, "
       f"or point {ENV_VAR} at a folder with the original files.")


class FashionMNISTError(RuntimeError):
    """Fashion-MNIST is missing or one of its files is broken; the message says how to fix it."""


def verify_idx(path: Path, name: str | None = None, source: Path | None = None) -> None:
    """Check an IDX file's magic number, count, image size, length and checksum, as load_fashion_mnist does.

    `name` is the original file it must be (default: `path`'s name); errors name `source` if given, else `path`.
    """
    name = name or path.name
    shown, fix = (path, FIX) if source is None else (source, f"Replace it with an original copy of {name}.")
    magic, count, md5 = FILES[name]
    header_len = 16 if magic == 2051 else 8
    expected_len = header_len + count * (28 * 28 if magic == 2051 else 1)
    with open(path, "rb") as f:
        header = f.read(header_len)
    if len(header) < header_len:
        raise FashionMNISTError(f"{shown}: truncated, only {len(header)} bytes. {fix}")
    fields = struct.unpack(f">{header_len // 4}I", header)
    if fields[0] != magic:
        raise FashionMNISTError(f"{shown}: not an IDX {'image' if magic == 2051 else 'label'} file "
                                f"(magic number {fields[0]}, expected {magic}). {fix}")
    if fields[1] != count:
        raise FashionMNISTError(f"{shown}: holds {fields[1]} items, expected {count}. {fix}")
    if magic == 2051 and fields[2:] != (28, 28):
        raise FashionMNISTError(f"{shown}: images are {fields[2]} x {fields[3]}, expected 28 x 28. {fix}")
    size = path.stat().st_size
    if size != expected_len:
        raise FashionMNISTError(f"{shown}: {size} bytes, expected {expected_len} "
                                f"({'truncated' if size < expected_len else 'extra data at the end'}). {fix}")
    with open(path, "rb") as f:
        digest = hashlib.file_digest(f, "md5").hexdigest()
    if digest != md5:
        raise FashionMNISTError(f"{shown}: checksum {digest} is not the original's {md5}; "
                                f"the file is corrupt or not Fashion-MNIST. {fix}")


def _local_copy(folder: Path, name: str) -> Path | None:
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def _unpack(source: Path, target: Path, name: str) -> None:
    """Copy or gunzip `source` to `target` through a temporary file, verified before the final rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out, (gzip.open if source.suffix == ".gz" else open)(source, "rb") as src:
            shutil.copyfileobj(src, out)
        verify_idx(Path(tmp), name, source)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the data is not
        os.replace(tmp, target)
    except (OSError, EOFError) as e:
        raise FashionMNISTError(f"{source}: cannot be read or unpacked into {target.parent} ({e}). If the folder is "
                                f"writable, replace the file with an original copy of {name}.") from e
    finally:
        Path(tmp).unlink(missing_ok=True)


def _download(root: Path) -> None:
    """torchvision's own download of all four files into `<root>/FashionMNIST/raw`."""
    FashionMNIST(root, train=True, download=True)


def ensure_fashion_mnist(root: Path) -> Path:
    """Find, unpack or download the four files into `<root>/FashionMNIST/raw`, verify them, return that folder."""
    raw = Path(root) / "FashionMNIST" / "raw"
    missing = [name for name in FILES if not (raw / name).is_file()]
    looked = [f"{raw} (missing: {', '.join(missing)})" if missing else str(raw)]
    env_dir = os.environ.get(ENV_VAR)
    local_copies = ([Path(env_dir)] if env_dir else []) + [DEBIAN_DIR]
    for folder in local_copies if missing else []:
        found = {name: _local_copy(folder, name) for name in missing}
        if all(found.values()):
            raw.mkdir(parents=True, exist_ok=True)
            for name, source in found.items():
                _unpack(source, raw / name, name)
            missing = []
            break
        lacking = [name for name, path in found.items() if path is None]
        looked.append(f"{folder} ({'not a folder' if not folder.is_dir() else 'missing: ' + ', '.join(lacking)})")
    if not env_dir:
        looked.insert(1, f"${ENV_VAR} (not set)")
    if missing:
        try:
            _download(Path(root))
        except Exception as e:  # offline, a proxy, a mirror down: all end the same way for a learner
            looked.append(f"torchvision's download ({type(e).__name__}: {e})")
            places = "\n".join(f"  {i}. {place}" for i, place in enumerate(looked, 1))
            raise FashionMNISTError(
                f"Fashion-MNIST is not on this computer and could not be downloaded. Looked in:\n{places}\n"
                "Fix it in one of these ways:\n"
                "  - connect to the internet and run again (torchvision downloads about 30 MB);\n"
                f"  - copy the four files (.gz or unpacked) into a folder and set {ENV_VAR}=/path/to/that/folder;\n"
                "  - on Debian or Ubuntu: sudo apt-get install dataset-fashion-mnist;\n"
                f"  - put the four unpacked files into {raw}."
            ) from e
    for name in FILES:
        verify_idx(raw / name)
    return raw


def load_fashion_mnist(train: bool = True, root: str | Path | None = None,
                       transform=transforms.ToTensor()) -> FashionMNIST:
    """The Fashion-MNIST training or test set, found offline first. Introduced in 01_pixels and 03_data_loading."""
    root = Path(root) if root is not None else DATA_DIR
    ensure_fashion_mnist(root)
    return FashionMNIST(root, train=train, transform=transform, download=False)


class InMemoryLoader:
    """A DataLoader look-alike that slices whole batches from tensors in memory. Introduced in 03_data_loading.

    Pixels are scaled as `ToTensor()` scales them, a batch at a time; batches, their order under `shuffle` and a
    seeded `generator`, and the short last batch (or `drop_last`) follow `DataLoader`'s rules.
    """

    def __init__(self, dataset: FashionMNIST, batch_size: int = 32, shuffle: bool = False,
                 generator: torch.Generator | None = None, drop_last: bool = False):
        if not isinstance(dataset.transform, transforms.ToTensor) or dataset.target_transform is not None:
            raise ValueError(f"InMemoryLoader scales pixels as ToTensor() does and cannot apply the dataset's "
                             f"transform {dataset.transform!r}; load the dataset with the default transform and "
                             "transform each batch in the training loop instead.")
        if batch_size < 1:
            raise ValueError(f"batch_size must be a positive whole number, not {batch_size!r}")
        self.images = dataset.data.unsqueeze(1)  # (N, 1, 28, 28) bytes, 47 MB for the training set: a view, no copy
        self.labels = dataset.targets            # (N,)
        self.batch_size, self.shuffle, self.generator, self.drop_last = batch_size, shuffle, generator, drop_last

    def __len__(self) -> int:
        n = len(self.labels)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self):
        n = len(self.labels)
        order = torch.randperm(n, generator=self.generator) if self.shuffle else torch.arange(n)
        for i in range(len(self)):
            idx = order[i * self.batch_size:(i + 1) * self.batch_size]
            yield self.images[idx].float().div(255), self.labels[idx]  # scaled exactly as ToTensor() scales
