// Smoke test of the bundled extension (dist/extension.js) in plain node: a
// stand-in `vscode` module (./vscode-mock) and a fake `grounded` on PATH
// (./fixtures/fake-grounded.js). Checks the server is started as
// `grounded server` with the corpus as initializationOptions, that
// `grounded/status` drives the status bar, that "Show entity table" opens the
// Markdown, that a settings change restarts the server, and that a missing
// binary gives the install message instead of a crash.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import Module from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { MockState, changeSettings, createVscodeMock, newState } from "./vscode-mock";

const root = path.resolve(__dirname, "..", "..");
const bundle = path.join(root, "dist", "extension.js");
const fakeServer = path.join(root, "test", "fixtures", "fake-grounded.js");

interface Extension {
  activate(context: { subscriptions: { dispose(): unknown }[] }): void;
  deactivate(): Thenable<void> | undefined;
}

let currentMock: unknown;
const moduleAny = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = moduleAny._load;
moduleAny._load = function (request: string, ...rest: unknown[]) {
  if (request === "vscode") return currentMock;
  return originalLoad.call(this, request, ...rest);
};

/** A fresh copy of the bundled extension bound to a fresh mock. */
function load(state: MockState): Extension {
  currentMock = createVscodeMock(state);
  delete require.cache[bundle];
  return require(bundle) as Extension;
}

async function until<T>(what: string, probe: () => T | undefined | false, ms = 15000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function messages(log: string): any[] {
  return fs.existsSync(log)
    ? fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l))
    : [];
}

const skip = process.platform === "win32" ? "needs a POSIX shell for the fake server" : false;

describe("extension smoke test", { skip }, () => {
  let dir: string;
  let savedPath: string | undefined;
  let log: string;

  beforeEach(() => {
    assert.ok(fs.existsSync(bundle), `${bundle} is missing: run npm run bundle first`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "grounded-vscode-"));
    log = path.join(dir, "server.log");
    savedPath = process.env.PATH;
    process.env.FAKE_GROUNDED_LOG = log;
  });

  afterEach(() => {
    process.env.PATH = savedPath;
    delete process.env.FAKE_GROUNDED_LOG;
    delete process.env.FAKE_GROUNDED_HANG;
    delete process.env.FAKE_GROUNDED_NO_TABLE;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("starts grounded server, shows status, opens the entity table, restarts on settings change", async () => {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    const exe = path.join(bin, "grounded");
    fs.writeFileSync(exe, `#!/bin/sh\nexec "${process.execPath}" "${fakeServer}" "$@"\n`, { mode: 0o755 });
    process.env.PATH = `${path.join(dir, "nothing-here")}:${bin}`;

    const state = newState();
    const ws = path.join(dir, "notes");
    fs.mkdirSync(ws);
    state.workspaceFolders = [ws];
    state.settings["grounded.corpus"] = ["~/sources", "articles", "${workspaceFolder}/more"];
    state.settings["grounded.trace.server"] = "messages";
    const ext = load(state);
    const context = { subscriptions: [] as { dispose(): unknown }[] };
    ext.activate(context);

    const item = state.statusItems[0]!;
    assert.equal(item.command, "grounded.showEntityTable");
    await until("the ready status", () => item.text === "$(check) grounded: 3 articles");
    assert.equal(item.tooltip, "3 articles indexed");
    assert.equal(item.visible, true);

    const first = messages(log);
    assert.deepEqual(first[0].argv, ["server"]);
    const init = first.find((m) => m.method === "initialize");
    assert.deepEqual(init.params.initializationOptions, {
      corpus: [path.join(os.homedir(), "sources"), path.join(ws, "articles"), path.join(ws, "more")],
    });
    assert.equal(init.params.trace, "messages", "grounded.trace.server reaches the client");

    await state.commands.get("grounded.showEntityTable")!();
    assert.deepEqual(state.opened, [{ language: "markdown", content: "| Entity | Aliases |\n| --- | --- |\n| Ana | A. |\n" }]);
    assert.equal((state.shown[0]!.options as { viewColumn: number }).viewColumn, -2 /* Beside */);
    assert.ok(state.executed.some((e) => e.command === "markdown.showPreview"));
    assert.deepEqual(state.errors, []);

    changeSettings(state, { "grounded.corpus": [] });
    await until("a second server", () => messages(log).filter((m) => m.argv).length === 2);
    const restarted = await until("the second initialize", () =>
      messages(log).filter((m) => m.method === "initialize")[1],
    );
    assert.deepEqual(restarted.params.initializationOptions, { corpus: [] });
    assert.ok(messages(log).some((m) => m.method === "shutdown"), "the first server was shut down");
    await until("ready again", () => item.text === "$(check) grounded: 3 articles");

    await ext.deactivate();
    await until("exit", () => messages(log).filter((m) => m.method === "exit").length === 2);
    for (const d of context.subscriptions) d.dispose();
  });

  test("a server without grounded/entityTable gets a clear message", async () => {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "grounded"), `#!/bin/sh\nexec "${process.execPath}" "${fakeServer}" "$@"\n`, { mode: 0o755 });
    process.env.PATH = bin;
    process.env.FAKE_GROUNDED_NO_TABLE = "1";
    const state = newState();
    const ext = load(state);
    ext.activate({ subscriptions: [] });
    const item = state.statusItems[0]!;
    await until("the ready status", () => item.text === "$(check) grounded: 3 articles");
    await state.commands.get("grounded.showEntityTable")!();
    assert.equal(state.errors.length, 1);
    assert.match(state.errors[0]!.message, /doesn't provide the entity table \(grounded\/entityTable\)/);
    assert.deepEqual(state.opened, []);
    await ext.deactivate();
  });

  test("a server that never answers initialize is ended on restart", async (t) => {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "grounded"), `#!/bin/sh\nexec "${process.execPath}" "${fakeServer}" "$@"\n`, { mode: 0o755 });
    process.env.PATH = bin;
    process.env.FAKE_GROUNDED_HANG = "1";
    // vscode-languageclient leaves promises unhandled when a server dies
    // during `initialize` (its own `stop()` inside `start()`, and the pending
    // initialize request): collect those here instead of failing the test.
    const runnerListeners = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    const unhandled: unknown[] = [];
    process.on("unhandledRejection", (e) => unhandled.push(e));
    t.after(() => {
      process.removeAllListeners("unhandledRejection");
      for (const l of runnerListeners) process.on("unhandledRejection", l);
    });
    const state = newState();
    const ext = load(state);
    ext.activate({ subscriptions: [] });
    const firstPid = await until("the first server", () => messages(log).find((m) => m.pid)?.pid as number | undefined);
    await until("initialize sent", () => messages(log).some((m) => m.method === "initialize"));

    await state.commands.get("grounded.restartServer")!();
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await until("the first server to end", () => !alive(firstPid), 10000);
    await until("a second server", () => messages(log).filter((m) => m.pid).length === 2);

    delete process.env.FAKE_GROUNDED_HANG;
    await ext.deactivate();
    const pids = messages(log).filter((m) => m.pid).map((m) => m.pid as number);
    await until("every server to end", () => pids.every((p) => !alive(p)), 10000);
    await new Promise((r) => setTimeout(r, 200));
    for (const e of unhandled) {
      assert.match(String((e as Error)?.message ?? e), /connection got disposed|can't be stopped/, "only the library's known leftovers");
    }
  });

  test("a missing binary shows the install message and doesn't crash", async () => {
    process.env.PATH = path.join(dir, "empty");
    const state = newState();
    state.errorAnswer = "Install instructions";
    const ext = load(state);
    ext.activate({ subscriptions: [] });

    await until("the error message", () => state.errors.length > 0);
    assert.match(state.errors[0]!.message, /`grounded` executable was not found on PATH/);
    assert.deepEqual(state.errors[0]!.items, ["Install instructions", "Open settings"]);
    await until("the install page", () => state.external.length > 0);
    assert.deepEqual(state.external, ["https://github.com/grounded-dev/grounded#set-up-and-run"]);
    const item = state.statusItems[0]!;
    assert.equal(item.text, "$(error) grounded");

    // The entity table command says the server isn't running instead of throwing.
    state.errorAnswer = undefined;
    await state.commands.get("grounded.showEntityTable")!();
    assert.match(state.errors[1]!.message, /isn't running/);
    await ext.deactivate();
  });

  test("a grounded.server.path that doesn't exist is reported", async () => {
    process.env.PATH = path.join(dir, "empty");
    const state = newState();
    state.settings["grounded.server.path"] = path.join(dir, "no", "grounded");
    const ext = load(state);
    ext.activate({ subscriptions: [] });
    await until("the error message", () => state.errors.length > 0);
    assert.match(state.errors[0]!.message, /grounded\.server\.path.*not an executable file/);
    await ext.deactivate();
  });
});
