"""The README's Python examples are run, so a newcomer's first commands stay true."""

from __future__ import annotations

import doctest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_examples(monkeypatch):
    monkeypatch.chdir(ROOT)  # the examples use paths relative to the repository
    # a Markdown fence closes an example the way a blank line does
    text = "\n".join(
        "" if line.startswith("```") else line
        for line in (ROOT / "README.md").read_text("utf-8").splitlines()
    )
    test = doctest.DocTestParser().get_doctest(text, {}, "README.md", str(ROOT / "README.md"), 0)
    assert len(test.examples) >= 5
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"{runner.failures} README example(s) failed (see above)"
