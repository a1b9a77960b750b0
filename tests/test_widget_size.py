"""The widget's weight budget: all its JavaScript and CSS together at most 30 KB gzipped."""

import subprocess
import sys

from bot.paths import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import widget_size


def test_the_widget_files_are_the_ones_a_host_page_loads():
    names = {p.name for p in widget_size.widget_files()}
    assert {"ready-to-ask.js", "ready-to-ask.css", "exit-this-page.js"} <= names
    assert not any(name.endswith(".html") for name in names)


def test_all_widget_javascript_and_css_fit_in_30_kb_gzipped():
    total = sum(widget_size.gzipped_sizes().values())
    assert 0 < total <= widget_size.BUDGET_BYTES, f"{total} bytes gzipped"


def test_the_size_script_prints_the_total_and_passes():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "widget_size.py")], capture_output=True, text=True)
    assert result.returncode == 0
    assert "total" in result.stdout and "KB of a 30 KB budget" in result.stdout
