"""Build the course's website, both editions, from the committed notebooks and their stored outputs.

    python tools/build_site.py                       # -> build/site/ (open build/site/index.html)
    python tools/build_site.py --repository-url https://github.com/you/your-fork   # with Colab and Binder buttons

Nothing is executed: every page shows the outputs stored in its notebook. The site needs no network: MathJax, the
theme's scripts, styles and icons are all copied into it. The repository URL (for the launch buttons and links
to the course's other files) is --repository-url, else $COURSE_REPOSITORY_URL, else this clone's `origin` on
GitHub; with none, the site is built without launch buttons. TEACHING.md ("Publishing the website") says how to
put it on GitHub Pages.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["README.md", "README.zh-TW.md", "TEACHING.md"]  # and every notebook under notebooks/
KEY = "zh-TW"  # a translated cell's bookkeeping (tools/sync_translation.py); its "alt" is the figure's alt text


def repository_url(given: str | None) -> str:
    """The URL given, else $COURSE_REPOSITORY_URL, else `git remote get-url origin` as an https URL, else ""."""
    url = given or os.environ.get("COURSE_REPOSITORY_URL", "")
    if not url:
        try:
            url = subprocess.run(["git", "-C", str(ROOT), "remote", "get-url", "origin"], capture_output=True,
                                 text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""
        url = re.sub(r"^git@([^:]+):", r"https://\1/", url)
        if not url.startswith("https://"):
            return ""  # a local path or another protocol: no website to link to
    return re.sub(r"\.git$", "", url.rstrip("/"))


def figure_alt(cell, translated: bool) -> str | None:
    """The alt text of a code cell's figure: the cell's metadata "alt" in English, its zh-TW "alt" in translation."""
    return (cell.metadata.get(KEY, {}) if translated else cell.metadata).get("alt")


def stage_notebook(source: Path, target: Path) -> list[str]:
    """Copy a notebook for Sphinx, giving each figure its alt text; return the cells whose figure has none."""
    nb = nbformat.read(source, as_version=4)
    translated = "zh-TW" in source.relative_to(ROOT).parts
    missing = []
    for number, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code" or not any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            continue
        alt = figure_alt(cell, translated)
        if not alt:
            missing.append(f"{source.relative_to(ROOT)} cell {number}")
            continue
        cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = alt
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return missing


def mathjax_folder() -> Path:
    """MathJax 2.7's files, from the pinned package jupyter-server-mathjax (requirements.txt)."""
    import jupyter_server_mathjax

    return Path(jupyter_server_mathjax.__file__).parent / "static"


def build(out: Path, url: str) -> None:
    work = out.parent / (out.name + "-src")
    shutil.rmtree(work, ignore_errors=True)
    missing = []
    for page in PAGES:
        (work / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / page, work / page)
    notebooks = sorted((ROOT / "notebooks").rglob("*.ipynb"))
    notebooks = [nb for nb in notebooks if ".ipynb_checkpoints" not in nb.parts]
    for nb in notebooks:
        missing += stage_notebook(nb, work / nb.relative_to(ROOT))
    if missing:
        sys.exit("These figures have no alt text (a code cell's metadata \"alt\", or \"zh-TW\": {\"alt\": ...} in the "
                 "translation); add one and build again:\n  " + "\n  ".join(missing))
    static = work / "_mathjax"
    # all but the SVG output (unused: HTML-CSS draws every formula) and the translations of MathJax's menus
    keep = {"en", "zh-hant", "zh-hans"}
    skip = lambda folder, names: [n for n in names if n == "SVG" or (Path(folder).name == "localization"  # noqa: E731
                                                                       and n not in keep)]
    shutil.copytree(mathjax_folder(), static / "mathjax", ignore=skip)
    env = dict(os.environ, COURSE_REPOSITORY_URL=url, COURSE_MATHJAX_STATIC=str(static))
    partial = out.parent / (out.name + ".partial")  # built beside the old site, which is replaced only on success
    shutil.rmtree(partial, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", "-j", "1",
               "-c", str(ROOT / "site"), "-d", str(work / ".doctrees"), str(work), str(partial)]
    if subprocess.run(command, env=env).returncode:
        shutil.rmtree(partial, ignore_errors=True)
        sys.exit("Sphinx failed (its messages are above); the site was not written.")
    for nb in notebooks:  # each lesson page's "Download this notebook" link points beside it
        shutil.copy2(nb, partial / nb.relative_to(ROOT))
    (partial / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Fashion-MNIST with a DNN</title>\n'
        '<meta http-equiv="refresh" content="0; url=README.html">\n'
        '<link rel="icon" href="_static/favicon.svg" type="image/svg+xml"></head>\n'
        '<body><p><a href="README.html">The course</a> · <a href="README.zh-TW.html">繁體中文版</a></p>'
        '</body></html>\n',
        encoding="utf-8")
    (partial / ".nojekyll").touch()  # GitHub Pages: serve _static/ and _images/ as they are
    shutil.rmtree(out, ignore_errors=True)
    partial.rename(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site", help="the site's folder")
    parser.add_argument("--repository-url", help="e.g. https://github.com/you/your-fork (launch buttons)")
    args = parser.parse_args()
    url = repository_url(args.repository_url)
    start = time.perf_counter()
    build(args.out.resolve(), url)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    pages = len(list(args.out.rglob("*.html")))
    print(f"Built {args.out} in {time.perf_counter() - start:.0f} s: {pages} HTML files, {size / 1e6:.1f} MB; "
          + (f"launch buttons for {url}" if url else "no repository URL, so no launch buttons") + ".")


if __name__ == "__main__":
    main()
