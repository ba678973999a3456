import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  countDiagnostics,
  type Counts,
  CredentialRefresher,
  type CredentialSummary,
  parseCredentialSummary,
  Severity,
  StatusView,
  summarise,
  type Timers,
} from "../status";

const none: Counts = { errors: 0, warnings: 0, infos: 0, files: 0 };

describe("countDiagnostics", () => {
  it("counts only authlint's diagnostics, by severity and file", () => {
    const counts = countDiagnostics([
      ["file:///w/.env", [
        { source: "authlint", severity: Severity.Error },
        { source: "Pylance", severity: Severity.Error },
      ]],
      ["file:///w/app.py", [
        { source: "authlint", severity: Severity.Warning },
        { source: "authlint", severity: Severity.Information },
      ]],
      ["file:///w/README.md", [{ source: "cSpell", severity: Severity.Information }]],
    ]);
    assert.deepEqual(counts, { errors: 1, warnings: 1, infos: 1, files: 2 });
  });
});

describe("summarise", () => {
  it("says there are no problems", () => {
    const s = summarise("running", none);
    assert.equal(s.text, "Claude auth: no problems ✓");
    assert.equal(s.tone, "none");
  });
  it("counts problems, singular and plural", () => {
    assert.equal(summarise("running", { ...none, errors: 1, files: 1 }).text, "Claude auth: 1 problem");
    const two = summarise("running", { errors: 1, warnings: 1, infos: 0, files: 2 });
    assert.equal(two.text, "Claude auth: 2 problems");
    assert.equal(two.tooltip, "authlint: 1 error, 1 warning in 2 files. Click to open Problems.");
    assert.equal(two.tone, "error");
    assert.equal(two.command, "workbench.actions.view.problems");
    assert.equal(summarise("running", { ...none, warnings: 3, files: 1 }).tone, "warning");
  });
  it("says when nothing is checked, with the reason as tooltip", () => {
    const s = summarise("failed", { ...none, errors: 4 }, "Python 3.8 is too old");
    assert.equal(s.text, "$(error) Claude auth: not checked");
    assert.equal(s.tooltip, "Python 3.8 is too old");
    assert.equal(s.command, "authlint.showOutput");
  });
  it("hides the item when disabled", () => {
    assert.equal(summarise("disabled", none).visible, false);
  });
});

describe("StatusView", () => {
  it("renders into the item it is given", () => {
    const shown: boolean[] = [];
    const item = {
      text: "",
      tooltip: undefined as unknown,
      command: undefined as unknown,
      backgroundColor: undefined as unknown,
      name: undefined as string | undefined,
      show: () => shown.push(true),
      hide: () => shown.push(false),
    };
    const view = new StatusView(item, (id) => `color:${id}`);
    view.setState("running");
    view.setCounts({ errors: 2, warnings: 0, infos: 0, files: 1 });
    assert.equal(item.text, "Claude auth: 2 problems");
    assert.equal(item.backgroundColor, "color:statusBarItem.errorBackground");
    view.setCounts(none);
    assert.equal(item.text, "Claude auth: no problems ✓");
    assert.equal(item.backgroundColor, undefined);
    view.setState("disabled");
    assert.equal(shown.at(-1), false);
  });
});

const fromDotenv: CredentialSummary = {
  text: "key from .env",
  ok: true,
  tooltip: "Python program app.py: `.env:1` → `sk-ant-api03-…Q2AA`",
};

describe("summarise with a credential", () => {
  it("names the credential when there are no problems", () => {
    const s = summarise("running", none, "", fromDotenv);
    assert.equal(s.text, "Claude auth: key from .env ✓");
    assert.equal(
      s.tooltip,
      "Python program app.py: `.env:1` → `sk-ant-api03-…Q2AA`\n\n" +
        "authlint found no credential problems in the open files",
    );
    assert.equal(s.tone, "none");
  });
  it("has no check mark when no credential was found", () => {
    const missing = { text: "no key found", ok: false, tooltip: "" };
    const s = summarise("running", none, "", missing);
    assert.equal(s.text, "Claude auth: no key found");
    assert.equal(s.tooltip, "authlint found no credential problems in the open files");
  });
  it("shows a failing outcome instead of the count, and never a check mark", () => {
    const failing: CredentialSummary = {
      text: "claude: 401 ← ~/.zshrc:28",
      ok: false,
      failing: true,
      tooltip: "claude: 401 ← ~/.zshrc:28 (Invalid API key)",
    };
    const s = summarise("running", { ...none, errors: 2, files: 1 }, "", failing);
    assert.equal(s.text, "Claude auth: claude: 401 ← ~/.zshrc:28");
    assert.equal(s.tone, "error");
    assert.equal(
      s.tooltip,
      "claude: 401 ← ~/.zshrc:28 (Invalid API key)\n\n" +
        "authlint: 2 problems in 1 file. Click to open Problems.",
    );
    assert.equal(summarise("running", none, "", failing).text, "Claude auth: claude: 401 ← ~/.zshrc:28");
    assert.equal(summarise("failed", none, "", failing).text, "$(error) Claude auth: not checked");
  });
  it("keeps counting problems, and the server state wins", () => {
    const problems = summarise("running", { ...none, errors: 2, files: 1 }, "", fromDotenv);
    assert.equal(problems.text, "Claude auth: 2 problems");
    assert.equal(summarise("starting", none, "", fromDotenv).text, "$(sync~spin) Claude auth: checking…");
  });
});

describe("parseCredentialSummary", () => {
  it("accepts the command's answer and rejects other shapes", () => {
    assert.deepEqual(parseCredentialSummary({ ...fromDotenv, extra: 1 }), fromDotenv);
    assert.deepEqual(parseCredentialSummary({ text: "no key found", ok: false }), {
      text: "no key found",
      ok: false,
      tooltip: "",
    });
    assert.deepEqual(parseCredentialSummary({ text: "x", ok: false, failing: true }), {
      text: "x",
      ok: false,
      tooltip: "",
      failing: true,
    });
    for (const bad of [undefined, null, "key from .env", { text: "", ok: true }, { text: "x", ok: "yes" }]) {
      assert.equal(parseCredentialSummary(bad), undefined);
    }
  });
});

function fakeItem() {
  return {
    text: "",
    tooltip: undefined as unknown,
    command: undefined as unknown,
    backgroundColor: undefined as unknown,
    name: undefined as string | undefined,
    show: () => undefined,
    hide: () => undefined,
  };
}

describe("StatusView with a credential", () => {
  it("shows it with no problems, forgets it when the server stops, and reports state changes", () => {
    const item = fakeItem();
    const view = new StatusView(item, (id) => id);
    const states: string[] = [];
    view.onStateChange = (state) => states.push(state);
    view.setState("running");
    view.setCredential(fromDotenv);
    assert.equal(item.text, "Claude auth: key from .env ✓");
    view.setCounts({ errors: 0, warnings: 1, infos: 0, files: 1 });
    assert.equal(item.text, "Claude auth: 1 problem");
    view.setCounts(none);
    assert.equal(item.text, "Claude auth: key from .env ✓");
    view.setState("starting");
    view.setState("running");
    assert.equal(item.text, "Claude auth: no problems ✓");
    assert.deepEqual(states, ["running", "starting", "running"]);
  });
});

/** Timers that fire only when the test says so. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    set: (callback) => {
      next += 1;
      pending.set(next, callback);
      return next;
    },
    clear: (handle) => void pending.delete(handle as number),
  };
  return {
    timers,
    pending,
    fire: () => {
      const callbacks = [...pending.values()];
      pending.clear();
      callbacks.forEach((callback) => callback());
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("CredentialRefresher", () => {
  it("debounces: a burst of diagnostics changes asks the server once", async () => {
    const clock = manualTimers();
    let calls = 0;
    const applied: (CredentialSummary | undefined)[] = [];
    const refresher = new CredentialRefresher(
      {
        available: () => true,
        fetch: async () => {
          calls += 1;
          return fromDotenv;
        },
      },
      (c) => applied.push(c),
      500,
      clock.timers,
    );
    refresher.schedule();
    refresher.schedule();
    refresher.schedule();
    assert.equal(clock.pending.size, 1);
    assert.equal(calls, 0);
    clock.fire();
    await settle();
    assert.equal(calls, 1);
    assert.deepEqual(applied, [fromDotenv]);
  });

  it("does not call a server that does not offer the command", async () => {
    let calls = 0;
    const applied: (CredentialSummary | undefined)[] = [];
    const refresher = new CredentialRefresher(
      {
        available: () => false,
        fetch: async () => {
          calls += 1;
        },
      },
      (c) => applied.push(c),
    );
    await refresher.refresh();
    assert.equal(calls, 0);
    assert.deepEqual(applied, [undefined]);
  });

  it("drops an answer overtaken by a newer request, and a failure clears the credential", async () => {
    const answers: ((value: unknown) => void)[] = [];
    let fail = false;
    const applied: (CredentialSummary | undefined)[] = [];
    const refresher = new CredentialRefresher(
      {
        available: () => true,
        fetch: () =>
          fail ? Promise.reject(new Error("gone")) : new Promise((resolve) => answers.push(resolve)),
      },
      (c) => applied.push(c),
    );
    const first = refresher.refresh();
    const second = refresher.refresh();
    answers[1]({ text: "token from ~/.claude/settings.json", ok: true, tooltip: "" });
    answers[0](fromDotenv);
    await Promise.all([first, second]);
    assert.deepEqual(applied, [{ text: "token from ~/.claude/settings.json", ok: true, tooltip: "" }]);
    fail = true;
    await refresher.refresh();
    assert.deepEqual(applied.at(-1), undefined);
    assert.equal(applied.length, 2);
  });
});
