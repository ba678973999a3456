import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import {
  interpreterCandidates,
  isSupported,
  judge,
  parseProbe,
  type ProbeOutcome,
  pythonExtensionInterpreter,
  resolveInterpreter,
  runProbe,
  serverLaunch,
} from "../python";

function fakePython(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

const probeOk = (v: string, extra = ""): ProbeOutcome => ({
  exitCode: 0,
  stdout: `authlint-probe ${v.split(".").join(" ")} /usr/bin/python${v}\n${extra}`,
  stderr: "",
});

describe("interpreterCandidates", () => {
  const table: [string | undefined, string | undefined, string[]][] = [
    ["/opt/py/bin/python", "/venv/bin/python", ["/opt/py/bin/python"]],
    ["  ", "/venv/bin/python", ["/venv/bin/python", "python3"]],
    [undefined, undefined, ["python3"]],
    ["", "python3", ["python3"]],
  ];
  for (const [setting, fromExtension, expected] of table) {
    it(`setting=${JSON.stringify(setting)} extension=${JSON.stringify(fromExtension)}`, () => {
      assert.deepEqual(
        interpreterCandidates(setting, fromExtension).map((c) => c.command),
        expected,
      );
    });
  }
});

describe("parseProbe and isSupported", () => {
  it("reads the version, executable and import errors", () => {
    const info = parseProbe(
      "authlint-probe 3 12 1 /usr/bin/python3.12\nauthlint-import-error tree_sitter ImportError boom\n",
    );
    assert.deepEqual(info, {
      version: [3, 12, 1],
      executable: "/usr/bin/python3.12",
      importErrors: { tree_sitter: "ImportError boom" },
    });
  });
  it("returns undefined without the probe line", () => {
    assert.equal(parseProbe("Python 3.12.1\n"), undefined);
  });
  const versions: [number[], boolean][] = [
    [[2, 7, 18], false],
    [[3, 8, 10], false],
    [[3, 9, 19], false],
    [[3, 10, 0], true],
    [[3, 13, 2], true],
    [[4, 0, 0], true],
  ];
  for (const [version, ok] of versions) {
    it(`${version.join(".")} supported: ${ok}`, () => assert.equal(isSupported(version), ok));
  }
});

describe("judge", () => {
  const candidate = { command: "python3", source: "default" as const };
  it("says when the interpreter is missing", () => {
    const verdict = judge(candidate, { spawnError: "not found", stdout: "", stderr: "" });
    assert.deepEqual(verdict, { problem: '"python3" (on PATH) cannot be run: not found' });
  });
  it("says when the interpreter is too old", () => {
    const verdict = judge({ command: "/x/py", source: "setting" }, probeOk("3.8.10"));
    assert.deepEqual(verdict, {
      problem:
        '"/x/py" (setting authlint.interpreter) is Python 3.8.10; authlint needs Python 3.10 or newer',
    });
  });
  it("says when the output is not a Python's", () => {
    const verdict = judge(candidate, { exitCode: 2, stdout: "", stderr: "usage: foo\nbad option -S\n" });
    assert.deepEqual(verdict, { problem: '"python3" (on PATH) is not a working Python: bad option -S' });
  });
  it("refuses a Python that cannot import the bundled server", () => {
    const verdict = judge(candidate, probeOk("3.11.2", "authlint-import-error authlint ModuleNotFoundError x\n"));
    assert.ok("problem" in verdict && verdict.problem.includes("cannot import the authlint server"));
  });
  it("accepts 3.10", () => {
    assert.ok("info" in judge(candidate, probeOk("3.10.0")));
  });
});

describe("resolveInterpreter", () => {
  const probes = (table: Record<string, ProbeOutcome>) => async (command: string) =>
    table[command] ?? { spawnError: "not found", stdout: "", stderr: "" };

  it("uses the setting and nothing else", async () => {
    let asked = false;
    const result = await resolveInterpreter({
      setting: "/old/python",
      pythonExtension: async () => {
        asked = true;
        return "/venv/bin/python";
      },
      probe: probes({ "/old/python": probeOk("3.9.2"), python3: probeOk("3.12.0") }),
    });
    assert.equal(asked, false);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.message.includes("Python 3.9.2; authlint needs Python 3.10 or newer"));
    assert.ok(!result.ok && result.message.includes('set "authlint.interpreter"'));
  });
  it("falls back from a too old Python-extension interpreter to python3", async () => {
    const result = await resolveInterpreter({
      setting: "",
      pythonExtension: async () => "/venv/bin/python",
      probe: probes({ "/venv/bin/python": probeOk("3.8.0"), python3: probeOk("3.11.4") }),
    });
    assert.ok(result.ok);
    assert.equal(result.ok && result.command, "python3");
    assert.equal(result.ok && result.source, "default");
    assert.match(result.notes.join("\n"), /Python extension's interpreter\) is Python 3\.8\.0/);
  });
  it("prefers the Python extension's interpreter", async () => {
    const result = await resolveInterpreter({
      setting: undefined,
      pythonExtension: async () => "/venv/bin/python",
      probe: probes({ "/venv/bin/python": probeOk("3.12.0"), python3: probeOk("3.11.4") }),
    });
    assert.ok(result.ok && result.command === "/venv/bin/python" && result.source === "python-extension");
  });
  it("survives a failing Python extension and reports no Python at all", async () => {
    const result = await resolveInterpreter({
      setting: undefined,
      pythonExtension: async () => {
        throw new Error("activation failed");
      },
      probe: probes({}),
    });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.message.startsWith('authlint cannot start: "python3" (on PATH) cannot be run: not found'));
    assert.match(result.notes[0], /activation failed/);
  });
  it("warns when the bundled parsers do not load", async () => {
    const result = await resolveInterpreter({
      setting: "",
      pythonExtension: async () => undefined,
      probe: probes({ python3: probeOk("3.14.0", "authlint-import-error tree_sitter ImportError no .so\n") }),
    });
    assert.ok(result.ok);
    assert.match(result.notes.join(), /bundled parsers do not load in Python 3\.14\.0/);
  });
});

describe("runProbe with real processes", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "authlint-probe-"));
  const unix = process.platform !== "win32";

  it("reports a missing interpreter", { skip: !unix }, async () => {
    const outcome = await runProbe(path.join(dir, "no-such-python"), [], process.env);
    assert.equal(outcome.spawnError, "not found");
  });
  it("reports a too old interpreter", { skip: !unix }, async () => {
    const old = fakePython(dir, "python3.8", `echo "authlint-probe 3 8 18 $0"`);
    const outcome = await runProbe(old, [], process.env);
    const verdict = judge({ command: old, source: "setting" }, outcome);
    assert.ok("problem" in verdict && verdict.problem.endsWith("is Python 3.8.18; authlint needs Python 3.10 or newer"));
  });
  it("reports an interpreter that fails", { skip: !unix }, async () => {
    const broken = fakePython(dir, "broken", `echo "Fatal Python error: init_fs_encoding" >&2; exit 1`);
    const verdict = judge({ command: broken, source: "setting" }, await runProbe(broken, ["-S"], process.env));
    assert.ok("problem" in verdict && verdict.problem.endsWith("is not a working Python: Fatal Python error: init_fs_encoding"));
  });
  it("reports an interpreter that hangs", { skip: !unix }, async () => {
    const hang = fakePython(dir, "hang", "exec sleep 5");
    const outcome = await runProbe(hang, [], process.env, 300);
    assert.equal(outcome.spawnError, "no answer within 0.3 s");
  });
  it("probes a real python3", { skip: !unix }, async (t) => {
    const outcome = await runProbe("python3", [], process.env);
    if (outcome.spawnError) {
      t.skip("no python3 on PATH");
      return;
    }
    const info = parseProbe(outcome.stdout);
    assert.ok(info && info.version[0] === 3 && info.executable.length > 0);
  });
});

describe("serverLaunch", () => {
  it("isolates the interpreter and uses the bundled libraries when they exist", () => {
    const launch = serverLaunch("/usr/bin/python3", "/ext", { PATH: "/bin", PYTHONPATH: "/user/site" }, () => true);
    assert.deepEqual(launch.args, ["-S", "-m", "authlint", "server"]);
    assert.equal(launch.env.PYTHONPATH, path.join("/ext", "bundled", "libs"));
    assert.equal(launch.env.PATH, "/bin");
  });
  it("uses the interpreter's own authlint without a bundle (development)", () => {
    const launch = serverLaunch("python3", "/ext", { PYTHONPATH: "/src" }, () => false);
    assert.deepEqual(launch.args, ["-m", "authlint", "server"]);
    assert.equal(launch.env.PYTHONPATH, "/src");
  });
});

describe("pythonExtensionInterpreter", () => {
  it("resolves the active environment's executable", async () => {
    const api = {
      environments: {
        getActiveEnvironmentPath: () => ({ path: "/proj/.venv" }),
        resolveEnvironment: async () => ({ executable: { uri: { fsPath: "/proj/.venv/bin/python" } } }),
      },
    };
    assert.equal(await pythonExtensionInterpreter(api), "/proj/.venv/bin/python");
  });
  it("gives nothing without the extension or an unresolvable environment", async () => {
    assert.equal(await pythonExtensionInterpreter(undefined), undefined);
    const api = {
      environments: {
        getActiveEnvironmentPath: () => ({ path: "/gone" }),
        resolveEnvironment: async () => undefined,
      },
    };
    assert.equal(await pythonExtensionInterpreter(api), undefined);
  });
});
