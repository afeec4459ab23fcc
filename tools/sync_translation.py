"""Keep the Traditional Chinese (Taiwan) edition, notebooks/zh-TW/, in lockstep with the English notebooks.

    python tools/sync_translation.py           # sync every translation, then report what is left to translate
    python tools/sync_translation.py --check   # report only, write nothing
    python tools/sync_translation.py --new notebooks/03_data_loading.ipynb          # start a translation
    python tools/sync_translation.py --accept notebooks/zh-TW/01_pixels.ipynb:5,7   # cells 5 and 7 are up to date

Code cells are the English ones: source, outputs, execution counts and metadata are copied on every sync, except
that a self-check's verdict ("Not done yet: ...", "Correct: ...") is stored as the zh-TW edition prints it. Only
their comments are translated; the translations live in the cell's metadata, {"zh-TW": {"comments": {English
comment: its translation}}}, and are re-applied to the English source on every sync. A comment whose English text
changed is shown in English again, and its old translation is reported as stale. Edit a comment in the translated
notebook, run sync, and the new translation is recorded. A figure's alt text, for the website (tools/build_site.py),
is the English cell's metadata "alt", copied like the rest; its translation, {"zh-TW": {"alt": ...}}, is kept.

Markdown cells are never overwritten. Each records the SHA-256 of the English cell it translates,
{"zh-TW": {"source_sha256": ...}}; when the English cell changes, the translation is reported as stale. A new
English cell arrives in English (links already pointing into the edition) and is reported as untranslated. After
translating or updating a cell, `--accept NOTEBOOK:CELLS` records the English it now matches (markdown) or takes the
comments as shown (code). Cells are matched by their English `id` and numbered from 1, top to bottom.
Exit status 1 when anything is missing, stale, untranslated or out of lockstep.
"""

import argparse
import copy
import difflib
import functools
import hashlib
import io
import os
import re
import sys
import tokenize
from pathlib import Path
from typing import NamedTuple

import nbformat

ROOT = Path(__file__).resolve().parents[1]
KEY = "zh-TW"  # the metadata key, in cells, that holds a translation's bookkeeping
EDITION = Path("notebooks") / "zh-TW"
README_EN, README_ZH = Path("README.md"), Path("README.zh-TW.md")
# Simplified-only characters: each has a different Traditional form and is not itself used in Taiwan (与 并 网 优
# 构 确 are also rare Big5 characters, but never Taiwan's spelling; shared ones such as 一 性 重 后 里 于 算 据 差 示
# are not listed). Any other CJK character outside Big5 (cp950) is reported too.
SIMPLIFIED = set("数这们个为时说实现类图层练习输过块码络网训验测损从对开关进会样学问题还应该将与经结总并处两发间"
                 "变选择设计误转换读写显线权归没给让东长门见边达运动头点维组构参标签预确优务员节单杂张执译语认识记"
                 "忆档资载储软库调试错虽却当吗请谢历师闭随纯级积阵条状态阶颜红绿蓝黄宽画绘轴顺检难简")
# Words written with Traditional characters that are still Mainland usage, and what Taiwan writes instead
MAINLAND_TERMS = {"數據": "資料", "代碼": "程式碼", "默認": "預設", "激活": "激勵", "內存": "記憶體", "對象": "物件",
                  "信息": "資訊", "優化器": "最佳化器", "網絡": "網路", "概率": "機率", "變量": "變數", "數組": "陣列",
                  "字符串": "字串", "運行": "執行", "調用": "呼叫", "視頻": "影片", "軟件": "軟體", "打印": "印出",
                  "函式簽名": "函式簽章", "函數簽名": "函式簽章"}
LINK = re.compile(r"\]\(([^)\s]+)\)")


class Problem(NamedTuple):
    kind: str  # missing, structure, code, output, stale, untranslated, comment, link, usage
    cell: int | None  # numbered from 1, as the English notebook's cells
    detail: str

    def __str__(self):
        return f"{f'cell {self.cell}: ' if self.cell else ''}{self.kind}: {self.detail}"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def english_notebooks(root: Path = ROOT) -> list[Path]:
    notebooks = root / "notebooks"
    return sorted(notebooks.glob("[0-9][0-9]_*.ipynb")) + sorted((notebooks / "solutions").glob("*.ipynb"))


def translation_of(english: Path, root: Path = ROOT) -> Path:
    return root / EDITION / english.relative_to(root / "notebooks")


def english_of(translation: Path, root: Path = ROOT) -> Path:
    return root / "notebooks" / translation.relative_to(root / EDITION)


# --- comments in code cells ---------------------------------------------------------------------------------------

def split_comments(source: str) -> list[tuple[str, str | None]]:
    """(code, comment) for each line; comments found with tokenize, so a '#' in a string is code."""
    lines = source.split("\n")
    masked = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in lines)  # IPython magics
    found = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(masked).readline):
            if tok.type == tokenize.COMMENT:
                found[tok.start[0] - 1] = tok.start[1]
    except (tokenize.TokenError, SyntaxError):
        found = {}  # not Python: compare it as it stands
    return [(line[:found[i]].rstrip(), line[found[i]:]) if i in found else (line, None) for i, line in enumerate(lines)]


def without_comments(source: str) -> str:
    return "\n".join(code for code, _ in split_comments(source))


def apply_comments(source: str, translations: dict) -> str:
    """The English source with each comment that has a translation replaced by it, in place."""
    lines = source.split("\n")
    for i, (_, comment) in enumerate(split_comments(source)):
        if comment in translations:
            lines[i] = lines[i][: len(lines[i]) - len(comment)] + translations[comment]
    return "\n".join(lines)


def harvest(english: str, translated: str, translations: dict, accept: bool, notes: list) -> dict:
    """Add the comments a translator wrote in `translated` to `translations` (English comment -> translation).

    Lines are paired by their code. A translation already recorded for another English comment is not taken for a
    changed one (it is the stale text sync put there), unless `accept`: the translator says the cell is reviewed.
    """
    en, zh = split_comments(english), split_comments(translated)
    english_comments = {c for _, c in en if c}
    result = {k: v for k, v in translations.items() if not accept or k in english_comments}
    matcher = difflib.SequenceMatcher(None, [c for c, _ in en], [c for c, _ in zh], autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for (_, en_comment), (_, zh_comment) in zip(en[a:a + size], zh[b:b + size], strict=True):
            if zh_comment and not en_comment:
                notes.append(f"dropped a comment the English does not have: {zh_comment!r}")
            elif en_comment and zh_comment and zh_comment not in (en_comment, result.get(en_comment)):
                if accept or zh_comment not in translations.values():
                    result[en_comment] = zh_comment
    return result


# --- prose and links ----------------------------------------------------------------------------------------------

def plain(text: str) -> str:
    """Text without code, math, link targets, tags, URLs and dotted names: what is left to translate."""
    for pattern in (r"```.*?```", r"`[^`]*`", r"\$\$.*?\$\$", r"\$[^$]*\$", r"\]\([^)]*\)", r"<[^>]*>",
                    r"https?://\S+", r"\w+(?:\.\w+)+"):
        text = re.sub(pattern, " ", text, flags=re.S)
    return text


def is_prose(text: str) -> bool:
    """Whether a markdown cell or a comment holds English words, as opposed to only code, math, shapes or links."""
    if re.match(r"#\s*(noqa|type:|pragma|fmt:|NBVAL)", text):
        return False
    return bool(re.search(r"(?<!\w)[A-Za-z]{3,}(?![\w(])", plain(text)))


def english_left_in(text: str) -> str | None:
    """A run of six or more English words outside code and math: a sentence left untranslated."""
    found = re.search(r"(?:[A-Za-z][A-Za-z'-]*[ ,;:]+){5,}[A-Za-z]+", plain(text))
    return found.group(0) if found else None


def normpath(path: Path) -> Path:
    return Path(os.path.normpath(path))


def localize_links(text: str, english: Path, translation: Path, root: Path = ROOT) -> str:
    """Point an English cell's relative links into the edition: notebooks to their translations, README.md to
    README.zh-TW.md, any other file from the translation's folder. An #anchor stays: both editions use its id."""
    def local(match):
        url = match.group(1)
        target, _, anchor = url.partition("#")
        if not target or re.match(r"[a-z]+:", url):
            return match.group(0)
        dest = normpath(english.parent / target)
        try:
            rel = dest.relative_to(root)
        except ValueError:
            return match.group(0)
        if rel == README_EN:
            dest = root / README_ZH
        elif rel.suffix == ".ipynb" and rel.parts[0] == "notebooks" and rel.parts[1] != EDITION.name:
            dest = translation_of(dest, root)
        return f"]({Path(os.path.relpath(dest, translation.parent)).as_posix()}{'#' + anchor if anchor else ''})"
    return LINK.sub(local, text)


# A link to a heading must land in JupyterLab, on GitHub and on the website (tools/build_site.py), whose rules for a
# heading's id differ: "## Where the data goes, and working offline" is #Where-the-data-goes,-and-working-offline in
# JupyterLab and #where-the-data-goes-and-working-offline on GitHub and the site, and a Chinese heading gets a
# Chinese id in the first two and a made-up one ("id3") on the site. So a heading that links point at carries an
# explicit anchor, the same id in both editions, on a line of its own before it (a blank line between them, or the
# heading would become part of the HTML): <a id="where-the-data-goes-and-working-offline"></a>. All three keep it.
EXPLICIT_ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


def heading_texts(markdown: str) -> list[str]:
    """The text of each ATX heading of a piece of Markdown, as rendered (no #s, no backticks), outside fences."""
    texts, fence = [], None
    for line in markdown.splitlines():
        marker = re.match(r" {0,3}(```|~~~)", line)
        if marker:
            fence = None if fence == marker.group(1) else (fence or marker.group(1))
        elif fence is None and re.match(r" {0,3}#{1,6}(\s|$)", line):
            texts.append(re.sub(r"\s+#+\s*$", "", line.strip().lstrip("#")).strip().replace("`", ""))
    return texts


def jupyterlab_id(heading: str) -> str:
    """JupyterLab's id for a heading (notebook cell or Markdown preview): its text, spaces made hyphens."""
    return heading.replace(" ", "-")


def github_id(heading: str) -> str:
    """GitHub's id for a heading: lower case, punctuation dropped (letters of any script kept), spaces hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def markdown_of(path: Path) -> list[str]:
    """A notebook's Markdown cells, or a Markdown file's text."""
    if path.suffix == ".ipynb":
        return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]
    return [path.read_text(encoding="utf-8")]


def anchors_for(path: Path, renderer: str) -> set[str]:
    """The ids a renderer ("jupyterlab" or "github") gives a file: its headings' ids by its rule, and the explicit
    anchors, which both keep (JupyterLab's sanitizer allows an `id`; GitHub prefixes it with user-content- and
    follows #id to it)."""
    rule = {"jupyterlab": jupyterlab_id, "github": github_id}[renderer]
    texts = markdown_of(path)
    return {rule(h) for text in texts for h in heading_texts(text)} | {
        a for text in texts for a in EXPLICIT_ANCHOR.findall(text)}


def heading_anchors(path: Path) -> set[str]:
    """The ids a link may point at: those JupyterLab and GitHub both give (the site's are checked in a browser,
    tests/test_site.py)."""
    return anchors_for(path, "jupyterlab") & anchors_for(path, "github")


def link_problems(text: str, path: Path, cell: int | None = None, root: Path = ROOT) -> list[Problem]:
    """Links in the edition must stay in it (README.zh-TW.md may also link README.md) and lead somewhere real."""
    problems = []
    for url in LINK.findall(text):
        if re.match(r"[a-z]+:", url):
            continue
        target, _, anchor = url.partition("#")
        dest = normpath(path.parent / target) if target else path
        try:
            rel = dest.relative_to(root)
        except ValueError:
            problems.append(Problem("link", cell, f"{url} leads out of the repository"))
            continue
        inside = rel == README_ZH or rel.parts[:2] == EDITION.parts
        if not inside and (rel.suffix == ".ipynb" or (rel == README_EN and path.name != README_ZH.name)):
            problems.append(Problem("link", cell, f"{url} leads out of the edition, to the English {rel.as_posix()}"))
        elif not dest.is_file() and not (dest.is_dir() and not anchor):
            english = english_of(dest, root) if inside and rel != README_ZH else None
            if english and english.is_file():
                problems.append(Problem("missing", cell, f"{url} is not translated yet"))
            else:
                problems.append(Problem("link", cell, f"{url} points at nothing"))
        elif anchor and anchor not in heading_anchors(dest):
            problems.append(Problem("link", cell, f"{url}: no anchor #{anchor} in {rel.as_posix()} that JupyterLab "
                                    f"and GitHub both give; put <a id=\"{anchor}\"></a> before its heading, as the "
                                    "English edition does"))
    return problems


def usage_problems(text: str, cell: int | None = None) -> list[Problem]:
    """Simplified-only characters and Mainland terms, with Taiwan's word for each term.

    A term may be named as the one not to use, 不寫「數據」, as the glossary in README.zh-TW.md does.
    """
    problems, text = [], re.sub(r"不寫「[^」]*」", "", text)
    chars = sorted({ch for ch in text if ch in SIMPLIFIED})
    if chars:
        problems.append(Problem("usage", cell, f"Simplified characters {' '.join(chars)}: write them in Traditional"))
    outside = sorted({ch for ch in text if "\u4e00" <= ch <= "\u9fff" and ch not in SIMPLIFIED
                      and ch.encode("cp950", errors="replace") == b"?"})
    if outside:
        problems.append(Problem("usage", cell, f"{' '.join(outside)} not in Big5: Simplified? Use Traditional"))
    for term, taiwan in MAINLAND_TERMS.items():
        if term in text:
            problems.append(Problem("usage", cell, f"{term} is Mainland usage; Taiwan writes {taiwan}"))
    return problems


# --- sync and check -----------------------------------------------------------------------------------------------

@functools.cache
def verdict_lines() -> dict[str, str]:
    """The self-checks' stored verdicts ("Not done yet: ...", "Correct: ..."), English -> Traditional Chinese: a
    check cell prints its verdict in the learner's language, so the edition stores it in theirs."""
    sys.path.insert(0, str(ROOT / "src"))
    from fashion_dnn.messages import VERDICTS, WHAT

    return {VERDICTS[kind][0].format(what=what[0]): VERDICTS[kind][1].format(what=what[1])
            for kind in ("not done", "correct") for what in WHAT.values()}


def localized_outputs(outputs: list) -> list:
    """The English outputs, with each self-check's verdict line in Traditional Chinese."""
    table, outputs = verdict_lines(), copy.deepcopy(outputs)
    for output in outputs:
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            text = output["text"] if isinstance(output["text"], str) else "".join(output["text"])
            output["text"] = "\n".join(table.get(line, line) for line in text.split("\n"))
    return outputs


def recorded(cell) -> dict:
    """A translated cell's bookkeeping: {"source_sha256": ...} (markdown) or {"comments": {...}} (code)."""
    return cell.get("metadata", {}).get(KEY, {}) if cell is not None else {}


def sync(english, translated, en_path: Path, zh_path: Path, accept=(), root: Path = ROOT):
    """The translated notebook brought into line with the English one: (notebook, orphans, notes).

    `accept` holds the numbers of cells to record as reviewed (or is "all"). Orphans are translated cells that match
    no English cell any more (by id, else by the English text they recorded), which the caller should not drop unseen.
    """
    old_cells = list(translated.cells) if translated else []
    by_id = {c.get("id"): c for c in old_cells}
    used, cells, notes = set(), [], []
    for number, en in enumerate(english.cells, 1):
        old = by_id.get(en.get("id"))
        if old is None or old.cell_type != en.cell_type or id(old) in used:
            old = next((c for c in old_cells if id(c) not in used and c.cell_type == en.cell_type and (
                recorded(c).get("source_sha256") == sha256(en.source) if c.cell_type == "markdown" else
                recorded(c).get("comments") and without_comments(c.source) == without_comments(en.source))), None)
        if old is not None:
            used.add(id(old))
        cell, accepted, cell_notes = copy.deepcopy(en), accept == "all" or number in accept, []
        cell.metadata.pop(KEY, None)
        if en.cell_type == "markdown" and old is None:
            cell.source = localize_links(en.source, en_path, zh_path, root)
        elif en.cell_type == "markdown":
            cell.source = old.source
            if "attachments" in old:
                cell.attachments = old.attachments
            bookkeeping = {"source_sha256": sha256(en.source)} if accepted else dict(recorded(old))
            if bookkeeping:
                cell.metadata[KEY] = bookkeeping
        elif en.cell_type == "code":
            comments = recorded(old).get("comments", {})
            if old is not None:
                comments = harvest(en.source, old.source, comments, accepted, cell_notes)
            # a figure's alt text in translation (tools/build_site.py) stays with its cell
            bookkeeping = ({"comments": comments} if comments else {}) | (
                {"alt": recorded(old)["alt"]} if recorded(old).get("alt") else {})
            if bookkeeping:
                cell.metadata[KEY] = bookkeeping
            cell.source = apply_comments(en.source, comments)
            cell.outputs = localized_outputs(en.outputs)
        notes += [f"cell {number}: {note}" for note in cell_notes]
        cells.append(cell)
    orphans = [c for c in old_cells if id(c) not in used and recorded(c)]
    notebook = copy.deepcopy(english)
    notebook.cells = cells
    return notebook, orphans, notes


def first_difference(a: list, b: list) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def lockstep_problems(english, translated) -> list[Problem]:
    """How a translated notebook differs from its English one, other than in its translated text."""
    shape = [(c.cell_type, c.get("id")) for c in english.cells]
    theirs = [(c.cell_type, c.get("id")) for c in translated.cells]
    problems = []
    if shape != theirs:
        first = first_difference(shape, theirs)
        problems.append(Problem("structure", first + 1, f"the English has {len(shape)} cells, the translation "
                                f"{len(theirs)}; first difference: English {shape[first:first + 1]}, "
                                f"translation {theirs[first:first + 1]} (cell type, id)"))
    by_id = {c.get("id"): c for c in translated.cells}
    for number, en in enumerate(english.cells, 1):
        zh = by_id.get(en.get("id"))
        if zh is None or zh.cell_type != en.cell_type:
            continue
        if zh.cell_type != "markdown":
            problems += code_problems(en, zh, number)
            continue
        bookkeeping = recorded(zh)
        if "source_sha256" not in bookkeeping:
            problems.append(Problem("untranslated", number, "not translated yet (no source_sha256 recorded)"))
        elif bookkeeping["source_sha256"] != sha256(en.source):
            problems.append(Problem("stale", number, "the English cell changed since it was translated"))
        elif is_prose(en.source) and LINK.sub("]()", zh.source) == LINK.sub("]()", en.source):
            problems.append(Problem("untranslated", number, "identical to the English"))
        elif english_left_in(zh.source):
            problems.append(Problem("untranslated", number, f"English left in: {english_left_in(zh.source)!r}"))
    return problems


def code_problems(en, zh, number: int) -> list[Problem]:
    """A code (or raw) cell must be the English one: the same code, metadata and outputs, only comments translated."""
    problems, strip = [], without_comments if en.cell_type == "code" else str
    en_lines, zh_lines = strip(en.source).split("\n"), strip(zh.source).split("\n")
    if en_lines != zh_lines:
        line = first_difference(en_lines, zh_lines)
        zh_line = zh_lines[line] if line < len(zh_lines) else ""
        problems.append(Problem("code", number, f"line {line + 1} is {zh_line!r}, the English has "
                                f"{en_lines[line] if line < len(en_lines) else ''!r}: only comments may differ"))
    if {k: v for k, v in zh.metadata.items() if k != KEY} != en.metadata:
        problems.append(Problem("code", number, "its metadata (tags) differ from the English"))
    expected = localized_outputs(en["outputs"]) if "outputs" in en else None
    if zh.get("outputs") != expected or zh.get("execution_count") != en.get("execution_count"):
        problems.append(Problem("output", number, "its stored outputs or execution count differ from the English"))
    if zh.cell_type != "code":
        return problems
    comments = recorded(zh).get("comments", {})
    english_comments = [c for _, c in split_comments(en.source) if c]
    for comment in english_comments:
        if comment not in comments and is_prose(comment):
            problems.append(Problem("comment", number, f"not translated yet: {comment!r}"))
    for comment, translation in comments.items():
        if comment not in english_comments:
            problems.append(Problem("comment", number, f"stale: the English no longer has {comment!r} "
                                    f"(translated {translation!r}); translate the new comment, remove the old entry"))
    if en_lines == zh_lines and apply_comments(en.source, comments) != zh.source:
        problems.append(Problem("comment", number, "comments edited but not recorded yet: run the sync"))
    return problems


def edition_problems(translated, path: Path, root: Path = ROOT) -> list[Problem]:
    """Links that leave the edition or lead nowhere, and Simplified or Mainland usage, cell by cell."""
    problems = []
    for number, cell in enumerate(translated.cells, 1):
        if cell.cell_type == "markdown":
            problems += link_problems(cell.source, path, number, root) + usage_problems(cell.source, number)
        elif cell.cell_type == "code":
            problems += usage_problems("\n".join(c for _, c in split_comments(cell.source) if c), number)
    return problems


def check_notebook(en_path: Path, zh_path: Path, root: Path = ROOT) -> list[Problem]:
    if not zh_path.is_file():
        return [Problem("missing", None, f"not translated yet: start it with python tools/sync_translation.py "
                        f"--new {en_path.relative_to(root).as_posix()}")]
    translated = nbformat.read(zh_path, as_version=4)
    problems = lockstep_problems(nbformat.read(en_path, as_version=4), translated)
    return sorted(problems + edition_problems(translated, zh_path, root), key=lambda p: p.cell or 0)


def check_readme(root: Path = ROOT) -> list[Problem]:
    path = root / README_ZH
    if not path.is_file():
        return [Problem("missing", None, "README.zh-TW.md is missing")]
    text = path.read_text(encoding="utf-8")
    return link_problems(text, path, None, root) + usage_problems(text)


def parse_accept(values: list[str], root: Path) -> dict:
    """{translated notebook: "all" or a set of cell numbers} from NOTEBOOK[:N,M,...] arguments."""
    accept = {}
    for value in values:
        name, _, numbers = value.partition(":")
        path = normpath(Path.cwd() / name)
        if path.suffix != ".ipynb" or not path.is_relative_to(root / EDITION):
            sys.exit(f"--accept takes a translated notebook, like {EDITION.as_posix()}/01_pixels.ipynb:5,7")
        accept[path] = "all" if not numbers else {int(n) for n in numbers.split(",")}
    return accept


def main(argv=None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only, write nothing")
    parser.add_argument("--new", action="append", default=[], metavar="ENGLISH", help="start a translation")
    parser.add_argument("--accept", action="append", default=[], metavar="NOTEBOOK[:CELLS]",
                        help="record cells as translated from the current English (all cells if none given)")
    parser.add_argument("--prune", action="store_true", help="drop translated cells whose English cell is gone")
    args = parser.parse_args(argv)
    accept, new = parse_accept(args.accept, root), {normpath(Path.cwd() / p) for p in args.new}
    todo, english = 0, english_notebooks(root)
    for en_path in english:
        zh_path = translation_of(en_path, root)
        if not args.check and (zh_path.is_file() or en_path in new):
            en = nbformat.read(en_path, as_version=4)
            zh = nbformat.read(zh_path, as_version=4) if zh_path.is_file() else None
            notebook, orphans, notes = sync(en, zh, en_path, zh_path, accept.get(zh_path, ()), root)
            if orphans and not args.prune:
                notes.append(f"NOT SYNCED: {len(orphans)} translated cell(s) match no English cell (ids "
                             f"{', '.join(str(c.get('id')) for c in orphans)}); rerun with --prune to drop them")
            elif zh is None or nbformat.writes(notebook) != nbformat.writes(zh):
                zh_path.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(notebook, zh_path)
                notes.append("updated")
            for note in notes:
                print(f"{zh_path.relative_to(root).as_posix()}: {note}")
        problems = check_notebook(en_path, zh_path, root)
        todo += len(problems)
        if not zh_path.is_file():
            print(f"{zh_path.relative_to(root).as_posix()}: missing; start it with python tools/sync_translation.py "
                  f"--new {en_path.relative_to(root).as_posix()}")
            continue
        print(f"{zh_path.relative_to(root).as_posix()}: {'up to date' if not problems else f'{len(problems)} to do'}")
        for problem in problems:
            print(f"  {problem}")
        cells = sorted({p.cell for p in problems if p.kind in ("stale", "untranslated", "comment") and p.cell})
        if cells:
            print(f"  once translated: python tools/sync_translation.py --accept "
                  f"{zh_path.relative_to(root).as_posix()}:{','.join(map(str, cells))}")
    strays = [p for p in sorted((root / EDITION).rglob("*.ipynb")) if english_of(p, root) not in english
              and ".ipynb_checkpoints" not in p.parts]
    for path in strays:
        print(f"{path.relative_to(root).as_posix()}: no English notebook of that name (renamed? git mv it)")
    problems = check_readme(root)
    print(f"{README_ZH}: {'up to date' if not problems else f'{len(problems)} to do'}")
    for problem in problems:
        print(f"  {problem}")
    return 1 if todo or strays or problems else 0


if __name__ == "__main__":
    sys.exit(main())
