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
  RevealOutputChannelOn,
  type ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { CLIENT_ID, CLIENT_NAME, SECTION } from "./constants";
import { documentSelector, homeWatches } from "./documents";
import { CrashBudget, SerialQueue } from "./lifecycle";
import {
  probeArgs,
  pythonExtensionApi,
  pythonExtensionInterpreter,
  type Resolution,
  resolveInterpreter,
  runProbe,
  serverLaunch,
} from "./python";
import { readClientSettings, serverSection } from "./settings";
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
    const launchFor = (interpreter: string) =>
      serverLaunch(interpreter, this.context.extensionPath, process.env);
    const resolution: Resolution = await resolveInterpreter({
      setting: settings.interpreter,
      pythonExtension: async () =>
        pythonExtensionInterpreter(
          await pythonExtensionApi(vscode.extensions),
          vscode.workspace.workspaceFolders?.[0]?.uri,
        ),
      probe: (command) => {
        const launch = launchFor(command);
        return runProbe(command, probeArgs(launch), launch.env);
      },
    });
    for (const note of resolution.notes) {
      this.output.warn(note);
    }
    if (!resolution.ok) {
      this.fail(resolution.message);
      return;
    }
    const info = resolution.info;
    this.output.info(
      `Python ${info.version.join(".")} at ${info.executable || resolution.command} (${resolution.source})`,
    );
    const launch = launchFor(resolution.command);
    this.output.info(`starting: ${launch.command} ${launch.args.join(" ")}`);
    const client = this.createClient(
      { command: launch.command, args: launch.args, options: { env: launch.env }, transport: TransportKind.stdio },
      settings.scanHomeFiles,
    );
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.client = undefined;
      await client.dispose().catch(() => undefined);
      this.fail(`authlint: the server did not start with ${resolution.command}: ${String(error)}`);
      return;
    }
    this.interpreter = resolution.command;
    this.status.setState("running");
  }

  private createClient(serverOptions: ServerOptions, watchHome: boolean): LanguageClient {
    const home = os.homedir();
    this.watchers = watchHome
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
      diagnosticPullOptions: { onChange: true, onSave: true },
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
    void vscode.window.showErrorMessage(message, "Show output").then((choice) => {
      if (choice === "Show output") {
        this.output.show(true);
      }
    });
  }
}
