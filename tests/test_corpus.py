"""``authlint check`` over the real public corpus (``../shared/corpus/real``).

Every finding on the corpus was reviewed by hand. The set is pinned here, so
a rule change that adds a finding (a possible false alarm) or loses one (a
miss) fails until it is reviewed again. Verdicts:

- AL401 / AL404: the base URLs the corpus README lists as genuinely wrong.
- AL301: ``ANTHROPIC_API_KEY = …`` with spaces (README "look genuinely wrong" 7).
- AL306: duplicate keys in templates: a filled-in value is replaced by a later
  empty one (README item 6).
- AL307: application-specific names, at info level only (README "should NOT flag" 10).
- AL108: a placeholder key in a committed ``.env.development`` that is loaded as is.
- AL401 in ``infra/docker-compose.yml``: the same ``/v1`` base URL as the zerotop ``.env``.
- AL307 in compose files: the same application-specific names as in the ``.env`` files (info).
- AL701: ``terminal.integrated.inheritEnv: false`` in five settings files (info; Linux modelled).
- AL704: ``shellArgs.linux: ["-l"]`` in a Windows user file (WSL terminals lose the login
  shell); the other 11 files with removed shell settings pass no login flag: harmless.
- AL801: ``dot_claude/settings.json`` missing a comma (README "look genuinely wrong" 3).
- AL807: ``apiKeyHelper: ""`` (README "look genuinely wrong" 4).
- AL815: ``SSL_CERT_FILE`` only in a dotfiles ``claude/settings.json`` ``env``: true (Claude Code's
  own connections never use it; the commands it runs do). Information only: it names the system
  bundle ``/etc/ssl/cert.pem``, and with ``--no-home`` Claude Code is not in use.

The check runs with ``--platform linux`` so the result does not depend on the machine.

Severities were re-reviewed with the outcome layer (README "What will happen"): the corpus is
checked with ``--no-home`` and its projects hold no code that uses an SDK, so no launch context
is in use. A wrong base URL in a template nobody loads is a warning (a plausible context would
fail), not an error; Claude Code settings that Claude Code ignores whole (AL801) or a helper that
yields no key (AL807) stay errors; ``inheritEnv: false`` stays information.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import corpus

pytestmark = pytest.mark.skipif(not corpus.available(), reason="shared corpus not present")

EXPECTED = {
    ("AL108", "quantumlayerplatform-core__qlp-multi/.env.development", 52),
    ("AL301", "Doriandarko__maestro/env.example", 1),
    ("AL301", "nelsonGX__siri-pro/.env.example", 1),
    ("AL306", "aaaronmiller__claude-code-proxy/config/env.example", 26),
    ("AL306", "aaaronmiller__claude-code-proxy/config/env.example", 35),
    ("AL306", "langchain-ai__rag-research-agent-template-js/.env.example", 9),
    ("AL306", "langchain-ai__rag-research-agent-template-js/.env.example", 18),
    ("AL306", "langchain-ai__rag-research-agent-template/.env.example", 14),
    ("AL306", "langchain-ai__retrieval-agent-template-js/.env.example", 9),
    ("AL306", "langchain-ai__retrieval-agent-template-js/.env.example", 18),
    ("AL306", "langchain-ai__retrieval-agent-template/.env.example", 14),
    ("AL306", "langchain-ai__social-media-agent/.env.example", 19),
    ("AL306", "langchain-ai__social-media-agent/.env.example", 20),
    ("AL306", "langchain-ai__social-media-agent/.env.full.example", 19),
    ("AL306", "langchain-ai__social-media-agent/.env.full.example", 20),
    ("AL307", "ChatGPTNextWeb__NextChat/.env.template", 86),
    ("AL307", "ChatGPTNextWeb__NextChat/docker-compose.yml", 27),
    ("AL307", "ChatGPTNextWeb__NextChat/docker-compose.yml", 87),
    ("AL307", "anthropics__claude-code/api-server/.env.example", 5),
    ("AL307", "anthropics__claude-code/api-server/docker-compose.yml", 10),
    ("AL307", "browser-use__web-ui/.env.example", 5),
    ("AL307", "browser-use__web-ui/docker-compose.yml", 19),
    ("AL401", "ijuns__zerotop/.env.claude.example", 28),
    ("AL401", "ijuns__zerotop/infra/docker-compose.yml", 310),
    ("AL404", "yuuuuan071__claude-chat/.env.example", 2),
    ("AL701", "BiboyQG__dotfiles/.vscode/settings.json", 7),
    ("AL701", "BuonOmo__dotfiles/Library/Application Support/Code/User/settings.json", 58),
    ("AL701", "CBroz1__dotfiles/.config/Code/User/settings.json", 78),
    ("AL701", "CBroz1__dotfiles/Library/Application Support/Code/User/settings.json", 305),
    ("AL701", "Konfido__dotfiles/Library/Application Support/Code/User/settings.json", 259),
    ("AL704", "imswebra__windowsdotfiles/AppData/Roaming/Code/User/settings.json", 71),
    ("AL801", "YoraiLevi__dotfiles/dot_claude/settings.json", 3),
    ("AL807", "esh2n__dotfiles/domains/dev/config/claude/settings.json", 2),
    ("AL815", "paulnsorensen__dotfiles/claude/settings.json", 5),
}


@pytest.fixture(scope="module")
def report(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    root = tmp_path_factory.mktemp("corpus")
    corpus.materialise(root)
    command = [
        *(sys.executable, "-m", "authlint", "check", "."),
        *("--no-home", "--platform", "linux", "--format", "json"),
    ]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)
    return result, root


def test_every_file_is_read_without_an_error(report) -> None:
    result, _ = report
    assert result.returncode in (0, 1), result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
    assert not [f for f in json.loads(result.stdout) if f["code"] == "AL000"]


def test_findings_are_exactly_the_reviewed_ones(report) -> None:
    result, _ = report
    found = {(f["code"], f["filename"], f["location"]["row"]) for f in json.loads(result.stdout)}
    assert found - EXPECTED == set(), "new findings on the corpus: review them by hand"
    assert EXPECTED - found == set(), "reviewed findings no longer reported"


REVIEWED_SEVERITY = {
    "AL108": "warning",
    "AL301": "warning",
    "AL306": "warning",
    "AL307": "info",
    "AL401": "warning",
    "AL404": "warning",
    "AL701": "info",
    "AL704": "info",
    "AL801": "error",
    "AL807": "error",
    "AL815": "info",
}


def test_severities_are_the_reviewed_ones(report) -> None:
    result, _ = report
    found = {(f["code"], f["severity"]) for f in json.loads(result.stdout)}
    assert found == set(REVIEWED_SEVERITY.items())


def test_application_specific_names_are_never_more_than_info(report) -> None:
    result, _ = report
    for finding in json.loads(result.stdout):
        if finding["code"] == "AL307":
            assert finding["severity"] == "info"
