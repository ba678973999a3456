/**
 * The status bar item: "Claude auth: 2 problems" / "Claude auth: no problems ✓", or the
 * server's state when it is not running. Pure apart from the item it is given.
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

/**
 * What the status bar item shows.
 *
 * @param state the server's state; `detail` says why it failed, when it did.
 */
export function summarise(state: ServerState, counts: Counts, detail = ""): Summary {
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

/** Keeps a status bar item in step with the server state and the diagnostics. */
export class StatusView {
  private state: ServerState = "starting";
  private detail = "";
  private counts: Counts = { errors: 0, warnings: 0, infos: 0, files: 0 };

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
    this.render();
  }

  setCounts(counts: Counts): void {
    this.counts = counts;
    this.render();
  }

  get current(): Summary {
    return summarise(this.state, this.counts, this.detail);
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
