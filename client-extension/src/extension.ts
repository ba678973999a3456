/**
 * Entry point: wires the output channel, status bar, commands and listeners to the modules
 * that do the work (client.ts, python.ts, settings.ts, status.ts, commands.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import { CLIENT_NAME, Commands, SECTION, ServerCommands } from "./constants";
import { ServerManager } from "./client";
import {
  credentialsPath,
  resetLogin,
  type ServerAccess,
  showVariableSource,
  type Ui,
  verifyApiKey,
} from "./commands";
import { pythonExtensionApi, pythonExtensionInterpreter } from "./python";
import { needsRestart, readClientSettings } from "./settings";
import { countDiagnostics, CredentialRefresher, StatusView } from "./status";

let manager: ServerManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const item = vscode.window.createStatusBarItem("authlint.status", vscode.StatusBarAlignment.Left, 50);
  const status = new StatusView(item, (id) => new vscode.ThemeColor(id));
  const server = new ServerManager(context, output, status);
  manager = server;
  context.subscriptions.push(output, item, server);

  const activeUri = () => vscode.window.activeTextEditor?.document.uri.toString();
  // With no problems the item names the credential Claude Code would use (a server command).
  const credential = new CredentialRefresher(
    {
      available: () =>
        server.running() && server.serverCommands().includes(ServerCommands.credentialSummary),
      fetch: () => {
        const uri = activeUri();
        return server.executeServerCommand(ServerCommands.credentialSummary, uri ? [uri] : []);
      },
    },
    (summary) => status.setCredential(summary),
  );
  status.onStateChange = (state) => {
    if (state === "running") {
      credential.schedule();
    }
  };
  context.subscriptions.push({ dispose: () => credential.dispose() });

  // "Reset Claude Code login" is offered (command palette) only when there is a login to reset:
  // the login file exists, or on macOS, where the login may be in the Keychain instead.
  const loginFile = (): string | null | undefined => {
    const file = credentialsPath(os.homedir(), process.env);
    if (fs.existsSync(file)) {
      return file;
    }
    return process.platform === "darwin" ? undefined : null;
  };
  let loginKnown: boolean | undefined;
  const refreshLogin = () => {
    const exists = loginFile() !== null;
    if (exists !== loginKnown) {
      loginKnown = exists;
      void vscode.commands.executeCommand("setContext", "authlint.claudeLoginExists", exists);
    }
  };
  refreshLogin();
  const refreshCounts = () => {
    status.setCounts(countDiagnostics(vscode.languages.getDiagnostics()));
    credential.schedule();
    refreshLogin();
  };
  refreshCounts();
  context.subscriptions.push(vscode.languages.onDidChangeDiagnostics(refreshCounts));

  const ui: Ui = {
    // The first button is the dialog's default (Enter): the one that changes nothing.
    confirm: async (message, detail, action, keep) =>
      (await vscode.window.showWarningMessage(message, { modal: true, detail }, { title: keep }, { title: action }))
        ?.title === action,
    info: (message) => void vscode.window.showInformationMessage(message),
    warn: (message) => void vscode.window.showWarningMessage(message),
    showText: (text) => {
      output.info(text);
      output.show(true);
    },
  };
  const access: ServerAccess = {
    running: () => server.running(),
    commands: () => server.serverCommands(),
    execute: (command, args) => server.executeServerCommand(command, args),
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.restart, () => server.restart()),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
    vscode.commands.registerCommand(Commands.showVariableSource, () =>
      showVariableSource(access, ui, activeUri()),
    ),
    vscode.commands.registerCommand(Commands.verifyApiKey, () =>
      verifyApiKey(access, ui, activeUri(), process.env),
    ),
    vscode.commands.registerCommand(Commands.resetLogin, () => {
      refreshLogin();
      return resetLogin(access, ui, loginFile());
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsRestart((section) => event.affectsConfiguration(section))) {
        void server.restart();
      }
      // Other authlint.* keys: vscode-languageclient sends workspace/didChangeConfiguration and
      // the server pulls the section again; no restart.
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void server.restart()),
  );

  // A new active interpreter in the Python extension matters only when no setting overrides it.
  void pythonExtensionApi(vscode.extensions)
    .then((api) => {
      const subscription = api?.environments?.onDidChangeActiveEnvironmentPath?.(async () => {
        const settings = readClientSettings((key, fallback) =>
          vscode.workspace.getConfiguration(SECTION).get(key, fallback),
        );
        const next = await pythonExtensionInterpreter(api, vscode.workspace.workspaceFolders?.[0]?.uri);
        if (!settings.interpreter && next !== server.interpreter) {
          void server.restart();
        }
      });
      if (subscription) {
        context.subscriptions.push(subscription);
      }
    })
    .catch((error) => output.warn(`the Python extension is not usable: ${String(error)}`));

  await server.restart();
}

export async function deactivate(): Promise<void> {
  await manager?.stop();
  manager = undefined;
}
