"""What several test modules read about the course: its folders, its notebooks and their cells, in one place."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))
# A Markdown link's target, [text](target) or [text](<target>), and, with the second, an HTML href or src too
LINK = re.compile(r"\]\(<?([^)\s>]+)>?\)")
LINK_OR_HTML = re.compile(r"\]\(<?([^)\s>]+)|(?:href|src)=\"([^\"]+)\"")
EVERY_NOTEBOOK = sorted(path for path in (ROOT / "notebooks").rglob("*.ipynb")  # lessons, solutions, translations
                        if not any(part.startswith(".") for part in path.relative_to(ROOT).parts))


def notebook_cells(path: Path, kind: str | None = None) -> list[dict]:
    """A notebook's cells as JSON dicts, all of them or those of one kind ("code", "markdown")."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if kind is None or c["cell_type"] == kind]


def sources(path: Path, kind: str) -> list[str]:
    """The source of each cell of one kind, as one string."""
    return ["".join(c["source"]) for c in notebook_cells(path, kind)]
