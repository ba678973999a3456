/**
 * The commands that call the server: where ANTHROPIC_API_KEY comes from, verify the API key,
 * reset the Claude Code login. The UI and the server are passed in, so the flows (check that
 * the server offers the command, ask first, then execute) are testable without VS Code.
 */
import { ServerCommands } from "./constants";

export interface Ui {
  /** A modal question; resolves true only when the user picks `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
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

export type Outcome = "not-running" | "unavailable" | "cancelled" | "done" | "failed";

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
 * "Verify API key": asks before anything is sent, then `authlint.verifyKey` with the active
 * document's URI (if any). Nothing reaches the server when the user does not confirm.
 */
export async function verifyApiKey(server: ServerAccess, ui: Ui, documentUri?: string): Promise<Outcome> {
  const command = ServerCommands.verifyKey;
  const blocked = available(server, command, ui);
  if (blocked) {
    return blocked;
  }
  const yes = await ui.confirm(
    "Send your Anthropic API key to Anthropic to check it?",
    "authlint will send the API key it finds for this workspace in one request to the Anthropic API " +
      "and report whether it is accepted. Nothing is sent unless you choose \"Send key\".",
    "Send key",
  );
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
 * "Reset Claude Code login": confirms, then `authlint.resetClaudeLogin` (no arguments: the
 * credentials file Claude Code uses). The server moves the file to a backup (never deletes it)
 * and shows the outcome itself.
 */
export async function resetLogin(server: ServerAccess, ui: Ui): Promise<Outcome> {
  const command = ServerCommands.resetClaudeLogin;
  const blocked = available(server, command, ui);
  if (blocked) {
    return blocked;
  }
  const yes = await ui.confirm(
    "Reset the Claude Code login?",
    "authlint moves Claude Code's .credentials.json to a timestamped backup next to it (nothing " +
      "is deleted). The next time Claude Code starts it asks you to log in again.",
    "Reset login",
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
