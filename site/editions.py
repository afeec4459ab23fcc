"""The site's two editions: which pages belong to which, and each page's twin in the other edition."""

import re

EDITIONS = {
    "en": {"lang": "en", "label": "English", "download": "Download this notebook", "nav": "Lessons", "toc": "Contents",
           "readme": "README", "lessons": "notebooks/", "groups": ("Lessons", "Worked solutions", "For teachers")},
    "zh-TW": {"lang": "zh-Hant-TW", "label": "繁體中文", "download": "下載這本筆記本", "nav": "課程", "toc": "本頁目錄",
              "readme": "README.zh-TW", "lessons": "notebooks/zh-TW/", "groups": ("課程", "參考解答", "教師")},
}
LESSON = re.compile(r"\d\d_[^/]+$")


def edition_of(doc: str) -> str:
    return "zh-TW" if doc == "README.zh-TW" or doc.startswith("notebooks/zh-TW/") else "en"


def twin_of(doc: str, docs) -> str:
    """The same page in the other edition; its README where the page has no twin (TEACHING is English only)."""
    if doc == "README":
        return "README.zh-TW"
    if doc == "README.zh-TW":
        return "README"
    if doc.startswith("notebooks/zh-TW/"):
        twin = "notebooks/" + doc.removeprefix("notebooks/zh-TW/")
    elif doc.startswith("notebooks/"):
        twin = "notebooks/zh-TW/" + doc.removeprefix("notebooks/")
    else:
        twin = None
    other = "en" if edition_of(doc) == "zh-TW" else "zh-TW"
    return twin if twin in docs else EDITIONS[other]["readme"]


def nav_pages(edition: str, docs):
    """(group, doc) in course order: the edition's README, its lessons, their solutions, then TEACHING (English)."""
    ed = EDITIONS[edition]
    lessons, solutions = ed["lessons"], ed["lessons"] + "solutions/"
    pages = [(ed["groups"][0], ed["readme"])]
    for group, folder in [(ed["groups"][0], lessons), (ed["groups"][1], solutions)]:
        pages += [(group, d) for d in sorted(docs) if d.startswith(folder) and LESSON.match(d[len(folder):])]
    pages += [(ed["groups"][2], "TEACHING")] if "TEACHING" in docs else []
    return pages
