"""Fashion-MNIST that loads online and offline, verified before use, and a fast in-memory loader."""

import contextlib
import errno
import gzip
import hashlib
import importlib.metadata
import json
import os
import shutil
import struct
import tempfile
import urllib.parse
import urllib.request
import warnings
import zlib
from pathlib import Path

import torch
from filelock import FileLock
from torch.utils.data import Subset, random_split
from torchvision import transforms
from torchvision.datasets import FashionMNIST


def course_root() -> Path | None:
    """The course folder this package runs from (installed with `pip install -e .`, as README says), or None for a
    package installed on its own (`pip install .`, a wheel), which has no course folder around it."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "src" / "fashion_dnn").is_dir() else None


def _is_course(folder: Path) -> bool:
    """Whether `folder` is the course or a student copy of it: it holds data/README.md, notebooks/ and the package."""
    return ((folder / "data" / "README.md").is_file() and (folder / "notebooks").is_dir()
            and (folder / "src" / "fashion_dnn").is_dir())


def course_folder() -> Path | None:
    """The course (or student copy) being worked in: the nearest one at or above the current folder, which in Jupyter
    is the notebook's own; else course_root()."""
    try:
        here = Path.cwd()
    except OSError:  # the current folder was deleted
        return course_root()
    return next((folder for folder in (here, *here.parents) if _is_course(folder)), course_root())


# The data/ folder of the course or student copy being worked in, so that what a lesson writes lands where its
# notebooks are; a package installed on its own, run outside any course, keeps the data in the user's cache
# instead, not in site-packages (pass load_fashion_mnist(root=...) to choose another folder).
DATA_DIR = course_folder() / "data" if course_folder() else Path.home() / ".cache" / "fashion-dnn"
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
FIX = "Delete it and run again: it will be restored from a local copy or downloaded."
DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}  # OSError numbers that are no fault of a source
NO_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}


class FashionMNISTError(RuntimeError):
    """Fashion-MNIST is missing or one of its files is broken; the message says how to fix it."""


def _size(name: str) -> int:
    """The original file's length: a 16-byte header and 28 x 28 bytes per image, or 8 bytes and 1 per label."""
    magic, count, _ = FILES[name]
    return 16 + count * 28 * 28 if magic == 2051 else 8 + count


def verify_idx(path: Path, name: str | None = None, source: Path | None = None) -> None:
    """Check an IDX file's magic number, count, image size, length and checksum, as load_fashion_mnist does.

    `name` is the original file it must be (default: `path`'s name); errors name `source` if given, else `path`.
    """
    name = name or path.name
    shown, fix = (path, FIX) if source is None else (source, f"Replace it with an original copy of {name}.")
    magic, count, md5 = FILES[name]
    header_len = 16 if magic == 2051 else 8
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
    if size != _size(name):
        raise FashionMNISTError(f"{shown}: {size} bytes, expected {_size(name)} "
                                f"({'truncated' if size < _size(name) else 'extra data at the end'}). {fix}")
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
    except (OSError, EOFError, zlib.error) as e:  # zlib.error: a .gz whose compressed data is corrupt
        if getattr(e, "errno", None) in DISK_FULL:
            raise  # not the source's fault; the caller says where the disk is full
        raise FashionMNISTError(f"{source}: cannot be read or unpacked ({e}). "
                                f"Replace it with an original copy of {name}.") from e
    finally:
        Path(tmp).unlink(missing_ok=True)


def _env_folder() -> tuple[Path, str] | None:
    """The folder in $FASHION_MNIST_DIR, `~` expanded and made absolute, and how to name it in messages."""
    value = os.environ.get(ENV_VAR)
    if not value:
        return None
    folder = Path(value).expanduser()
    note = "" if folder.is_absolute() else ", relative to the current folder (in Jupyter, the notebook's folder)"
    folder = Path(os.path.abspath(folder))
    return folder, f"${ENV_VAR}={value}" + ("" if str(folder) == value else f"{note}, that is {folder}")


def _unpack_local_copy(raw: Path, missing: list[str], looked: list[str]) -> bool:
    """Unpack the missing files from $FASHION_MNIST_DIR, else from Debian's copy, if one of them has them all."""
    env = _env_folder()
    if env is None:
        looked.append(f"${ENV_VAR} (not set)")
    for folder, label in ([env] if env else []) + [(DEBIAN_DIR, str(DEBIAN_DIR))]:
        found = {name: _local_copy(folder, name) for name in missing}
        if all(found.values()):
            for name, source in found.items():
                _unpack(source, raw / name, name)
            return True
        lacking = [f"{name}(.gz)" for name, path in found.items() if path is None]
        looked.append(f"{label} ({'not a folder' if not folder.is_dir() else 'missing: ' + ', '.join(lacking)})")
        if label.startswith("$"):  # set but of no use: say so even when Debian's copy saves the day
            problem = ("has no " + ", ".join(lacking) if folder.is_dir()
                       else "is a file, not a folder" if folder.exists() else "does not exist")
            warnings.warn(f"{label}: it {problem}, so it is not used. {ENV_VAR} should name a folder that holds "
                          f"the four Fashion-MNIST files, .gz or unpacked: {', '.join(FILES)}.", stacklevel=2)
    return False


def _download(root: Path) -> None:
    """torchvision's own download, into a temporary folder, so that only whole files reach `<root>/FashionMNIST/raw`."""
    raw = Path(root) / "FashionMNIST" / "raw"
    with tempfile.TemporaryDirectory(prefix=".download.", suffix=".part", dir=raw) as tmp:
        FashionMNIST(tmp, train=True, download=True)
        for name in FILES:
            verify_idx(Path(tmp, "FashionMNIST", "raw", name))
            os.replace(Path(tmp, "FashionMNIST", "raw", name), raw / name)


def _fill(raw: Path) -> None:
    """Unpack or download the files missing from `raw`. Run only by the process that holds the lock."""
    missing = [name for name in FILES if not (raw / name).is_file()]  # none if another process just filled them in
    looked = [f"{raw} (missing: {', '.join(missing)})"]
    if not missing or _unpack_local_copy(raw, missing, looked):
        return
    try:
        _download(raw.parent.parent)
    except Exception as e:  # offline, a proxy, a mirror down: all end the same way for a learner
        if isinstance(e, OSError) and e.errno in DISK_FULL | NO_PERMISSION:
            raise  # not a download problem: _fill_under_lock says what it is
        looked.append(f"torchvision's download ({type(e).__name__}: {e})")
        places = "\n".join(f"  {i}. {place}" for i, place in enumerate(looked, 1))
        raise FashionMNISTError(
            f"Fashion-MNIST is not on this computer and could not be downloaded. Looked in:\n{places}\n"
            "Fix it in one of these ways:\n"
            "  - connect to the internet and run again (torchvision downloads about 30 MB);\n"
            f"  - copy the four files (.gz or unpacked) into a folder and set {ENV_VAR}=/path/to/that/folder;\n"
            f"    in a notebook, run a cell `%env {ENV_VAR}=/path/to/that/folder` before loading (a Jupyter\n"
            "    kernel does not see an `export` made after Jupyter started);\n"
            "  - on Debian or Ubuntu: sudo apt-get install dataset-fashion-mnist;\n"
            f"  - put the four unpacked files into {raw}."
        ) from e


def _cannot_write(raw: Path, e: OSError) -> FashionMNISTError:
    """The error for a folder that Fashion-MNIST cannot be written into: a full disk, or no permission."""
    if e.errno in DISK_FULL:
        need = sum(map(_size, FILES))
        return FashionMNISTError(
            f"The disk that holds {raw} is full ({e.strerror}). The four unpacked files take {need / 1e6:.1f} MB "
            f"({need:,} bytes), and a download needs about 30 MB more while it runs. Free up space on that disk, "
            "or load onto another one: load_fashion_mnist(root='/a/folder/on/a/disk/with/space').")
    return FashionMNISTError(
        f"{Path(e.filename).parent if e.filename else raw} is not writable ({e.strerror}), so Fashion-MNIST cannot "
        "be unpacked or downloaded into it. Load into a folder you can write to: "
        "load_fashion_mnist(root='/a/folder/you/can/write/to'), or fix the folder's permissions.")


def _fill_under_lock(raw: Path) -> None:
    """Fill in the missing files, one process at a time; if that fails, remove the empty folders this call made."""
    created = [folder for folder in (raw, *raw.parents) if not folder.exists()]  # innermost first
    try:
        raw.mkdir(parents=True, exist_ok=True)
        lock = FileLock(raw.parent / ".lock")  # other processes wait here, on Linux, macOS and Windows alike
        try:
            lock.acquire()
        except FileNotFoundError:  # a process that failed removed the folders while this one waited for the lock
            return _fill_under_lock(raw)
        if not raw.is_dir():  # ...or removed them just before this one got the lock
            lock.release()
            return _fill_under_lock(raw)
        try:
            _fill(raw)
        except BaseException:
            for folder in created:
                with contextlib.suppress(OSError):  # not empty, or (on Windows) the lock file is still open
                    if folder == raw.parent and not raw.exists():
                        (folder / ".lock").unlink()
                    folder.rmdir()
            raise
        finally:
            lock.release()
    except OSError as e:
        if e.errno not in DISK_FULL | NO_PERMISSION:
            raise
        raise _cannot_write(raw, e) from e


def ensure_fashion_mnist(root: Path) -> Path:
    """Find, unpack or download the four files into `<root>/FashionMNIST/raw`, verify them, return that folder."""
    raw = Path(root) / "FashionMNIST" / "raw"
    for path in (raw / name for name in FILES):
        if path.is_symlink() and not path.exists():
            raise FashionMNISTError(f"{path} is a link to {os.readlink(path)}, which does not exist. Remove the link "
                                    "(or point it at an original copy of the file) and run again.")
        if path.exists() and not path.is_file():  # nothing could replace it
            raise FashionMNISTError(f"{path} is in the way: it is {'a folder' if path.is_dir() else 'not a file'}, "
                                    f"where Fashion-MNIST's file {path.name} must go. Remove it and run again.")
    if any(not (raw / name).is_file() for name in FILES):
        _fill_under_lock(raw)
    for name in FILES:
        verify_idx(raw / name)
    return raw


def installed_courses() -> list[Path]:
    """The course folders this Python's fashion_dnn comes from: the package's own (course_root()), and the one that
    `pip install -e` recorded, which differs while a student copy's tests import the copy's own package."""
    found = [course_root()]
    with contextlib.suppress(importlib.metadata.PackageNotFoundError, OSError, ValueError, AttributeError):
        installed = json.loads(importlib.metadata.distribution("fashion-dnn").read_text("direct_url.json") or "{}")
        url = installed.get("url", "")  # file:///path/to/the/course, for `pip install -e /path/to/the/course`
        if url.startswith("file:"):
            found.append(Path(urllib.request.url2pathname(urllib.parse.urlparse(url).path)).resolve())
    return [folder for folder in dict.fromkeys(found) if folder is not None]


def _shared_data() -> Path | None:
    """Another course's data/, verified, for a course folder's DATA_DIR that lacks a file (see load_fashion_mnist)."""
    own = Path(DATA_DIR)
    if not (own / "README.md").is_file() or all((own / "FashionMNIST" / "raw" / name).is_file() for name in FILES):
        return None  # the cache (no course), or a course folder that has its own files
    for root in (course / "data" for course in installed_courses()):
        if root.resolve() != own.resolve() and all((root / "FashionMNIST" / "raw" / n).is_file() for n in FILES):
            with contextlib.suppress(FashionMNISTError, OSError):  # broken there: fill in DATA_DIR as usual
                ensure_fashion_mnist(root)
                return root
    return None


def data_root() -> Path:
    """The folder load_fashion_mnist() reads from when given no root: DATA_DIR, or the course's data/ it shares."""
    return _shared_data() or Path(DATA_DIR)


def load_fashion_mnist(train: bool = True, root: str | Path | None = None,
                       transform=transforms.ToTensor()) -> FashionMNIST:
    """The Fashion-MNIST training or test set, found offline first. Introduced in 01_pixels and 03_data_loading.

    With no `root`, the files go to DATA_DIR, the data/ folder of the course or student copy being worked in. A
    copy whose data/ lacks them reads them, without copying or linking them, from the data/ of the course its
    fashion_dnn is installed from (installed_courses()) if that holds all four, verified. The dataset's `.root`
    says which folder it read.
    """
    if root is None and (shared := _shared_data()):
        return FashionMNIST(shared, train=train, transform=transform, download=False)  # verified by _shared_data
    root = Path(root) if root is not None else DATA_DIR
    ensure_fashion_mnist(root)
    return FashionMNIST(root, train=train, transform=transform, download=False)


def split_train_val(train_data: FashionMNIST, val_size: int = 5_000, seed: int = 0) -> tuple[Subset, Subset]:
    """The course's one training / validation split, the same in every notebook. Introduced in 03_data_loading."""
    return random_split(train_data, [len(train_data) - val_size, val_size],
                        generator=torch.Generator().manual_seed(seed))


class InMemoryLoader:
    """A DataLoader look-alike that slices whole batches from tensors in memory. Introduced in 03_data_loading.

    `dataset` is a FashionMNIST dataset or a `Subset` of one (a split). Pixels are scaled as `ToTensor()` scales
    them, a batch at a time; batches, their order under `shuffle` and a seeded `generator`, and the short last batch
    (or `drop_last`) follow `DataLoader`'s rules.
    """

    def __init__(self, dataset: FashionMNIST | Subset, batch_size: int = 32, shuffle: bool = False,
                 generator: torch.Generator | None = None, drop_last: bool = False):
        base = dataset.dataset if isinstance(dataset, Subset) else dataset
        if not isinstance(base, FashionMNIST):
            raise TypeError(f"InMemoryLoader takes a FashionMNIST dataset or a Subset of one, not "
                            f"{type(base).__name__}; use torch.utils.data.DataLoader for other datasets.")
        if not isinstance(base.transform, transforms.ToTensor) or base.target_transform is not None:
            raise ValueError(f"InMemoryLoader scales pixels as ToTensor() does and cannot apply the dataset's "
                             f"transform {base.transform!r}; load the dataset with the default transform and "
                             "transform each batch in the training loop instead.")
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive whole number, not {batch_size!r}")
        self.images = base.data.unsqueeze(1)  # (N, 1, 28, 28) bytes, 47 MB for the training set: a view, no copy
        self.labels = base.targets            # (N,)
        # which items of the dataset this loader serves: all of them, or a split's indices
        self.items = torch.as_tensor(dataset.indices) if isinstance(dataset, Subset) else torch.arange(len(base))
        self.batch_size, self.shuffle, self.generator, self.drop_last = batch_size, shuffle, generator, drop_last

    def __len__(self) -> int:
        n = len(self.items)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self):
        n = len(self.items)
        order = torch.randperm(n, generator=self.generator) if self.shuffle else torch.arange(n)
        for i in range(len(self)):
            idx = self.items[order[i * self.batch_size:(i + 1) * self.batch_size]]
            yield self.images[idx].float().div(255), self.labels[idx]  # scaled exactly as ToTensor() scales
