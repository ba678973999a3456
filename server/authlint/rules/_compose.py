"""Compose services: what they run and which variables they receive (AL717, AL718).

Sources: the Compose specification (https://github.com/compose-spec/compose-spec/blob/main/spec.md:
``environment`` in list and mapping form, pass-through names, ``env_file``,
``build`` context, ``command`` / ``entrypoint``) and Docker's page on
interpolation (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/:
the project ``.env`` fills ``${…}`` in the Compose file and is not passed to
containers by itself).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from authlint.core.facts import FileKind, JsonMember, JsonValue, ScannedFile
from authlint.core.scope import once_per_check
from authlint.core.text import Position, Span
from authlint.rules._settings import scan_other

_MAX_BYTES = 256 * 1024
_CLAUDE_IMAGE = re.compile(r"(?i)claude|anthropic")
_CLAUDE_COMMAND = re.compile(r"(?<![\w./-])claude(?![\w-])")
_NODE_PACKAGES = re.compile(
    r'"(?:@anthropic-ai/(?:sdk|claude-code|claude-agent-sdk)|@ai-sdk/anthropic)"\s*:'
)
_PYTHON_PACKAGES = re.compile(
    r"(?im)^\s*[\"']?(?:anthropic|claude-agent-sdk|claude-code-sdk|langchain-anthropic)"
    r"(?:\[[^\]]*\])?\s*(?:[<>=!~;,\"'\s]|$)"
)
_DOCKERFILE_CLAUDE = re.compile(
    r"@anthropic-ai/claude-code|claude\.ai/install\.sh|pip3? install[^\n]*\banthropic\b"
    r"|@anthropic-ai/(?:sdk|claude-agent-sdk)|claude-agent-sdk"
)
_PYTHON_COMMAND = re.compile(r"(?<![\w-])(?:python3?|uvicorn|gunicorn|streamlit|fastapi)(?![\w-])")


@dataclass(frozen=True)
class Service:
    """One service of a Compose file."""

    name: str
    member: JsonMember
    folder: Path | None

    @property
    def value(self) -> JsonValue:
        """The service's mapping."""
        return self.member.value

    def text(self, key: str) -> str:
        """``command`` / ``entrypoint`` / ``image`` as one string (lists joined)."""
        value = self.value.get(key)
        if value is None:
            return ""
        if value.type == "array":
            return " ".join(str(i.value) for i in value.items if i.value is not None)
        return str(value.value) if value.value is not None else ""

    def environment_names(self) -> dict[str, JsonValue | JsonMember]:
        """Every name in ``environment`` (pass-through names too), with its item or member."""
        env = self.value.get("environment")
        found: dict[str, JsonValue | JsonMember] = {}
        if env is None:
            return found
        if env.type == "array":
            for item in env.items:
                if isinstance(item.value, str):
                    found[item.value.split("=", 1)[0].strip()] = item
        elif env.type == "object":
            for member in env.members:
                found[member.key] = member
        return found

    def build_folder(self) -> Path | None:
        """The build context folder, when the service is built from a local folder."""
        build = self.value.get("build")
        if build is None or self.folder is None:
            return None
        context = build.value if build.type == "string" else None
        if build.type == "object":
            inner = build.get("context")
            context = inner.value if inner is not None else "."
        if not isinstance(context, str) or "://" in context or "$" in context:
            return None
        return self.folder / context

    def dockerfile(self) -> Path | None:
        """The Dockerfile the service builds from, when it is a local file."""
        folder = self.build_folder()
        if folder is None:
            return None
        build = self.value.get("build")
        name = "Dockerfile"
        if build is not None and build.type == "object":
            given = build.get("dockerfile")
            if given is not None and isinstance(given.value, str):
                name = given.value
        return folder / name


# The services of the last few Compose files asked about, by the identity of their JSON tree:
# a rule asks once per environment block (one per service), which must not cost a pass over
# every service each time.
_SERVICES: dict[int, tuple[object, list[Service]]] = {}
_STARTS: dict[int, tuple[list[Service], list[Position]]] = {}


def services(file: ScannedFile) -> list[Service]:
    """The services of a Compose file (whole file), in order (do not modify the list)."""
    root = file.whole.json.root if file.whole.json is not None else None
    cached = _SERVICES.get(id(root))
    if cached is not None and cached[0] is root:
        return cached[1]
    block = root.get("services") if root is not None and root.type == "object" else None
    if block is None or block.type != "object":
        found: list[Service] = []
    else:
        path = file.source.path
        folder = path.parent if path is not None else None
        found = [Service(m.key, m, folder) for m in block.members if m.value.type == "object"]
    if len(_SERVICES) >= 8:
        _SERVICES.clear()
    _SERVICES[id(root)] = (root, found)
    return found


def service_at(found: list[Service], span: Span) -> Service | None:
    """The service of ``found`` (in file order) whose block contains ``span``, by bisection."""
    cached = _STARTS.get(id(found))
    if cached is None or cached[0] is not found:
        if len(_STARTS) >= 8:
            _STARTS.clear()
        cached = (found, [s.value.span.start for s in found])
        _STARTS[id(found)] = cached
    index = bisect_right(cached[1], span.start) - 1
    if index >= 0 and found[index].value.span.contains(span):
        return found[index]
    return None


def _read(path: Path) -> str:
    from authlint.core.source import read_regular_file  # a FIFO or device never ends

    try:
        return read_regular_file(path, _MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""


def build_texts(service: Service) -> tuple[str, str, str]:
    """The Dockerfile, the Node manifests and the Python manifests of the build context."""
    folder = service.build_folder()
    if folder is None:
        return "", "", ""
    dockerfile = service.dockerfile()
    node = _read(folder / "package.json")
    python = "\n".join(
        _read(folder / name)
        for name in ("requirements.txt", "requirements.in", "pyproject.toml", "Pipfile")
    )
    return (_read(dockerfile) if dockerfile is not None else ""), node, python


def runs_claude_or_sdk(service: Service) -> str | None:
    """What shows the service runs Claude Code or an Anthropic SDK app, or ``None``."""
    image = service.text("image")
    if image and _CLAUDE_IMAGE.search(image):
        return f"its image `{image}`"
    command = f"{service.text('entrypoint')} {service.text('command')}"
    if _CLAUDE_COMMAND.search(command):
        return "its command runs `claude`"
    dockerfile, node, python = build_texts(service)
    if _DOCKERFILE_CLAUDE.search(dockerfile):
        return "its Dockerfile installs Claude Code or an Anthropic SDK"
    if _NODE_PACKAGES.search(node):
        return "its package.json depends on an Anthropic SDK"
    if _PYTHON_PACKAGES.search(python):
        return "its Python requirements include an Anthropic SDK"
    return None


def runs_python_sdk(service: Service) -> bool:
    """Whether the service evidently runs a Python program using the Anthropic SDK."""
    _, node, python = build_texts(service)
    if _PYTHON_PACKAGES.search(python):
        return True
    command = f"{service.text('entrypoint')} {service.text('command')}"
    return (
        bool(_PYTHON_COMMAND.search(command)) and not node and not _CLAUDE_COMMAND.search(command)
    )


def project_dotenv(file: ScannedFile) -> dict[str, str]:
    """The literal values of the ``.env`` beside the Compose file (what ``${…}`` reads)."""
    path = file.source.path
    if path is None:
        return {}
    return dict(once_per_check(("compose_dotenv", path.parent), lambda: _dotenv_values(path)))


def _dotenv_values(compose: Path) -> dict[str, str]:
    scanned = scan_other(compose.parent / ".env", FileKind.DOTENV)
    if scanned is None:
        return {}
    return {a.name: a.value for a in scanned.assignments if a.value is not None}
