/**
 * The commands that call the server: where ANTHROPIC_API_KEY comes from, verify the API key,
 * reset the Claude Code login. The UI and the server are passed in, so the flows (check that
 * the server offers the command, ask first, then execute) are testable without VS Code.
 */
import { ServerCommands } from "./constants";

export interface Ui {
  /**
   * A modal question whose default button (Enter) is `keep`, the choice that changes nothing;
   * resolves true only when the user picks `action` (Escape, Cancel and `keep` give false).
   */
  confirm(message: string, detail: string, action: string, keep: string): Promise<boolean>;
  info(message: string): void;
  warn(message: string): void;
  /** Append to the authlint output and reveal it. */
  showText(text: string): void;
}

export interface ServerAccess {
  /** Whether the server is running. */
  running(): boolean;
  /** `executeCommandProvider.commands` from the server's `initialize` result. */
  commands(): readonly string[];
  execute(command: string, args: unknown[]): Promise<unknown>;
}

export type Outcome = "not-running" | "unavailable" | "cancelled" | "nothing" | "done" | "failed";

/** Prefixes `maskSecret` keeps (authlint.core.secrets KEY_PREFIXES, Anthropic's first). */
const MASK_PREFIXES = [
  "sk-ant-api03-",
  "sk-ant-admin01-",
  "sk-ant-oat01-",
  "sk-ant-ort01-",
  "sk-ant-",
  "sk-",
];

/**
 * A secret as authlint shows it: its known prefix, `…`, and its last four characters
 * (`sk-ant-api03-…AbCd`); a value too short to hide anything keeps only its prefix (the same
 * rule as the server's `authlint.core.secrets.mask`).
 */
export function maskSecret(value: string): string {
  const prefix = MASK_PREFIXES.find((p) => value.startsWith(p)) ?? "";
  const body = value.slice(prefix.length);
  if (body.length <= 8) {
    return prefix || value ? `${prefix}…` : "";
  }
  return `${prefix}…${body.slice(-4)}`;
}

/** The variables `authlint.verifyKey` checks, in the order it checks them (verify/target.py). */
export const VERIFIED_VARIABLES = ["ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"] as const;

export interface VerifyTarget {
  variable: string;
  masked: string;
}

/**
 * What `authlint.verifyKey` would send: the credentials set (non-blank) in `environment`, the
 * environment VS Code was started with, which is the server's own, masked.
 */
export function verifyTargets(environment: Record<string, string | undefined>): {
  credentials: VerifyTarget[];
  host: string;
} {
  const credentials = VERIFIED_VARIABLES.filter((v) => environment[v]?.trim()).map((variable) => ({
    variable,
    masked: maskSecret(environment[variable]!.trim()),
  }));
  let host = "api.anthropic.com";
  const base = environment.ANTHROPIC_BASE_URL?.trim();
  if (base) {
    try {
      host = new URL(base).host || base;
    } catch {
      host = "ANTHROPIC_BASE_URL (not a valid URL)";
    }
  }
  return { credentials, host };
}

/** The message for a server that does not advertise `command`. */
export function notAvailable(command: string): string {
  return `authlint: "${command}" is not available in this server version. Update the authlint extension (or the authlint package your interpreter runs).`;
}

const NOT_RUNNING = "authlint: the server is not running. Run \"authlint: Show output\" to see why.";

function available(server: ServerAccess, command: string, ui: Ui): Outcome | undefined {
  if (!server.running()) {
    ui.warn(NOT_RUNNING);
    return "not-running";
  }
  if (!server.commands().includes(command)) {
    ui.warn(notAvailable(command));
    return "unavailable";
  }
  return undefined;
}

/** A readable text for whatever a server command returned. */
export function describeResult(result: unknown): string {
  if (result === undefined || result === null) {
    return "(no answer)";
  }
  if (typeof result === "string") {
    return result;
  }
  if (typeof result === "object" && typeof (result as { message?: unknown }).message === "string") {
    const { message, ...rest } = result as { message: string } & Record<string, unknown>;
    return Object.keys(rest).length ? `${message}\n${JSON.stringify(rest, null, 2)}` : message;
  }
  return JSON.stringify(result, null, 2);
}

const failed = Symbol("failed");

async function run(server: ServerAccess, ui: Ui, command: string, args: unknown[]): Promise<unknown> {
  try {
    return await server.execute(command, args);
  } catch (error) {
    ui.warn(`authlint: ${command} failed: ${error instanceof Error ? error.message : String(error)}`);
    return failed;
  }
}


/**
 * "Show where ANTHROPIC_API_KEY comes from": `authlint.explainVariable` with the variable name
 * and the active document's URI (if any); the answer goes to the output.
 */
export async function showVariableSource(
  server: ServerAccess,
  ui: Ui,
  documentUri?: string,
  variable = "ANTHROPIC_API_KEY",
): Promise<Outcome> {
  const command = ServerCommands.explainVariable;
  const blocked = available(server, command, ui);
  if (blocked) {
    return blocked;
  }
  const result = await run(server, ui, command, documentUri ? [variable, documentUri] : [variable]);
  if (result === failed) {
    return "failed";
  }
  // The message is the readable chain; the structured `contexts` are for other clients.
  const message = (result as { message?: unknown } | null)?.message;
  ui.showText(`Where ${variable} comes from:\n${typeof message === "string" ? message : describeResult(result)}`);
  return "done";
}

/**
 * "Verify API key": says which credential (masked) from where and to which host, asks before
 * anything is sent (the default button keeps it), then `authlint.verifyKey` with the active
 * document's URI (if any). The server verifies the credentials of its own environment, which is
 * the one VS Code was started with: `environment` (omitted: not known, a general question).
 * Nothing reaches the server when the user does not confirm or nothing is set.
 */
export async function verifyApiKey(
  server: ServerAccess,
  ui: Ui,
  documentUri?: string,
  environment?: Record<string, string | undefined>,
): Promise<Outcome> {
  const command = ServerCommands.verifyKey;
  const blocked = available(server, command, ui);
  if (blocked) {
    return blocked;
  }
  let message = "Send your Anthropic API key to Anthropic to check it?";
  let detail =
    "authlint will send the API key it finds for this workspace in one request to the Anthropic API " +
    "and report whether it is accepted. Nothing is sent unless you choose \"Send key\".";
  if (environment) {
    const { credentials, host } = verifyTargets(environment);
    if (!credentials.length) {
      ui.info(
        `authlint: nothing to verify: ${VERIFIED_VARIABLES.join(", ")} are not set in the environment ` +
          "VS Code was started with. A key in a .env file reaches only the programs that load it; " +
          'run "authlint verify" in a terminal where the key is set.',
      );
      return "nothing";
    }
    const named = credentials.map((c) => `${c.variable} (${c.masked})`).join(" and ");
    message = `Send ${named} to ${host} to check ${credentials.length > 1 ? "them" : "it"}?`;
    detail =
      `From: the environment VS Code was started with (the authlint server has the same). ` +
      `authlint sends ${credentials.length > 1 ? "each" : "it"} in one request to ${host} and reports ` +
      'whether it is accepted. Nothing is sent unless you choose "Send key".';
  }
  const yes = await ui.confirm(message, detail, "Send key", "Don't send");
  if (!yes) {
    return "cancelled";
  }
  const result = await run(server, ui, command, documentUri ? [documentUri] : []);
  if (result === failed) {
    return "failed";
  }
  ui.showText(`Verify API key:\n${describeResult(result)}`);
  return "done";
}

/**
 * Where Claude Code keeps its login file: `$CLAUDE_CONFIG_DIR/.credentials.json`, else
 * `<home>/.claude/.credentials.json` (authlint.core.claude_login.default_credentials_path).
 */
export function credentialsPath(home: string, environment: Record<string, string | undefined>): string {
  const configured = environment.CLAUDE_CONFIG_DIR?.trim();
  if (configured) {
    if (configured === "~" || configured.startsWith("~/")) {
      return `${home}/${configured.slice(2)}/.credentials.json`.replace(/\/+/g, "/");
    }
    return `${configured.replace(/[\\/]+$/, "")}/.credentials.json`;
  }
  return `${home}/.claude/.credentials.json`;
}

/**
 * "Reset Claude Code login": only when there is a login file (`loginFile`, its path or
 * `undefined`: none, checked by the caller), confirms (the default button keeps it), then
 * `authlint.resetClaudeLogin` (no arguments: the credentials file Claude Code uses). The server
 * moves the file to a backup (never deletes it) and shows the outcome itself.
 */
export async function resetLogin(server: ServerAccess, ui: Ui, loginFile?: string | null): Promise<Outcome> {
  const command = ServerCommands.resetClaudeLogin;
  const blocked = available(server, command, ui);
  if (blocked) {
    return blocked;
  }
  if (loginFile === null) {
    ui.info("authlint: there is no Claude Code login to reset (no .credentials.json).");
    return "nothing";
  }
  const yes = await ui.confirm(
    "Reset the Claude Code login?",
    `authlint moves Claude Code's ${loginFile ?? ".credentials.json"} to a timestamped backup next ` +
      "to it (nothing is deleted). The next time Claude Code starts it asks you to log in again.",
    "Reset login",
    "Keep login",
  );
  if (!yes) {
    return "cancelled";
  }
  const result = await run(server, ui, command, []);
  if (result === failed) {
    return "failed";
  }
  ui.showText(`Reset Claude Code login:\n${describeResult(result)}`);
  return "done";
}
