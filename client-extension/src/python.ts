/**
 * Which Python runs the server, whether it is good enough, and the command line that starts it.
 *
 * Order (architecture.md §14.8, the template's order without its hard dependency, as in
 * ruff-vscode): the `authlint.interpreter` setting, else the Python extension's active
 * interpreter when that extension is installed, else `python3` on PATH. Each candidate is
 * checked before the client starts by `python/launch.py check` (version >= 3.10, and every
 * module the server needs imports with the chosen `authlint.importStrategy`); the first failure
 * becomes one message that names the fix. `authlint.path` (an authlint executable) skips the
 * interpreter and is checked with `authlint --version`.
 * No VS Code import: the Python extension is reached through the small interfaces below.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { DEFAULT_PYTHON, MIN_PYTHON } from "./constants";

export type InterpreterSource = "setting" | "python-extension" | "default";

export interface Candidate {
  command: string;
  source: InterpreterSource;
}

/** What running the probe script with a candidate gave. */
export interface ProbeOutcome {
  /** Process could not be started (ENOENT, EACCES) or timed out. */
  spawnError?: string;
  exitCode?: number | null;
  stdout: string;
  stderr: string;
}

/** Where the server comes from (`authlint.importStrategy`, as in ruff-vscode). */
export type ImportStrategy = "useBundled" | "fromEnvironment";

/** The launcher's verdict (`authlint-check` line of `python/launch.py check`). */
export interface CheckResult {
  /** `bundled`, `environment`, or null when the server cannot start. */
  mode: "bundled" | "environment" | null;
  libs: string[];
  notes: string[];
  /** What is wrong (one sentence), or null. */
  problem: string | null;
  /** What to do about it (one or two sentences naming the setting or command), or null. */
  fix: string | null;
  /** This machine's VS Code target (`linux-x64` …) and the bundle's (`undefined`: no bundle). */
  target?: string;
  bundle?: string | null;
}

export interface ProbeInfo {
  version: [number, number, number];
  executable: string;
  /** Modules that did not import (`authlint.lsp.server`, `tree_sitter_bash.language` …). */
  importErrors: Record<string, string>;
  /** The launcher's verdict; absent when the interpreter is too old to run the check. */
  check?: CheckResult;
}

export type Resolution =
  | { ok: true; command: string; source: InterpreterSource; info: ProbeInfo; notes: string[] }
  | { ok: false; message: string; notes: string[] };

/** The launcher shipped in the extension (`python/launch.py`). */
export function launcherPath(extensionRoot: string): string {
  return path.join(extensionRoot, "python", "launch.py");
}

/**
 * The probe's command-line arguments: `-S <launcher> --strategy <strategy> check`.
 *
 * The check prints `authlint-probe MAJOR MINOR MICRO EXECUTABLE`, one `authlint-import-error`
 * line per module that does not import (every module the server needs and every grammar) and
 * one `authlint-check {json}` line (see `CheckResult`).
 */
export function checkArgs(extensionRoot: string, strategy: ImportStrategy): string[] {
  return ["-S", launcherPath(extensionRoot), "--strategy", strategy, "check"];
}

const PROBE_LINE = /^authlint-probe (\d+) (\d+) (\d+) ?(.*)$/m;
const IMPORT_ERROR_LINE = /^authlint-import-error (\S+) (.*)$/gm;
const CHECK_LINE = /^authlint-check (\{.*\})\s*$/m;

/**
 * The interpreters to try, best first.
 *
 * @param setting `authlint.interpreter` (blank = unset). A user's explicit choice is the only
 *   candidate: falling back silently would hide a typo.
 * @param fromPythonExtension the Python extension's active interpreter, if any.
 * @returns candidates without duplicates; never empty.
 */
export function interpreterCandidates(
  setting: string | undefined,
  fromPythonExtension: string | undefined,
): Candidate[] {
  const chosen = setting?.trim();
  if (chosen) {
    return [{ command: chosen, source: "setting" }];
  }
  const out: Candidate[] = [];
  if (fromPythonExtension?.trim()) {
    out.push({ command: fromPythonExtension.trim(), source: "python-extension" });
  }
  if (!out.some((c) => c.command === DEFAULT_PYTHON)) {
    out.push({ command: DEFAULT_PYTHON, source: "default" });
  }
  return out;
}

/** Parse the probe's stdout; `undefined` when the version line is missing. */
export function parseProbe(stdout: string): ProbeInfo | undefined {
  const match = PROBE_LINE.exec(stdout);
  if (!match) {
    return undefined;
  }
  const importErrors: Record<string, string> = {};
  for (const line of stdout.matchAll(IMPORT_ERROR_LINE)) {
    importErrors[line[1]] = line[2].trim();
  }
  const info: ProbeInfo = {
    version: [Number(match[1]), Number(match[2]), Number(match[3])],
    executable: match[4].trim(),
    importErrors,
  };
  const check = parseCheck(stdout);
  if (check) {
    info.check = check;
  }
  return info;
}

/** The `authlint-check` line as a `CheckResult`; `undefined` when missing or malformed. */
export function parseCheck(stdout: string): CheckResult | undefined {
  const match = CHECK_LINE.exec(stdout);
  if (!match) {
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(match[1]);
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== "object") {
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" && value ? value : null);
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  return {
    mode: r.mode === "bundled" || r.mode === "environment" ? r.mode : null,
    libs: strings(r.libs),
    notes: strings(r.notes),
    problem: text(r.problem),
    fix: text(r.fix),
    target: text(r.target) ?? undefined,
    bundle: text(r.bundle),
  };
}

/** Whether `version` is at least `minimum` (major, minor). */
export function isSupported(
  version: readonly number[],
  minimum: readonly [number, number] = MIN_PYTHON,
): boolean {
  const [major, minor] = version;
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

function describeSource(candidate: Candidate): string {
  switch (candidate.source) {
    case "setting":
      return `"${candidate.command}" (setting authlint.interpreter)`;
    case "python-extension":
      return `"${candidate.command}" (the Python extension's interpreter)`;
    default:
      return `"${candidate.command}" (on PATH)`;
  }
}

/**
 * Judge one candidate from its probe outcome.
 *
 * @returns the parsed probe when usable, else a one-sentence reason.
 */
export function judge(
  candidate: Candidate,
  outcome: ProbeOutcome,
): { info: ProbeInfo } | { problem: string; fix?: string } {
  const who = describeSource(candidate);
  if (outcome.spawnError) {
    return { problem: `${who} cannot be run: ${outcome.spawnError}` };
  }
  const info = parseProbe(outcome.stdout);
  if (!info) {
    const detail = firstLine(outcome.stderr) || `exit code ${outcome.exitCode}`;
    return { problem: `${who} is not a working Python: ${detail}` };
  }
  const [minMajor, minMinor] = MIN_PYTHON;
  if (!isSupported(info.version)) {
    return {
      problem: `${who} is Python ${info.version.join(".")}; authlint needs Python ${minMajor}.${minMinor} or newer`,
    };
  }
  const check = info.check;
  if (check?.problem) {
    return { problem: `${who}: ${check.problem}`, ...(check.fix ? { fix: check.fix } : {}) };
  }
  const failed = Object.keys(info.importErrors);
  if (failed.length) {
    const first = failed[0];
    return { problem: `${who} cannot import ${first}: ${info.importErrors[first]}` };
  }
  if (!check) {
    const detail = firstLine(outcome.stderr) || `exit code ${outcome.exitCode}`;
    return { problem: `${who} did not finish the start-up check: ${detail}` };
  }
  return { info };
}

function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? ""
  );
}

export interface ResolveDeps {
  setting: string | undefined;
  /** The Python extension's active interpreter (resolves `undefined` when there is none). */
  pythonExtension: () => Promise<string | undefined>;
  probe: (command: string) => Promise<ProbeOutcome>;
}

/**
 * Find the first suitable interpreter.
 *
 * @returns `ok: true` with the command and probe, or `ok: false` with a message that says what is
 *   wrong and what to do. `notes` lists rejected candidates and warnings (for the output).
 */
export async function resolveInterpreter(deps: ResolveDeps): Promise<Resolution> {
  let fromExtension: string | undefined;
  const notes: string[] = [];
  if (!deps.setting?.trim()) {
    try {
      fromExtension = await deps.pythonExtension();
    } catch (error) {
      notes.push(`the Python extension did not give an interpreter: ${String(error)}`);
    }
  }
  const problems: string[] = [];
  let fix: string | undefined;
  for (const candidate of interpreterCandidates(deps.setting, fromExtension)) {
    const verdict = judge(candidate, await deps.probe(candidate.command));
    if ("info" in verdict) {
      notes.push(...(verdict.info.check?.notes ?? []));
      return { ok: true, command: candidate.command, source: candidate.source, info: verdict.info, notes: [...notes, ...problems] };
    }
    problems.push(verdict.problem);
    fix ??= verdict.fix;
  }
  const [minMajor, minMinor] = MIN_PYTHON;
  const message =
    `authlint cannot start: ${problems.join("; ")}. ` +
    (fix ?? `Install Python ${minMajor}.${minMinor} or newer, or set "authlint.interpreter" to one.`);
  return { ok: false, message, notes: [...notes, ...problems] };
}

/**
 * Run `command args` (the start-up check, see `checkArgs`, or `authlint --version`).
 *
 * @param env the environment of the server, so the check sees what the server will see.
 * @returns stdout/stderr/exit code, or `spawnError` when it could not run; never rejects.
 */
export function runProbe(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 15000,
): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { env, timeout: timeoutMs, windowsHide: true },
      (error, stdout, stderr) => {
        const err = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
        if (err && typeof err.code === "string") {
          resolve({ spawnError: err.code === "ENOENT" ? "not found" : err.code, stdout, stderr });
        } else if (err?.killed) {
          resolve({ spawnError: `no answer within ${timeoutMs / 1000} s`, stdout, stderr });
        } else {
          resolve({ exitCode: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
        }
      },
    );
  });
}

export interface Launch {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The server's command line: `python -S <ext>/python/launch.py --strategy <strategy> server`;
 * the launcher puts the bundled libraries for that Python first on `sys.path` or uses the
 * interpreter's own authlint (see `python/launch.py`).
 */
export function serverLaunch(
  interpreter: string,
  extensionRoot: string,
  baseEnv: NodeJS.ProcessEnv,
  strategy: ImportStrategy = "useBundled",
): Launch {
  const env: NodeJS.ProcessEnv = { ...baseEnv, PYTHONUNBUFFERED: "1" };
  const args = ["-S", launcherPath(extensionRoot), "--strategy", strategy, "server"];
  return { command: interpreter, args, env };
}

/** `authlint.path`: an authlint executable started as `<path> server` (no interpreter involved). */
export function executableLaunch(executable: string, baseEnv: NodeJS.ProcessEnv): Launch {
  return { command: executable, args: ["server"], env: { ...baseEnv, PYTHONUNBUFFERED: "1" } };
}

/**
 * Judge `authlint --version` run with the `authlint.path` executable.
 *
 * @returns the version text (`authlint 0.1.0`) or one message with the fix.
 */
export function judgeExecutable(executable: string, outcome: ProbeOutcome): { version: string } | { message: string } {
  const who = `"${executable}" (setting authlint.path)`;
  const fix =
    'Install authlint there again ("python -m pip install --upgrade authlint" in its environment), ' +
    'or clear "authlint.path" to use the bundled server.';
  if (outcome.spawnError) {
    return { message: `authlint cannot start: ${who} cannot be run: ${outcome.spawnError}. ${fix}` };
  }
  const version = /^authlint \S+/m.exec(outcome.stdout);
  if (outcome.exitCode !== 0 || !version) {
    const detail = firstLine(outcome.stderr) || firstLine(outcome.stdout) || `exit code ${outcome.exitCode}`;
    return { message: `authlint cannot start: ${who} does not run: ${detail}. ${fix}` };
  }
  return { version: version[0] };
}

export function bundledLibs(extensionRoot: string): string {
  return path.join(extensionRoot, "bundled", "libs");
}

/** The parts of the Python extension's API used here (`ms-python.python` exports). */
export interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: unknown): { path: string } | undefined;
    resolveEnvironment(
      env: { path: string } | string,
    ): Promise<{ executable?: { uri?: { fsPath: string } } } | undefined>;
    onDidChangeActiveEnvironmentPath?: (listener: () => void) => { dispose(): void };
  };
}

export interface ExtensionLookup {
  getExtension(id: string):
    | { isActive: boolean; exports: unknown; activate(): Thenable<unknown> }
    | undefined;
}

export const PYTHON_EXTENSION_ID = "ms-python.python";

/** The Python extension's API, or `undefined` when it is not installed (no hard dependency). */
export async function pythonExtensionApi(
  extensions: ExtensionLookup,
): Promise<PythonExtensionApi | undefined> {
  const extension = extensions.getExtension(PYTHON_EXTENSION_ID);
  if (!extension) {
    return undefined;
  }
  const api = (extension.isActive ? extension.exports : await extension.activate()) as
    | PythonExtensionApi
    | undefined;
  return api?.environments ? api : undefined;
}

/** The Python extension's active interpreter for `resource`, if it has one. */
export async function pythonExtensionInterpreter(
  api: PythonExtensionApi | undefined,
  resource?: unknown,
): Promise<string | undefined> {
  const environments = api?.environments;
  const active = environments?.getActiveEnvironmentPath(resource);
  if (!environments || !active) {
    return undefined;
  }
  const resolved = await environments.resolveEnvironment(active);
  return resolved?.executable?.uri?.fsPath;
}
