"""The data loader's search order and its errors, on small IDX files written here, and on the real data."""

import errno
import functools
import gzip
import hashlib
import http.server
import importlib.metadata
import json
import multiprocessing
import os
import re
import struct
import subprocess
import sys
import threading
import time
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
    monkeypatch.setattr(data, "_download", offline)
    return files


def offline(root):
    raise OSError("no network (test)")


def write(folder, files, gz=False, skip=()):
    folder.mkdir(parents=True, exist_ok=True)
    for name, b in files.items():
        if name not in skip:
            (folder / (name + ".gz" if gz else name)).write_bytes(gzip.compress(b) if gz else b)


def raw_dir(root):
    return root / "FashionMNIST" / "raw"


def serve(mirror, files):
    """A download mirror on this machine's loopback: the server, and the `mirrors` and `resources` torchvision needs."""
    write(mirror, files, gz=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(mirror))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    resources = [(f"{name}.gz", hashlib.md5((mirror / f"{name}.gz").read_bytes()).hexdigest()) for name in files]
    return server, ([f"http://127.0.0.1:{server.server_port}/"], resources)


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

    server, (mirrors, resources) = serve(tmp_path / "mirror", small)
    try:
        monkeypatch.setattr(FashionMNIST, "mirrors", mirrors)
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
    (lambda b: b"", "truncated, only 0 bytes"),
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
    (lambda gz: gz[:10] + b"\xff\xff\xff\xff" + gz[14:], "cannot be read or unpacked"),  # corrupt deflate data
    (lambda gz: b"", "truncated, only 0 bytes"),
    (lambda gz: gzip.compress(struct.pack(">I", 2049) + gzip.decompress(gz)[4:]), "magic number 2049"),
])
def test_b_a_broken_copy_leaves_nothing_half_written(small, tmp_path, monkeypatch, damage, message):
    write(tmp_path / "copy", small, gz=True)
    bad = tmp_path / "copy" / "t10k-images-idx3-ubyte.gz"
    bad.write_bytes(damage(bad.read_bytes()))
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "copy"))
    with pytest.raises(FashionMNISTError, match=message) as err:
        load_fashion_mnist(root=tmp_path / "root")
    assert str(bad) in str(err.value) and "Replace it with an original copy of t10k-images-idx3-ubyte" in str(err.value)
    left = sorted(p.name for p in raw_dir(tmp_path / "root").iterdir())
    assert "t10k-images-idx3-ubyte" not in left and not [p for p in left if p.endswith(".part")]
    bad.write_bytes(gzip.compress(small["t10k-images-idx3-ubyte"]))  # the fix the message gives
    assert len(load_fashion_mnist(train=False, root=tmp_path / "root")) == 3


def test_a_dangling_link_in_place_of_a_file_is_named(small, tmp_path):
    write(raw_dir(tmp_path), small, skip=["train-labels-idx1-ubyte"])
    link = raw_dir(tmp_path) / "train-labels-idx1-ubyte"
    link.symlink_to(tmp_path / "gone")
    with pytest.raises(FashionMNISTError, match="is a link to .*gone, which does not exist") as err:
        load_fashion_mnist(root=tmp_path)
    assert str(link) in str(err.value)
    link.unlink()  # the fix the message gives
    link.symlink_to(tmp_path / "labels")
    (tmp_path / "labels").write_bytes(small["train-labels-idx1-ubyte"])
    assert len(load_fashion_mnist(root=tmp_path)) == 5


def test_an_interrupted_unpack_leaves_nothing_behind(small, tmp_path, monkeypatch):
    write(tmp_path / "copy", small, gz=True)
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "copy"))

    def interrupted(src, dst):
        dst.write(src.read(100))
        raise KeyboardInterrupt
    monkeypatch.setattr(data.shutil, "copyfileobj", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_fashion_mnist(root=tmp_path / "root")
    assert not (tmp_path / "root").exists()  # the folders it made, empty, are gone too


def test_offline_with_no_copy_lists_every_place_and_every_fix(small, tmp_path, monkeypatch):
    write(raw_dir(tmp_path), small, skip=["train-labels-idx1-ubyte"])
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.warns(UserWarning, match="does not exist"), pytest.raises(FashionMNISTError) as err:
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


def denied(path):
    return PermissionError(errno.EACCES, "Permission denied", str(path))


@pytest.mark.parametrize("route", ["local copy", "download", "parent folder"])
def test_a_folder_that_is_not_writable_says_so(small, tmp_path, monkeypatch, route):
    raw = raw_dir(tmp_path / "root")
    def cannot_make(*args, **kwargs):
        raise denied(raw / ".train-images-idx3-ubyte.x81bq3.part")
    if route == "local copy":  # raw/ is read-only: the temporary file to unpack into cannot be made
        write(data.DEBIAN_DIR, small, gz=True)
        monkeypatch.setattr(data.tempfile, "mkstemp", cannot_make)
        blamed = raw
    elif route == "download":  # the same on the way to a download, which must not say "connect to the internet"
        monkeypatch.setattr(data, "_download", REAL_DOWNLOAD)
        monkeypatch.setattr(data.tempfile, "mkdtemp", cannot_make)
        blamed = raw
    else:  # root/ is read-only: FashionMNIST/ cannot be made in it
        (tmp_path / "root").mkdir()
        mkdir = Path.mkdir
        monkeypatch.setattr(Path, "mkdir", lambda self, *a, **k: (_ for _ in ()).throw(denied(self))
                            if self == raw.parent else mkdir(self, *a, **k))
        blamed = tmp_path / "root"
    with pytest.raises(FashionMNISTError) as err:
        load_fashion_mnist(root=tmp_path / "root")
    text = str(err.value)
    assert text.startswith(f"{blamed} is not writable (Permission denied)") and "load_fashion_mnist(root=" in text
    assert "internet" not in text and "Replace" not in text
    assert not raw.exists()


@pytest.mark.parametrize("route", ["unpack", "download"])
def test_a_full_disk_says_so_and_does_not_blame_the_copy(small, tmp_path, monkeypatch, route):
    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")
    if route == "unpack":
        write(data.DEBIAN_DIR, small, gz=True)
        monkeypatch.setattr(data.shutil, "copyfileobj", full)
    else:
        monkeypatch.setattr(data, "_download", full)
    with pytest.raises(FashionMNISTError) as err:
        load_fashion_mnist(root=tmp_path / "root")
    need = sum(len(b) for b in small.values())
    assert str(err.value).startswith(f"The disk that holds {raw_dir(tmp_path / 'root')} is full (No space left")
    assert f"({need:,} bytes)" in str(err.value) and "load_fashion_mnist(root=" in str(err.value)
    assert "Replace" not in str(err.value) and "internet" not in str(err.value)
    assert not (tmp_path / "root").exists()


def test_the_full_disk_message_states_the_real_size():
    assert sum(map(data._size, data.FILES)) == 47_040_016 + 60_008 + 7_840_016 + 10_008 == 54_950_048  # data/README


@pytest.mark.parametrize("all_others_there", [True, False])
def test_a_folder_where_a_file_should_be_is_named(small, tmp_path, all_others_there):
    write(data.DEBIAN_DIR, small, gz=True)
    write(raw_dir(tmp_path), small if all_others_there else {})
    in_the_way = raw_dir(tmp_path) / "train-images-idx3-ubyte"
    in_the_way.unlink(missing_ok=True)
    in_the_way.mkdir()
    with pytest.raises(FashionMNISTError) as err:
        load_fashion_mnist(root=tmp_path)
    assert str(err.value) == (f"{in_the_way} is in the way: it is a folder, where Fashion-MNIST's file "
                              "train-images-idx3-ubyte must go. Remove it and run again.")
    in_the_way.rmdir()  # the fix it gives works
    assert len(load_fashion_mnist(root=tmp_path)) == 5


def test_the_fix_for_a_broken_file_works(small, tmp_path):
    write(data.DEBIAN_DIR, small, gz=True)
    write(raw_dir(tmp_path), dict(small, **{"t10k-images-idx3-ubyte": small["t10k-images-idx3-ubyte"][:-1]}))
    broken = raw_dir(tmp_path) / "t10k-images-idx3-ubyte"
    with pytest.raises(FashionMNISTError) as err:
        load_fashion_mnist(root=tmp_path)
    assert str(err.value).startswith(f"{broken}: ") and str(err.value).endswith(data.FIX)
    broken.unlink()
    assert len(load_fashion_mnist(train=False, root=tmp_path)) == 3
    assert broken.read_bytes() == small["t10k-images-idx3-ubyte"]


def load_in_another_process(root, log, barrier, patches):
    """What the test below runs in each process: load into `root`, logging every unpack and download to `log`.
    A new process starts without the test's patches, so it gets them as `patches`: {(object, name): value}."""
    from torchvision.datasets import FashionMNIST

    for (owner, name), value in patches.items():
        setattr({"data": data, "FashionMNIST": FashionMNIST}[owner], name, value)

    def logged(function):
        def run(*args):
            with open(log, "a") as f:
                f.write(f"{os.getpid()} {function.__name__}\n")
            time.sleep(0.2)  # so that the others arrive while this one works
            return function(*args)
        return run
    data._unpack, data._download = logged(data._unpack), logged(data._download)
    barrier.wait()
    load_fashion_mnist(root=root)


@pytest.mark.parametrize("source", ["local copy", "download"])
def test_processes_loading_for_the_first_time_at_once_share_the_work(small, tmp_path, monkeypatch, source):
    from torchvision.datasets import FashionMNIST

    if source == "local copy":
        write(data.DEBIAN_DIR, small, gz=True)
    else:
        server, (mirrors, resources) = serve(tmp_path / "mirror", small)
        monkeypatch.setattr(FashionMNIST, "mirrors", mirrors)
        monkeypatch.setattr(FashionMNIST, "resources", resources)
        monkeypatch.setattr(data, "_download", REAL_DOWNLOAD)
    patches = {("data", name): getattr(data, name) for name in ("FILES", "DEBIAN_DIR", "_download")}
    patches.update({("FashionMNIST", name): getattr(FashionMNIST, name) for name in ("mirrors", "resources")})
    # Not fork: forking a process that runs threads (pytest-xdist's, this test's server) can deadlock. A fork server
    # is a fresh process that has imported this module once, and forks the four from itself; macOS, where forking
    # after PyTorch's imports is unsafe, starts each one afresh (spawn), which is slower.
    context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "forkserver")
    if sys.platform != "darwin":  # the fork server imports PyTorch once, from the installed package, for all four
        context.set_forkserver_preload(["fashion_dnn.data", "torchvision.datasets"])
    barrier, log = context.Barrier(4), tmp_path / "log"
    processes = [context.Process(target=load_in_another_process, args=(tmp_path / "root", log, barrier, patches))
                 for _ in range(4)]
    try:
        for p in processes:
            p.start()
        for p in processes:
            p.join(timeout=60)
    finally:
        for p in processes:  # a child still running after its minute is stopped, never left behind
            if p.is_alive():
                p.terminate()
                p.join()
        if source == "download":
            server.shutdown()
            server.server_close()
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    calls = log.read_text().splitlines()
    assert len({call.split()[0] for call in calls}) == 1  # one process did the work, the others waited for it
    assert len(calls) == (4 if source == "local copy" else 1)  # four files unpacked, or one download
    assert sorted(p.name for p in raw_dir(tmp_path / "root").iterdir()) == sorted(small)
    for name, b in small.items():
        assert (raw_dir(tmp_path / "root") / name).read_bytes() == b


def test_only_its_own_temporary_files_are_removed(small, tmp_path):
    """Another process's `.part` file may be in use (it is unpacking into it): a load never deletes it."""
    write(data.DEBIAN_DIR, small, gz=True)
    raw = raw_dir(tmp_path)
    write(raw, {".train-images-idx3-ubyte.k2x9_a.part": b"half"})  # as mkstemp names them
    load_fashion_mnist(root=tmp_path)
    assert sorted(p.name for p in raw.iterdir()) == sorted([*small, ".train-images-idx3-ubyte.k2x9_a.part"])


def test_the_lock_is_a_file_lock_that_works_on_every_system(small, tmp_path, monkeypatch):
    """filelock's FileLock, which locks on Linux, macOS and Windows; held while the files are filled in."""
    write(data.DEBIAN_DIR, small, gz=True)
    held, real_fill = [], data._fill

    def fill(raw):
        held.append(_locked_elsewhere(raw.parent / ".lock"))
        real_fill(raw)
    monkeypatch.setattr(data, "_fill", fill)
    load_fashion_mnist(root=tmp_path)
    assert held == [True]


def _locked_elsewhere(path) -> bool:
    """Whether another FileLock on `path` fails to be taken at once."""
    from filelock import Timeout
    try:
        with data.FileLock(path, timeout=0, is_singleton=False):
            return False
    except Timeout:
        return True


@pytest.mark.parametrize("make, problem", [
    (lambda path: path.write_text("not a folder"), "it is a file, not a folder"),
    (lambda path: None, "it does not exist"),
    (lambda path: path.mkdir(), "it has no " + ", ".join(f"{name}(.gz)" for name in data.FILES)),
    (lambda path: write(path, {"train-images-idx3-ubyte": b"x"}),
     "it has no train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz), t10k-labels-idx1-ubyte(.gz)"),
])
def test_a_variable_that_is_of_no_use_gives_a_warning(small, tmp_path, monkeypatch, make, problem):
    write(data.DEBIAN_DIR, small, gz=True)
    make(tmp_path / "copy")
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "copy"))
    with pytest.warns(UserWarning) as caught:
        assert len(load_fashion_mnist(root=tmp_path / "root")) == 5  # from Debian's copy
    assert [str(w.message) for w in caught] == [
        f"${data.ENV_VAR}={tmp_path / 'copy'}: {problem}, so it is not used. {data.ENV_VAR} should name a folder "
        f"that holds the four Fashion-MNIST files, .gz or unpacked: {', '.join(data.FILES)}."]


def test_the_variable_expands_home_and_relative_paths(small, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    write(tmp_path / "home" / "copy", small, gz=True)
    monkeypatch.setenv(data.ENV_VAR, "~/copy")
    load_fashion_mnist(root=tmp_path / "a")

    monkeypatch.chdir(tmp_path / "home")
    monkeypatch.setenv(data.ENV_VAR, "copy")
    load_fashion_mnist(root=tmp_path / "b")

    monkeypatch.setenv(data.ENV_VAR, "nowhere")
    shown = (f"${data.ENV_VAR}=nowhere, relative to the current folder (in Jupyter, the notebook's folder), "
             f"that is {tmp_path / 'home' / 'nowhere'}")
    with pytest.warns(UserWarning, match=re.escape(f"{shown}: it does not exist")), \
            pytest.raises(FashionMNISTError, match=re.escape(f"{shown} (not a folder)")):
        load_fashion_mnist(root=tmp_path / "c")


@pytest.mark.parametrize("root_exists", [True, False])
@pytest.mark.parametrize("download", ["fails at once", "torchvision's, to a closed port"])
def test_a_failed_load_removes_the_empty_folders_it_made(small, tmp_path, monkeypatch, root_exists, download):
    from torchvision.datasets import FashionMNIST

    if download != "fails at once":
        monkeypatch.setattr(FashionMNIST, "mirrors", ["http://127.0.0.1:1/"])
        monkeypatch.setattr(data, "_download", REAL_DOWNLOAD)
    root = tmp_path / "root"
    if root_exists:
        root.mkdir()
    with pytest.raises(FashionMNISTError, match="could not be downloaded"):
        load_fashion_mnist(root=root)
    assert (list(root.iterdir()) == []) if root_exists else not root.exists()


def test_offline_message_says_how_to_set_the_variable_in_a_notebook(small, tmp_path):
    with pytest.raises(FashionMNISTError) as err:
        load_fashion_mnist(root=tmp_path)
    assert (f"in a notebook, run a cell `%env {data.ENV_VAR}=/path/to/that/folder` before loading (a Jupyter\n"
            "    kernel does not see an `export` made after Jupyter started)") in str(err.value)


def test_root_defaults_to_the_repository_data_folder():
    assert data.DATA_DIR == Path(__file__).resolve().parents[1] / "data"
    assert (data.DATA_DIR / "README.md").is_file()


def a_course(folder: Path) -> Path:
    """A folder that looks like the course or a student copy: data/README.md, notebooks/ and the package."""
    for name in ("data/README.md", "notebooks/01.ipynb", "src/fashion_dnn/__init__.py"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("", encoding="utf-8")
    return folder


def test_the_course_folder_is_the_nearest_course_or_copy_at_or_above_the_current_folder(tmp_path, monkeypatch):
    """A notebook's kernel runs in the notebook's folder: a copy's lessons find the copy, the course's the course."""
    course = a_course(tmp_path / "course")
    copy = a_course(course / "my-course")  # a student copy made inside the course, as the README makes it
    (course / "notebooks" / "zh-TW").mkdir()
    monkeypatch.setattr(data, "course_root", lambda: tmp_path / "installed")
    for cwd, expected in [(copy / "notebooks", copy), (copy, copy), (course / "notebooks" / "zh-TW", course),
                          (course / "data", course), (tmp_path, tmp_path / "installed")]:
        monkeypatch.chdir(cwd)
        assert data.course_folder() == expected, cwd
    (copy / "data" / "README.md").unlink()  # no longer a course: the one around it is
    monkeypatch.chdir(copy / "notebooks")
    assert data.course_folder() == course
    monkeypatch.setattr(data, "course_root", lambda: None)
    monkeypatch.chdir(tmp_path)
    assert data.course_folder() is None  # the package installed on its own, outside a course: the cache


def test_the_installed_course_is_where_pip_install_e_installed_it(tmp_path, monkeypatch):
    class Installed:
        def read_text(self, name):
            return json.dumps({"url": (tmp_path / "course").as_uri(), "dir_info": {"editable": True}})

    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)
    monkeypatch.setattr(data, "course_root", lambda: tmp_path / "copy")  # a copy's own package, in its test run
    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: Installed())
    assert data.installed_courses() == [tmp_path / "copy", (tmp_path / "course").resolve()]
    monkeypatch.setattr(importlib.metadata, "distribution", not_installed)
    assert data.installed_courses() == [tmp_path / "copy"]
    Installed.read_text = lambda self, name: None  # installed from a wheel or an index: no direct_url.json
    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: Installed())
    assert data.installed_courses() == [tmp_path / "copy"]


@pytest.fixture
def copy_and_course(small, tmp_path, monkeypatch):
    """A student copy whose data/ is empty (the folder its lessons resolve to), and the course it was made from,
    which holds the (small) data; a local copy in the variable to unpack from, were anything unpacked."""
    course, copy = tmp_path / "course", tmp_path / "course" / "my-course"
    write(raw_dir(course / "data"), small)
    (copy / "data").mkdir(parents=True)
    (copy / "data" / "README.md").write_text("# data/\n", encoding="utf-8")
    monkeypatch.setattr(data, "DATA_DIR", copy / "data")
    monkeypatch.setattr(data, "installed_courses", lambda: [copy, course])  # the copy's own package first
    write(tmp_path / "variable", small, gz=True)
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "variable"))
    return copy, course


def test_a_copy_reads_the_courses_data_and_unpacks_none(copy_and_course):
    copy, course = copy_and_course
    train, test = load_fashion_mnist(), load_fashion_mnist(train=False)
    assert (len(train), len(test)) == (5, 3) and Path(train.root) == Path(test.root) == course / "data"
    assert data.data_root() == course / "data"
    assert sorted(p.name for p in (copy / "data").iterdir()) == ["README.md"]  # no copy, no link, no lock file


def test_a_copy_keeps_to_its_own_data_when_it_has_them_or_the_courses_are_broken(small, copy_and_course):
    copy, course = copy_and_course
    broken = raw_dir(course / "data") / "t10k-labels-idx1-ubyte"
    broken.write_bytes(small["t10k-labels-idx1-ubyte"][:-1])
    assert Path(load_fashion_mnist().root) == copy / "data"  # unpacked into the copy, from the variable
    assert sorted(p.name for p in raw_dir(copy / "data").iterdir()) == sorted(small)
    broken.write_bytes(small["t10k-labels-idx1-ubyte"])
    assert Path(load_fashion_mnist().root) == data.data_root() == copy / "data"  # its own files come first
    assert load_fashion_mnist(root=course / "data").root == course / "data"  # and a root given is used as given


def test_the_cache_shares_no_course_data(small, copy_and_course, tmp_path, monkeypatch):
    """A package installed on its own keeps its data in the cache, which is no course's data/ folder."""
    monkeypatch.setattr(data, "DATA_DIR", tmp_path / "cache")
    assert Path(load_fashion_mnist().root) == tmp_path / "cache"
    assert sorted(p.name for p in raw_dir(tmp_path / "cache").iterdir()) == sorted(small)


def test_a_child_process_imports_this_folders_own_package():
    """What a notebook's kernel imports: the course's package in the course, and in a student copy's test run the
    copy's own (its conftest.py sees to that; the copy's run checks that this test ran)."""
    found = subprocess.run([sys.executable, "-c", "import importlib.util; print(importlib.util.find_spec("
                            "'fashion_dnn').origin)"], capture_output=True, text=True, timeout=120)
    assert Path(found.stdout.strip()).parent == Path(__file__).resolve().parents[1] / "src" / "fashion_dnn", \
        found.stdout + found.stderr


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


@pytest.mark.parametrize("removed", ["FashionMNIST", "FashionMNIST/raw"])
def test_a_load_that_waited_while_a_failed_one_removed_the_folders_starts_again(small, tmp_path, removed):
    """A process that fails removes the folders it made, lock file included, while others wait for the lock: the
    one that then gets the lock finds no folder, and starts again from the top instead of writing into nothing."""
    import shutil

    write(data.DEBIAN_DIR, small, gz=True)
    raw = raw_dir(tmp_path)
    raw.mkdir(parents=True)
    failing = data.FileLock(raw.parent / ".lock")
    failing.acquire()
    loaded = {}
    waiting = threading.Thread(target=lambda: loaded.update(n=len(load_fashion_mnist(root=tmp_path))))
    waiting.start()
    time.sleep(0.5)  # it is waiting for the lock now
    # What a failed load leaves: no folder (or, on Windows, the lock file's). The waiting load re-creates the lock
    # file each time it polls, so the removal is tried again until a poll falls between (as it would for real).
    for _ in range(200):
        shutil.rmtree(tmp_path / removed, ignore_errors=True)
        if not (tmp_path / removed).exists():
            break
    assert not raw.exists()
    failing.release()
    waiting.join(timeout=60)
    assert loaded == {"n": 5} and sorted(p.name for p in raw.iterdir()) == sorted(small)
