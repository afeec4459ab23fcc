"""The website (tools/build_site.py), built from the committed notebooks and opened page by page in headless
Chromium with no network (tools/check_site.py says what is checked)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import check_site  # noqa: E402

REPOSITORY = "https://github.com/example-teacher/fashion-dnn-fork"  # any GitHub URL: the buttons must follow it


def browser_missing() -> str | None:
    if not (shutil.which("chromedriver") or Path("/usr/lib/chromium/chromedriver").is_file()):
        return "no chromedriver: apt-get install chromium chromium-driver (Debian), as .ci/run does"
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py"), "--out", str(out),
                    "--repository-url", REPOSITORY], check=True, cwd=ROOT)
    return out


def test_the_site_has_every_page(site):
    notebooks = sorted(p.relative_to(ROOT / "notebooks").with_suffix(".html")
                       for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    assert len(notebooks) >= 32
    for page in notebooks:
        assert (site / "notebooks" / page).is_file(), f"{page} missing from the site"
    for page in ["README.html", "README.zh-TW.html", "TEACHING.html", "index.html", ".nojekyll"]:
        assert (site / page).is_file(), page
    assert not list(site.rglob("*.ipynb_checkpoints*"))
    mathjax = site / "_static" / "mathjax" / "MathJax.js"
    assert mathjax.is_file(), "MathJax is not inside the site"


def test_every_page_in_a_browser_with_no_network(site):
    missing = browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)  # CI must run this test, never skip it
        pytest.skip(missing)
    counts, problems = check_site.check(site, REPOSITORY)
    print(counts)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])
    pages = counts["pages"]
    assert pages >= 35 and counts["switches"] >= 35 and counts["downloads"] >= 32
    assert counts["launch_buttons"] == 2 * counts["downloads"]
    assert counts["formulas"] > 100 and counts["images"] >= 42 and counts["anchors"] >= 40
    assert counts["progress_bars"] > 0, "the text progress bars of the lessons' training are missing"


def test_a_figure_needs_alt_text_in_each_edition(tmp_path, monkeypatch):
    import build_site
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    figure = new_code_cell("plot()", outputs=[new_output("display_data", data={"image/png": "iVBORw0KGgo="})])
    monkeypatch.setattr(build_site, "ROOT", tmp_path)
    for edition, metadata, missing in [("notebooks", {}, True), ("notebooks", {"alt": "A chart"}, False),
                                       ("notebooks/zh-TW", {"alt": "A chart"}, True),  # English alt only
                                       ("notebooks/zh-TW", {"zh-TW": {"alt": "一張圖"}}, False)]:
        figure.metadata = metadata
        source = tmp_path / edition / "01_x.ipynb"
        source.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(new_notebook(cells=[figure]), source)
        found = build_site.stage_notebook(source, tmp_path / "staged" / edition / "01_x.ipynb")
        assert found == ([f"{edition}/01_x.ipynb cell 1"] if missing else []), (edition, metadata)
        if not missing:
            staged = nbformat.read(tmp_path / "staged" / edition / "01_x.ipynb", as_version=4).cells[0]
            assert staged.metadata["mystnb"]["image"]["alt"] in {"A chart", "一張圖"}


def test_the_repository_url_for_the_launch_buttons(monkeypatch):
    import build_site

    monkeypatch.delenv("COURSE_REPOSITORY_URL", raising=False)
    assert build_site.repository_url("https://github.com/a/b.git/") == "https://github.com/a/b"
    monkeypatch.setenv("COURSE_REPOSITORY_URL", "https://github.com/c/d")
    assert build_site.repository_url(None) == "https://github.com/c/d"
    monkeypatch.delenv("COURSE_REPOSITORY_URL")

    def origin(url):
        return lambda *args, **kwargs: subprocess.CompletedProcess(args, 0, stdout=url + "\n")
    monkeypatch.setattr(build_site.subprocess, "run", origin("git@github.com:e/f.git"))
    assert build_site.repository_url(None) == "https://github.com/e/f"
    monkeypatch.setattr(build_site.subprocess, "run", origin("/srv/git/course"))
    assert build_site.repository_url(None) == ""  # a local clone: no website to open it on
