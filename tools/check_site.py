"""Open every page of the built website in headless Chromium, with no network, and check what a reader would see.

    python tools/build_site.py && python tools/check_site.py build/site

Needs Chromium and its driver (Debian: `apt-get install chromium chromium-driver`) and Selenium (requirements.txt).
The site is served from 127.0.0.1; every other host is unreachable (a proxy that does not exist, and no DNS), so
a page that needs the network shows it here. For every page it checks that:
- nothing was fetched from another host, and every request succeeded;
- MathJax typeset every formula;
- every image loaded and has alt text;
- every link inside the site leads to a file of the site, and every #anchor to an id on that page;
- the language switch leads to the same page in the other edition, and back;
- a notebook's page links to its notebook, a file that opens as a notebook; with a repository URL, its Colab and
  Binder buttons open that notebook.
It prints what it counted and every problem, and exits 1 when there is one. tests/test_site.py runs it.
"""

import argparse
import functools
import http.server
import json
import posixpath
import shutil
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from editions import twin_of  # noqa: E402

MATH_DONE = """
const done = arguments[arguments.length - 1];
if (!document.querySelector('.math.notranslate')) { done('none'); return; }
const wait = () => (window.MathJax && MathJax.Hub && MathJax.Hub.Queue)
    ? MathJax.Hub.Queue(() => done('typeset')) : setTimeout(wait, 50);
wait();
"""
PAGE_FACTS = """
const math = [...document.querySelectorAll('.math.notranslate')];  // Sphinx's; MathJax's own spans are .math too
return {
  lang: document.documentElement.lang,
  ids: [...document.querySelectorAll('[id]')].map(e => e.id)
       .concat([...document.querySelectorAll('a[name]')].map(e => e.name)),
  links: [...document.querySelectorAll('a[href]')].map(a => ({href: a.href, cls: a.className})),
  math: math.length,
  raw_math: math.filter(m => !m.querySelector('.MathJax, .MathJax_Display, .MathJax_SVG, mjx-container'))
                .map(m => m.textContent.slice(0, 60)),
  images: [...document.images].map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0,
                                          alt: (i.getAttribute('alt') || '').trim()})),
  bars: [...document.querySelectorAll('.cell_output pre')].filter(p => p.textContent.includes('|█')).length,
};
"""


def chromium():
    """A headless Chromium that reaches 127.0.0.1 only, driven by Debian's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    driver = shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
    options = webdriver.ChromeOptions()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>;127.0.0.1",  # no way out
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]:
        options.add_argument(arg)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    browser = webdriver.Chrome(service=Service(driver), options=options)
    browser.set_script_timeout(30)
    return browser


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def requests(browser, origin: str) -> tuple[int, list[str]]:
    """How many requests the page made since the last call, and the problems among them."""
    count, problems, local = 0, [], set()  # local: the requests that never leave the browser (data:, about:)
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method, params = message["method"], message["params"]
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if url.startswith(("data:", "blob:", "about:")):
                local.add(params["requestId"])
                continue  # MathJax tests its fonts against about:blank; nothing leaves the browser
            count += 1
            if not url.startswith(origin):
                problems.append(f"fetches {url} from the network")
        elif method == "Network.responseReceived" and params["response"]["status"] >= 400:
            problems.append(f"{params['response']['url']} answered {params['response']['status']}")
        elif method == "Network.loadingFailed" and params["requestId"] not in local and not params.get("canceled"):
            problems.append(f"a {params.get('type')} failed to load: {params.get('errorText')}")
    return count, problems


def check(site: Path, repository_url: str | None = None) -> tuple[dict, list[str]]:
    """Visit every page of the site; return what was counted and the problems found."""
    site = site.resolve()
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    browser = chromium()
    facts, problems = {}, []
    counts = dict(pages=0, requests=0, formulas=0, images=0, links=0, anchors=0, switches=0, downloads=0,
                  launch_buttons=0, progress_bars=0)
    try:
        for page in pages:
            browser.get(origin + page)
            browser.execute_async_script(MATH_DONE)
            time.sleep(0.05)
            fact = browser.execute_script(PAGE_FACTS)
            count, trouble = requests(browser, origin)
            facts[page] = fact
            counts["pages"] += 1
            counts["requests"] += count
            problems += [f"{page}: {t}" for t in trouble]
            counts["formulas"] += fact["math"]
            problems += [f"{page}: formula not typeset: {m!r}" for m in fact["raw_math"]]
            counts["images"] += len(fact["images"])
            problems += [f"{page}: image did not load: {i['src']}" for i in fact["images"] if not i["ok"]]
            problems += [f"{page}: image without alt text: {i['src']}" for i in fact["images"] if not i["alt"]]
            counts["progress_bars"] += fact["bars"]
    finally:
        browser.quit()
        server.shutdown()

    docs = {p.removesuffix(".html") for p in pages}
    for page, fact in facts.items():
        for link in fact["links"]:
            href = link["href"]
            if not href.startswith(origin):
                continue
            parts = urlsplit(href)
            target = unquote(parts.path[len(urlsplit(origin).path):]) or "index.html"
            counts["links"] += 1
            if target.endswith("/"):
                target += "index.html"
            if not (site / target).is_file():
                problems.append(f"{page}: link to {target}, which the site does not have")
                continue
            if parts.fragment and target in facts:
                counts["anchors"] += 1
                if unquote(parts.fragment) not in facts[target]["ids"]:
                    problems.append(f"{page}: link to {target}#{unquote(parts.fragment)}, an id that page lacks")
        doc = page.removesuffix(".html")
        if doc not in {"README", "README.zh-TW", "TEACHING"} and not doc.startswith("notebooks/"):
            continue  # Sphinx's own search and index pages
        switches = [link["href"] for link in fact["links"] if "course-language" in link["cls"]]
        want = twin_of(doc, docs) + ".html"
        got = [unquote(urlsplit(h).path[len(urlsplit(origin).path):]) for h in switches]
        if got != [want]:
            problems.append(f"{page}: the language switch leads to {got}, not to {want}")
        else:
            counts["switches"] += 1
            back = [unquote(urlsplit(h).path[len(urlsplit(origin).path):]) for h in
                    (link["href"] for link in facts[want]["links"] if "course-language" in link["cls"])]
            if doc in {"README", "README.zh-TW"} or doc.startswith("notebooks/"):
                if back != [page]:
                    problems.append(f"{want}: its language switch leads to {back}, not back to {page}")
            if facts[want]["lang"] == fact["lang"]:
                problems.append(f"{page} and its twin {want} are both lang={fact['lang']}")
        if doc.startswith("notebooks/"):
            problems += notebook_page(site, page, fact, origin, repository_url, counts)
    return counts, problems


def notebook_page(site, page, fact, origin, repository_url, counts) -> list[str]:
    """A lesson's page links to its own notebook, and with a repository URL, to Colab and Binder on it."""
    import nbformat

    problems = []
    notebook = page.removesuffix(".html") + ".ipynb"
    downloads = [link["href"] for link in fact["links"] if "course-download" in link["cls"]]
    if downloads != [urljoin(origin + page, posixpath.basename(notebook))]:
        problems.append(f"{page}: 'download this notebook' leads to {downloads}, not to {notebook}")
    else:
        try:
            nbformat.read(site / notebook, as_version=4)
            counts["downloads"] += 1
        except Exception as error:  # noqa: BLE001 (any reason it does not open is the problem to report)
            problems.append(f"{page}: the notebook it offers, {notebook}, does not open: {error}")
    if repository_url:
        owner_repo = urlsplit(repository_url).path.strip("/")
        want = {"Colab": f"https://colab.research.google.com/github/{owner_repo}/blob/",
                "Binder": f"https://mybinder.org/v2/gh/{owner_repo}/"}
        for name, prefix in want.items():
            hits = [link["href"] for link in fact["links"] if link["href"].startswith(prefix)
                    and link["href"].endswith(notebook)]
            if hits:
                counts["launch_buttons"] += 1
            else:
                problems.append(f"{page}: no {name} button that opens {notebook}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path(__file__).resolve().parents[1] / "build" / "site")
    parser.add_argument("--repository-url", help="the URL the site was built with, to check its launch buttons")
    args = parser.parse_args()
    start = time.perf_counter()
    counts, problems = check(args.site, args.repository_url)
    print(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
          + f" checked in {time.perf_counter() - start:.0f} s")
    for problem in problems:
        print("PROBLEM:", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
