"""Sphinx configuration of the course's website: both editions, built by `python tools/build_site.py`.

The pages are the committed notebooks with their stored outputs (never executed here), README, README.zh-TW and
TEACHING. tools/build_site.py stages them in build/site-src/ (adding each figure's alt text) and runs Sphinx with
this folder as its configuration; it passes the repository URL, from which the launch buttons are made.
"""

import os
import posixpath
import re
import sys
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

sys.path.insert(0, str(Path(__file__).parent))
from editions import EDITIONS, edition_of, nav_pages, twin_of  # noqa: E402

project = "Fashion-MNIST with a deep neural network"
author = "the course's authors"
copyright = "the course's authors; text CC BY 4.0, code MIT (see LICENSE-CONTENT.md)"
language = "en"
root_doc = "README"

extensions = ["myst_nb", "sphinx_copybutton"]
nb_execution_mode = "off"  # the stored outputs are the lesson: Sphinx shows them, never re-runs a notebook
nb_merge_streams = True  # a cell's prints and its tqdm bars, in the order the cell wrote them
myst_enable_extensions = ["dollarmath", "amsmath"]
# Markdown links are rewritten by CourseLinks below, the same way for every page: Sphinx's own resolution of
# `file.ipynb#heading` follows a slug rule of its own, which is not the one GitHub and JupyterLab use.
myst_all_links_external = True
suppress_warnings = ["toc.not_included", "myst.header"]  # the navigation is the course's own (course-nav.html)
exclude_patterns = []

# MathJax 2.7 from the pinned PyPI package jupyter-server-mathjax, copied into the site: no CDN, works offline.
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
mathjax2_config = {"tex2jax": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]],
                               "processEscapes": True,
                               # myst-nb marks a notebook's page tex2jax_ignore (a $ in an output is not math),
                               # and its math spans "math"
                               "processClass": "tex2jax_process|mathjax_process|math|output_area"},
                   # the package holds the STIX-Web fonts only, so HTML-CSS output with them, never a missing font
                   "HTML-CSS": {"availableFonts": [], "preferredFont": None, "webFont": "STIX-Web",
                                "imageFont": None},
                   "messageStyle": "none"}

REPOSITORY_URL = os.environ.get("COURSE_REPOSITORY_URL", "").rstrip("/")
REPOSITORY_BRANCH = os.environ.get("COURSE_REPOSITORY_BRANCH", "main")

html_theme = "sphinx_book_theme"
html_title = "Fashion-MNIST · DNN"
html_static_path = ["_static", os.environ.get("COURSE_MATHJAX_STATIC", "_static")]
html_css_files = ["course.css"]
templates_path = ["_templates"]
html_sidebars = {"**": ["navbar-logo.html", "course-nav.html"]}
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_theme_options = {
    "use_download_button": False,  # the page's own "Download this notebook" link (course-header.html) instead
    "use_fullscreen_button": False,
    "article_header_end": ["course-header.html", "article-header-buttons.html"],
    "show_toc_level": 2,
}
if REPOSITORY_URL:
    html_theme_options |= {
        "repository_url": REPOSITORY_URL, "repository_branch": REPOSITORY_BRANCH, "path_to_docs": "",
        "use_repository_button": True,
        "launch_buttons": {"binderhub_url": "https://mybinder.org", "colab_url": "https://colab.research.google.com",
                           "notebook_interface": "jupyterlab"},
    }

COURSE = Path(__file__).resolve().parents[1]  # the course's own folder, for links to its other files
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class CourseLinks(SphinxPostTransform):
    """A Markdown link to a page of the site, `../README.md#notebooks` or `02_x.ipynb#anchor`, goes to that page's
    HTML with the same #anchor; a link to another file of the repository (src/..., LICENSE) goes to it on the
    repository's website, or is left as it is when no repository URL is set."""

    default_priority = 5

    def run(self, **kwargs):
        env = self.env
        here = posixpath.dirname(env.docname)
        for ref in self.document.findall(nodes.reference):
            uri = ref.get("refuri", "")
            if not uri or uri.startswith("#") or SCHEME.match(uri) or uri.startswith("/"):
                continue
            path, _, fragment = uri.partition("#")
            path = path.strip("<>")
            target = posixpath.normpath(posixpath.join(here, path))
            doc = re.sub(r"\.(ipynb|md)$", "", target)
            if doc in env.found_docs:
                new = self.app.builder.get_relative_uri(env.docname, doc)
            elif REPOSITORY_URL and (COURSE / target).exists():
                kind = "tree" if path.endswith("/") else "blob"
                new = f"{REPOSITORY_URL}/{kind}/{REPOSITORY_BRANCH}/{target}"
            else:
                continue
            ref["refuri"] = new + (f"#{fragment}" if fragment else "")


def page_context(app, pagename, templatename, context, doctree):
    """What course-header.html and course-nav.html show: the twin page in the other edition, the download link,
    and this edition's pages in course order."""
    if pagename not in app.env.found_docs:
        return
    edition = edition_of(pagename)
    context["language"] = EDITIONS[edition]["lang"]
    uri = lambda doc: app.builder.get_relative_uri(pagename, doc)  # noqa: E731
    twin = twin_of(pagename, app.env.found_docs)
    other = "zh-TW" if edition == "en" else "en"
    context["course_twin"] = {"url": uri(twin), "label": EDITIONS[other]["label"], "lang": EDITIONS[other]["lang"]}
    source = app.env.doc2path(pagename)
    if str(source).endswith(".ipynb"):
        context["course_download"] = {"url": posixpath.basename(pagename) + ".ipynb",
                                      "label": EDITIONS[edition]["download"]}
    context["course_nav"] = [{"title": app.env.titles[doc].astext(), "url": uri(doc), "current": doc == pagename,
                              "group": group}
                             for group, doc in nav_pages(edition, app.env.found_docs)]
    context["course_nav_heading"] = EDITIONS[edition]["nav"]
    context["theme_toc_title"] = EDITIONS[edition]["toc"]  # the in-page contents' heading, in the page's language


def setup(app):
    app.add_post_transform(CourseLinks)
    app.connect("html-page-context", page_context)
