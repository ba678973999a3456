"""The engine judges JSON/YAML env blocks one at a time (``ScannedFile.env_blocks``).

Blocks that never meet — two compose services, VS Code's per-OS terminal env
and ``claudeCode.environmentVariables`` — must not be compared with each other;
definitions inside one block still are.
"""

from __future__ import annotations

from keys import api_key

KEY, OTHER = api_key("blocks-a"), api_key("blocks-b")


def codes(findings) -> list[tuple[str, int]]:
    return [(f.code, f.span.start.line + 1) for f in findings]


def test_compose_services_are_separate_environments(check_text) -> None:
    text = (
        "services:\n"
        "  api:\n    image: api\n    environment:\n"
        f"      ANTHROPIC_API_KEY: {KEY}\n"
        "  worker:\n    image: worker\n    environment:\n"
        f"      ANTHROPIC_API_KEY: {OTHER}\n"
    )
    assert codes(check_text("docker-compose.yml", text, select="AL306")) == []


def test_a_duplicate_inside_one_service_is_still_reported(check_text) -> None:
    text = (
        "services:\n  api:\n    image: api\n    environment:\n"
        f"      ANTHROPIC_API_KEY: {KEY}\n"
        f"      ANTHROPIC_API_KEY: {OTHER}\n"
    )
    assert codes(check_text("docker-compose.yml", text, select="AL306")) == [("AL306", 5)]


def test_a_base_url_in_another_vscode_block_does_not_meet_the_key(check_text) -> None:
    text = (
        "{\n"
        '  "terminal.integrated.env.osx": {\n'
        '    "ANTHROPIC_BASE_URL": "https://openrouter.ai/api"\n'
        "  },\n"
        '  "terminal.integrated.env.linux": {\n'
        f'    "ANTHROPIC_API_KEY": "{KEY}"\n'
        "  }\n"
        "}\n"
    )
    assert codes(check_text("home/.config/Code/User/settings.json", text, select="AL405")) == []
    same_block = text.replace('  },\n  "terminal.integrated.env.linux": {\n', "")
    same_block = same_block.replace('api"\n', 'api",\n', 1)
    findings = check_text("home/.config/Code/User/settings.json", same_block, select="AL405")
    assert [code for code, _ in codes(findings)] == ["AL405"]
