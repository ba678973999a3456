"""Every rule cites public sources a user can open, and never authlint's own notes.

The "## Source" section of each rule's documentation (shown in hovers, ``authlint
rule``, and the README's generated rule reference) must list at least one
``https://`` URL, and no part of a rule's documentation may point at the
project's internal knowledge files, which users cannot read.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from authlint.docs import rules_markdown
from authlint.rules import all_rules
from authlint.rules._base import Rule

# Names of the project's internal notes, and the section sign their citations used.
INTERNAL = ("auth-facts", "client-behaviour", "field-reports", "shared/", "§")
URL = re.compile(r"https?://[^\s)<>`\"']+")
RULES = all_rules()


def source_section(rule: Rule) -> str:
    """The text of the rule's ``## Source`` section (up to the next heading or the end)."""
    parts = re.split(r"(?m)^## Source[ \t]*$", rule.doc, maxsplit=1)
    assert len(parts) == 2, f"{rule.code} has no '## Source' section"
    return re.split(r"(?m)^## ", parts[1], maxsplit=1)[0]


def urls(text: str) -> list[str]:
    """The URLs in ``text``, without trailing sentence punctuation."""
    return [u.rstrip(".,;:") for u in URL.findall(text)]


def test_there_are_rules() -> None:
    assert len(RULES) > 50


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_source_section_cites_public_urls(rule: Rule) -> None:
    found = urls(source_section(rule))
    assert found, f"{rule.code}: the Source section cites no URL"
    for url in found:
        parts = urlsplit(url)
        assert parts.scheme == "https", f"{rule.code}: {url} is not https"
        host = parts.hostname or ""
        assert "." in host and host not in ("localhost", "127.0.0.1"), f"{rule.code}: {url}"
        assert not host.endswith((".local", ".internal", ".example", ".test")), url


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_documentation_never_points_at_internal_notes(rule: Rule) -> None:
    for word in INTERNAL:
        assert word not in rule.doc, f"{rule.code}'s documentation mentions {word!r}"


def test_github_threads_are_full_links() -> None:
    """A GitHub thread is cited as a link, never only as ``owner/repo#N`` a reader must expand."""
    for rule in RULES:
        for url in urls(source_section(rule)):
            if urlsplit(url).hostname == "github.com" and re.search(r"/(issues|pull)/", url):
                assert re.search(r"/(issues|pull)/\d+$", url), f"{rule.code}: {url}"


def test_generated_rule_reference_carries_the_urls() -> None:
    reference = rules_markdown()
    for word in INTERNAL:
        assert word not in reference, f"the README rule reference mentions {word!r}"
    for rule in RULES:
        heading = f"#### {rule.code} {rule.name}"
        assert heading in reference
        section = reference.split(heading, 1)[1].split("\n#### ", 1)[0]
        assert "##### Source" in section, rule.code
        for url in urls(source_section(rule)):
            assert url in section, f"{rule.code}: {url} missing from the rule reference"
