/**
 * The `authlint.*` settings: which ones the extension keeps, which ones the server reads, and
 * which changes need a restart. Pure: no VS Code import.
 *
 * Settings reach the server through `workspace/configuration` (the server pulls the `authlint`
 * section when VS Code sends `workspace/didChangeConfiguration`), so changing `select`,
 * `ignore` or `severity` never restarts anything (ruff-vscode#281). Only the keys that change
 * how the server is started or what the client watches restart it.
 */
import { SECTION } from "./constants";

/** Read by the extension only; never sent to the server. */
export const CLIENT_KEYS = [
  "enable",
  "interpreter",
  "importStrategy",
  "path",
  "showNotifications",
  "trace.server",
] as const;
/** Sent to the server in the `authlint` section (server/authlint/lsp/settings.py). */
export const SERVER_KEYS = [
  "select",
  "ignore",
  "severity",
  "exclude",
  "scanHomeFiles",
  "run",
  "platform",
  "shell",
  "logLevel",
] as const;
/** Top-level keys of the section that `serverSection` drops (`trace` holds `trace.server`). */
const CLIENT_SECTION_KEYS = new Set(["enable", "interpreter", "importStrategy", "path", "showNotifications", "trace"]);
/**
 * A change to one of these restarts the server (or stops it, for `enable`): they choose the
 * process, or (`run`) the client's pull options, which are fixed when the client starts.
 */
export const RESTART_KEYS = ["enable", "interpreter", "importStrategy", "path", "scanHomeFiles", "run"] as const;

export type ImportStrategy = "useBundled" | "fromEnvironment";
export type RunMode = "onType" | "onSave";
/** Which messages pop up (`authlint.showNotifications`, ruff-vscode's values). */
export type Notifications = "off" | "onError" | "onWarning" | "always";

export interface ClientSettings {
  enable: boolean;
  interpreter: string;
  importStrategy: ImportStrategy;
  /** `authlint.path`: an authlint executable; empty = start the server with a Python. */
  path: string;
  scanHomeFiles: boolean;
  run: RunMode;
  showNotifications: Notifications;
}

const NOTIFICATION_RANK: Record<Notifications, number> = { off: 0, onError: 1, onWarning: 2, always: 3 };

/**
 * Whether a message of `kind` pops up under `authlint.showNotifications` (it always goes to
 * the authlint output). `off` shows nothing, `onError` errors, `onWarning` errors and
 * warnings, `always` everything.
 */
export function shouldNotify(setting: Notifications, kind: "error" | "warning" | "info"): boolean {
  const needed = kind === "error" ? 1 : kind === "warning" ? 2 : 3;
  return NOTIFICATION_RANK[setting] >= needed;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** A reader like `WorkspaceConfiguration.get` for the `authlint` section. */
export type Getter = <T>(key: string, fallback: T) => T;

/** The settings the extension itself acts on, with defaults for anything unset or mistyped. */
export function readClientSettings(get: Getter): ClientSettings {
  const enable = get<unknown>("enable", true);
  const interpreter = get<unknown>("interpreter", "");
  const executable = get<unknown>("path", "");
  const scanHomeFiles = get<unknown>("scanHomeFiles", true);
  return {
    enable: enable !== false,
    interpreter: typeof interpreter === "string" ? interpreter.trim() : "",
    importStrategy: oneOf(get<unknown>("importStrategy", "useBundled"), ["useBundled", "fromEnvironment"], "useBundled"),
    path: typeof executable === "string" ? executable.trim() : "",
    scanHomeFiles: scanHomeFiles !== false,
    run: oneOf(get<unknown>("run", "onType"), ["onType", "onSave"], "onType"),
    showNotifications: oneOf(
      get<unknown>("showNotifications", "onWarning"),
      ["off", "onError", "onWarning", "always"],
      "onWarning",
    ),
  };
}

/**
 * Whether a configuration change needs a restart.
 *
 * @param affects `ConfigurationChangeEvent.affectsConfiguration` (or a fake).
 */
export function needsRestart(affects: (section: string) => boolean): boolean {
  return RESTART_KEYS.some((key) => affects(`${SECTION}.${key}`));
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") {
    return true;
  }
  if (Array.isArray(value)) {
    return value.length === 0;
  }
  return typeof value === "object" && Object.keys(value as object).length === 0;
}

/**
 * The `authlint` section as the server should see it (answer to `workspace/configuration`).
 *
 * Client-only keys are dropped; so are empty values, because an empty `select` means "the
 * default (all rules)" in the settings UI but "nothing" to the server (an empty `platform` or
 * `shell` means "this machine's"); `scanHomeFiles` is sent only when it is turned off (true is
 * the server's default).
 *
 * @param raw the section as VS Code returns it (any JSON value).
 * @returns a plain object (empty when `raw` is not an object).
 */
export function serverSection(raw: unknown): Record<string, unknown> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (CLIENT_SECTION_KEYS.has(key)) {
      continue;
    }
    if (key === "scanHomeFiles") {
      if (value === false) {
        out[key] = false;
      }
      continue;
    }
    if (!isEmpty(value)) {
      out[key] = value;
    }
  }
  return out;
}
