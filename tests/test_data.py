"""The data loader's search order and its errors, on small IDX files written here, and on the real data."""

import functools
import gzip
import hashlib
import http.server
import os
import struct
import threading
from pathlib import Path

import pytest
import torch
from torch.utils.data import DataLoader

from fashion_dnn import data
from fashion_dnn.data import FashionMNISTError, InMemoryLoader, load_fashion_mnist

COUNTS = {"train": 5, "t10k": 3}
REAL_DOWNLOAD = data._download  # the fixture below replaces it with a network that fails


def idx_bytes(name: str, count: int, seed: int = 0) -> bytes:
    """A valid IDX file of `count` random 28 x 28 images or labels."""
    g = torch.Generator().manual_seed(seed)
    if "images" in name:
        body = torch.randint(0, 256, (count * 28 * 28,), generator=g, dtype=torch.uint8)
        return struct.pack(">4I", 2051, count, 28, 28) + bytes(body.tolist())
    body = torch.randint(0, 10, (count,), generator=g, dtype=torch.uint8)
    return struct.pack(">2I", 2049, count) + bytes(body.tolist())


@pytest.fixture
def small(monkeypatch, tmp_path):
    """Point the loader at small files: returns their bytes by name; no Debian copy, no variable, no network."""
    files = {name: idx_bytes(name, COUNTS[name.split("-")[0]], seed=i) for i, name in enumerate(data.FILES)}
    specs = {name: (2051 if "images" in name else 2049, COUNTS[name.split("-")[0]], hashlib.md5(b).hexdigest())
             for name, b in files.items()}
    monkeypatch.setattr(data, "FILES", specs)
    monkeypatch.setattr(data, "DEBIAN_DIR", tmp_path / "debian")
    monkeypatch.delenv(data.ENV_VAR, raising=False)

    def offline(root):
        raise OSError("no network (test)")
    monkeypatch.setattr(data, "_download", offline)
    return files


def write(folder, files, gz=False, skip=()):
    folder.mkdir(parents=True, exist_ok=True)
    for name, b in files.items():
        if name not in skip:
            (folder / (name + ".gz" if gz else name)).write_bytes(gzip.compress(b) if gz else b)


def raw_dir(root):
    return root / "FashionMNIST" / "raw"


def test_a_uses_files_already_in_raw(small, tmp_path):
    write(raw_dir(tmp_path / "root"), small)
    train = load_fashion_mnist(root=tmp_path / "root")
    test = load_fashion_mnist(train=False, root=tmp_path / "root")
    assert (len(train), len(test)) == (5, 3)
    assert train[0][0].shape == (1, 28, 28) and 0.0 <= train[0][0].min() <= train[0][0].max() <= 1.0


@pytest.mark.parametrize("gz", [True, False])
def test_b_unpacks_from_the_folder_in_the_variable(small, tmp_path, monkeypatch, gz):
    write(tmp_path / "copy", small, gz=gz)
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "copy"))
    load_fashion_mnist(root=tmp_path / "root")
    for name, b in small.items():
        assert (raw_dir(tmp_path / "root") / name).read_bytes() == b


def test_b_falls_back_to_debian_and_prefers_the_variable(small, tmp_path, monkeypatch):
    write(data.DEBIAN_DIR, small, gz=True)
    load_fashion_mnist(root=tmp_path / "from-debian")
    name = "train-images-idx3-ubyte"
    assert (raw_dir(tmp_path / "from-debian") / name).read_bytes() == small[name]

    broken = {name: b"not idx at all" for name in small}  # the variable's copy wins, so Debian's is never read
    write(tmp_path / "copy", small)
    write(data.DEBIAN_DIR, broken, gz=True)
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "copy"))
    load_fashion_mnist(root=tmp_path / "from-variable")


def test_b_fills_in_only_the_missing_file(small, tmp_path, monkeypatch):
    write(raw_dir(tmp_path), small, skip=["t10k-labels-idx1-ubyte"])
    write(tmp_path / "copy", small, gz=True)
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "copy"))
    assert len(load_fashion_mnist(train=False, root=tmp_path)) == 3


def test_c_downloads_when_there_is_no_local_copy(small, tmp_path, monkeypatch):
    calls = []

    def fake_download(root):
        calls.append(root)
        write(raw_dir(root), small)
    monkeypatch.setattr(data, "_download", fake_download)
    assert len(load_fashion_mnist(root=tmp_path)) == 5
    assert calls == [tmp_path]


def test_c_is_torchvisions_own_download(small, tmp_path, monkeypatch):
    """The real download code, pointed at a mirror served on this machine's loopback."""
    from torchvision.datasets import FashionMNIST

    mirror = tmp_path / "mirror"
    write(mirror, small, gz=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(mirror))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        resources = [(f"{name}.gz", hashlib.md5((mirror / f"{name}.gz").read_bytes()).hexdigest()) for name in small]
        monkeypatch.setattr(FashionMNIST, "mirrors", [f"http://127.0.0.1:{server.server_port}/"])
        monkeypatch.setattr(FashionMNIST, "resources", resources)
        monkeypatch.setattr(data, "_download", REAL_DOWNLOAD)
        assert len(load_fashion_mnist(root=tmp_path / "root")) == 5
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("damage, message", [
    (lambda b: b[:100], "truncated"),
    (lambda b: b[:-1], "truncated"),
    (lambda b: b + b"\0", "extra data at the end"),
    (lambda b: struct.pack(">I", 2049) + b[4:], "magic number 2049, expected 2051"),
    (lambda b: b[:4] + struct.pack(">I", 4) + b[8:-784], "holds 4 items, expected 5"),
    (lambda b: b[:20] + bytes([b[20] ^ 1]) + b[21:], "checksum"),
    (lambda b: b[:5], "truncated, only 5 bytes"),
])
def test_a_broken_file_names_the_file_and_the_fix(small, tmp_path, damage, message):
    small = dict(small, **{"train-images-idx3-ubyte": damage(small["train-images-idx3-ubyte"])})
    write(raw_dir(tmp_path), small)
    with pytest.raises(FashionMNISTError, match=message) as err:
        load_fashion_mnist(root=tmp_path)
    text = str(err.value)
    assert str(raw_dir(tmp_path) / "train-images-idx3-ubyte") in text and "Delete it and run again" in text


@pytest.mark.parametrize("damage, message", [
    (lambda gz: gz[: len(gz) // 2], "cannot be read or unpacked"),
    (lambda gz: b"this is not gzip" + gz, "cannot be read or unpacked"),
    (lambda gz: gzip.compress(gzip.decompress(gz)[:-10]), "truncated"),
])
def test_b_a_broken_copy_leaves_nothing_half_written(small, tmp_path, monkeypatch, damage, message):
    write(tmp_path / "copy", small, gz=True)
    bad = tmp_path / "copy" / "t10k-images-idx3-ubyte.gz"
    bad.write_bytes(damage(bad.read_bytes()))
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "copy"))
    with pytest.raises(FashionMNISTError, match=message) as err:
        load_fashion_mnist(root=tmp_path / "root")
    assert str(bad) in str(err.value)
    left = sorted(p.name for p in raw_dir(tmp_path / "root").iterdir())
    assert "t10k-images-idx3-ubyte" not in left and not [p for p in left if p.endswith(".part")]


def test_an_interrupted_unpack_leaves_nothing_behind(small, tmp_path, monkeypatch):
    write(tmp_path / "copy", small, gz=True)
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "copy"))

    def interrupted(src, dst):
        dst.write(src.read(100))
        raise KeyboardInterrupt
    monkeypatch.setattr(data.shutil, "copyfileobj", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_fashion_mnist(root=tmp_path / "root")
    assert list(raw_dir(tmp_path / "root").iterdir()) == []


def test_offline_with_no_copy_lists_every_place_and_every_fix(small, tmp_path, monkeypatch):
    write(raw_dir(tmp_path), small, skip=["train-labels-idx1-ubyte"])
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(FashionMNISTError) as err:
        load_fashion_mnist(root=tmp_path)
    text = str(err.value)
    for expected in [f"{raw_dir(tmp_path)} (missing: train-labels-idx1-ubyte)",
                     f"{tmp_path / 'nowhere'} (not a folder)", f"{data.DEBIAN_DIR} (not a folder)",
                     "OSError: no network (test)", "apt-get install dataset-fashion-mnist",
                     f"set {data.ENV_VAR}=", "connect to the internet"]:
        assert expected in text
    assert isinstance(err.value, RuntimeError)  # code that caught torchvision's error still catches ours


def test_offline_message_says_when_the_variable_is_not_set(small, tmp_path):
    with pytest.raises(FashionMNISTError, match=rf"\${data.ENV_VAR} \(not set\)"):
        load_fashion_mnist(root=tmp_path)


def test_root_defaults_to_the_repository_data_folder():
    assert data.DATA_DIR == Path(__file__).resolve().parents[1] / "data"
    assert (data.DATA_DIR / "README.md").is_file()


def test_the_real_data_when_present():
    try:
        train = load_fashion_mnist()
        test = load_fashion_mnist(train=False)
    except FashionMNISTError:
        if os.environ.get("CI"):
            raise  # CI installs the data, so missing data there is a failure, never a skip
        pytest.skip("Fashion-MNIST is not on this computer")
    assert (len(train), len(test)) == (60_000, 10_000)
    assert train.classes == data.class_names
    image, label = train[0]
    assert image.shape == (1, 28, 28) and image.dtype == torch.float32 and label == 9  # an Ankle boot
    assert torch.bincount(train.targets).tolist() == [6000] * 10
    assert torch.bincount(test.targets).tolist() == [1000] * 10


def test_in_memory_loader_gives_dataloaders_batches(small, tmp_path):
    write(raw_dir(tmp_path), small)
    train = load_fashion_mnist(root=tmp_path)
    fast = list(InMemoryLoader(train, batch_size=2))
    slow = list(DataLoader(train, batch_size=2))
    assert len(fast) == len(slow) == 3 and [len(y) for _, y in fast] == [2, 2, 1]
    for (X_fast, y_fast), (X_slow, y_slow) in zip(fast, slow, strict=True):
        assert X_fast.dtype == X_slow.dtype and torch.equal(X_fast, X_slow) and torch.equal(y_fast, y_slow)
    assert len(InMemoryLoader(train, batch_size=2, drop_last=True)) == 2
    assert [len(y) for _, y in InMemoryLoader(train, batch_size=2, drop_last=True)] == [2, 2]


def test_in_memory_loader_shuffles_reproducibly(small, tmp_path):
    write(raw_dir(tmp_path), small)
    train = load_fashion_mnist(root=tmp_path)

    def epochs(seed):
        loader = InMemoryLoader(train, batch_size=2, shuffle=True, generator=torch.Generator().manual_seed(seed))
        return [torch.cat([y for _, y in loader]) for _ in range(3)]
    first, again = epochs(0), epochs(0)
    assert all(torch.equal(a, b) for a, b in zip(first, again, strict=True))
    assert all(sorted(e.tolist()) == sorted(train.targets.tolist()) for e in first)
    orders = set()
    for seed in range(6):
        loader = InMemoryLoader(train, batch_size=5, shuffle=True, generator=torch.Generator().manual_seed(seed))
        orders.add(tuple(next(iter(loader))[0][:, 0, 0, :4].flatten().tolist()))
    assert len(orders) > 1  # the order really changes with the seed


def test_in_memory_loader_refuses_what_it_cannot_do(small, tmp_path):
    write(raw_dir(tmp_path), small)
    with pytest.raises(ValueError, match="cannot apply the dataset's transform"):
        InMemoryLoader(load_fashion_mnist(root=tmp_path, transform=None))
    with pytest.raises(ValueError, match="batch_size must be a positive"):
        InMemoryLoader(load_fashion_mnist(root=tmp_path), batch_size=0)


def test_in_memory_loader_on_the_real_data():
    try:
        test = load_fashion_mnist(train=False)
    except FashionMNISTError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Fashion-MNIST is not on this computer")
    loader = InMemoryLoader(test, batch_size=32)
    assert len(loader) == 313 and [len(y) for _, y in loader][-1] == 16  # 10,000 = 312 x 32 + 16
    X, y = next(iter(loader))
    assert X.shape == (32, 1, 28, 28) and y.shape == (32,)
    for i in (0, 7, 31):
        assert torch.equal(X[i], test[i][0]) and y[i] == test[i][1]
