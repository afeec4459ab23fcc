"""The website (tools/build_site.py), built from the committed notebooks and opened page by page in headless
Chromium with no network (tools/check_site.py says what is checked)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

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
