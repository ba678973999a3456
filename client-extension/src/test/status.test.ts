import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countDiagnostics, type Counts, Severity, StatusView, summarise } from "../status";

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
