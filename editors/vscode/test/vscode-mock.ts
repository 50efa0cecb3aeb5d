// A minimal stand-in for the `vscode` module, enough for the bundled
// extension and vscode-languageclient to start a server, so the smoke test
// can run in plain node. The parts the extension uses are explicit and record
// what happened; everything else is an "anything" proxy that can be read,
// called and disposed.

/* eslint-disable @typescript-eslint/no-explicit-any */

type Listener = (e: any) => unknown;

/** A value that can be read, called or disposed to any depth, and isn't a thenable. */
function anything(label: string): any {
  const fn = function () {
    return anything(`${label}()`);
  };
  return new Proxy(fn, {
    get(_t, prop) {
      if (prop === "then") return undefined;
      if (prop === Symbol.toPrimitive) return () => `[${label}]`;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === "dispose") return () => undefined;
      if (prop === "toString") return () => `[${label}]`;
      return anything(`${label}.${String(prop)}`);
    },
  });
}

/** Explicit members first, `anything` for the rest. */
function partial<T extends object>(label: string, explicit: T): T & Record<string, any> {
  return new Proxy(explicit as any, {
    get(t, prop) {
      if (prop in t) return t[prop];
      if (prop === "then") return undefined;
      return anything(`${label}.${String(prop)}`);
    },
  });
}

export class EventEmitter<T> {
  private listeners: Listener[] = [];
  event = (listener: Listener) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  static from(...ds: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    readonly raw: string,
  ) {}
  static file(p: string): Uri {
    return new Uri("file", p, `file://${p}`);
  }
  static parse(s: string): Uri {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s)?.[1] ?? "file";
    return new Uri(scheme, s.slice(scheme.length + 1), s);
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return this.raw;
  }
  with(): Uri {
    return this;
  }
}

export interface MockState {
  settings: Record<string, unknown>;
  workspaceFolders: string[];
  commands: Map<string, (...args: any[]) => any>;
  executed: { command: string; args: unknown[] }[];
  errors: { message: string; items: unknown[] }[];
  /** What showErrorMessage answers (the button clicked), if anything. */
  errorAnswer?: string;
  opened: { language?: string; content?: string }[];
  shown: { doc: unknown; options: unknown }[];
  external: string[];
  statusItems: { text: string; tooltip: unknown; command: unknown; backgroundColor: unknown; visible: boolean }[];
  configListeners: Listener[];
}

export function newState(): MockState {
  return {
    settings: {},
    workspaceFolders: [],
    commands: new Map(),
    executed: [],
    errors: [],
    opened: [],
    shown: [],
    external: [],
    statusItems: [],
    configListeners: [],
  };
}

/** Fires onDidChangeConfiguration as if `changed` settings had changed. */
export function changeSettings(state: MockState, changed: Record<string, unknown>): void {
  Object.assign(state.settings, changed);
  const e = {
    affectsConfiguration: (section: string) =>
      Object.keys(changed).some((k) => k === section || k.startsWith(`${section}.`)),
  };
  for (const l of state.configListeners) l(e);
}

export function createVscodeMock(state: MockState): any {
  const on = (list: Listener[]) => (l: Listener) => {
    list.push(l);
    return new Disposable(() => list.splice(list.indexOf(l), 1));
  };
  const outputChannel = (name: string) =>
    partial("outputChannel", {
      name,
      appendLine: (line: string) => {
        if (process.env.GROUNDED_SMOKE_VERBOSE) process.stderr.write(`[${name}] ${line}\n`);
      },
      append: () => undefined,
      show: () => undefined,
      clear: () => undefined,
      dispose: () => undefined,
    });

  return partial("vscode", {
    version: "1.85.0",
    EventEmitter,
    Disposable,
    Uri,
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
    env: partial("env", {
      appName: "Mock Code",
      language: "en",
      openExternal: async (uri: Uri) => {
        state.external.push(uri.toString());
        return true;
      },
    }),
    window: partial("window", {
      createOutputChannel: outputChannel,
      createStatusBarItem: () => {
        const item = {
          text: "",
          tooltip: undefined as unknown,
          command: undefined as unknown,
          backgroundColor: undefined as unknown,
          name: "",
          visible: false,
          show() {
            item.visible = true;
          },
          hide() {
            item.visible = false;
          },
          dispose() {
            item.visible = false;
          },
        };
        state.statusItems.push(item);
        return item;
      },
      showErrorMessage: async (message: string, ...items: unknown[]) => {
        state.errors.push({ message, items });
        return items.find((i) => i === state.errorAnswer || (i as any)?.title === state.errorAnswer);
      },
      showWarningMessage: async () => undefined,
      showInformationMessage: async () => undefined,
      showTextDocument: async (doc: unknown, options: unknown) => {
        state.shown.push({ doc, options });
        return anything("editor");
      },
      activeTextEditor: undefined,
      visibleTextEditors: [],
      onDidChangeActiveTextEditor: on([]),
      onDidChangeVisibleTextEditors: on([]),
    }),
    workspace: partial("workspace", {
      get workspaceFolders() {
        return state.workspaceFolders.length === 0
          ? undefined
          : state.workspaceFolders.map((p, index) => ({ uri: Uri.file(p), name: p.split("/").pop(), index }));
      },
      textDocuments: [],
      getConfiguration: (section?: string) =>
        partial("configuration", {
          get: (key: string, dflt?: unknown) => {
            const full = section ? `${section}.${key}` : key;
            return full in state.settings ? state.settings[full] : dflt;
          },
          has: (key: string) => (section ? `${section}.${key}` : key) in state.settings,
        }),
      onDidChangeConfiguration: on(state.configListeners),
      onDidChangeWorkspaceFolders: on([]),
      openTextDocument: async (opts: { language?: string; content?: string }) => {
        state.opened.push(opts);
        return { uri: Uri.parse("untitled:Untitled-1"), languageId: opts.language, getText: () => opts.content };
      },
    }),
    commands: partial("commands", {
      registerCommand: (id: string, fn: (...args: any[]) => any) => {
        state.commands.set(id, fn);
        return new Disposable(() => state.commands.delete(id));
      },
      executeCommand: async (command: string, ...args: unknown[]) => {
        state.executed.push({ command, args });
        const own = state.commands.get(command);
        return own ? own(...args) : undefined;
      },
    }),
  });
}
