/**
 * The status bar item: "Claude auth: 2 problems", or with no problems the credential the server
 * says Claude Code would use ("Claude auth: key from .env ✓", from `authlint.credentialSummary`;
 * "Claude auth: no problems ✓" until it answers), or the server's state when it is not running.
 * Pure apart from the item and the timers it is given.
 */
import { DIAGNOSTIC_SOURCE } from "./constants";

export type ServerState = "starting" | "running" | "failed" | "stopped" | "disabled";

/** `vscode.DiagnosticSeverity` values. */
export const enum Severity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export interface DiagnosticLike {
  source?: string;
  severity: number;
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
}

/** Count authlint's diagnostics in `vscode.languages.getDiagnostics()`-shaped input. */
export function countDiagnostics(
  entries: Iterable<readonly [unknown, readonly DiagnosticLike[]]>,
  source = DIAGNOSTIC_SOURCE,
): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0, files: 0 };
  for (const [, diagnostics] of entries) {
    const ours = diagnostics.filter((d) => d.source === source);
    if (ours.length > 0) {
      counts.files += 1;
    }
    for (const d of ours) {
      if (d.severity === Severity.Error) {
        counts.errors += 1;
      } else if (d.severity === Severity.Warning) {
        counts.warnings += 1;
      } else {
        counts.infos += 1;
      }
    }
  }
  return counts;
}

export interface Summary {
  text: string;
  tooltip: string;
  /** `error`: error background; `warning`: warning background; `none`: default. */
  tone: "error" | "warning" | "none";
  /** What a click runs. */
  command: string;
  visible: boolean;
}

const PREFIX = "Claude auth:";

/** The answer of the server command `authlint.credentialSummary` (values already masked). */
export interface CredentialSummary {
  /** "key from .env", "token from ~/.claude/settings.json", "no key found"… */
  text: string;
  /** Whether a credential was found and no launch context in use fails. */
  ok: boolean;
  /** Whether a launch context in use fails: `text` is then its outcome ("claude: 401 ← ~/.zshrc:28"). */
  failing?: boolean;
  /** One line per launch context. */
  tooltip: string;
}

/** The summary in a command result, or `undefined` when the result does not have its shape. */
export function parseCredentialSummary(value: unknown): CredentialSummary | undefined {
  if (typeof value !== "object" || value === null) {
    return undefined;
  }
  const { text, ok, tooltip, failing } = value as Record<string, unknown>;
  if (typeof text !== "string" || !text || typeof ok !== "boolean") {
    return undefined;
  }
  const summary: CredentialSummary = { text, ok, tooltip: typeof tooltip === "string" ? tooltip : "" };
  if (failing === true) {
    summary.failing = true;
  }
  return summary;
}

/**
 * What the status bar item shows.
 *
 * @param state the server's state; `detail` says why it failed, when it did.
 * @param credential shown instead of "no problems" when there are none.
 */
export function summarise(
  state: ServerState,
  counts: Counts,
  detail = "",
  credential?: CredentialSummary,
): Summary {
  const showOutput = "authlint.showOutput";
  switch (state) {
    case "disabled":
      return { text: "", tooltip: "", tone: "none", command: showOutput, visible: false };
    case "starting":
      return {
        text: `$(sync~spin) ${PREFIX} checking…`,
        tooltip: "authlint is starting",
        tone: "none",
        command: showOutput,
        visible: true,
      };
    case "failed":
    case "stopped":
      return {
        text: `$(error) ${PREFIX} not checked`,
        tooltip: detail || "The authlint server is not running. Click to show its output.",
        tone: "error",
        command: showOutput,
        visible: true,
      };
    default:
      break;
  }
  const total = counts.errors + counts.warnings + counts.infos;
  if (credential?.failing) {
    // A request fails: say which and why, whatever else the Problems view holds.
    const problems =
      total === 0
        ? ""
        : `authlint: ${total} ${total === 1 ? "problem" : "problems"} in ${counts.files} ${counts.files === 1 ? "file" : "files"}. Click to open Problems.`;
    return {
      text: `${PREFIX} ${credential.text}`,
      tooltip: [credential.tooltip, problems].filter(Boolean).join("\n\n"),
      tone: "error",
      command: "workbench.actions.view.problems",
      visible: true,
    };
  }
  if (total === 0 && credential) {
    return {
      text: `${PREFIX} ${credential.text}${credential.ok ? " ✓" : ""}`,
      tooltip: [credential.tooltip, "authlint found no credential problems in the open files"]
        .filter(Boolean)
        .join("\n\n"),
      tone: "none",
      command: "workbench.actions.view.problems",
      visible: true,
    };
  }
  if (total === 0) {
    return {
      text: `${PREFIX} no problems ✓`,
      tooltip: "authlint found no credential problems in the open files",
      tone: "none",
      command: "workbench.actions.view.problems",
      visible: true,
    };
  }
  const parts = [
    [counts.errors, "error"],
    [counts.warnings, "warning"],
    [counts.infos, "info"],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, word]) => `${n} ${word}${n === 1 || word === "info" ? "" : "s"}`);
  return {
    text: `${PREFIX} ${total} ${total === 1 ? "problem" : "problems"}`,
    tooltip: `authlint: ${parts.join(", ")} in ${counts.files} ${counts.files === 1 ? "file" : "files"}. Click to open Problems.`,
    tone: counts.errors > 0 ? "error" : "warning",
    command: "workbench.actions.view.problems",
    visible: true,
  };
}

/** The parts of `vscode.StatusBarItem` used here. */
export interface StatusItemLike {
  text: string;
  tooltip?: unknown;
  command?: unknown;
  backgroundColor?: unknown;
  name?: string;
  show(): void;
  hide(): void;
}

/** Keeps a status bar item in step with the server state, the diagnostics and the credential. */
export class StatusView {
  private state: ServerState = "starting";
  private detail = "";
  private counts: Counts = { errors: 0, warnings: 0, infos: 0, files: 0 };
  private credential: CredentialSummary | undefined;
  /** Called after every state change (the extension refreshes the credential when running). */
  onStateChange: ((state: ServerState) => void) | undefined;

  /**
   * @param item the status bar item (created by the caller).
   * @param color makes a `ThemeColor` for an id such as `statusBarItem.errorBackground`.
   */
  constructor(
    private readonly item: StatusItemLike,
    private readonly color: (id: string) => unknown,
  ) {
    item.name = "authlint";
    this.render();
  }

  setState(state: ServerState, detail = ""): void {
    this.state = state;
    this.detail = detail;
    if (state !== "running") {
      this.credential = undefined; // a restarted server may see other files
    }
    this.render();
    this.onStateChange?.(state);
  }

  setCounts(counts: Counts): void {
    this.counts = counts;
    this.render();
  }

  setCredential(credential: CredentialSummary | undefined): void {
    this.credential = credential;
    this.render();
  }

  get current(): Summary {
    return summarise(this.state, this.counts, this.detail, this.credential);
  }

  private render(): void {
    const summary = this.current;
    this.item.text = summary.text;
    this.item.tooltip = summary.tooltip;
    this.item.command = summary.command;
    this.item.backgroundColor =
      summary.tone === "none" ? undefined : this.color(`statusBarItem.${summary.tone}Background`);
    if (summary.visible) {
      this.item.show();
    } else {
      this.item.hide();
    }
  }
}

/** Where the credential summary comes from: the running server, if it offers the command. */
export interface CredentialSource {
  /** Whether the server runs and advertises `authlint.credentialSummary`. */
  available(): boolean;
  /** Run `authlint.credentialSummary` (may reject). */
  fetch(): Promise<unknown>;
}

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Asks the server for the credential summary at most once per `delayMs` of quiet (diagnostics
 * arrive in bursts), and hands the answer to `apply`: `undefined` when the server does not offer
 * the command, fails, or answers something else. An answer overtaken by a newer request is dropped.
 */
export class CredentialRefresher {
  private timer: unknown;
  private generation = 0;

  constructor(
    private readonly source: CredentialSource,
    private readonly apply: (credential: CredentialSummary | undefined) => void,
    private readonly delayMs = 500,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Refresh after `delayMs`, replacing a refresh already waiting. */
  schedule(): void {
    this.cancel();
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      void this.refresh();
    }, this.delayMs);
  }

  /** Refresh now. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    if (!this.source.available()) {
      this.apply(undefined);
      return;
    }
    let credential: CredentialSummary | undefined;
    try {
      credential = parseCredentialSummary(await this.source.fetch());
    } catch {
      credential = undefined;
    }
    if (generation === this.generation) {
      this.apply(credential);
    }
  }

  dispose(): void {
    this.cancel();
    this.generation += 1;
  }

  private cancel(): void {
    if (this.timer !== undefined) {
      this.timers.clear(this.timer);
      this.timer = undefined;
    }
  }
}
