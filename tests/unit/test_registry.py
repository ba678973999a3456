"""The registry is consistent, every rule is documented, and the README matches it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from authlint.docs import rules_markdown
from authlint.rules import FAMILIES, REDIRECTS, all_rules, rule_by_code, selected_rules
from authlint.rules._base import DOC_HEADINGS

ROOT = Path(__file__).resolve().parents[2]
RULES = all_rules()


def test_codes_and_names_are_unique_and_well_formed() -> None:
    assert RULES, "no rules registered"
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"AL[1-9]\d\d", rule.code), rule.code
        assert rule.code[:3] in FAMILIES, f"{rule.code}: unknown family"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.name), rule.name
        assert rule.summary and not rule.summary.endswith("."), rule.code
        assert rule.kinds, rule.code


def test_redirects_point_at_live_codes() -> None:
    for old, new in REDIRECTS.items():
        assert rule_by_code(new) is not None, f"{old} -> {new}"
        assert rule_by_code(old) is rule_by_code(new)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_docstring_has_every_heading_in_order(rule) -> None:
    doc = rule.doc
    assert doc.strip().splitlines()[0].strip().rstrip(".") == rule.name
    positions = [doc.find(h) for h in DOC_HEADINGS]
    assert all(p >= 0 for p in positions), f"{rule.code} lacks {DOC_HEADINGS}"
    assert positions == sorted(positions), f"{rule.code}: headings out of order"
    source = doc.split("## Source", 1)[1].strip()
    assert len(source) > 20, f"{rule.code}: the Source section must cite where the claim comes from"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_is_tested(rule) -> None:
    tests = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "unit" / "rules").glob("*.py")
    )
    assert rule.code in tests, f"{rule.code} ({rule.name}) has no test in tests/unit/rules"


def test_selection_by_code_prefix_and_name() -> None:
    first = RULES[0]
    assert selected_rules(("ALL",), ()) == RULES
    assert first in selected_rules((first.code[:3],), ())
    assert first in selected_rules((first.name,), ())
    assert first not in selected_rules(("ALL",), (first.code,))


def test_readme_rule_reference_is_generated_from_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rules_markdown().rstrip("\n") in readme, (
        "README rule reference is stale: run `python -m authlint.docs --write README.md`"
    )


def test_rule_urls_point_at_readme_anchors() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        anchor = rule.url.rsplit("#", 1)[1]
        assert f"#### {rule.code} {rule.name}" in readme
        assert anchor == f"{rule.code.lower()}-{rule.name}"
