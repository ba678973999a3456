/**
 * Which Python runs the server, whether it is good enough, and the command line that starts it.
 *
 * Order (architecture.md §14.8, the template's order without its hard dependency, as in
 * ruff-vscode): the `authlint.interpreter` setting, else the Python extension's active
 * interpreter when that extension is installed, else `python3` on PATH. Each candidate is
 * probed (version >= 3.10, and the bundled server importable) before the client starts.
 * No VS Code import: the Python extension is reached through the small interfaces below.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
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

export interface ProbeInfo {
  version: [number, number, number];
  executable: string;
  /** Import errors of the bundled server (`authlint`) and its parsers (`tree_sitter`). */
  importErrors: Record<string, string>;
}

export type Resolution =
  | { ok: true; command: string; source: InterpreterSource; info: ProbeInfo; notes: string[] }
  | { ok: false; message: string; notes: string[] };

/** The probe: one line with the version and executable, then one line per failed import. */
export const PROBE_SCRIPT = [
  "import sys",
  "print('authlint-probe', *sys.version_info[:3], sys.executable)",
  "for name in ('authlint', 'tree_sitter'):",
  "    try:",
  "        __import__(name)",
  "    except Exception as error:",
  "        print('authlint-import-error', name, type(error).__name__, error)",
].join("\n");

const PROBE_LINE = /^authlint-probe (\d+) (\d+) (\d+) ?(.*)$/m;
const IMPORT_ERROR_LINE = /^authlint-import-error (\S+) (.*)$/gm;

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
  return {
    version: [Number(match[1]), Number(match[2]), Number(match[3])],
    executable: match[4].trim(),
    importErrors,
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
): { info: ProbeInfo } | { problem: string } {
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
  if (info.importErrors.authlint) {
    return { problem: `${who} cannot import the authlint server: ${info.importErrors.authlint}` };
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
  for (const candidate of interpreterCandidates(deps.setting, fromExtension)) {
    const verdict = judge(candidate, await deps.probe(candidate.command));
    if ("info" in verdict) {
      if (verdict.info.importErrors.tree_sitter) {
        notes.push(
          `the bundled parsers do not load in Python ${verdict.info.version.join(".")} ` +
            `(${verdict.info.importErrors.tree_sitter}); shell profiles and SDK code will not be checked`,
        );
      }
      return { ok: true, command: candidate.command, source: candidate.source, info: verdict.info, notes: [...notes, ...problems] };
    }
    problems.push(verdict.problem);
  }
  const [minMajor, minMinor] = MIN_PYTHON;
  const message =
    `authlint cannot start: ${problems.join("; ")}. ` +
    `Install Python ${minMajor}.${minMinor} or newer, or set "authlint.interpreter" to one.`;
  return { ok: false, message, notes: [...notes, ...problems] };
}

/**
 * Run the probe with `command`.
 *
 * @param env the environment of the server (with the bundled `PYTHONPATH`), so the import check
 *   sees what the server will see.
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
      [...args, "-c", PROBE_SCRIPT],
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
 * The server's command line: `python -S -m authlint server` with `PYTHONPATH=<ext>/bundled/libs`
 * when the extension carries its bundled libraries (esbonio's isolated launch), else
 * `python -m authlint server` (a development checkout using the interpreter's own authlint).
 */
export function serverLaunch(
  interpreter: string,
  extensionRoot: string,
  baseEnv: NodeJS.ProcessEnv,
  exists: (p: string) => boolean = fs.existsSync,
): Launch {
  const libs = bundledLibs(extensionRoot);
  const env: NodeJS.ProcessEnv = { ...baseEnv, PYTHONUNBUFFERED: "1" };
  if (exists(path.join(libs, "authlint", "__init__.py"))) {
    env.PYTHONPATH = libs;
    return { command: interpreter, args: ["-S", "-m", "authlint", "server"], env };
  }
  return { command: interpreter, args: ["-m", "authlint", "server"], env };
}

/** The probe's interpreter flags for a launch (`-S` when the launch isolates). */
export function probeArgs(launch: Launch): string[] {
  return launch.args.includes("-S") ? ["-S"] : [];
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
