import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  credentialsPath,
  describeResult,
  maskSecret,
  notAvailable,
  resetLogin,
  type ServerAccess,
  showVariableSource,
  type Ui,
  verifyApiKey,
  verifyTargets,
} from "../commands";
import { fakeKey } from "./keys";

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
  const dialogs: { message: string; detail: string; action: string; keep: string }[] = [];
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
    confirm: async (message, detail, action, keep) => {
      asked.push(message);
      dialogs.push({ message, detail, action, keep });
      return opts.confirm ?? false;
    },
    info: (m) => said.push(`info:${m}`),
    warn: (m) => said.push(`warn:${m}`),
    showText: (m) => said.push(`text:${m}`),
  };
  return { server, ui, calls, said, asked, dialogs };
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

describe("verifyApiKey says which key from where", () => {
  const key = fakeKey("sk-ant-api03-", 93, "AA");
  it("names the masked key, its origin and the host; the safe button is the default", async () => {
    const f = fakes({ commands: ["authlint.verifyKey"], confirm: false });
    const outcome = await verifyApiKey(f.server, f.ui, undefined, { ANTHROPIC_API_KEY: key });
    assert.equal(outcome, "cancelled");
    assert.equal(f.dialogs.length, 1);
    const dialog = f.dialogs[0];
    assert.equal(dialog.message, `Send ANTHROPIC_API_KEY (sk-ant-api03-…${key.slice(-4)}) to api.anthropic.com to check it?`);
    assert.match(dialog.detail, /^From: the environment VS Code was started with/);
    assert.equal(dialog.keep, "Don't send");
    assert.equal(dialog.action, "Send key");
    assert.ok(!JSON.stringify(f.dialogs).includes(key.slice(13, -4)), "the key body is never shown");
    assert.equal(f.calls.length, 0);
  });
  it("names every credential that would be sent and a custom host", async () => {
    const f = fakes({ commands: ["authlint.verifyKey"], confirm: true });
    const env = { ANTHROPIC_API_KEY: key, ANTHROPIC_AUTH_TOKEN: "tok-1234567890wxyz", ANTHROPIC_BASE_URL: "https://gw.example.test/v1" };
    assert.equal(await verifyApiKey(f.server, f.ui, undefined, env), "done");
    assert.match(f.dialogs[0].message, /^Send ANTHROPIC_AUTH_TOKEN \(…wxyz\) and ANTHROPIC_API_KEY \(sk-ant-api03-…/);
    assert.match(f.dialogs[0].message, /to gw\.example\.test to check them\?$/);
    assert.equal(f.calls.length, 1);
  });
  it("asks nothing and sends nothing when no credential is set", async () => {
    const f = fakes({ commands: ["authlint.verifyKey"], confirm: true });
    assert.equal(await verifyApiKey(f.server, f.ui, undefined, { ANTHROPIC_API_KEY: "  ", PATH: "/bin" }), "nothing");
    assert.equal(f.dialogs.length, 0);
    assert.equal(f.calls.length, 0);
    assert.match(f.said[0], /^info:authlint: nothing to verify/);
  });
});

describe("maskSecret and verifyTargets", () => {
  it("masks like the server", () => {
    assert.equal(maskSecret(fakeKey("sk-ant-api03-", 93, "AA")).slice(0, 14), "sk-ant-api03-…");
    assert.equal(maskSecret("sk-ant-api03-short"), "sk-ant-api03-…");
    assert.equal(maskSecret("abcdefghijklmnop"), "…mnop");
    assert.equal(maskSecret(""), "");
  });
  it("reports a bad base URL instead of throwing", () => {
    assert.equal(verifyTargets({ ANTHROPIC_BASE_URL: "not a url" }).host, "ANTHROPIC_BASE_URL (not a valid URL)");
  });
});

describe("credentialsPath", () => {
  it("follows CLAUDE_CONFIG_DIR like the server", () => {
    assert.equal(credentialsPath("/h", {}), "/h/.claude/.credentials.json");
    assert.equal(credentialsPath("/h", { CLAUDE_CONFIG_DIR: "~/cfg" }), "/h/cfg/.credentials.json");
    assert.equal(credentialsPath("/h", { CLAUDE_CONFIG_DIR: "/etc/claude/" }), "/etc/claude/.credentials.json");
  });
});

describe("resetLogin", () => {
  it("offers nothing when there is no login file", async () => {
    const f = fakes({ commands: ["authlint.resetClaudeLogin"], confirm: true });
    assert.equal(await resetLogin(f.server, f.ui, null), "nothing");
    assert.equal(f.dialogs.length, 0);
    assert.equal(f.calls.length, 0);
    assert.match(f.said[0], /no Claude Code login to reset/);
  });
  it("names the file and keeps the login by default", async () => {
    const f = fakes({ commands: ["authlint.resetClaudeLogin"], confirm: false });
    assert.equal(await resetLogin(f.server, f.ui, "/h/.claude/.credentials.json"), "cancelled");
    assert.match(f.dialogs[0].detail, /moves Claude Code's \/h\/\.claude\/\.credentials\.json to a timestamped backup/);
    assert.equal(f.dialogs[0].keep, "Keep login");
  });
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
