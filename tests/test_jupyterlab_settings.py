"""`python -m fashion_dnn.jupyterlab`: this environment's JupyterLab opens Markdown files in the preview."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fashion_dnn import jupyterlab


def test_writes_the_setting_into_the_environment(tmp_path):
    path = jupyterlab.configure(tmp_path)
    assert path == tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert json.loads(path.read_text()) == {jupyterlab.PLUGIN: {"defaultViewers": {"markdown": "Markdown Preview"}},
                                            jupyterlab.NOTEBOOK: {"windowingMode": "none"}}
    assert [p.name for p in path.parent.iterdir()] == ["overrides.json"]  # no temporary file left


def test_keeps_what_the_file_already_holds(tmp_path):
    path = jupyterlab.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    theirs = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
              jupyterlab.PLUGIN: {"defaultViewers": {"csv": "CSVTable"}, "autosave": False}}
    path.write_text(json.dumps(theirs))
    jupyterlab.configure(tmp_path)
    assert json.loads(path.read_text()) == {
        "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
        jupyterlab.PLUGIN: {"defaultViewers": {"csv": "CSVTable", "markdown": "Markdown Preview"}, "autosave": False},
        jupyterlab.NOTEBOOK: {"windowingMode": "none"}}


@pytest.mark.parametrize("broken", ["{not json", "[1, 2]"])
def test_a_broken_file_is_left_as_it_is(tmp_path, broken):
    path = jupyterlab.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(broken)
    with pytest.raises(SystemExit, match="fix or delete it.*Nothing was written"):
        jupyterlab.configure(tmp_path)
    assert path.read_text() == broken and len(list(path.parent.iterdir())) == 1


def test_the_setting_is_one_this_jupyterlab_has():
    """The plugin and key exist in the installed JupyterLab's own schema, so a renamed setting fails here."""
    schema = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas" / "@jupyterlab" / "docmanager-extension"
    properties = json.loads((schema / "plugin.json").read_text())["properties"]
    assert "defaultViewers" in properties
    tracker = schema.parent / "notebook-extension" / "tracker.json"
    modes = [mode["const"] for mode in json.loads(tracker.read_text())["properties"]["windowingMode"]["oneOf"]]
    assert "none" in modes
    factories = Path(sys.prefix) / "share" / "jupyter" / "lab" / "static"
    assert any("Markdown Preview" in p.read_text(errors="ignore") for p in factories.glob("*.js")), \
        "no widget factory named 'Markdown Preview' in this JupyterLab"


def test_the_command_says_where_it_wrote(tmp_path):
    result = subprocess.run([sys.executable, "-c", "import sys; sys.prefix = sys.argv[1]; "  # an environment
                             "from fashion_dnn.jupyterlab import main; main()", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Markdown Preview" in jupyterlab.overrides_path(tmp_path).read_text()
    assert str(tmp_path) in result.stdout
