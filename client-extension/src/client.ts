/**
 * The language client: resolve the interpreter, start `python -S -m authlint server` with the
 * bundled libraries, restart serially, stop. Settings reach the server through
 * `workspace/configuration` (answered from the `authlint` section, see `settings.ts`); home files
 * are watched and their changes sent as `workspace/didChangeWatchedFiles`.
 */
import * as os from "node:os";
import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  MessageType,
  RevealOutputChannelOn,
  type ServerOptions,
  ShowMessageNotification,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { CLIENT_ID, CLIENT_NAME, SECTION } from "./constants";
import { documentSelector, homeWatches } from "./documents";
import { CrashBudget, SerialQueue } from "./lifecycle";
import {
  checkArgs,
  executableLaunch,
  judgeExecutable,
  type Launch,
  pythonExtensionApi,
  pythonExtensionInterpreter,
  type Resolution,
  resolveInterpreter,
  runProbe,
  serverLaunch,
} from "./python";
import { type ClientSettings, readClientSettings, serverSection, shouldNotify } from "./settings";
import type { StatusView } from "./status";

export class ServerManager implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private watchers: vscode.FileSystemWatcher[] = [];
  private readonly crashes = new CrashBudget();
  private readonly queue: SerialQueue;
  /** The interpreter the running server uses (to tell whether an interpreter change matters). */
  interpreter: string | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly status: StatusView,
  ) {
    this.queue = new SerialQueue(
      () => this.restartNow(),
      (error) => this.fail(`authlint: restarting the server failed: ${String(error)}`),
    );
  }

  /** Stop the running server (if any) and start a new one; concurrent requests coalesce. */
  restart(): Promise<void> {
    return this.queue.request();
  }

  running(): boolean {
    return this.client?.state === State.Running;
  }

  /** The commands the server advertises (`executeCommandProvider.commands`). */
  serverCommands(): readonly string[] {
    return this.client?.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  }

  async executeServerCommand(command: string, args: unknown[]): Promise<unknown> {
    if (!this.client) {
      throw new Error("the server is not running");
    }
    return this.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  async dispose(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.interpreter = undefined;
    for (const watcher of this.watchers) {
      watcher.dispose();
    }
    this.watchers = [];
    if (client) {
      try {
        await client.stop(2000);
      } catch (error) {
        this.output.warn(`stopping the server: ${String(error)}`);
      }
      await client.dispose().catch(() => undefined);
    }
  }

  private async restartNow(): Promise<void> {
    await this.stop();
    this.crashes.reset();
    const settings = readClientSettings((key, fallback) =>
      vscode.workspace.getConfiguration(SECTION).get(key, fallback),
    );
    if (!settings.enable) {
      this.output.info("authlint.enable is off: the server is not started");
      this.status.setState("disabled");
      return;
    }
    this.status.setState("starting");
    const launch = await this.chooseLaunch(settings);
    if (!launch) {
      return;
    }
    this.output.info(`starting: ${launch.command} ${launch.args.join(" ")}`);
    const client = this.createClient(
      { command: launch.command, args: launch.args, options: { env: launch.env }, transport: TransportKind.stdio },
      settings,
    );
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.client = undefined;
      await client.dispose().catch(() => undefined);
      this.fail(`authlint: the server did not start with ${launch.command}: ${String(error)}`);
      return;
    }
    // Pop-ups from the server (verify, reset) follow authlint.showNotifications; all are logged.
    client.onNotification(ShowMessageNotification.type, (params) => {
      const kind = params.type === MessageType.Error ? "error" : params.type === MessageType.Warning ? "warning" : "info";
      this.output[kind === "warning" ? "warn" : kind](params.message);
      this.notify(kind, params.message);
    });
    this.interpreter = launch.command;
    this.status.setState("running");
  }

  /**
   * The command line for the server: `authlint.path` checked with `--version`, else the first
   * suitable interpreter checked by `python/launch.py check` (everything the server imports).
   * Shows one message naming the fix and returns `undefined` when nothing can start it.
   */
  private async chooseLaunch(settings: ClientSettings): Promise<Launch | undefined> {
    if (settings.path) {
      const verdict = judgeExecutable(settings.path, await runProbe(settings.path, ["--version"], process.env));
      if ("message" in verdict) {
        this.fail(verdict.message);
        return undefined;
      }
      this.output.info(`${verdict.version} at ${settings.path} (setting authlint.path)`);
      return executableLaunch(settings.path, process.env);
    }
    const root = this.context.extensionPath;
    const resolution: Resolution = await resolveInterpreter({
      setting: settings.interpreter,
      pythonExtension: async () =>
        pythonExtensionInterpreter(
          await pythonExtensionApi(vscode.extensions),
          vscode.workspace.workspaceFolders?.[0]?.uri,
        ),
      probe: (command) => runProbe(command, checkArgs(root, settings.importStrategy), process.env),
    });
    for (const note of resolution.notes) {
      this.output.warn(note);
    }
    if (!resolution.ok) {
      this.fail(resolution.message);
      return undefined;
    }
    const info = resolution.info;
    const where = info.check?.mode === "environment" ? "the authlint installed in it" : "the bundled authlint";
    this.output.info(
      `Python ${info.version.join(".")} at ${info.executable || resolution.command} (${resolution.source}), ${where}`,
    );
    for (const note of info.check?.notes ?? []) {
      this.notify("info", `authlint: ${note}`);
    }
    return serverLaunch(resolution.command, root, process.env, settings.importStrategy);
  }

  private createClient(serverOptions: ServerOptions, settings: ClientSettings): LanguageClient {
    const home = os.homedir();
    this.watchers = settings.scanHomeFiles
      ? homeWatches(process.platform).map(({ folder, pattern }) =>
          vscode.workspace.createFileSystemWatcher(
            new vscode.RelativePattern(vscode.Uri.joinPath(vscode.Uri.file(home), folder), pattern),
          ),
        )
      : [];
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(),
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: serverSection(vscode.workspace.getConfiguration().get(SECTION)),
      synchronize: { configurationSection: SECTION, fileEvents: this.watchers },
      // authlint.run: onSave pulls diagnostics on open and save only (the server is told too).
      diagnosticPullOptions: { onChange: settings.run === "onType", onSave: true },
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            if (!Array.isArray(answers)) {
              return answers;
            }
            return answers.map((answer, i) =>
              params.items[i]?.section === SECTION ? serverSection(answer) : answer,
            );
          },
        },
      },
      errorHandler: {
        error: (_error, _message, count) => ({
          action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
        }),
        closed: () => {
          if (this.crashes.crashed(Date.now())) {
            this.output.warn("the authlint server stopped unexpectedly; restarting it");
            return { action: CloseAction.Restart, handled: true };
          }
          this.fail(
            "authlint: the server crashed 5 times in 3 minutes and will not be restarted. " +
              'Run "authlint: Restart server" after fixing the cause.',
          );
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
    return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  }

  /** Log `message`, mark the status bar, and show an error with a "Show output" button. */
  private fail(message: string): void {
    this.output.error(message);
    this.status.setState("failed", message);
    this.notify("error", message);
  }

  /** Pop `message` up when `authlint.showNotifications` allows `kind` (it is logged elsewhere). */
  private notify(kind: "error" | "warning" | "info", message: string): void {
    const setting = readClientSettings((key, fallback) =>
      vscode.workspace.getConfiguration(SECTION).get(key, fallback),
    ).showNotifications;
    if (!shouldNotify(setting, kind)) {
      return;
    }
    const show =
      kind === "error"
        ? vscode.window.showErrorMessage
        : kind === "warning"
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    void show(message, "Show output").then((choice) => {
      if (choice === "Show output") {
        this.output.show(true);
      }
    });
  }
}
