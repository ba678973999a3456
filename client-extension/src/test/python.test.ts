import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import {
  checkArgs,
  executableLaunch,
  interpreterCandidates,
  isSupported,
  judge,
  judgeExecutable,
  parseCheck,
  parseProbe,
  type ProbeOutcome,
  pythonExtensionInterpreter,
  resolveInterpreter,
  runProbe,
  serverLaunch,
} from "../python";

const EXTENSION_ROOT = path.join(__dirname, "..", "..");
const HAS_BUNDLE = fs.existsSync(path.join(EXTENSION_ROOT, "bundled", "libs", "bundle.json"));

function fakePython(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

const CHECK_OK = 'authlint-check {"mode": "bundled", "libs": [], "notes": [], "problem": null, "fix": null}\n';
const probeOk = (v: string, extra = "", check = CHECK_OK): ProbeOutcome => ({
  exitCode: 0,
  stdout: `authlint-probe ${v.split(".").join(" ")} /usr/bin/python${v}\n${extra}${check}`,
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
  it("refuses a Python that cannot import a module, naming the module", () => {
    const verdict = judge(candidate, probeOk("3.11.2", "authlint-import-error cattrs ModuleNotFoundError: x\n"));
    assert.deepEqual(verdict, { problem: '"python3" (on PATH) cannot import cattrs: ModuleNotFoundError: x' });
  });
  it("passes on the launcher's problem and fix", () => {
    const check =
      'authlint-check {"mode": null, "problem": "authlint is not installed in /v/bin/python (Python 3.12)", ' +
      '"fix": "Run \\"/v/bin/python -m pip install authlint\\"."}\n';
    const verdict = judge(candidate, probeOk("3.12.0", "", check));
    assert.deepEqual(verdict, {
      problem: '"python3" (on PATH): authlint is not installed in /v/bin/python (Python 3.12)',
      fix: 'Run "/v/bin/python -m pip install authlint".',
    });
  });
  it("refuses a Python whose check stopped half-way", () => {
    const verdict = judge(candidate, { exitCode: 1, stdout: "authlint-probe 3 12 0 /p\n", stderr: "Killed\n" });
    assert.deepEqual(verdict, { problem: '"python3" (on PATH) did not finish the start-up check: Killed' });
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
  it("gives one message with the launcher's fix when nothing works", async () => {
    const check =
      'authlint-check {"mode": null, "problem": "the extension bundles authlint for Python 3.10, 3.11 only", ' +
      '"fix": "Set \\"authlint.interpreter\\" to a Python 3.10, 3.11."}\n';
    const result = await resolveInterpreter({
      setting: "/opt/py3.15",
      pythonExtension: async () => undefined,
      probe: probes({ "/opt/py3.15": probeOk("3.15.0", "", check) }),
    });
    assert.equal(result.ok, false);
    assert.equal(
      !result.ok && result.message,
      'authlint cannot start: "/opt/py3.15" (setting authlint.interpreter): the extension bundles authlint ' +
        'for Python 3.10, 3.11 only. Set "authlint.interpreter" to a Python 3.10, 3.11.',
    );
  });
  it("passes the launcher's notes on", async () => {
    const check = 'authlint-check {"mode": "environment", "notes": ["using the authlint installed in /p"]}\n';
    const result = await resolveInterpreter({
      setting: "",
      pythonExtension: async () => undefined,
      probe: probes({ python3: probeOk("3.14.0", "", check) }),
    });
    assert.ok(result.ok && result.info.check?.mode === "environment");
    assert.deepEqual(result.notes, ["using the authlint installed in /p"]);
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
  it("checks a real python3 against the real bundle", { skip: !unix || !HAS_BUNDLE }, async (t) => {
    const outcome = await runProbe("python3", checkArgs(EXTENSION_ROOT, "useBundled"), process.env, 60000);
    if (outcome.spawnError) {
      t.skip("no python3 on PATH");
      return;
    }
    const info = parseProbe(outcome.stdout);
    assert.ok(info && info.version[0] === 3 && info.executable.length > 0, outcome.stdout + outcome.stderr);
    assert.deepEqual(info.importErrors, {});
    assert.equal(info.check?.mode, "bundled");
    assert.equal(info.check?.problem, null);
    const verdict = judge({ command: "python3", source: "default" }, outcome);
    assert.ok("info" in verdict);
  });
  it("names the missing module and the fix for a bundle without it", { skip: !unix || !HAS_BUNDLE }, async (t) => {
    // A copy of the extension whose bundle lacks pygls for this Python: the check names it.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "authlint-ext-"));
    fs.cpSync(path.join(EXTENSION_ROOT, "python"), path.join(copy, "python"), { recursive: true });
    fs.cpSync(path.join(EXTENSION_ROOT, "bundled"), path.join(copy, "bundled"), { recursive: true });
    fs.rmSync(path.join(copy, "bundled", "libs", "common", "pygls"), { recursive: true, force: true });
    const outcome = await runProbe("python3", checkArgs(copy, "useBundled"), process.env, 60000);
    fs.rmSync(copy, { recursive: true, force: true });
    if (outcome.spawnError) {
      t.skip("no python3 on PATH");
      return;
    }
    const verdict = judge({ command: "python3", source: "default" }, outcome);
    assert.ok("problem" in verdict, outcome.stdout);
    assert.match(verdict.problem, /the bundled authlint does not load in Python 3\.\d+ .*pygls\.lsp\.server cannot be imported \(ModuleNotFoundError: No module named 'pygls'\)/);
    assert.match(verdict.fix ?? "", /Reinstall the authlint extension/);
  });
});

describe("serverLaunch", () => {
  it("starts the launcher isolated (-S) with the import strategy", () => {
    const launch = serverLaunch("/usr/bin/python3", "/ext", { PATH: "/bin" }, "fromEnvironment");
    assert.equal(launch.command, "/usr/bin/python3");
    assert.deepEqual(launch.args, ["-S", path.join("/ext", "python", "launch.py"), "--strategy", "fromEnvironment", "server"]);
    assert.equal(launch.env.PATH, "/bin");
    assert.equal(launch.env.PYTHONUNBUFFERED, "1");
  });
  it("uses the bundled libraries by default", () => {
    assert.ok(serverLaunch("python3", "/ext", {}).args.includes("useBundled"));
    assert.deepEqual(checkArgs("/ext", "useBundled"), ["-S", path.join("/ext", "python", "launch.py"), "--strategy", "useBundled", "check"]);
  });
  it("runs an authlint.path executable directly", () => {
    assert.deepEqual(executableLaunch("/home/u/.local/bin/authlint", { A: "1" }), {
      command: "/home/u/.local/bin/authlint",
      args: ["server"],
      env: { A: "1", PYTHONUNBUFFERED: "1" },
    });
  });
});

describe("judgeExecutable (authlint.path)", () => {
  it("accepts a working authlint", () => {
    assert.deepEqual(judgeExecutable("/b/authlint", { exitCode: 0, stdout: "authlint 0.1.0\n", stderr: "" }), {
      version: "authlint 0.1.0",
    });
  });
  it("names a missing executable and the fix", () => {
    const verdict = judgeExecutable("/b/authlint", { spawnError: "not found", stdout: "", stderr: "" });
    assert.ok("message" in verdict);
    assert.match(verdict.message, /^authlint cannot start: "\/b\/authlint" \(setting authlint.path\) cannot be run: not found\. /);
    assert.match(verdict.message, /clear "authlint.path"/);
  });
  it("names the last line of a crash, not the traceback", () => {
    const stderr = "Traceback (most recent call last):\n  File x\nModuleNotFoundError: No module named 'exceptiongroup'\n";
    const verdict = judgeExecutable("/b/authlint", { exitCode: 1, stdout: "", stderr });
    assert.ok("message" in verdict);
    assert.match(verdict.message, /does not run: ModuleNotFoundError: No module named 'exceptiongroup'\. Install/);
    assert.doesNotMatch(verdict.message, /Traceback/);
  });
});

describe("parseCheck", () => {
  it("reads the verdict and drops mistyped fields", () => {
    assert.deepEqual(parseCheck('x\nauthlint-check {"mode": "weird", "libs": ["/a", 3], "problem": "", "fix": 1}\n'), {
      mode: null,
      libs: ["/a"],
      notes: [],
      problem: null,
      fix: null,
      target: undefined,
      bundle: null,
    });
    assert.equal(parseCheck("authlint-check {not json}\n"), undefined);
    assert.equal(parseCheck("nothing"), undefined);
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
