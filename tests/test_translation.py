"""The Traditional Chinese (Taiwan) edition, notebooks/zh-TW/ and README.zh-TW.md, in lockstep with the English.

Each translated notebook has the English notebook's cells, in order, with the same ids; its code cells are the
English code (only comments translated) with the English stored outputs; each markdown cell records the hash of
the English cell it translates, so an English change shows up here as a stale translation. Because the code and
outputs are identical, nbval does not re-execute the edition (pyproject.toml passes --ignore=notebooks/zh-TW):
running the same code twice would test nothing new. tools/sync_translation.py does the copying and bookkeeping;
these tests use its checker, and the last ones check that the checker catches each kind of drift.
"""

import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import sync_translation as st  # noqa: E402

ENGLISH = st.english_notebooks()
PAIRS = [(en, st.translation_of(en)) for en in ENGLISH if st.translation_of(en).is_file()]
README_ZH = ROOT / "README.zh-TW.md"
GLOSSARY_TERMS = ["資料", "程式碼", "檔案", "預設", "函式", "函數", "模組", "套件", "物件", "變數", "記憶體", "迴圈",
                  "最佳化器", "張量", "梯度下降", "學習率", "損失函數", "驗證集", "測試集", "訓練集", "混淆矩陣",
                  "激勵函數", "批次", "epoch"]


def name(path):
    return path.relative_to(ROOT).as_posix()


def pair_id(pair):
    return name(pair[1])


def problems(pair, *kinds):
    found = [p for p in st.check_notebook(*pair) if p.kind in kinds]
    return f"{name(pair[1])}:\n  " + "\n  ".join(map(str, found)) if found else ""


def test_every_english_notebook_is_translated():
    missing = [name(st.translation_of(en)) for en in ENGLISH if not st.translation_of(en).is_file()]
    assert not missing, "not translated yet (start each with python tools/sync_translation.py --new " \
                        "notebooks/...):\n  " + "\n  ".join(missing)


def test_no_translation_without_an_english_notebook():
    strays = [name(p) for p in (ROOT / st.EDITION).rglob("*.ipynb")
              if ".ipynb_checkpoints" not in p.parts and st.english_of(p) not in ENGLISH]
    assert not strays, f"no English notebook of that name (renamed? git mv the translation): {strays}"


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_same_cells_as_the_english(pair):
    assert not problems(pair, "structure"), problems(pair, "structure") + "\n  run python tools/sync_translation.py"


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_same_code_as_the_english_comments_aside(pair):
    assert not problems(pair, "code"), problems(pair, "code") + "\n  run python tools/sync_translation.py"


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_same_outputs_as_the_english(pair):
    assert not problems(pair, "output"), problems(pair, "output") + "\n  run python tools/sync_translation.py"


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_every_cell_translated_from_the_current_english(pair):
    found = problems(pair, "stale", "untranslated", "comment")
    assert not found, found + "\n  translate them, then python tools/sync_translation.py --accept NOTEBOOK:CELLS"


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_links_stay_in_the_edition_and_resolve(pair):
    """Links to a notebook not translated yet are reported by test_every_english_notebook_is_translated."""
    assert not problems(pair, "link"), problems(pair, "link")


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_taiwan_usage(pair):
    assert not problems(pair, "usage"), problems(pair, "usage")


@pytest.mark.parametrize("pair", [p for p in PAIRS if p[0].parent.name == "notebooks"], ids=pair_id)
def test_house_header_and_footer(pair):
    lessons = [en for en in ENGLISH if en.parent.name == "notebooks"]
    en, zh = pair
    markdown = [c.source for c in nbformat.read(zh, as_version=4).cells if c.cell_type == "markdown"]
    header, footer, text = markdown[0], markdown[-1], "\n".join(markdown)
    assert re.match(rf"# {zh.name[:2]} · \S", header), f"{name(zh)}: the title is '# NN · 名稱'"
    assert "這一課你會：" in header and "**先備知識**：" in header, f"{name(zh)}: the header's 這一課你會 and 先備知識"
    assert re.search(r"\*\*執行時間\*\*：在 2 核心 CPU 上約 \d+ 秒", header), f"{name(zh)}: the header's 執行時間"
    assert "## 重點整理" in text and "## 練習" in text, f"{name(zh)}: 重點整理 and 練習"
    index = lessons.index(en)
    expected = {"../../README.zh-TW.md#notebooks", lessons[index - 1].name if index else "../../README.zh-TW.md",
                f"solutions/{zh.stem}_solutions.ipynb"}
    if index + 1 < len(lessons):
        expected.add(lessons[index + 1].name)
    assert footer.startswith("---\n← 上一課："), f"{name(zh)}: the footer starts '---' then '← 上一課：'"
    missing = expected - set(st.LINK.findall(text))
    assert not missing, f"{name(zh)}: the header and footer lack the links {sorted(missing)}"


def test_readme_opens_with_the_glossary():
    text = README_ZH.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[0] == "## 詞彙對照表", "README.zh-TW.md starts with its glossary"
    glossary = text.split("## 詞彙對照表")[1].split("\n## ")[0]
    assert not [t for t in GLOSSARY_TERMS if t not in glossary], "glossary terms missing"


def test_readme_has_the_english_readme_commands():
    """Every ```bash block of README.md appears in README.zh-TW.md, shell comments aside (they are translated), and
    but for the edition its student copy is made of (`--lang zh-TW`: the lessons in Traditional Chinese alone)."""
    def commands(path):
        blocks = re.findall(r"```bash\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)
        return {re.sub(r"\s+#.*$", "", line).strip() for block in blocks for line in block.splitlines()} - {""}
    zh = commands(README_ZH)
    assert any("make_student_copy.py --lang zh-TW " in line for line in zh), "the set-up command's copy is English"
    missing = commands(ROOT / "README.md") - {line.replace(" --lang zh-TW", "") for line in zh}
    assert not missing, f"README.zh-TW.md lacks README.md's commands: {sorted(missing)}"


def test_readme_indexes_every_lesson_in_the_edition():
    text = README_ZH.read_text(encoding="utf-8")
    lessons = [en for en in ENGLISH if en.parent.name == "notebooks"]
    assert not [en.name for en in lessons if f"(notebooks/zh-TW/{en.name})" not in text]
    english = set(st.EXPLICIT_ANCHOR.findall((ROOT / "README.md").read_text(encoding="utf-8")))
    assert english and english <= st.heading_anchors(README_ZH), "README.zh-TW.md lacks an anchor README.md has"


def test_readme_links_and_usage():
    found = [p for p in st.check_readme() if p.kind != "missing"]
    assert not found, "README.zh-TW.md:\n  " + "\n  ".join(map(str, found))


# --- the checker catches each kind of drift -----------------------------------------------------------------------

def english_notebook():
    output = new_output("execute_result", data={"text/plain": "2"}, execution_count=1)
    return new_notebook(cells=[
        new_markdown_cell("# 01 · Title\n\nSome English prose that explains the code below."),
        new_code_cell("x = 1 + 1  # add the two numbers\nx  # (1,)", outputs=[output], execution_count=1),
        new_markdown_cell("$$x = 1 + 1$$"),
        new_markdown_cell("See the [contents](../README.md#notebooks) and [next](02_b.ipynb)."),
    ])


TRANSLATED = {0: "# 01 · 標題\n\n一些說明下面程式碼的中文。",
              3: "請見[目錄](../../README.zh-TW.md#notebooks)和[下一課](02_b.ipynb)。"}


@pytest.fixture
def course(tmp_path):
    """A tiny repository: one English notebook, its full translation, the two READMEs and a second notebook."""
    (tmp_path / "notebooks" / "zh-TW").mkdir(parents=True)
    (tmp_path / "README.md").write_text("# Course\n\n## Notebooks\n", encoding="utf-8")
    (tmp_path / "README.zh-TW.md").write_text("# 課程\n\n<a id=\"notebooks\"></a>\n\n## 課程筆記本\n", encoding="utf-8")
    en_path, zh_path = tmp_path / "notebooks" / "01_a.ipynb", tmp_path / "notebooks" / "zh-TW" / "01_a.ipynb"
    english = english_notebook()
    nbformat.write(english, en_path)
    nbformat.write(new_notebook(), tmp_path / "notebooks" / "02_b.ipynb")
    nbformat.write(new_notebook(), tmp_path / "notebooks" / "zh-TW" / "02_b.ipynb")
    zh = st.sync(english, None, en_path, zh_path, root=tmp_path)[0]
    for number, text in TRANSLATED.items():
        zh.cells[number].source = text
    zh.cells[1].source = zh.cells[1].source.replace("# add the two numbers", "# 把兩個數相加")
    zh = st.sync(english, zh, en_path, zh_path, accept="all", root=tmp_path)[0]
    nbformat.write(zh, zh_path)
    return tmp_path, en_path, zh_path


def kinds(course):
    root, en_path, zh_path = course
    return sorted({(p.kind, p.cell) for p in st.check_notebook(en_path, zh_path, root)})


def edit(path, change):
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def test_a_full_translation_has_no_problems(course):
    assert kinds(course) == []
    zh = nbformat.read(course[2], as_version=4)
    assert zh.cells[1].source == "x = 1 + 1  # 把兩個數相加\nx  # (1,)"
    assert zh.cells[1].metadata["zh-TW"] == {"comments": {"# add the two numbers": "# 把兩個數相加"}}
    assert zh.cells[0].metadata["zh-TW"]["source_sha256"] == st.sha256(english_notebook().cells[0].source)


def test_a_changed_english_paragraph_makes_its_translation_stale(course):
    edit(course[1], lambda nb: setattr(nb.cells[0], "source", nb.cells[0].source + " One more sentence."))
    assert kinds(course) == [("stale", 1)]
    assert st.main([], root=course[0]) == 1  # the sync keeps the translation and still reports it
    assert nbformat.read(course[2], as_version=4).cells[0].source == TRANSLATED[0]
    assert kinds(course) == [("stale", 1)]


def test_a_changed_code_line_is_a_code_mismatch(course):
    edit(course[2], lambda nb: setattr(nb.cells[1], "source", nb.cells[1].source.replace("1 + 1", "1 + 2")))
    assert kinds(course) == [("code", 2)]
    st.main([], root=course[0])
    assert kinds(course) == []


def test_a_changed_output_is_an_output_mismatch(course):
    edit(course[1], lambda nb: setattr(nb.cells[1].outputs[0], "data", {"text/plain": "3"}))
    assert kinds(course) == [("output", 2)]
    assert st.main(["--check"], root=course[0]) == 1 and kinds(course) == [("output", 2)]  # --check writes nothing
    st.main([], root=course[0])
    assert kinds(course) == []


def test_an_inserted_english_cell_changes_the_structure(course):
    edit(course[1], lambda nb: nb.cells.insert(2, new_markdown_cell("A new paragraph, see [01](../README.md).")))
    assert ("structure", 3) in kinds(course)
    st.main([], root=course[0])
    assert kinds(course) == [("untranslated", 3)]  # inserted in English, its link already in the edition
    assert nbformat.read(course[2], as_version=4).cells[2].source == "A new paragraph, see [01](../../README.zh-TW.md)."


def test_a_changed_english_comment_is_reported_and_its_old_translation_not_applied(course):
    edit(course[1], lambda nb: setattr(nb.cells[1], "source", nb.cells[1].source.replace("two numbers", "numbers")))
    st.main([], root=course[0])
    zh = nbformat.read(course[2], as_version=4)
    assert zh.cells[1].source.startswith("x = 1 + 1  # add the numbers")
    found = [p.detail for p in st.check_notebook(*course[1:], course[0])]
    assert kinds(course) == [("comment", 2)] and len(found) == 2
    assert "not translated yet: '# add the numbers'" in found[0] and "stale" in found[1]
    # the translator edits the comment in the notebook and syncs: recorded, the stale entry dropped on --accept
    edit(course[2], lambda nb: setattr(nb.cells[1], "source", nb.cells[1].source.replace("add the numbers", "相加")))
    st.main(["--accept", f"{course[2]}:2"], root=course[0])
    assert kinds(course) == []
    assert recorded_comments(course[2]) == {"# add the numbers": "# 相加"}


def recorded_comments(path):
    return nbformat.read(path, as_version=4).cells[1].metadata["zh-TW"]["comments"]


def test_untranslated_cells_are_reported(course):
    def untranslate(nb):
        nb.cells[0].source = english_notebook().cells[0].source  # identical prose, hash recorded
        nb.cells[3].metadata.pop("zh-TW")  # no hash
    edit(course[2], untranslate)
    assert kinds(course) == [("untranslated", 1), ("untranslated", 4)]
    edit(course[2], lambda nb: setattr(nb.cells[0], "source", "# 01 · 標題\n\n" + "And a sentence left in English."))
    assert kinds(course) == [("untranslated", 1), ("untranslated", 4)]


def test_identical_math_is_not_untranslated():
    assert not st.is_prose("$$x = 1 + 1$$") and not st.is_prose("# (3, 25, 25)") and not st.is_prose("# noqa: E402")
    assert st.is_prose("# exercise 1") and st.is_prose("Some prose with `code` and $x$.")


def test_links_out_of_the_edition_or_to_nothing_are_reported(course):
    def relink(nb):
        nb.cells[3].source = "[英文](../01_a.ipynb)、[README](../../README.md)、" \
                             "[沒有](03_c.ipynb)、[錨點](02_b.ipynb#無)"
    edit(course[2], relink)
    details = [p.detail for p in st.check_notebook(*course[1:], course[0]) if p.kind == "link"]
    assert len(details) == 4 and "English notebooks/01_a.ipynb" in details[0] and "README.md" in details[1]
    assert "points at nothing" in details[2] and "no anchor" in details[3]


def test_simplified_characters_and_mainland_terms_are_reported(course):
    edit(course[2], lambda nb: setattr(nb.cells[0], "source", "# 01 · 標題\n\n这些数据的代碼。"))
    details = [p.detail for p in st.check_notebook(*course[1:], course[0]) if p.kind == "usage"]
    assert set("这数") <= set(details[0]) and "代碼" in details[1] and len(details) == 2
    assert st.usage_problems("資料 程式碼 檔案 預設 一 性 重 后 里 算 差 示") == []
    assert "not in Big5" in str(st.usage_problems("钟"))  # not on the list, but no Traditional text has it


def test_a_deleted_english_cell_keeps_its_translation_until_pruned(course):
    edit(course[1], lambda nb: nb.cells.pop(0))
    assert st.main([], root=course[0]) == 1
    assert len(nbformat.read(course[2], as_version=4).cells) == 4  # not synced: the orphan is not dropped unseen
    st.main(["--prune"], root=course[0])
    assert kinds(course) == []


def test_new_ids_in_the_english_keep_the_translations(course):
    def renumber(nb):
        for cell in nb.cells:
            cell.id = "new" + cell.id[:5]
    edit(course[1], renumber)
    st.main([], root=course[0])
    zh = nbformat.read(course[2], as_version=4)
    assert kinds(course) == [] and zh.cells[0].source == TRANSLATED[0] and zh.cells[0].id.startswith("new")


def test_links_to_a_heading_use_an_anchor_both_editions_and_every_renderer_give(course):
    root, en_path, zh_path = course
    heading = new_markdown_cell('<a id="the-trap"></a>\n\n## The trap, again')
    nbformat.write(new_notebook(cells=[heading]), root / "notebooks" / "02_b.ipynb")
    translated = new_markdown_cell("## 又是陷阱", id=heading.id, metadata={"zh-TW": {"source_sha256": "..."}})
    nbformat.write(new_notebook(cells=[translated]), root / "notebooks" / "zh-TW" / "02_b.ipynb")
    # the anchor is the same id in both editions
    assert st.localize_links("[x](02_b.ipynb#the-trap)", en_path, zh_path, root) == "[x](02_b.ipynb#the-trap)"
    found = st.link_problems("[x](02_b.ipynb#the-trap)", zh_path, 1, root)
    assert len(found) == 1 and '<a id="the-trap"></a>' in found[0].detail  # the translation lacks the anchor
    translated.source = '<a id="the-trap"></a>\n\n## 又是陷阱'
    nbformat.write(new_notebook(cells=[translated]), root / "notebooks" / "zh-TW" / "02_b.ipynb")
    assert st.link_problems("[x](02_b.ipynb#the-trap)", zh_path, 1, root) == []
    # a heading's own id is not enough where the renderers disagree: JupyterLab's is not GitHub's
    english = root / "notebooks" / "02_b.ipynb"
    assert "The-trap,-again" in st.anchors_for(english, "jupyterlab")
    assert "the-trap-again" in st.anchors_for(english, "github")
    assert st.heading_anchors(english) == {"the-trap"}
    assert st.heading_texts("```\n# a comment\n```\n## `fit`, *again* ##\n") == ["fit, *again*"]
