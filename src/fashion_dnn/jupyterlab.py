"""Tell this environment's JupyterLab how the course wants it: `python -m fashion_dnn.jupyterlab` (the README's
set-up command runs it once).

It opens Markdown files in the preview: double-clicking README.md shows it rendered, where its links can be
clicked, instead of its source in an editor (right-click > Open With > Editor still edits it). And it renders
every cell of a notebook at once, which the course's short notebooks afford, so that a link to a heading lands on
it (tools/check_jupyterlab_links.py measures both). The setting goes
into {sys.prefix}/share/jupyter/lab/settings/overrides.json, the defaults of the JupyterLab installed in this
virtual environment, so no other environment and none of your own JupyterLab settings change; a setting of your
own in JupyterLab's Settings Editor still wins. Keys already in that file are kept.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

PLUGIN, KEY = "@jupyterlab/docmanager-extension:plugin", "defaultViewers"
NOTEBOOK = "@jupyterlab/notebook-extension:tracker"
SETTINGS = {PLUGIN: {KEY: {"markdown": "Markdown Preview"}},
            # every cell in the page, so that a link to a heading far down the notebook scrolls all the way to it
            # (with the default, "contentVisibility", measured in JupyterLab 4.6.6: it stopped 300-700 px short)
            NOTEBOOK: {"windowingMode": "none"}}


def overrides_path(prefix: str | Path | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def configure(prefix: str | Path | None = None) -> Path:
    """Merge SETTINGS into the environment's overrides.json, written whole or not at all; return its path."""
    path = overrides_path(prefix)
    current = {}
    if path.is_file():
        try:
            current = json.loads(path.read_text(encoding="utf-8") or "{}")
        except json.JSONDecodeError as error:
            raise SystemExit(f"{path} is not valid JSON ({error}); fix or delete it, then run this again. "
                             "Nothing was written.") from None
        if not isinstance(current, dict):
            raise SystemExit(f"{path} should hold a JSON object; fix or delete it, then run this again. "
                             "Nothing was written.")
    for plugin, values in SETTINGS.items():
        merged = current.setdefault(plugin, {})
        for key, value in values.items():
            merged[key] = {**merged.get(key, {}), **value} if isinstance(value, dict) else value
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as tmp:
        json.dump(current, tmp, indent=2)
        tmp.write("\n")
    os.replace(tmp.name, path)
    return path


def main() -> None:
    path = configure()
    print(f"JupyterLab in {sys.prefix} now opens Markdown files in the preview and lets links land ({path}).")


if __name__ == "__main__":
    main()
