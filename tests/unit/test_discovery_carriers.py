"""Discovery of the carriers: scripts, Makefiles, justfiles and GitHub workflows."""

from __future__ import annotations

import os
from pathlib import Path

from authlint.core.facts import FileKind
from authlint.discovery import discover


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_scripts_and_task_files_are_walked(tmp_path: Path) -> None:
    root = tree(
        tmp_path / "repo",
        {
            "Makefile": "export ANTHROPIC_MODEL = x\n",
            "justfile": 'export ANTHROPIC_MODEL := "x"\n',
            "mk/rules.mk": "A = 1\n",
            ".github/workflows/claude.yml": "on: push\n",
            ".github/dependabot.yml": "version: 2\n",  # not a workflow
            "scripts/deploy.sh": "export A=1\n",
            "scripts/run": "#!/usr/bin/env bash\nexport A=1\n",
            "scripts/tool": "#!/usr/bin/env python3\nprint(1)\n",  # a Python script: .py only
            "scripts/notes": "no shebang here\n",
            "bin/setup": "#!/bin/sh\nexport A=1\n",
            "bin/start.fish.txt": "#!/usr/bin/env fish\n",
            "tools/helper": "#!/usr/bin/env bash\n",  # not bin/ or scripts/
            "ci/check.bash": "A=1\n",
            "deploy.ps1": "$Env:A = '1'\n",
            "node_modules/pkg/bin/x": "#!/bin/sh\n",
            "node_modules/pkg/install.sh": "export A=1\n",
        },
    )
    found = {t.path.relative_to(root).as_posix(): t.kind for t in discover([root])}
    assert found == {
        "Makefile": FileKind.MAKEFILE,
        "justfile": FileKind.JUSTFILE,
        "mk/rules.mk": FileKind.MAKEFILE,
        ".github/workflows/claude.yml": FileKind.GITHUB_WORKFLOW,
        "scripts/deploy.sh": FileKind.SHELL,
        "scripts/run": FileKind.SHELL,
        "bin/setup": FileKind.SHELL,
        "ci/check.bash": FileKind.SHELL,
        "deploy.ps1": FileKind.POWERSHELL,
    }


def test_an_unreadable_script_candidate_is_passed_over(tmp_path: Path) -> None:
    root = tree(tmp_path / "repo", {"bin/secret": "#!/bin/sh\n"})
    os.chmod(root / "bin" / "secret", 0)
    try:
        found = [t.path.name for t in discover([root])]
        if os.geteuid() != 0:  # root reads it anyway
            assert found == []
    finally:
        os.chmod(root / "bin" / "secret", 0o644)


def test_compiled_javascript_of_a_typescript_project_is_skipped(tmp_path: Path) -> None:
    root = tree(
        tmp_path / "repo",
        {
            "action/tsconfig.json": "{}\n",
            "action/src/main.ts": "import Anthropic from '@anthropic-ai/sdk';\n",
            "action/dist/index.js": "const Anthropic = require('@anthropic-ai/sdk');\n",
            "action/dist/nested/chunk.mjs": "export {};\n",
            "action/dist/.env.example": "ANTHROPIC_API_KEY=\n",  # not JavaScript: still read
            "web/src/app.ts": "export {};\n",
            "web/build/app.js": "export {};\n",
            "plain/dist/index.js": "export {};\n",  # no TypeScript beside it: read
        },
    )
    found = sorted(t.path.relative_to(root).as_posix() for t in discover([root]))
    assert found == [
        "action/dist/.env.example",
        "action/src/main.ts",
        "plain/dist/index.js",
        "web/src/app.ts",
    ]
