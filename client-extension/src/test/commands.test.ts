import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeResult, notAvailable, resetLogin, type ServerAccess, showVariableSource, type Ui, verifyApiKey } from "../commands";

function fakes(opts: {
  running?: boolean;
  commands?: string[];
  confirm?: boolean;
  fail?: boolean;
  answer?: unknown;
}) {
  const calls: { command: string; args: unknown[] }[] = [];
  const said: string[] = [];
  const asked: string[] = [];
  const server: ServerAccess = {
    running: () => opts.running ?? true,
    commands: () => opts.commands ?? [],
    execute: async (command, args) => {
      calls.push({ command, args });
      if (opts.fail) {
        throw new Error("Internal error");
      }
      return opts.answer ?? { message: "done", backup: "/h/.claude/.credentials.json.bak" };
    },
  };
  const ui: Ui = {
    confirm: async (message) => {
      asked.push(message);
      return opts.confirm ?? false;
    },
    info: (m) => said.push(`info:${m}`),
    warn: (m) => said.push(`warn:${m}`),
    showText: (m) => said.push(`text:${m}`),
  };
  return { server, ui, calls, said, asked };
}

describe("verifyApiKey", () => {
  it("says the command is not available when the server does not advertise it", async () => {
    const f = fakes({ commands: ["authlint.resetClaudeLogin"], confirm: true });
    assert.equal(await verifyApiKey(f.server, f.ui, "file:///w/.env"), "unavailable");
    assert.deepEqual(f.said, [`warn:${notAvailable("authlint.verifyKey")}`]);
    assert.match(f.said[0], /not available in this server version/);
    assert.equal(f.calls.length, 0);
    assert.equal(f.asked.length, 0);
  });
  it("sends nothing when the user does not confirm", async () => {
    const f = fakes({ commands: ["authlint.verifyKey"], confirm: false });
    assert.equal(await verifyApiKey(f.server, f.ui, "file:///w/.env"), "cancelled");
    assert.equal(f.asked.length, 1);
    assert.equal(f.calls.length, 0);
  });
  it("asks, then executes with the document", async () => {
    const f = fakes({ commands: ["authlint.verifyKey"], confirm: true });
    assert.equal(await verifyApiKey(f.server, f.ui, "file:///w/.env"), "done");
    assert.deepEqual(f.calls, [{ command: "authlint.verifyKey", args: ["file:///w/.env"] }]);
  });
  it("says when the server is not running", async () => {
    const f = fakes({ running: false, commands: ["authlint.verifyKey"], confirm: true });
    assert.equal(await verifyApiKey(f.server, f.ui), "not-running");
    assert.equal(f.calls.length, 0);
  });
});

describe("resetLogin", () => {
  it("confirms before resetting, then reports the server's answer", async () => {
    const f = fakes({ commands: ["authlint.resetClaudeLogin"], confirm: true });
    assert.equal(await resetLogin(f.server, f.ui), "done");
    assert.deepEqual(f.asked, ["Reset the Claude Code login?"]);
    assert.deepEqual(f.calls, [{ command: "authlint.resetClaudeLogin", args: [] }]);
    assert.match(f.said[0], /^text:Reset Claude Code login:\ndone/);
  });
  it("does nothing when the user says no", async () => {
    const f = fakes({ commands: ["authlint.resetClaudeLogin"], confirm: false });
    assert.equal(await resetLogin(f.server, f.ui), "cancelled");
    assert.equal(f.calls.length, 0);
  });
  it("reports a failing server command", async () => {
    const f = fakes({ commands: ["authlint.resetClaudeLogin"], confirm: true, fail: true });
    assert.equal(await resetLogin(f.server, f.ui), "failed");
    assert.deepEqual(f.said, ["warn:authlint: authlint.resetClaudeLogin failed: Internal error"]);
  });
});

describe("showVariableSource", () => {
  it("is unavailable until the server offers authlint.explainVariable", async () => {
    const f = fakes({ commands: ["authlint.resetClaudeLogin"] });
    assert.equal(await showVariableSource(f.server, f.ui), "unavailable");
    assert.equal(f.calls.length, 0);
  });
  it("asks the server with the variable and document, without a confirmation", async () => {
    const f = fakes({ commands: ["authlint.explainVariable"] });
    assert.equal(await showVariableSource(f.server, f.ui, "file:///w/app.py"), "done");
    assert.deepEqual(f.calls, [{ command: "authlint.explainVariable", args: ["ANTHROPIC_API_KEY", "file:///w/app.py"] }]);
    assert.equal(f.asked.length, 0);
  });
  it("shows the chain message without the structured contexts", async () => {
    const f = fakes({
      commands: ["authlint.explainVariable"],
      answer: { message: "✓ ~/.zshrc:1 wins", contexts: [{ context: "python" }] },
    });
    await showVariableSource(f.server, f.ui);
    assert.deepEqual(f.said, ["text:Where ANTHROPIC_API_KEY comes from:\n✓ ~/.zshrc:1 wins"]);
  });
});

describe("describeResult", () => {
  it("renders strings, messages and objects", () => {
    assert.equal(describeResult("from .env"), "from .env");
    assert.equal(describeResult({ message: "moved" }), "moved");
    assert.equal(describeResult(null), "(no answer)");
    assert.equal(describeResult([1]), "[\n  1\n]");
  });
});
