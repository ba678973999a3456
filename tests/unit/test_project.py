"""Project context: the project root, the SDK versions a project uses, and version specifiers."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authlint.core import project
from authlint.core.project import major_at_least, project_root, sdk_versions


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    project.clear_caches()
    yield
    project.clear_caches()


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# --- project_root -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "marker",
    [
        "pyproject.toml",
        "package.json",
        "requirements.txt",
        "requirements-dev.txt",
        "setup.py",
        ".git/HEAD",
    ],
)
def test_project_root_markers(tmp_path: Path, marker: str) -> None:
    write(tmp_path, {f"proj/{marker}": "", "proj/src/pkg/app.py": ""})
    assert project_root(tmp_path / "proj/src/pkg/app.py") == tmp_path / "proj"
    assert project_root(tmp_path / "proj/src/pkg") == tmp_path / "proj"
    assert project_root(tmp_path / "proj") == tmp_path / "proj"


def test_project_root_is_the_nearest(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "repo/.git/HEAD": "",
            "repo/package.json": "{}",
            "repo/packages/web/package.json": "{}",
            "repo/packages/web/src/client.ts": "",
            "repo/tools/script.py": "",
        },
    )
    assert project_root(tmp_path / "repo/packages/web/src/client.ts") == (
        tmp_path / "repo/packages/web"
    )
    assert project_root(tmp_path / "repo/tools/script.py") == tmp_path / "repo"


def test_project_root_of_an_unsaved_file(tmp_path: Path) -> None:
    write(tmp_path, {"proj/pyproject.toml": ""})
    assert project_root(tmp_path / "proj/new/untitled.py") == tmp_path / "proj"


def test_project_root_none_and_look_alike_markers(tmp_path: Path) -> None:
    write(tmp_path, {"a/requirements.in": "", "a/my-requirements.md": "", "a/app.py": ""})
    write(tmp_path, {"a/pyproject.toml.bak": "", "a/b/package.json.orig": ""})
    assert project_root(tmp_path / "a/app.py") != tmp_path / "a"
    assert project_root(tmp_path / "a/b") not in (tmp_path / "a", tmp_path / "a/b")


def test_project_root_cache_is_cleared(tmp_path: Path) -> None:
    write(tmp_path, {"p/.git/HEAD": "", "p/sub/app.py": ""})
    assert project_root(tmp_path / "p/sub/app.py") == tmp_path / "p"
    write(tmp_path, {"p/sub/pyproject.toml": ""})
    assert project_root(tmp_path / "p/sub/app.py") == tmp_path / "p"  # cached
    project.clear_caches()
    assert project_root(tmp_path / "p/sub/app.py") == tmp_path / "p/sub"


_MARKERS = ["pyproject.toml", "package.json", "setup.py", ".git", "requirements-dev.txt", None]


def _reference_root(path: Path) -> Path | None:
    """project_root without caches: the first folder walking up that holds a marker."""
    for folder in (path.parent, *path.parent.parents):
        names = os.listdir(folder)
        if any(os.path.exists(folder / m) for m in project.ROOT_MARKERS) or any(
            project._REQUIREMENTS.match(n) for n in names
        ):
            return folder
    return None


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    markers=st.lists(st.sampled_from(_MARKERS), min_size=5, max_size=5),
    order=st.permutations(range(5)),
)
def test_project_root_with_cached_folders_is_the_walk(
    tmp_path: Path, markers: list[str | None], order: list[int]
) -> None:
    """Folders cached on the way up (one query fills its parents) give what a fresh walk gives."""
    project.clear_caches()
    base = tmp_path / str(len(list(tmp_path.iterdir())))
    folders = [base.joinpath(*[f"d{i}" for i in range(depth + 1)]) for depth in range(5)]
    for folder, marker in zip(folders, markers, strict=True):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "app.py").write_text("", encoding="utf-8")
        if marker == ".git":
            (folder / ".git").mkdir()
        elif marker is not None:
            (folder / marker).write_text("", encoding="utf-8")
    for index in order:
        path = folders[index] / "app.py"
        assert project_root(path) == _reference_root(path)


# --- sdk_versions: declarations -----------------------------------------------------------

DECLARED = [
    pytest.param({"requirements.txt": "anthropic==2.11.0\n"}, {"anthropic": "==2.11.0"}, id="pin"),
    pytest.param(
        {
            "requirements.txt": "# deps\nrequests\n"
            "Anthropic[bedrock] >= 0.30 ; python_version>'3.8'\n"
        },
        {"anthropic": ">=0.30"},
        id="range-extras-marker-case",
    ),
    pytest.param(
        {"requirements-dev.txt": "-r requirements.txt\nanthropic~=1.17  # pinned\n"},
        {"anthropic": "~=1.17"},
        id="requirements-variant-with-options-and-comment",
    ),
    pytest.param({"requirements.txt": "anthropic\n"}, {"anthropic": "*"}, id="unpinned"),
    pytest.param(
        {"requirements.txt": "anthropic-tools==1.0\nlangchain-anthropic>=0.3\n"},
        {},
        id="other-packages-with-the-prefix",
    ),
    pytest.param(
        {"pyproject.toml": '[project]\nname = "x"\ndependencies = ["anthropic>=0.40,<1"]\n'},
        {"anthropic": "<1,>=0.40"},
        id="pyproject-dependencies",
    ),
    pytest.param(
        {
            "pyproject.toml": '[project]\nname = "x"\n'
            '[project.optional-dependencies]\nllm = ["anthropic==2.0.1"]\n'
        },
        {"anthropic": "==2.0.1"},
        id="pyproject-optional",
    ),
    pytest.param(
        {"pyproject.toml": '[dependency-groups]\ndev = ["anthropic>=2"]\n'},
        {"anthropic": ">=2"},
        id="dependency-groups",
    ),
    pytest.param(
        {"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.10"\nanthropic = "^0.30"\n'},
        {"anthropic": "^0.30"},
        id="poetry",
    ),
    pytest.param(
        {
            "pyproject.toml": "[tool.poetry.group.ai.dependencies]\n"
            'anthropic = { version = "^1.2", extras = ["vertex"] }\n'
        },
        {"anthropic": "^1.2"},
        id="poetry-group-table",
    ),
    pytest.param(
        {
            "package.json": json.dumps(
                {
                    "dependencies": {"@anthropic-ai/sdk": "^1.2.0"},
                    "devDependencies": {"@ai-sdk/anthropic": "latest"},
                }
            )
        },
        {"@anthropic-ai/sdk": "^1.2.0", "@ai-sdk/anthropic": "latest"},
        id="package-json",
    ),
    pytest.param(
        {"package.json": json.dumps({"peerDependencies": {"@anthropic-ai/sdk": ">=0.30 <2"}})},
        {"@anthropic-ai/sdk": ">=0.30 <2"},
        id="package-json-peer",
    ),
    pytest.param(
        {"package.json": json.dumps({"dependencies": {"@anthropic-ai/sdk-extra": "1.0.0"}})},
        {},
        id="package-json-other-package",
    ),
    pytest.param({"package.json": "{ not json"}, {}, id="malformed-package-json"),
    pytest.param({"pyproject.toml": "[project\n"}, {}, id="malformed-pyproject"),
    pytest.param(
        {"requirements.txt": "anthropic>=>1\nanthropic[ ==2\n"}, {}, id="malformed-requirement"
    ),
]


@pytest.mark.parametrize(("files", "expected"), DECLARED)
def test_declared_versions(tmp_path: Path, files: dict[str, str], expected: dict[str, str]) -> None:
    write(tmp_path, files)
    assert sdk_versions(tmp_path) == expected


# --- sdk_versions: lock files -------------------------------------------------------------

PACKAGE_LOCK_V3 = {
    "lockfileVersion": 3,
    "packages": {
        "": {"dependencies": {"@anthropic-ai/sdk": "^1.0.0"}},
        "node_modules/@anthropic-ai/sdk": {"version": "1.11.0"},
        "node_modules/@ai-sdk/anthropic": {"version": "2.0.3"},
    },
}
PNPM_V9 = """lockfileVersion: '9.0'
importers:
  .:
    dependencies:
      '@anthropic-ai/sdk':
        specifier: ^0.30.0
        version: 0.30.1
packages:
  '@anthropic-ai/sdk@0.30.1':
    resolution: {integrity: sha512-x}
snapshots:
  '@anthropic-ai/sdk@0.30.1':
    dependencies:
      node-fetch: 2.7.0
"""
PNPM_V6 = """lockfileVersion: '6.0'
packages:
  /@anthropic-ai/sdk@0.65.0(encoding@0.1.13):
    resolution: {integrity: sha512-x}
"""
YARN_V1 = """# yarn lockfile v1


"@anthropic-ai/sdk@^0.65.0", "@anthropic-ai/sdk@^0.65.1":
  version "0.65.2"
  resolved "https://registry.yarnpkg.com/x.tgz"

left-pad@^1.0.0:
  version "1.3.0"
"""
YARN_BERRY = """__metadata:
  version: 8

"@ai-sdk/anthropic@npm:^2.0.0":
  version: 2.0.9
  resolution: "@ai-sdk/anthropic@npm:2.0.9"
"""

LOCKED = [
    pytest.param(
        {"package-lock.json": json.dumps(PACKAGE_LOCK_V3)},
        {"@anthropic-ai/sdk": "1.11.0", "@ai-sdk/anthropic": "2.0.3"},
        id="package-lock-v3",
    ),
    pytest.param(
        {
            "package-lock.json": json.dumps(
                {"lockfileVersion": 1, "dependencies": {"@anthropic-ai/sdk": {"version": "0.20.0"}}}
            )
        },
        {"@anthropic-ai/sdk": "0.20.0"},
        id="package-lock-v1",
    ),
    pytest.param({"pnpm-lock.yaml": PNPM_V9}, {"@anthropic-ai/sdk": "0.30.1"}, id="pnpm-v9"),
    pytest.param({"pnpm-lock.yaml": PNPM_V6}, {"@anthropic-ai/sdk": "0.65.0"}, id="pnpm-v6-peers"),
    pytest.param(
        {"pnpm-lock.yaml": PNPM_V6 + "  /@anthropic-ai/sdk@1.2.0:\n    resolution: {}\n"},
        {},
        id="pnpm-two-versions-is-not-simple",
    ),
    pytest.param({"yarn.lock": YARN_V1}, {"@anthropic-ai/sdk": "0.65.2"}, id="yarn-v1"),
    pytest.param({"yarn.lock": YARN_BERRY}, {"@ai-sdk/anthropic": "2.0.9"}, id="yarn-berry"),
    pytest.param(
        {"uv.lock": 'version = 1\n[[package]]\nname = "anthropic"\nversion = "2.11.0"\n'},
        {"anthropic": "2.11.0"},
        id="uv-lock",
    ),
    pytest.param(
        {
            "poetry.lock": '[[package]]\nname = "httpx"\nversion = "0.27.0"\n\n'
            '[[package]]\nname = "anthropic"\nversion = "0.69.0"\n'
        },
        {"anthropic": "0.69.0"},
        id="poetry-lock",
    ),
    pytest.param({"uv.lock": "not = [toml"}, {}, id="malformed-uv-lock"),
]


@pytest.mark.parametrize(("files", "expected"), LOCKED)
def test_locked_versions(tmp_path: Path, files: dict[str, str], expected: dict[str, str]) -> None:
    write(tmp_path, files)
    assert sdk_versions(tmp_path) == expected


def test_lock_wins_over_declaration(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "anthropic>=0.30\n",
            "uv.lock": '[[package]]\nname = "anthropic"\nversion = "2.3.0"\n',
            "package.json": json.dumps({"dependencies": {"@anthropic-ai/sdk": "^1.0.0"}}),
            "package-lock.json": json.dumps(PACKAGE_LOCK_V3),
        },
    )
    assert sdk_versions(tmp_path) == {
        "anthropic": "2.3.0",
        "@anthropic-ai/sdk": "1.11.0",
        "@ai-sdk/anthropic": "2.0.3",
    }


def test_workspace_lock_in_a_parent_folder(tmp_path: Path) -> None:
    lock = {
        "lockfileVersion": 3,
        "packages": {
            "node_modules/@anthropic-ai/sdk": {"version": "1.11.0"},
            "packages/legacy/node_modules/@anthropic-ai/sdk": {"version": "0.65.0"},
        },
    }
    write(
        tmp_path,
        {
            "repo/.git/HEAD": "",
            "repo/package-lock.json": json.dumps(lock),
            "repo/packages/web/package.json": json.dumps(
                {"dependencies": {"@anthropic-ai/sdk": "^1.0.0"}}
            ),
            "repo/packages/legacy/package.json": json.dumps(
                {"dependencies": {"@anthropic-ai/sdk": "^0.65.0"}}
            ),
        },
    )
    assert sdk_versions(tmp_path / "repo/packages/web") == {"@anthropic-ai/sdk": "1.11.0"}
    assert sdk_versions(tmp_path / "repo/packages/legacy") == {"@anthropic-ai/sdk": "0.65.0"}


def test_locks_above_the_repository_are_ignored(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "uv.lock": '[[package]]\nname = "anthropic"\nversion = "2.3.0"\n',
            "repo/.git/HEAD": "",
            "repo/requirements.txt": "anthropic==0.69.0\n",
        },
    )
    assert sdk_versions(tmp_path / "repo") == {"anthropic": "==0.69.0"}


def test_edits_are_seen_without_clearing_the_cache(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": "anthropic==0.69.0\n"})
    assert sdk_versions(tmp_path) == {"anthropic": "==0.69.0"}
    (tmp_path / "requirements.txt").write_text("anthropic==2.11.0\n", encoding="utf-8")
    stat = (tmp_path / "requirements.txt").stat()
    os.utime(tmp_path / "requirements.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert sdk_versions(tmp_path) == {"anthropic": "==2.11.0"}
    write(tmp_path, {"package.json": json.dumps({"dependencies": {"@ai-sdk/anthropic": "*"}})})
    assert sdk_versions(tmp_path) == {"anthropic": "==2.11.0", "@ai-sdk/anthropic": "*"}


def test_no_manifests(tmp_path: Path) -> None:
    assert sdk_versions(tmp_path / "missing") == {}
    assert sdk_versions(tmp_path) == {}


# --- major_at_least -----------------------------------------------------------------------

MAJORS = [
    # exact versions (lock files) and PEP 440
    ("2.11.0", 2, True),
    ("1.17.0", 2, False),
    ("v2.0.0", 2, True),
    ("==2.11.0", 2, True),
    ("==1.17", 2, False),
    ("==2.*", 2, True),
    ("~=1.17", 2, False),
    ("~=1.17", 1, True),
    ("~=2.0", 2, True),
    (">=0.30", 2, None),
    (">=0.30", 0, True),
    (">= 2.0", 2, True),
    (">=2.0.0rc1", 2, True),
    ("<2", 2, False),
    ("<=1.99.99", 2, False),
    ("<1,>=0.40", 1, False),
    (">=1,<2", 2, False),
    (">=1,<3", 2, None),
    ("!=1.0", 1, None),
    # npm / Poetry ranges
    ("^1.2.0", 1, True),
    ("^1.2.0", 2, False),
    ("^0.30.0", 1, False),
    ("^0.30", 1, False),
    ("^0", 1, False),
    ("^1.0.0-beta.3", 1, True),
    ("~1.2.3", 2, False),
    ("~0.65.1", 1, False),
    ("1", 1, True),
    ("1", 2, False),
    ("1.x", 2, False),
    ("2.*", 2, True),
    (">=1.0.0 <2.0.0", 1, True),
    (">=1.0.0 <2.0.0", 2, False),
    ("1.0.0 - 2.3.0", 2, None),
    ("2.0.0 - 3", 2, True),
    ("^1 || ^2", 1, True),
    ("^0.30 || ^1.0", 1, None),
    ("^0.30 || ~0.65", 1, False),
    ("npm:@anthropic-ai/sdk@^1.0.0", 1, True),
    ("workspace:^1.2.0", 1, True),
    # unknown
    ("latest", 1, None),
    ("next", 1, None),
    ("*", 1, None),
    ("", 1, None),
    ("x", 1, None),
    ("workspace:*", 1, None),
    ("npm:@anthropic-ai/sdk", 1, None),
    ("file:../sdk", 1, None),
    ("https://example.com/sdk.tgz", 1, None),
    ("github:anthropics/anthropic-sdk-typescript", 1, None),
    ("garbage", 1, None),
    (">", 1, None),
]


@pytest.mark.parametrize(("spec", "major", "expected"), MAJORS)
def test_major_at_least(spec: str, major: int, expected: bool | None) -> None:
    assert major_at_least(spec, major) is expected


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("2.11.0", 2),
        ("^1.2.0", 1),
        ("~=1.17", 1),
        (">=1,<2", 1),
        ("^0.30.0", 0),
        ("0.69.0", 0),
        ("1.x", 1),
        (">=0.30", None),
        ("^0.30 || ^1", None),
        (">=1,<3", None),
        ("latest", None),
        ("*", None),
    ],
)
def test_single_major(spec: str, expected: int | None) -> None:
    assert project.single_major(spec) == expected


def test_installed_versions_see_edits_and_new_files_without_clearing(tmp_path: Path) -> None:
    """The file list is remembered per folders; each call still looks at the files themselves."""
    from authlint.core.packages import installed_version

    manifest = tmp_path / "node_modules" / "@anthropic-ai" / "sdk" / "package.json"
    write(tmp_path, {"package.json": "{}"})
    assert installed_version(tmp_path, "@anthropic-ai/sdk") is None
    write(tmp_path, {"node_modules/@anthropic-ai/sdk/package.json": '{"version": "0.65.0"}'})
    assert installed_version(tmp_path, "@anthropic-ai/sdk") == (0, 65, 0)
    manifest.write_text('{"version": "1.11.0"}', encoding="utf-8")
    stat = manifest.stat()
    os.utime(manifest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert installed_version(tmp_path, "@anthropic-ai/sdk") == (1, 11, 0)
    write(tmp_path, {"requirements.txt": "anthropic==0.69.0\n"})
    assert installed_version(tmp_path, "anthropic") == (0, 69, 0)
