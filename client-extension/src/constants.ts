/** Names shared by the extension's modules. Pure: no VS Code import. */

export const CLIENT_ID = "authlint";
export const CLIENT_NAME = "authlint";
export const SECTION = "authlint";
/** The `source` the server puts on every diagnostic (server/authlint/lsp/convert.py `SOURCE`). */
export const DIAGNOSTIC_SOURCE = "authlint";
export const MIN_PYTHON: readonly [number, number] = [3, 10];
export const DEFAULT_PYTHON = "python3";

/** VS Code command ids contributed by this extension (package.json `contributes.commands`). */
export const Commands = {
  restart: "authlint.restart",
  showOutput: "authlint.showOutput",
  showVariableSource: "authlint.showVariableSource",
  verifyApiKey: "authlint.verifyApiKey",
  resetLogin: "authlint.resetLogin",
} as const;

/**
 * Server commands (`workspace/executeCommand`). They must differ from the VS Code command ids
 * above: vscode-languageclient registers a VS Code command for each one the server advertises.
 */
export const ServerCommands = {
  explainVariable: "authlint.explainVariable",
  verifyKey: "authlint.verifyKey",
  resetClaudeLogin: "authlint.resetClaudeLogin",
  credentialSummary: "authlint.credentialSummary",
} as const;
