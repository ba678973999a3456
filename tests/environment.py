"""Build a scratch home + project on disk and the environment model over them, for tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from authlint.core.context import CheckContext, Platform
from authlint.core.environment import EnvironmentModel
from authlint.core.findings import Finding
from authlint.core.settings import Settings
from authlint.core.source import SourceFile
from authlint.engine import check_scanned
from authlint.model import collect
from authlint.scanners import kind_from_name, scan


@dataclass
class Setup:
    """A home folder and a project folder under ``base``; ``write`` puts files in them."""

    base: Path

    @property
    def home(self) -> Path:
        return self.base / "home"

    @property
    def project(self) -> Path:
        return self.base / "home" / "work" / "proj"

    def write(self, where: str, text: str) -> Path:
        """Write ``text`` at ``~/...`` (home) or a project-relative path; return the path."""
        path = self.home / where[2:] if where.startswith("~/") else self.project / where
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def model(
        self, platform: Platform, shell: str, system_root: Path | None = None
    ) -> EnvironmentModel:
        """The model of this home and project (a ``pyproject.toml`` marks the project)."""
        self.project.mkdir(parents=True, exist_ok=True)
        marker = self.project / "pyproject.toml"
        if not marker.exists():
            marker.write_text("[project]\nname = 'demo'\n", encoding="utf-8")
        return EnvironmentModel(
            collect(self.project, self.home, platform, shell=shell, system_root=system_root)
        )

    def findings(
        self, where: str, platform: Platform, shell: str, select: tuple[str, ...] = ("AL9",)
    ) -> list[Finding]:
        """Findings of ``select`` in the file at ``where`` (see :meth:`write`)."""
        path = self.home / where[2:] if where.startswith("~/") else self.project / where
        model = self.model(platform, shell)
        kind = kind_from_name(path)
        assert kind is not None, path
        context = CheckContext(platform=platform, home=self.home, environment=model)
        return check_scanned(scan(SourceFile.read(path), kind), context, Settings(select=select))
