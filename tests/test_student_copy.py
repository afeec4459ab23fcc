"""The student copy (tools/make_student_copy.py): made without git from any folder, complete, without solutions,
outputs or dangling references, and green under its own test command."""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from course import LINK_OR_HTML, ROOT, sources  # noqa: E402

TOOL = ROOT / "tools" / "make_student_copy.py"
spec = importlib.util.spec_from_file_location("make_student_copy", TOOL)
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)
ODD_LESSON = "notebooks/99 Übung – «extra» lesson.ipynb"  # spaces and non-ASCII characters, and not tracked
LEFT_OUT = ["notebooks/solutions", ".ci", ".github", "benchmarks", "build", "models", "site", "TEACHING.md", "tools",
            *(f"tests/{name}" for name in tool.TEACHER_TESTS)]
TEACHER_WORDS = re.compile(r"TEACHING\.md|solutions/|worked\s+solutions|make_student_copy|run_notebooks|\.ci/", re.I)
LIST_ITEM = re.compile(r"\s*([-*+]|\d+[.)])\s")



def make_copy(course: Path, out: str | Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(course / "tools" / "make_student_copy.py"), *options, str(out)],
                          cwd=course, capture_output=True, text=True, timeout=600)


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def lessons(folder: Path) -> list[str]:
    """Every notebook under notebooks/ (a translation's too) but the solutions and Jupyter's checkpoints."""
    found = [p.relative_to(folder).as_posix() for p in (folder / "notebooks").rglob("*.ipynb")]
    return sorted(name for name in found if not {"solutions", ".ipynb_checkpoints"} & set(name.split("/")))


def cells(path: Path, kind: str) -> list[str]:
    return sources(path, kind)


def markdown_texts(copy: Path) -> list[tuple[str, str, bool]]:
    """(where, text, whether anything follows it) for every Markdown file and every Markdown cell of the copy."""
    found = [(p.relative_to(copy).as_posix(), p.read_text(encoding="utf-8"), False) for p in copy.rglob("*.md")]
    for path in copy.rglob("*.ipynb"):
        notebook = json.loads(path.read_text(encoding="utf-8")).get("cells", [])  # the junk "{}" in a source
        found += [(f"{path.relative_to(copy).as_posix()} cell {i}", "".join(c["source"]), i + 1 < len(notebook))
                  for i, c in enumerate(notebook) if c["cell_type"] == "markdown"]
    return found


def snapshot(to: Path) -> None:
    """The course's own files, copied to `to`: git's list of them (tracked, and new ones not ignored) in a clone, so
    that nothing other tests write meanwhile (the data, models, bytecode, a venv) is copied; without git (a
    downloaded archive), what the student-copy tool itself would read, and the teacher's folders it leaves out."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, text=True)
    if listed.returncode == 0 and (ROOT / ".git").exists():
        names = [name for name in listed.stdout.split("\0") if name and (ROOT / name).is_file()]
    else:
        names = tool.course_files(ROOT) + [p.relative_to(ROOT).as_posix() for folder in
                                           (*tool.LEFT_OUT, "notebooks/solutions", "notebooks/zh-TW/solutions", "tests")
                                           for p in sorted((ROOT / folder).rglob("*")) if p.is_file()
                                           and "__pycache__" not in p.parts] + ["TEACHING.md"]
    for name in sorted(set(names)):
        (to / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, to / name)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The working tree copied to a plain folder (no .git) with a few extras, and copies made from it three ways."""
    tmp = tmp_path_factory.mktemp("student-copy")
    course = tmp / "plain" / "course"
    snapshot(course)
    smallest = min((ROOT / "notebooks").glob("*.ipynb"), key=lambda p: p.stat().st_size)
    shutil.copy(smallest, course / ODD_LESSON)
    shutil.copy(ROOT / "notebooks" / "zh-TW" / smallest.name, course / "notebooks" / "zh-TW" / Path(ODD_LESSON).name)
    junk = ["notebooks/.ipynb_checkpoints/01-checkpoint.ipynb", "src/fashion_dnn/__pycache__/data.cpython-311.pyc",
            "src/fashion_dnn.egg-info/PKG-INFO", "data/FashionMNIST/raw/extra", "models/extra.pt",
            "env/pyvenv.cfg", "env/lib/site.py", "notebooks/solutions/extra_solutions.ipynb",
            ".git"]  # the file a git worktree has in place of the folder
    for name in junk:
        (course / name).parent.mkdir(parents=True, exist_ok=True)
        (course / name).write_text("{}" if name.endswith(".ipynb") else "x", encoding="utf-8")

    outer = tmp / "git" / "unrelated-repository"  # a fresh repository, nothing committed: git knows no course file
    outer.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(outer)], check=True)
    shutil.copytree(course, outer / "course", symlinks=True)

    results = {"in course": make_copy(course, "my-course"),  # the README's way: in the course's own folder
               "from git": make_copy(outer / "course", tmp / "git" / "student")}
    results["again"] = make_copy(course, tmp / "plain" / "again")  # my-course must not be copied into it
    results["zh-TW"] = make_copy(course, tmp / "plain" / "zh-TW", "--lang", "zh-TW")  # the translation alone
    for how, result in results.items():
        assert result.returncode == 0, f"{how}: {result.stderr}"
    return {"source": course, "in course": course / "my-course", "from git": tmp / "git" / "student",
            "again": tmp / "plain" / "again", "zh-TW": tmp / "plain" / "zh-TW", "stderr": results["in course"].stderr,
            "stderr zh-TW": results["zh-TW"].stderr}


def test_same_copy_from_a_plain_folder_inside_another_repository_and_next_to_a_previous_copy(made):
    listing = files(made["in course"])
    assert listing == files(made["from git"]) == files(made["again"])
    assert "README.md" in listing and "src/fashion_dnn/data.py" in listing and "requirements.txt" in listing
    assert not any(name.startswith("my-course") for name in files(made["again"])), "a previous copy was copied"


def test_every_lesson_is_there_whatever_its_name(made):
    on_disk = lessons(made["source"])
    assert ODD_LESSON in on_disk and len(on_disk) >= 6
    copy = made["in course"]
    assert lessons(copy) == on_disk
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*.ipynb")) == on_disk
    assert (copy / ODD_LESSON).read_bytes()  # the odd name was written as itself, not mangled


def test_the_teachers_things_and_the_clutter_are_left_out(made):
    copy = made["in course"]
    listing = files(copy)
    for name in LEFT_OUT:
        assert not (copy / name).exists(), name
    for part in ["__pycache__", ".ipynb_checkpoints", ".egg-info", "pyvenv.cfg", ".git/", ".venv/", ".pytest_cache"]:
        assert not [name for name in listing if part in name], part
    assert [name for name in listing if name.startswith("data/")] == ["data/README.md"] and ".git" not in listing
    for test in (copy / "tests").glob("test_*.py"):  # nothing left that needs solutions or stored outputs
        assert not re.search(r"solutions|execution_count", test.read_text(encoding="utf-8")), test.name


def test_notebooks_have_no_outputs_and_keep_every_code_cell(made):
    for name in lessons(made["source"]):
        copy = made["in course"] / name
        notebook = json.loads(copy.read_text(encoding="utf-8"))
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        assert all(c["outputs"] == [] and c["execution_count"] is None for c in code), name
        assert cells(copy, "code") == cells(made["source"] / name, "code"), f"{name}: code cells changed"
        assert any("check(" in text for text in cells(copy, "code")), f"{name}: no self-check cell"
        assert "widgets" not in notebook["metadata"]


def ends_mid_sentence(block: list[str], after: str | None) -> bool:
    """Whether a paragraph of prose stops mid-sentence: on a letter, digit or comma not followed by a displayed
    equation or code (`after`: the next block's first line, None at the end or before a heading), on a colon with
    nothing after it, or with a bracket, quote or code span still open. Headings, lists, tables, code, HTML, lone
    links and navigation lines pass."""
    first, last = block[0].strip(), block[-1].strip()
    if (first.startswith(("#", "```", "~~~", "|", "<", "$$")) or any(LIST_ITEM.match(line) for line in block)
            or re.fullmatch(r"\[[^\]]*\]\([^)]*\)\W?", last) or re.fullmatch(r"<\S+>", last)
            or ("](" in last and re.search(r" [·|] ", last))):  # a navigation line: links between separators
        return False
    text = re.sub(r"`[^`]*`|\$[^$]*\$", "", " ".join(line.strip() for line in block))  # code spans and math
    end = " ".join(block).rstrip()[-1]
    display = after is not None and after.lstrip().startswith(("$$", "```", "~~~", "\\begin"))
    return ((end.isalnum() or end == ",") and not display or (end == ":" and after is None)
            or text.count("(") > text.count(")") or text.count("[") > text.count("]")
            or text.count('"') % 2 == 1 or text.count("“") > text.count("”") or text.count("`") % 2 == 1)


def paragraphs(text: str) -> list[list[str]]:
    found, current, fence = [], [], False
    for line in text.split("\n"):
        fence ^= line.strip().startswith(("```", "~~~"))
        if line.strip() or fence:
            current.append(line)
        elif current:
            found, current = found + [current], []
    return found + ([current] if current else [])


def test_the_paragraph_checker_catches_what_the_old_line_filter_left():
    cut = 'Each exercise has a check cell: run it and it says "Not done yet", "Correct",'
    assert ends_mid_sentence([cut], "More text.")
    assert ends_mid_sentence(["Worked solutions are in the folder"], None)
    assert ends_mid_sentence(["The solutions (in"], "x") and ends_mid_sentence(["Run this:"], None)
    assert ends_mid_sentence(['He said "stop.'], "x") and ends_mid_sentence(["Call `f(x)."], "x")
    for fine, after in [(["A sentence."], None), (["Run this:"], "```bash"), (["## Exercises"], "x"),
                        (["[English](README.md) · 繁體中文"], None),
                        (["- an item"], None), (["| a | b |"], None), (["[x](y.md)"], None), (["Its mean is"], "$$")]:
        assert not ends_mid_sentence(fine, after), fine


def cut_paragraphs(copy: Path) -> list[str]:
    cut = []
    for where, text, followed in markdown_texts(copy):
        blocks = paragraphs(text)
        for i, block in enumerate(blocks):
            after = blocks[i + 1][0] if i + 1 < len(blocks) else ("(the next cell)" if followed else None)
            if ends_mid_sentence(block, None if after and after.lstrip().startswith("#") else after):
                cut.append(f"{where}: ...{' '.join(block)[-80:]}")
    return cut


def test_no_paragraph_of_the_copy_ends_mid_sentence(made):
    cut = cut_paragraphs(made["in course"])
    assert not cut, "\n".join(cut)


def broken_links(folder: Path) -> list[str]:
    """'file: link' for each link in the Markdown under `folder` to a file that is not there."""
    broken = []
    for where, text, _ in markdown_texts(folder):
        base = (folder / where.split(" cell ")[0]).parent
        for link in LINK_OR_HTML.findall(text):
            link = "".join(link)
            target = link.split("#")[0]
            if target and not re.match(r"[a-z]+:", target):
                path = (base / target).resolve()
                if not (path.exists() and path.is_relative_to(folder.resolve())):
                    broken.append(f"{where}: {link}")
    return broken


def test_the_copy_breaks_no_link(made):
    """Every link of the copy resolves in it, except those already broken in the course (the tool warns of them)."""
    copy, source = made["in course"], made["source"]
    already = set(broken_links(source))
    broken = [link for link in broken_links(copy) if link not in already]
    assert not broken, "\n".join(broken)
    assert len(broken_links(copy)) == made["stderr"].count("warning: "), made["stderr"]


def test_nothing_in_the_copy_points_at_teacher_files(made):
    copy = made["in course"]
    found = []
    for name in files(copy):
        text = (copy / name).read_text(encoding="utf-8", errors="replace")
        if name.endswith(".ipynb"):  # the notebooks' Markdown and code, not their JSON
            text = "\n".join(cells(copy / name, "markdown") + cells(copy / name, "code"))
        found += [f"{name}: {m.group(0)}" for m in TEACHER_WORDS.finditer(text)]
        if name.endswith(".md"):
            found += [f"{name}: {m.group(0)}" for m in re.finditer(r"benchmarks/|tools/", text)]
    assert not found, "\n".join(found)


def test_markdown_paragraphs_list_items_and_markers():
    text = ("## Exercises\n\nRun each check cell.\nWorked solutions: [here](solutions/a.ipynb).\n\n"
            "1. First.\n2. Second.\n\nAlso:\n- keep\n- see [TEACHING.md](../TEACHING.md)\n  for more\n\n"
            "Gone too:\n- [a](solutions/a.ipynb)\n\n```bash\nrun this\n\n# a comment, not a heading\n```\n")
    assert tool.student_markdown(text) == ("## Exercises\n\n1. First.\n2. Second.\n\nAlso:\n- keep\n\n"
                                           "```bash\nrun this\n\n# a comment, not a heading\n```\n")
    marked = ("Intro.\n\n<!-- teacher -->\nFor the course's authors.\n\nMore of it.\n<!-- /teacher -->\n"
              "<!-- student:\nFor you.\n-->\n\nRun <!-- teacher -->`make`<!-- /teacher --><!-- student: it -->.\n")
    assert tool.student_markdown(marked) == "Intro.\n\nFor you.\n\nRun it.\n"
    assert tool.student_markdown("Nothing to change.\n\n\nAt all.") == "Nothing to change.\n\n\nAt all."
    with pytest.raises(tool.CourseError, match="README.md: a <!-- teacher --> marker without"):
        tool.student_markdown("<!-- teacher -->\nopen\n", "README.md")


def refused(course: Path, out, tmp_path: Path, *options: str) -> str:
    before = {p: sorted(p.iterdir()) for p in (tmp_path, course) if p.is_dir()}
    result = make_copy(course, out, *options)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert {p: sorted(p.iterdir()) for p in before} == before, "a refused copy left something behind"
    return result.stderr


def mini_course(folder: Path, notebook: str) -> Path:
    (folder / "tools").mkdir(parents=True)
    shutil.copy(TOOL, folder / "tools")
    (folder / "src").mkdir()
    (folder / "notebooks").mkdir()
    (folder / "README.md").write_text("# A course\n", encoding="utf-8")
    (folder / "notebooks" / "01_a.ipynb").write_text(notebook, encoding="utf-8")
    return folder


def test_clear_refusals_that_leave_nothing(tmp_path):
    course = mini_course(tmp_path / "course", json.dumps({"cells": [], "metadata": {}, "nbformat": 4,
                                                           "nbformat_minor": 5}))
    (tmp_path / "taken").mkdir()
    assert "already exists" in refused(course, tmp_path / "taken", tmp_path)
    assert not list((tmp_path / "taken").iterdir())
    assert "does not exist" in refused(course, tmp_path / "no" / "copy", tmp_path)
    (course / "data").mkdir()
    assert "inside the course's data/ folder" in refused(course, course / "data" / "copy", tmp_path)
    assert "inside the course's notebooks/ folder" in refused(course, course / "notebooks" / "copy", tmp_path)
    stray = mini_course(tmp_path / "stray", "{}")
    (stray / "README.md").unlink()
    assert "not the course's folder" in refused(stray, tmp_path / "copy", tmp_path)
    assert "this course has no zh-TW edition" in refused(course, tmp_path / "copy", tmp_path, "--lang", "zh-TW")
    (course / "README.zh-TW.md").write_text("# 課程\n", encoding="utf-8")
    (course / "notebooks" / "zh-TW").mkdir()
    shutil.copy(course / "notebooks" / "01_a.ipynb", course / "notebooks" / "zh-TW" / "02_b.ipynb")
    assert "notebooks/01_a.ipynb has no zh-TW translation" in refused(course, tmp_path / "copy", tmp_path, "--lang",
                                                                      "zh-TW")
    shutil.rmtree(course / "notebooks" / "zh-TW")
    (course / "README.zh-TW.md").unlink()
    assert make_copy(course, tmp_path / "copy").returncode == 0  # and the same course, with a good target, works


def test_a_failure_half_way_leaves_nothing(tmp_path):
    course = mini_course(tmp_path / "course", "{ not a notebook")
    (course / "README.md").write_text("# A course\n\n" + "Some text.\n\n" * 50, encoding="utf-8")
    assert "notebooks/01_a.ipynb is not a notebook" in refused(course, tmp_path / "copy", tmp_path)


def copy_env(course_data: Path = ROOT / "data" / "FashionMNIST" / "raw") -> dict:
    """The environment for a copy's own test run: this one's, without what points at the course's package, and
    with FASHION_MNIST_DIR on data already unpacked. The copy reads the course's data/ where it is; were it to
    unpack its own instead, it would take them from there (no download), and the files would show in its data/."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
    if (course_data / "t10k-labels-idx1-ubyte").is_file():
        env["FASHION_MNIST_DIR"] = str(course_data)
    return env


def test_the_copy_passes_its_own_test_command(made, capsys):
    """The copy's README command, `python -m pytest`, run in the copy as a learner would, on its unit tests and
    its first lesson, one worker: it must pass. Its run of every lesson is a step of .ci/run of its own (see
    TEACHING.md, "A student copy"), which would repeat here what nbval has just run in the course."""
    from fashion_dnn.data import ensure_fashion_mnist, installed_courses

    copy = made["in course"]
    ensure_fashion_mnist(ROOT / "data")  # the course's data, which the copy reads (this test may run first)
    assert ROOT.resolve() in installed_courses(), "this Python's fashion_dnn is not the course's (pip install -e .)"
    env = copy_env()
    report = copy.parent / "copy-report.xml"  # which tests ran
    env.update(CI="true", PYTEST_ADDOPTS=f"--junit-xml={report}")
    start = time.monotonic()
    first = sorted((copy / "notebooks").glob("01_*.ipynb"))[0].relative_to(copy).as_posix()
    result = subprocess.run([sys.executable, "-m", "pytest", "-n", "0", "tests", first], cwd=copy, env=env,
                            capture_output=True, text=True, timeout=1800)
    seconds = time.monotonic() - start
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    with capsys.disabled():
        print(f"\nthe student copy's `python -m pytest`: exit {result.returncode}, {summary}, {seconds:.0f} s")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in summary and "failed" not in summary and "error" not in summary
    ran = {case.get("file") or case.get("classname", "") for case in ElementTree.parse(report).iter("testcase")}
    assert any(first.split("/")[-1] in name for name in ran), f"{first} did not run"
    assert any("test_data" in name for name in ran), "the unit tests did not run"
    names = {case.get("name") for case in ElementTree.parse(report).iter("testcase")}
    assert "test_a_child_process_imports_this_folders_own_package" in names, "the copy's kernels' package is unchecked"
    assert sorted(p.name for p in (copy / "data").iterdir()) == ["README.md"], \
        "the copy unpacked Fashion-MNIST again instead of reading the course's data/"
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0"], cwd=copy,
                               env=copy_env(), capture_output=True, text=True, timeout=600)
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    for path in sorted((copy / "notebooks").glob("*.ipynb")):  # every lesson is among its tests
        assert f"notebooks/{path.name}::Cell 0" in collected.stdout, f"{path.name} is not among the copy's tests"


def test_a_lesson_run_in_a_copy_keeps_its_files_in_the_copy(made):
    """`jupyter lab my-course` with the course's environment: the kernel imports the course's package (the editable
    install), runs in the lesson's folder, and must resolve data/ and 07's models/ to the copy's, and read the data
    from the course's data/ without writing any into the copy."""
    from fashion_dnn.data import ensure_fashion_mnist

    copy = made["in course"]
    ensure_fashion_mnist(ROOT / "data")
    lesson = next(copy.glob("notebooks/07_*.ipynb"))
    models_dir = next(line for cell in cells(lesson, "code") for line in cell.splitlines()
                      if line.startswith("models_dir = "))  # 07's own line: where it saves the model and the image
    code = "\n".join(["from fashion_dnn.data import DATA_DIR, load_fashion_mnist", models_dir,
                      "print(DATA_DIR, models_dir, load_fashion_mnist(train=False).root, sep='\\n')"])
    result = subprocess.run([sys.executable, "-c", code], cwd=lesson.parent, env=copy_env(), capture_output=True,
                            text=True, timeout=300)  # no PYTHONPATH: the course's package, as in its Jupyter
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [str(copy / "data"), str(copy / "models"), str(ROOT.resolve() / "data")]
    assert sorted(p.name for p in (copy / "data").iterdir()) == ["README.md"]


def test_a_copy_of_the_traditional_chinese_edition_alone(made):
    """`--lang zh-TW`: the translation's README and lessons take the English ones' places, the rest is the English
    copy's; no link dangles, no paragraph is cut, nothing sends the reader to the English edition, and the copy's
    own test command collects every lesson. (Running them again would repeat the English copy's run above: the
    lessons' code is the English code, comments aside, which tests/test_translation.py checks cell by cell.)"""
    zh, en, source = made["zh-TW"], made["again"], made["source"]  # "again": a copy no test has run in
    assert made["stderr zh-TW"] == "", made["stderr zh-TW"]  # the tool warned of nothing
    translated = sorted(f"notebooks/{p.name}" for p in (source / "notebooks" / "zh-TW").glob("*.ipynb"))
    assert len(translated) >= 7 and lessons(zh) == translated
    rest = [n for n in files(en) if not n.startswith("notebooks/") and n not in ("README.md", "README.zh-TW.md")]
    assert [n for n in files(zh) if not n.startswith("notebooks/") and n not in ("README.md", ".course-language")] \
        == rest
    # the self-checks, hints and error messages speak Traditional Chinese in this copy's notebooks
    assert (zh / ".course-language").read_text(encoding="utf-8") == "zh-TW\n"
    language = subprocess.run([sys.executable, "-c", "from fashion_dnn.exercises import language; print(language())"],
                              cwd=zh / "notebooks", capture_output=True, text=True, timeout=120,
                              env={k: v for k, v in os.environ.items() if k != "FASHION_DNN_LANG"})
    assert language.stdout.strip() == "zh-TW", language.stdout + language.stderr
    title = (source / "README.zh-TW.md").read_text(encoding="utf-8").split("\n")[0]
    assert (zh / "README.md").read_text(encoding="utf-8").split("\n")[0] == title
    for name in translated:
        original = source / "notebooks" / "zh-TW" / Path(name).name
        assert cells(zh / name, "code") == cells(original, "code"), f"{name}: code cells changed"
        assert all(not c["outputs"] for c in json.loads((zh / name).read_text(encoding="utf-8"))["cells"]
                   if c["cell_type"] == "code"), f"{name}: outputs left"
    assert not broken_links(zh), broken_links(zh)
    assert not cut_paragraphs(zh), cut_paragraphs(zh)
    for where, text, _ in markdown_texts(zh):
        # no link to the English README; the copy's README.md links its own headings, README.md#...
        english = r"\]\(<?README\.md[)>]" if str(where) == "README.md" else r"\]\(<?README\.md[#)>]"
        assert not re.search(r"README\.zh-TW\.md|notebooks/zh-TW|" + english, text), where
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0"], cwd=zh,
                               capture_output=True, text=True, timeout=600)
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    for name in translated:
        assert f"{name}::Cell 0" in collected.stdout, f"{name} is not among the copy's tests"
