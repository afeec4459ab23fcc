"""Click every link to a heading in a real JupyterLab and report which ones land on their target.

A link such as [Notebooks](../README.md#notebooks) can work on GitHub and do nothing in JupyterLab, which names a
heading by its text with spaces turned into "-", case and punctuation kept ("Where the data goes, and working
offline" -> Where-the-data-goes,-and-working-offline), and finds a target only once it is rendered. This script
starts JupyterLab on a temporary copy of a folder's .ipynb and .md files, clicks every local Markdown link with
a "#" in headless Chromium, and prints what each click did.

    /tmp/selvenv/bin/python tools/check_jupyterlab_links.py . --jupyter .venv/bin/jupyter
    python tools/check_jupyterlab_links.py . --only 'notebooks/0*' --modes installed

Needs selenium (pip install selenium), Chromium and its driver (Debian: apt-get install chromium chromium-driver).
The jupyter is --jupyter, else the one beside this Python (sys.prefix/bin/jupyter); its overrides.json applies,
the user's own JupyterLab settings do not. The server, its kernels and the temporary folder are removed at the end.

Each probe runs twice: with the notebook setting windowingMode as installed, and set to "none".
  same file        [x](#id), in a notebook or in a Markdown preview          must land
  to a .md file    [x](../README.md#id), the file closed, then already open  must land
  to a notebook    [x](04_x.ipynb#id), the notebook already open             must land
  to a notebook    the same, the notebook closed: JupyterLab 4.6 opens it at its top, so only a missing id fails
The exit status is 1 if a probe that must land does not.
"""

import argparse
import fnmatch
import json
import os
import posixpath
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

# [text](target), where the target may hold one level of brackets: #Paren-(like-this); or href="target"
LINK = re.compile(r"\]\(((?:[^()\s]|\([^()\s]*\))+)\)|href=\"([^\"]+)\"")

JS_STARTED = """const done = arguments[0];  // wait until JupyterLab has started and restored its layout
const t = setInterval(() => {
  if (window.jupyterapp) { clearInterval(t); window.jupyterapp.restored.then(done); } }, 200);"""
JS_OPEN = """const [path, factory, done] = arguments;  // open a file as a double-click (or factory) would
window.jupyterapp.commands.execute('docmanager:open', factory ? {path, factory} : {path})
  .then(w => w.context.ready).then(() => done(null), e => done(String(e)));"""
JS_RENDERED = """const w = window.jupyterapp.shell.currentWidget;  // true once every cell and heading is rendered
if (!w || !w.context || !w.context.isReady) return false;
if (!w.hasClass('jp-NotebookPanel')) return !!w.node.querySelector('.jp-RenderedMarkdown > *, .cm-content');
return w.content.widgets.every(c => !c.isPlaceholder() &&
  (c.model.type !== 'markdown' || !!c.node.querySelector('.jp-RenderedMarkdown > *')));"""
JS_FIND_LINK = """const [raw, target, frag] = arguments;  // the rendered <a> for this link (href rewritten once ready)
const dec = s => { try { return decodeURIComponent(s); } catch (e) { return s; } };
for (const a of window.jupyterapp.shell.currentWidget.node.querySelectorAll('a[href]')) {
  if (raw.startsWith('#') ? dec(a.getAttribute('href')) === dec(raw)
      : dec(new URL(a.href).pathname).endsWith('/files/' + target) && dec(a.hash) === '#' + frag) return a;
}
return null;"""
JS_WHERE = """const frag = arguments[0];  // which file is in front, how far it is scrolled, where the target is
const w = window.jupyterapp.shell.currentWidget, view = w.node.getBoundingClientRect();
const kind = w.hasClass('jp-NotebookPanel') ? 'notebook' : w.node.querySelector('.jp-MarkdownViewer')
  ? 'Markdown Preview' : w.node.querySelector('.jp-FileEditor') ? 'editor' : w.node.className;
const scroll = Math.max(0, ...Array.from(w.node.querySelectorAll('*'), e => e.scrollTop));
const q = CSS.escape(frag), el = w.node.querySelector(`[data-jupyter-id="${q}"], [id="${q}"]`);
const ids = Array.from(w.node.querySelectorAll('[data-jupyter-id], .jp-RenderedHTMLCommon [id]'),
                       e => e.getAttribute('data-jupyter-id') || e.id);
return {path: w.context ? w.context.path : '', kind, scroll, ids, height: Math.round(view.height),
        offset: el ? Math.round(el.getBoundingClientRect().top - view.top) : null};"""


def copy_texts(folder, dest):
    """Copy folder's .ipynb and .md files: those git tracks or would track (so not build/), else all not hidden."""
    git = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    try:
        names = subprocess.run(git, cwd=folder, capture_output=True, text=True, check=True).stdout.split("\0")
    except (OSError, subprocess.CalledProcessError):  # not a git checkout
        names = []
    if not any(names):
        names = [os.path.relpath(os.path.join(d, f), folder) for d, _, files in os.walk(folder) for f in files]
        names = [n for n in names if not any(part.startswith(".") for part in Path(n).parts)]
    for name in names:
        if name.endswith((".ipynb", ".md")) and (folder / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(folder / name, dest / name)


def find_links(root):
    """Yield (source, href, target file, fragment) for each local link with a "#" in Markdown (cells)."""
    for src in sorted(root.rglob("*")):
        if src.suffix == ".ipynb":
            cells = json.loads(src.read_text(encoding="utf-8"))["cells"]
            text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        elif src.suffix == ".md":
            text = src.read_text(encoding="utf-8")
        else:
            continue
        source = src.relative_to(root).as_posix()
        for m in LINK.finditer(text):
            href = m.group(1) or m.group(2)
            if "#" in href and not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", href):
                path, frag = href.split("#", 1)
                target = posixpath.normpath(posixpath.join(posixpath.dirname(source), urllib.parse.unquote(path)))
                yield source, href, (target if path else source), urllib.parse.unquote(frag)


def probes(links):
    """One probe per same-file link; two (target closed, target open) per other file and heading linked to."""
    seen = set()
    for source, href, target, frag in links:
        key = (source, href) if target == source else (target, frag)  # another file's target: probed once
        if key in seen:
            continue
        seen.add(key)
        if target == source:
            yield source, href, target, frag, "same file", True
        else:
            kind = "to notebook" if target.endswith(".ipynb") else "to .md file"
            yield source, href, target, frag, kind + ", closed", kind == "to .md file"
            yield source, href, target, frag, kind + ", open", True


def start_lab(jupyter, root, tmp, port):
    """Start `jupyter lab` on root, with settings, workspaces, config and runtime folders of its own in tmp."""
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"), JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               JUPYTER_DATA_DIR=str(tmp / "data"))
    cmd = [jupyter, "lab", "--no-browser", "--allow-root", f"--port={port}", "--ServerApp.token=",
           f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True"]
    log = open(tmp / "server.log", "w")
    server = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)  # its own process group, so that we can stop it all
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(1)
    raise SystemExit(f"JupyterLab did not start; see {tmp / 'server.log'}:\n" + (tmp / "server.log").read_text())


def stop_lab(server):
    server.terminate()  # on SIGTERM the server shuts its kernels down, then exits
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)  # the server's own process group, started by us


def write_settings(tmp, windowing):
    """The user settings the server sees: no news pop-ups, kernels stopped with their tab, maybe windowingMode."""
    tracker = {"kernelShutdown": True, **({"windowingMode": windowing} if windowing else {})}
    for name, value in [("notebook-extension/tracker", tracker),
                        ("apputils-extension/notification", {"fetchNews": "false", "checkForUpdates": False})]:
        path = tmp / "settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


def setting(base, plugin, key):
    info = json.load(urllib.request.urlopen(f"{base}/lab/api/settings/{plugin}"))
    return info["settings"].get(key, info["schema"]["properties"][key].get("default"))


def wait_for(driver, script, timeout, *args):
    end = time.time() + timeout
    while time.time() < end:
        if driver.execute_script(script, *args):
            return True
        time.sleep(0.3)
    return False


def open_file(driver, path, factory=None):
    error = driver.execute_async_script(JS_OPEN, path, factory)
    if error:
        raise RuntimeError(f"cannot open {path}: {error}")
    wait_for(driver, JS_RENDERED, 60)
    time.sleep(0.5)


def run_probe(driver, source, href, target, frag, kind, pause):
    """Click one link and say where it took us."""
    driver.execute_script("for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) w.dispose();")
    if kind.endswith(", open"):
        open_file(driver, target)  # in whatever a double-click opens it with
    open_file(driver, source, "Notebook" if source.endswith(".ipynb") else "Markdown Preview")
    link = None
    if wait_for(driver, JS_FIND_LINK, 20, href, target, frag):
        link = driver.execute_script(JS_FIND_LINK, href, target, frag)
    if link is None:
        return "link not found in the rendered source"
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    before = driver.execute_script(JS_WHERE, frag)["scroll"]
    link.click()
    time.sleep(pause)
    wait_for(driver, JS_RENDERED, 30)  # a file just opened renders its cells (and the target) after it shows
    where = driver.execute_script(JS_WHERE, frag)
    shown = f"in {where['kind']}"
    if where["path"] != target:
        return f"wrong file: opened {where['path']} {shown}"
    if where["offset"] is None:
        near = [i for i in where["ids"] if re.sub(r"[\W_]+", "", i.lower()) == re.sub(r"[\W_]+", "", frag.lower())]
        return "no such id in target" + (f" (did you mean #{near[0]}?)" if near else "")
    if 0 <= where["offset"] < where["height"] - 20:
        return "lands " + shown
    if kind == "same file" and abs(where["scroll"] - before) < 40:
        return "does not move" + (" (non-ASCII id)" if not frag.isascii() else "")
    if kind != "same file" and where["scroll"] < 40:
        return "opens at top " + shown
    if where["offset"] >= where["height"]:
        return f"stops short: target {where['offset'] - where['height']} px below the view"
    return f"goes past: target {-where['offset']} px above the view"


def check_all(driver, base, tmp, mode, plan, pause):
    """Run every probe under one windowingMode; return how many failed."""
    write_settings(tmp, None if mode == "installed" else mode)
    windowing = setting(base, "@jupyterlab/notebook-extension:tracker", "windowingMode")
    viewer = setting(base, "@jupyterlab/docmanager-extension:plugin", "defaultViewers").get("markdown", "Editor")
    print(f"\n== windowingMode = {windowing} ({mode}); a double-click opens .md files in: {viewer}")
    driver.get(f"{base}/lab/workspaces/check-{mode}?reset")  # a fresh page reads the settings just written
    driver.execute_async_script(JS_STARTED)
    failed = 0
    for source, href, target, frag, kind, must_land in plan:
        try:
            result = run_probe(driver, source, href, target, frag, kind, pause)
        except Exception as error:  # one broken probe should not hide the others
            result = f"error: {type(error).__name__}: {str(error).splitlines()[0]}"
        ok = result.startswith("lands") or (not must_land and result.startswith("opens at top"))
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'}  {kind:<21} {source} -> {href}\n      {result}", flush=True)
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the course folder (only its .ipynb and .md files are copied)")
    parser.add_argument("--jupyter", default=str(Path(sys.prefix) / "bin" / "jupyter"))
    parser.add_argument("--only", default="*", help="probe links in these source files only (a glob)")
    parser.add_argument("--modes", default="installed,none", help="windowingMode values to try; 'installed' = as is")
    parser.add_argument("--pause", type=float, default=2.5, help="seconds to wait after a click")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    if not Path(args.jupyter).exists():
        raise SystemExit(f"no jupyter at {args.jupyter}; pass --jupyter path/to/venv/bin/jupyter")

    tmp = Path(tempfile.mkdtemp(prefix="check_jl_links_"))
    root = tmp / "course"
    copy_texts(args.folder.resolve(), root)
    plan = [p for p in probes(find_links(root)) if fnmatch.fnmatch(p[0], args.only)]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = driver = None
    failed = 0
    try:
        write_settings(tmp, None)
        server = start_lab(args.jupyter, root, tmp, port)
        options = webdriver.ChromeOptions()
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(args.chromedriver), options=options)  # no driver download
        driver.set_script_timeout(90)
        for mode in args.modes.split(","):
            failed += check_all(driver, f"http://127.0.0.1:{port}", tmp, mode, plan, args.pause)
    finally:
        if driver:
            driver.quit()
        if server:
            stop_lab(server)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n{len(plan)} probes x {len(args.modes.split(','))} settings: {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
