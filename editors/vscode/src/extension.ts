// grounded for VS Code: starts `grounded server` for Markdown and plain text
// files, shows its indexing status, and offers "Restart server" and "Show
// entity table". The settings logic lives in ./options (pure, unit-tested).

import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import {
  ExpandContext,
  INSTALL_URL,
  ServerCommand,
  entityTableMarkdown,
  parseStatus,
  resolveCorpus,
  resolveServerCommand,
  sameStart,
  spawnCommand,
  statusBarView,
} from "./options";

const CLIENT_ID = "grounded";
const CLIENT_NAME = "grounded";
const STATUS_NOTIFICATION = "grounded/status";
const ENTITY_TABLE_REQUEST = "grounded/entityTable";
const INSTALL_BUTTON = "Install instructions";
const SETTINGS_BUTTON = "Open settings";
const RESTART_BUTTON = "Restart server";
/** JSON-RPC "method not found". */
const METHOD_NOT_FOUND = -32601;
/** How long the server may take to answer `initialize` before we say so. */
const START_TIMEOUT_MS = 30_000;
/** More unexpected exits than this within CRASH_WINDOW_MS and it stays down. */
const MAX_CRASHES = 4;
const CRASH_WINDOW_MS = 3 * 60_000;
/** How long a stop waits for a server that is still starting. */
const STOP_WAIT_MS = 5_000;

/** What the running (or last attempted) server was started with. */
interface StartPlan {
  command: ServerCommand;
  corpus: string[];
}

let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let client: LanguageClient | undefined;
/** `client.start()`, settled either way. */
let clientStarted: Promise<unknown> = Promise.resolve();
let currentPlan: StartPlan | undefined;
/** When the current server exited unexpectedly, recently. */
let crashes: number[] = [];
/** Restarts and stops run one after another through this chain. */
let queue: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel(CLIENT_NAME);
  statusItem = vscode.window.createStatusBarItem("grounded.status", vscode.StatusBarAlignment.Right, 100);
  statusItem.name = "grounded";
  statusItem.command = "grounded.showEntityTable";
  context.subscriptions.push(output, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand("grounded.restartServer", () => enqueue(() => restart(true))),
    vscode.commands.registerCommand("grounded.showEntityTable", showEntityTable),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("grounded.corpus") || e.affectsConfiguration("grounded.server.path")) {
        output.appendLine("Settings changed; restarting the server.");
        enqueue(() => restart(true));
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      // Relative corpus paths and ${workspaceFolder} depend on the folders:
      // restart only when what the server would be started with changed.
      enqueue(() => restart(false));
    }),
  );

  enqueue(() => restart(true));
}

export function deactivate(): Thenable<void> | undefined {
  return enqueue(stopClient);
}

function enqueue(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task).catch((err: unknown) => {
    output.appendLine(`error: ${describe(err)}`);
  });
  return queue;
}

/** Resolves "timeout" after `ms` unless `p` settles first (a rejection is passed on). */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function expandContext(): ExpandContext {
  return {
    workspaceFolders: (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === "file")
      .map((f) => f.uri.fsPath),
    homeDir: os.homedir(),
    env: process.env,
    platform: process.platform,
  };
}

/** An executable regular file (on Windows, any regular file). */
function isExecutableFile(candidate: string): boolean {
  try {
    if (!fs.statSync(candidate).isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(candidate, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** Reads the settings and works out how the server would be started. */
function plan(): StartPlan {
  const config = vscode.workspace.getConfiguration("grounded");
  const ctx = expandContext();
  const command = resolveServerCommand(config.get<unknown>("server.path"), ctx, isExecutableFile);
  const resolved = resolveCorpus(config.get<unknown>("corpus"), ctx.workspaceFolders, ctx.homeDir, ctx.env, ctx.platform);
  for (const s of resolved.skipped) {
    output.appendLine(`grounded.corpus: skipping ${JSON.stringify(s.entry)}: ${s.reason}`);
  }
  return { command, corpus: resolved.corpus };
}

function showStatus(text: string, tooltip: string, error = false): void {
  statusItem.text = text;
  statusItem.tooltip = tooltip;
  statusItem.backgroundColor = error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  statusItem.show();
}

async function stopClient(): Promise<void> {
  const old = client;
  client = undefined;
  if (old === undefined) {
    return;
  }
  if (old.state === State.Starting) {
    // A client can't be stopped while it starts: give it a moment to finish.
    await withTimeout(clientStarted, STOP_WAIT_MS);
  }
  if (old.state === State.Starting) {
    // Still not up (it never answered `initialize`): stop() would throw and
    // leave the process behind, so end it. `_serverProcess` is the node
    // client's own handle on it; there's no public one.
    const proc = (old as unknown as { _serverProcess?: { kill?: () => unknown } })._serverProcess;
    if (typeof proc?.kill === "function") {
      output.appendLine("Ending a server that never finished starting.");
      proc.kill();
    }
  }
  try {
    if (old.state === State.Running) {
      await old.stop(2000);
    }
  } catch (err) {
    output.appendLine(`Stopping the server: ${describe(err)}`);
  }
  try {
    await old.dispose(2000);
  } catch {
    // Already stopped.
  }
}

/**
 * (Re)starts the server. With `force` false it keeps a running server whose
 * command and corpus wouldn't change.
 */
async function restart(force: boolean): Promise<void> {
  const next = plan();
  if (!force && client !== undefined && currentPlan !== undefined && sameStart(currentPlan, next)) {
    return;
  }
  await stopClient();
  currentPlan = next;
  crashes = [];

  if (!next.command.ok) {
    output.appendLine(next.command.message);
    showStatus("$(error) grounded", next.command.message, true);
    void offerInstall(next.command.message);
    return;
  }

  const { command, args } = next.command;
  const launch = spawnCommand(command, args, process.platform);
  // No `transport`: vscode-languageclient then speaks stdio without adding
  // `--stdio`, and runs the server in the first workspace folder.
  const serverOptions: ServerOptions = {
    command: launch.command,
    args: launch.args,
    options: launch.shell ? { shell: true } : undefined,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "plaintext" },
    ],
    initializationOptions: { corpus: next.corpus },
    outputChannel: output,
    traceOutputChannel: output,
    errorHandler: {
      error: (_error, _message, count) => ({
        action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
      }),
      closed: () => {
        // A replaced client (restart, settings change) stays down.
        if (client !== c) {
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        const now = Date.now();
        crashes = crashes.filter((t) => now - t < CRASH_WINDOW_MS);
        crashes.push(now);
        if (crashes.length > MAX_CRASHES) {
          const message = `grounded: the server stopped ${crashes.length} times in ${CRASH_WINDOW_MS / 60000} minutes and won't be restarted. See the "grounded" output.`;
          output.appendLine(message);
          showStatus("$(error) grounded", message, true);
          return { action: CloseAction.DoNotRestart, message };
        }
        output.appendLine("The server stopped; restarting it.");
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };

  // The client id "grounded" makes vscode-languageclient follow
  // `grounded.trace.server` (and its changes) by itself.
  const c = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = c;
  c.onNotification(STATUS_NOTIFICATION, (params: unknown) => {
    if (client !== c) {
      return;
    }
    const status = parseStatus(params);
    if (status === undefined) {
      output.appendLine(`Ignoring a malformed ${STATUS_NOTIFICATION}: ${JSON.stringify(params)}`);
      return;
    }
    const view = statusBarView(status);
    showStatus(view.text, view.tooltip, view.error);
  });
  c.onDidChangeState((e) => {
    if (client !== c) {
      return;
    }
    if (e.newState === State.Starting) {
      showStatus("$(sync~spin) grounded: starting…", `Starting ${command} ${args.join(" ")}`);
    } else if (e.newState === State.Running) {
      showStatus("$(check) grounded", `grounded server running (${command})`);
    } else if (e.newState === State.Stopped) {
      showStatus("$(error) grounded", "The grounded server stopped. Run \"grounded: Restart server\" to start it again.", true);
    }
  });

  output.appendLine(
    `Starting ${command} ${args.join(" ")} with corpus ${next.corpus.length === 0 ? "(from grounded.toml or seeds)" : JSON.stringify(next.corpus)}`,
  );
  showStatus("$(sync~spin) grounded: starting…", `Starting ${command} ${args.join(" ")}`);
  // Not awaited: a restart shouldn't wait for a server that never answers.
  const started = c.start();
  clientStarted = started.catch(() => undefined);
  void watchStart(c, started, command);
}

/** Reports a start that fails or takes too long, unless `c` was replaced meanwhile. */
async function watchStart(c: LanguageClient, started: Promise<void>, command: string): Promise<void> {
  try {
    if ((await withTimeout(started, START_TIMEOUT_MS)) === "timeout" && client === c) {
      const message = `grounded: the server (${command}) hasn't answered \`initialize\` after ${START_TIMEOUT_MS / 1000} s.`;
      output.appendLine(message);
      showStatus("$(error) grounded", message, true);
    }
  } catch (err) {
    if (client !== c) {
      return;
    }
    const message = `grounded: couldn't start the server (${command}): ${describe(err)}`;
    output.appendLine(message);
    showStatus("$(error) grounded", message, true);
    void offerInstall(message);
  }
}

async function offerInstall(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, INSTALL_BUTTON, SETTINGS_BUTTON);
  if (choice === INSTALL_BUTTON) {
    await vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
  } else if (choice === SETTINGS_BUTTON) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "grounded.server.path");
  }
}

async function showEntityTable(): Promise<void> {
  const c = client;
  if (c === undefined || !c.isRunning()) {
    const choice = await vscode.window.showErrorMessage("grounded: the server isn't running.", RESTART_BUTTON);
    if (choice === RESTART_BUTTON) {
      await enqueue(() => restart(true));
    }
    return;
  }
  let result: unknown;
  try {
    result = await c.sendRequest(ENTITY_TABLE_REQUEST, {});
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    const message =
      code === METHOD_NOT_FOUND
        ? `grounded: this server doesn't provide the entity table (${ENTITY_TABLE_REQUEST}); update grounded.`
        : `grounded: the entity table request failed: ${describe(err)}`;
    output.appendLine(message);
    void vscode.window.showErrorMessage(message);
    return;
  }
  const markdown = entityTableMarkdown(result);
  if (markdown === undefined) {
    const message = `grounded: the server's ${ENTITY_TABLE_REQUEST} answer has no Markdown.`;
    output.appendLine(`${message} ${JSON.stringify(result)}`);
    void vscode.window.showErrorMessage(message);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: "markdown", content: markdown });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  try {
    // Rendered in the same (side) group, over the source tab.
    await vscode.commands.executeCommand("markdown.showPreview", doc.uri);
  } catch (err) {
    // The built-in Markdown extension may be disabled; the source is shown.
    output.appendLine(`Markdown preview unavailable: ${describe(err)}`);
  }
}
