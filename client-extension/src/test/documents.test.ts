import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { documentSelector, homeWatches } from "../documents";

describe("documentSelector", () => {
  const selector = documentSelector();
  it("selects .env files by pattern as well as by language (properties in Code 1.100, dotenv in 1.139)", () => {
    assert.ok(selector.some((f) => f.language === "dotenv" && f.scheme === "file"));
    assert.ok(selector.some((f) => f.pattern?.startsWith("**/{.env,.env.*,*.env") && f.scheme === "file"));
    assert.ok(!selector.some((f) => f.language === "properties"), "every .properties file is not a .env");
  });
  it("covers shell and PowerShell profiles, Claude Code files, devcontainers and SDK languages", () => {
    const patterns = selector.map((f) => f.pattern ?? "").join(" ");
    for (const part of [".zshrc", ".bashrc", ".envrc", "*.{fish,ps1}", ".claude/{settings.json", ".claude.json", "devcontainer.json", "*.code-workspace", ".vscode/settings.json", ".aider.conf.yml", "*.service", ".cline/data/", "Makefile", "justfile", ".github/workflows/"]) {
      assert.ok(patterns.includes(part), part);
    }
    for (const part of [".mcp.json", ".streamlit/secrets.toml", "*.ipynb", ".claude/projects/**/*.jsonl"]) {
      assert.ok(patterns.includes(part), part);
    }
    const languages = new Set(selector.map((f) => f.language));
    for (const language of ["python", "typescript", "javascript", "shellscript", "powershell"]) {
      assert.ok(languages.has(language), language);
    }
  });
});

describe("homeWatches", () => {
  it("uses non-recursive patterns only", () => {
    for (const platform of ["linux", "darwin", "win32"]) {
      for (const watch of homeWatches(platform)) {
        assert.ok(!watch.pattern.includes("/") && !watch.pattern.includes("**"), watch.pattern);
      }
    }
  });
  it("follows the platform's folders", () => {
    const folders = (p: string) => homeWatches(p).map((w) => w.folder);
    assert.ok(folders("linux").includes(".config/Code/User"));
    assert.ok(folders("darwin").includes("Library/Application Support/Code/User"));
    assert.ok(folders("win32").includes("Documents/PowerShell"));
    assert.ok(!folders("win32").includes(".config/powershell"));
  });
});
