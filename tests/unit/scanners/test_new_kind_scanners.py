"""Scanners and discovery for Cline settings, aider config, systemd units and Kubernetes manifests.

Spans are exact and 0-based; values are what the tool hands to the process.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from authlint.core.facts import FileKind, ScannedFile
from authlint.core.source import SourceFile
from authlint.core.text import Span
from authlint.discovery import discover
from authlint.scanners import detect_kind, kind_from_name, scan
from authlint.scanners.kubernetes import is_base64
from authlint.scanners.systemd_unit import service, unit_directives
from keys import api_key

KEY = api_key("new-kinds")


def scanned(tmp_path: Path, name: str, text: str) -> ScannedFile:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    source = SourceFile.read(path)
    kind = detect_kind(path, source.text)
    assert kind is not None, name
    return scan(source, kind)


def facts(result: ScannedFile) -> list[tuple[str, str | None, Span, Span]]:
    return [(a.name, a.value, a.name_span, a.content_span) for a in result.assignments]


# --- kinds from names and content ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        (".cline/data/settings/providers.json", FileKind.CLINE_SETTINGS),
        ("home/.cline/data/globalState.json", FileKind.CLINE_SETTINGS),
        ("project/settings/providers.json", None),  # not under .cline/data
        ("providers.json", None),
        (".aider.conf.yml", FileKind.AIDER_CONFIG),
        ("dot_aider.conf.yml", FileKind.AIDER_CONFIG),  # chezmoi
        ("aider.conf.yml.bak", None),
        (".config/systemd/user/agent.service", FileKind.SYSTEMD_UNIT),
        ("etc/systemd/system/claude-worker.service", FileKind.SYSTEMD_UNIT),
        (".service", None),
        ("k8s/secret.yaml", None),  # only from its content
    ],
)
def test_kind_from_name(name: str, kind: FileKind | None) -> None:
    assert kind_from_name(Path(name)) is kind


SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: anthropic
type: Opaque
data:
  ANTHROPIC_API_KEY: @B64@
stringData:
  "ANTHROPIC_BASE_URL": "https://llm.corp.example"
---
apiVersion: v1
kind: ConfigMap
metadata: {name: agent}
data:
  LOG_LEVEL: debug
"""


def secret_text(value: str) -> str:
    return SECRET.replace("@B64@", base64.b64encode(value.encode()).decode())


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (secret_text(KEY), FileKind.KUBERNETES),
        ("apiVersion: apps/v1\nkind: Deployment\nspec: {}\n", None),  # not a Secret/ConfigMap
        ("kind: Secret\ndata: {}\n", None),  # no apiVersion: not a manifest
        (  # a Helm template is not YAML yet
            "apiVersion: v1\nkind: Secret\ndata:\n  K: {{ .Values.key | b64enc }}\n",
            None,
        ),
        ("services:\n  app:\n    image: x\n", FileKind.COMPOSE),
    ],
)
def test_yaml_kind_from_content(text: str, kind: FileKind | None) -> None:
    assert detect_kind(Path("deploy/anything.yaml"), text) is kind


def test_discovery_walks_manifests_by_content_only(tmp_path: Path) -> None:
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "secret.yaml").write_text(secret_text(KEY))
    (tmp_path / "k8s" / "deployment.yaml").write_text("apiVersion: apps/v1\nkind: Deployment\n")
    (tmp_path / "ci.yml").write_text("on: push\njobs: {}\n")
    (tmp_path / "agent.service").write_text("[Service]\nExecStart=/usr/bin/true\n")
    (tmp_path / ".aider.conf.yml").write_text("model: sonnet\n")
    found = {t.path.relative_to(tmp_path).as_posix(): t.kind for t in discover([tmp_path])}
    assert found == {
        ".aider.conf.yml": FileKind.AIDER_CONFIG,
        "agent.service": FileKind.SYSTEMD_UNIT,
        "k8s/secret.yaml": FileKind.KUBERNETES,
    }


# --- Cline ------------------------------------------------------------------------------


def test_cline_providers_assignments(tmp_path: Path) -> None:
    text = (
        "{\n"
        '  "providers": {\n'
        '    "anthropic": {\n'
        '      "settings": {"apiKey": "@KEY@", "baseUrl": "https://gw.example/anthropic"}\n'
        "    }\n"
        "  },\n"
        '  "lastUsed": "anthropic"\n'
        "}\n"
    ).replace("@KEY@", KEY)
    result = scanned(tmp_path, ".cline/data/settings/providers.json", text)
    assert result.kind is FileKind.CLINE_SETTINGS
    key_start = 30
    url_start = key_start + len(KEY) + 15
    assert facts(result) == [
        ("apiKey", KEY, Span.at(3, 20, 26), Span.at(3, key_start, key_start + len(KEY))),
        (
            "baseUrl",
            "https://gw.example/anthropic",
            Span.at(3, url_start - 11, url_start - 4),
            Span.at(3, url_start, url_start + 28),
        ),
    ]


# --- aider ------------------------------------------------------------------------------


def test_aider_options_become_variables(tmp_path: Path) -> None:
    text = (
        "model: sonnet\n"
        "set-env:\n"
        "  - ANTHROPIC_BASE_URL=https://gw.example\n"
        "api-key:\n"
        "  - gemini=g-123\n"
        "  - anthropic=@KEY@\n"
        'anthropic-api-key: "@KEY@"\n'
    ).replace("@KEY@", KEY)
    result = scanned(tmp_path, ".aider.conf.yml", text)
    assert facts(result) == [
        ("ANTHROPIC_BASE_URL", "https://gw.example", Span.at(2, 4, 22), Span.at(2, 23, 41)),
        ("GEMINI_API_KEY", "g-123", Span.at(4, 4, 10), Span.at(4, 11, 16)),
        ("ANTHROPIC_API_KEY", KEY, Span.at(5, 4, 13), Span.at(5, 14, 14 + len(KEY))),
        ("ANTHROPIC_API_KEY", KEY, Span.at(6, 0, 17), Span.at(6, 20, 20 + len(KEY))),
    ]
    assert result.effective("ANTHROPIC_API_KEY") is result.assignments[-1]


def test_aider_single_string_entry_and_no_equals(tmp_path: Path) -> None:
    result = scanned(tmp_path, ".aider.conf.yml", "api-key: anthropic=abc123\n")
    assert facts(result) == [("ANTHROPIC_API_KEY", "abc123", Span.at(0, 9, 18), Span.at(0, 19, 25))]
    assert scanned(tmp_path, "b/.aider.conf.yml", "api-key:\n  - abc123\n").assignments == []


# --- systemd ----------------------------------------------------------------------------


def test_systemd_environment_quoting(tmp_path: Path) -> None:
    text = (
        "[Unit]\n"
        "Description=agent\n"
        "Environment=IGNORED=unit-section\n"
        "[Service]\n"
        "# Environment=COMMENTED=1\n"
        'Environment="A=b c" D=e \'F=g h\' X="y z" P=%h/x Q= R=100%%\n'
        "ExecStart=/usr/bin/claude -p hi\n"
    )
    result = scanned(tmp_path, "agent.service", text)
    got = [(a.name, a.value, a.name_span, a.content_span, a.quote) for a in result.assignments]
    assert got == [
        ("A", "b c", Span.at(5, 13, 14), Span.at(5, 15, 18), '"'),
        ("D", "e", Span.at(5, 20, 21), Span.at(5, 22, 23), ""),
        ("F", "g h", Span.at(5, 25, 26), Span.at(5, 27, 30), "'"),
        ("X", "y z", Span.at(5, 32, 33), Span.at(5, 35, 38), ""),
        ("P", None, Span.at(5, 40, 41), Span.at(5, 42, 46), ""),  # %h: a specifier
        ("Q", "", Span.at(5, 47, 48), Span.at(5, 49, 49), ""),
        ("R", "100%", Span.at(5, 50, 51), Span.at(5, 52, 57), ""),
    ]
    assert result.assignments[0].maps_one_to_one
    starts = service(unit_directives(result), "ExecStart")
    assert [(d.value, d.value_span) for d in starts] == [
        ("/usr/bin/claude -p hi", Span.at(6, 10, 31))
    ]


def test_dbus_service_file_gives_nothing(tmp_path: Path) -> None:
    text = "[D-BUS Service]\nName=org.example.Agent\nExec=/usr/bin/agent\nEnvironment=A=b\n"
    assert scanned(tmp_path, "org.example.Agent.service", text).assignments == []


# --- Kubernetes -------------------------------------------------------------------------


def test_kubernetes_secret_and_configmap(tmp_path: Path) -> None:
    result = scanned(tmp_path, "k8s/secret.yaml", secret_text(KEY + "\n"))
    encoded = base64.b64encode((KEY + "\n").encode()).decode()
    assert facts(result) == [
        (
            "ANTHROPIC_API_KEY",
            KEY + "\n",
            Span.at(6, 2, 19),
            Span.at(6, 21, 21 + len(encoded)),
        ),
        ("ANTHROPIC_BASE_URL", "https://llm.corp.example", Span.at(8, 3, 21), Span.at(8, 25, 49)),
        ("LOG_LEVEL", "debug", Span.at(14, 2, 11), Span.at(14, 13, 18)),
    ]
    assert [is_base64(result, a) for a in result.assignments] == [True, False, False]
    root = result.json.root if result.json is not None else None
    assert root is not None and len(root.items) == 2  # both documents


def test_kubernetes_undecodable_data_is_computed(tmp_path: Path) -> None:
    text = "apiVersion: v1\nkind: Secret\ndata:\n  ANTHROPIC_API_KEY: not base64!\n"
    result = scanned(tmp_path, "s.yml", text)
    assert [(a.name, a.value) for a in result.assignments] == [("ANTHROPIC_API_KEY", None)]


def test_named_manifest_is_read_without_guessing(tmp_path: Path) -> None:
    """pre-commit passes staged files with ``guess_unknown=False``: a Secret is still read."""
    secret = tmp_path / "secret.yaml"
    secret.write_text(secret_text(KEY))
    workflow = tmp_path / "ci.yml"
    workflow.write_text("on: push\n")
    found = [(t.path, t.kind) for t in discover([secret, workflow], guess_unknown=False)]
    assert found == [(secret, FileKind.KUBERNETES)]
