"""Make a student copy of the course: the lessons without outputs or solutions, and what a learner needs to run them.

    python tools/make_student_copy.py my-course                  # once: the folder must not exist yet
    python tools/make_student_copy.py --lang zh-TW my-course     # the Traditional Chinese edition alone

It reads the course's folder itself, so it works the same from a clone, a downloaded archive or a folder inside
another repository, tracked files or not. TEACHING.md ("A student copy") says what it leaves out and why.
"""

import argparse
import ast
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
MARK = ".student-copy"  # written into every copy, so that a copy made inside the course is never copied again
SKIPPED_ANYWHERE = {".git", ".venv", "__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".ruff_cache",
                    "solutions"}  # solutions: notebooks/solutions/, and a translation's own
LEFT_OUT = {".ci", ".github", "benchmarks", "build", "models", "site", "tools", "TEACHING.md"}
# The test modules a copy leaves out, each for what it needs that a copy has not: the solutions, the stored outputs,
# the zh-TW edition's bookkeeping, this tool, or the worked answers to every exercise (the wrong-answer suite).
# Any other tests/test_*.py goes into the copy, and must pass there.
TEACHER_TESTS = {"test_devices.py", "test_exercises.py", "test_method.py", "test_notebooks.py", "test_site.py",
                 "test_student_copy.py", "test_teaching.py", "test_translation.py"}
TEACHER_ONLY = re.compile(r"solutions/|TEACHING\.md|[Ww]orked\s+solutions")  # Markdown paragraphs that say these go
TEACHER_BLOCK = r"<!--\s*teacher\s*-->(?:(?!<!--\s*/?teacher\s*-->).)*<!--\s*/teacher\s*-->"
STUDENT_TEXT = re.compile(r"<!--\s*student:\s*(.*?)\s*-->", re.S)
FENCE, HEADING = re.compile(r" {0,3}(```|~~~)"), re.compile(r" {0,3}#{1,6}(\s|$)")
LIST_ITEM = re.compile(r"( {0,3})([-*+]|\d{1,9}[.)])(\s|$)")
EDITIONS = {"zh-TW": ("README.zh-TW.md", "notebooks/zh-TW/")}  # a translation: its README and its notebooks
ENGLISH_README = re.compile(r"\]\(<?README\.md[#)>]")  # a translation's links to the English README
TEACHER_OR_ENGLISH = re.compile(f"{TEACHER_ONLY.pattern}|{ENGLISH_README.pattern}")
OWN_PACKAGE = """
# Added to the student copy: its tests, and its notebooks' kernels, import this copy's own src/fashion_dnn even
# where another one is installed (the course's, when the copy sits inside the course's folder).
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "src")
sys.path.insert(0, SRC)
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")]))
"""


class CourseError(Exception):
    """Why no copy was made, in one line."""


def course_files(root: Path) -> list[str]:
    """The files of the course a student gets, as sorted paths relative to `root` with / separators."""
    found = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        rel = here.relative_to(root).as_posix()
        dirs[:] = [d for d in dirs if not (d in SKIPPED_ANYWHERE or d.endswith(".egg-info") or rel == "data"
                                           or f"{rel}/{d}".removeprefix("./") in LEFT_OUT
                                           or (here / d / "pyvenv.cfg").exists() or (here / d / MARK).exists())]
        for name in files:
            path = f"{rel}/{name}".removeprefix("./")
            if (path in LEFT_OUT or name in SKIPPED_ANYWHERE or name.endswith(".pyc")  # .git: a worktree's file
                    or (rel == "data" and name != "README.md")
                    or not (here / name).is_file() or is_teacher_test(here / name, rel)):
                continue
            found.append(path)
    return sorted(found)


def is_teacher_test(path: Path, folder: str) -> bool:
    """Whether a test module is one of TEACHER_TESTS, which a copy leaves out."""
    return folder == "tests" and path.name in TEACHER_TESTS


def code_lines(lines: list[str]) -> set[int]:
    """The numbers of the lines that belong to fenced code blocks, fences included."""
    inside, fence = set(), ""
    for i, line in enumerate(lines):
        start = FENCE.match(line)
        if fence or start:
            inside.add(i)
            if start and not fence:
                fence = start.group(1)
            elif line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
    return inside


def blocks(lines: list[str], code: set[int]) -> list[list[int]]:
    """Line numbers of each paragraph (a code block's blank lines do not end it); a heading is a block of its own."""
    found, current = [], []
    for i, line in enumerate(lines):
        if i in code or (line.strip() and not HEADING.match(line)):
            current.append(i)
            continue
        found += [current] if current else []
        found += [[i]] if line.strip() else []  # a heading
        current = []
    return found + ([current] if current else [])


def parts(lines: list[str], block: list[int], code: set[int]) -> list[list[int]]:
    """A block's lead (the lines before its first list item, maybe none), then one part per list item."""
    found, indent = [[]], None
    for i in block:
        item = None if i in code else LIST_ITEM.match(lines[i])
        if item and (indent is None or len(item.group(1)) <= indent):
            indent = len(item.group(1)) if indent is None else indent
            found.append([])
        found[-1].append(i)
    return found


def student_markdown(text: str, where: str = "Markdown", drop_if: re.Pattern = TEACHER_ONLY) -> str:
    """`text` without teacher blocks and without the paragraphs (or list items) that point at teacher-only files
    (or match `drop_if`)."""
    new = re.sub(rf"(?ms)^[ \t]*{TEACHER_BLOCK}[ \t]*(\n|\Z)", "", text)
    new = re.sub(TEACHER_BLOCK, "", new, flags=re.S)
    if re.search(r"<!--\s*/?teacher\s*-->", new):
        raise CourseError(f"{where}: a <!-- teacher --> marker without its <!-- /teacher --> (or the other way round)")
    new = STUDENT_TEXT.sub(lambda m: m.group(1), new)
    lines = new.split("\n")
    code, drop = code_lines(lines), set()
    for block in blocks(lines, code):
        lead, *items = parts(lines, block, code)
        teacher = [bool(drop_if.search("\n".join(lines[i] for i in part))) for part in (lead, *items)]
        if teacher[0] or (items and all(teacher[1:])):
            drop.update(block)  # a list that loses every item loses its lead-in too
        else:
            drop.update(i for part, gone in zip(items, teacher[1:]) if gone for i in part)
    if new == text and not drop:
        return text
    kept = []
    for i, line in enumerate(lines):
        blank = not line.strip() and i not in code
        if i not in drop and not (blank and (not kept or not kept[-1].strip())):
            kept.append(line)
    return "\n".join(kept).strip("\n") + ("\n" if text.endswith("\n") else "")


def student_notebook(source: Path, target: Path, where: str, relink=lambda text: text) -> None:
    """Write `source` to `target` with no outputs, no execution counts and student Markdown (passed to `relink`)."""
    try:
        nb = nbformat.read(source, as_version=4)
    except Exception as e:  # not JSON, not a notebook: say which file, not where nbformat failed
        raise CourseError(f"{where} is not a notebook nbformat can read ({type(e).__name__}: {e})") from None
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
        elif cell.cell_type == "markdown":
            cell.source = relink(student_markdown(cell.source, where))
    nb.cells = [c for c in nb.cells if c.cell_type != "markdown" or c.source.strip()]
    nbformat.write(nb, target)


def with_own_package(source: str) -> str:
    """The copy's conftest.py: the course's, then lines that make pytest and the kernels import the copy's src/."""
    tree = ast.parse(source)
    imported = {alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names}
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    at = imports[-1].end_lineno if imports else (tree.body[0].end_lineno if ast.get_docstring(tree) else 0)
    lines = source.splitlines(keepends=True)
    missing = [f"import {name}\n" for name in ("os", "sys") if name not in imported]
    return "".join(lines[:at] + missing + lines[at:]).rstrip("\n") + "\n\n" + OWN_PACKAGE


def edition_files(files: list[str], lang: str) -> dict[str, str]:
    """{file of the course: where it goes in the copy}. A translation alone: its README becomes README.md and its
    lessons become notebooks/, in place of the English ones."""
    if lang == "en":
        return {name: name for name in files}
    readme, folder = EDITIONS[lang]
    if readme not in files or not any(n.startswith(folder) and n.endswith(".ipynb") for n in files):
        raise CourseError(f"this course has no {lang} edition ({readme} and {folder}*.ipynb)")
    lessons = {n for n in files if n.startswith("notebooks/") and n.count("/") == 1 and n.endswith(".ipynb")}
    untranslated = sorted(n for n in lessons if folder + n.removeprefix("notebooks/") not in files)
    if untranslated:
        raise CourseError(f"{', '.join(untranslated)} has no {lang} translation in {folder} yet, so a {lang} copy "
                          "would lack it: translate it first, or make the English copy (without --lang)")
    moved = {readme: "README.md"} | {n: "notebooks/" + n.removeprefix(folder) for n in files if n.startswith(folder)}
    english = {"README.md"} | lessons
    return {name: moved.get(name, name) for name in files if name not in english}


def relinker(lang: str, name: str):
    """What a translation's Markdown needs once its README and lessons have moved: links and paths to their new
    places (nothing for the English course, whose files stay where they are)."""
    readme, folder = EDITIONS.get(lang, (None, None))
    if name == readme:
        return lambda text: (text.replace(f"]({folder}", "](notebooks/").replace(f"`{folder}", "`notebooks/")
                             .replace(f"]({readme}", "](README.md"))  # its links to itself
    if folder and name.startswith(folder):
        up = "../" * folder.count("/")  # from a lesson back to the course's folder
        return lambda text: text.replace(f"]({up}{readme}", "](../README.md")
    return lambda text: text


def write_copy(copies: dict[str, str], tmp: Path, lang: str = "en") -> None:
    """Write every file of the copy under `tmp`: {file of the course: where it goes}, from `edition_files`."""
    (tmp / MARK).write_text("A student copy of the course: no solutions, no stored outputs.\n", encoding="utf-8")
    for name, copied in copies.items():
        source, target, relink = ROOT / name, tmp / copied, relinker(lang, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".ipynb"):
            student_notebook(source, target, name, relink)
        elif name.endswith(".md"):
            try:
                text = source.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise CourseError(f"{name} is not UTF-8 text") from None
            # a translation's README alone: the English one is not in the copy, so the paragraphs linking it go
            drop_if = TEACHER_OR_ENGLISH if name == EDITIONS.get(lang, (None,))[0] else TEACHER_ONLY
            target.write_text(relink(student_markdown(text, name, drop_if)), encoding="utf-8")
        elif name == "conftest.py":
            target.write_text(with_own_package(source.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copy2(source, target)
    if "conftest.py" not in copies:
        conftest = with_own_package('"""Settings every pytest run shares."""\n')
        (tmp / "conftest.py").write_text(conftest, encoding="utf-8")
    if lang != "en":  # the self-checks speak the edition's language (fashion_dnn.exercises.language reads this)
        (tmp / ".course-language").write_text(f"{lang}\n", encoding="utf-8")


def make_student_copy(out: Path, lang: str = "en") -> list[str]:
    """Write the copy to `out` through a temporary folder beside it, so a failure leaves nothing; return its files."""
    copies = edition_files(course_files(ROOT), lang)  # a missing edition: refused before anything is written
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", suffix=".part", dir=out.parent))
    try:
        write_copy(copies, tmp, lang)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(copies.values())


def dangling(out: Path) -> list[str]:
    """Links in the copy's Markdown to files it lacks, and files that still name a teacher-only file."""
    found = []
    for path in sorted(p for p in out.rglob("*") if p.is_file() and p.suffix in (".md", ".ipynb", ".py", ".toml")):
        text, name = path.read_text(encoding="utf-8", errors="replace"), path.relative_to(out).as_posix()
        if path.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells if c.cell_type == "markdown")
        if path.suffix in (".md", ".ipynb"):
            for link in re.findall(r"\]\(<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\)", text):
                target = link.split("#")[0]
                if target and not re.match(r"[a-z]+:", link) and not (path.parent / target).exists():
                    found.append(f"{name} links to {link}, which the copy does not have")
        if mention := TEACHER_ONLY.search(text):
            found.append(f"{name} still mentions {mention.group(0)!r}")
    return found


def check_target(out: Path) -> None:
    """Refuse, with the reason, a target the copy cannot or must not be written to."""
    if not ((ROOT / "README.md").is_file() and (ROOT / "src").is_dir() and any((ROOT / "notebooks").glob("*.ipynb"))):
        raise CourseError(f"{ROOT} is not the course's folder (it needs README.md, src/ and notebooks/*.ipynb)")
    if os.path.lexists(out):
        raise CourseError(f"{out} already exists: choose a new folder (the copy is made once, into a new folder)")
    if not out.parent.is_dir():
        raise CourseError(f"{out.parent} does not exist: create it first, or choose another folder")
    if out.is_relative_to(ROOT) and len(out.relative_to(ROOT).parts) > 1:
        inside = out.relative_to(ROOT).parts[0]
        raise CourseError(f"{out} is inside the course's {inside}/ folder: make the copy outside the course, "
                          "or directly in it (e.g. my-course)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a folder that does not exist yet, e.g. my-course")
    parser.add_argument("--lang", choices=["en", *EDITIONS], default="en",
                        help="en (default): the English course, with the translation beside it in notebooks/zh-TW/; "
                             "zh-TW: the Traditional Chinese edition alone, as the copy's README.md and notebooks/")
    args = parser.parse_args()
    out = Path(os.path.abspath(args.out))
    out = out.parent.resolve() / out.name if out.parent.exists() else out
    try:
        check_target(out)
        files = make_student_copy(out, args.lang)
    except (CourseError, OSError) as e:
        print(f"make_student_copy: error: {e}", file=sys.stderr)
        sys.exit(2)
    for problem in dangling(out):
        print(f"warning: {problem}", file=sys.stderr)
    print(f"student copy: {len(files)} files in {out} (no solutions, no outputs)")


if __name__ == "__main__":
    main()
