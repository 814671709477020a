"""README.md is also the package's description on the index: it must read well
without the repository around it, and its example must be true."""

from __future__ import annotations

import contextlib
import io
import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
URLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]


def test_the_project_urls_are_there() -> None:
    assert {"Homepage", "Documentation", "Repository", "Changelog", "Issues"} <= set(URLS)
    for url in URLS.values():
        assert url.startswith("https://")


def test_it_says_how_to_install_from_the_index() -> None:
    assert "```bash\npip install complaintflow\n```" in README


def test_every_link_is_absolute_and_to_the_docs_or_the_repository() -> None:
    """Relative links break on the index page; each goes to a URL of pyproject's."""
    links = re.findall(r"\]\(([^)]+)\)", README) + re.findall(r"<(https?://[^>]+)>", README)
    assert links
    homes = (URLS["Documentation"], URLS["Repository"])
    for link in links:
        assert link.startswith(homes), link


def test_the_examples_are_said_to_live_in_the_repository() -> None:
    """The wheel ships the library only: "run examples/..." needs a checkout."""
    assert "the package ships the library only" in README
    assert f"{URLS['Repository']}/tree/main/examples" in README


def test_the_first_example_prints_what_the_readme_says() -> None:
    code, printed = re.search(r"```python\n(.*?)```\n\n```text\n(.*?)```", README, re.S).groups()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert printed == out.getvalue()
