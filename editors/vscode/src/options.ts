// Settings-to-options logic for the grounded extension.
//
// Everything here is pure (no `vscode` import, no file system access of its
// own: callers pass `exists`, the environment, the home folder and the
// platform), so it runs under plain `node --test`.

import * as path from "node:path";

/** Where the "Install instructions" button leads. */
export const INSTALL_URL = "https://github.com/grounded-dev/grounded#set-up-and-run";

/** The executable looked up on PATH when `grounded.server.path` is unset. */
export const SERVER_NAME = "grounded";

/** Arguments that make the executable speak LSP over stdio. */
export const SERVER_ARGS: readonly string[] = ["server"];

/** PATHEXT when Windows doesn't set one. */
export const DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD";

export type Platform = NodeJS.Platform;

/** Environment variables, as in `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The path module that matches `platform`. */
export function pathFor(platform: Platform): path.PlatformPath {
  return platform === "win32" ? path.win32 : path.posix;
}

/** What a setting's variables expand to. */
export interface ExpandContext {
  /** Workspace folder paths, first one first; may be empty. */
  workspaceFolders: readonly string[];
  homeDir: string;
  env: Env;
  platform: Platform;
}

/** A path setting after expansion. */
export type Expanded = { ok: true; path: string } | { ok: false; reason: string };

function envLookup(env: Env, name: string, platform: Platform): string | undefined {
  if (platform !== "win32") {
    return env[name];
  }
  // Windows environment names are case-insensitive.
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

/**
 * Expands `~`, `${userHome}`, `${workspaceFolder}`, `${workspaceFolder:NAME}`
 * and `${env:NAME}` in one path setting, then resolves a relative result
 * against the first workspace folder. Returns a reason instead when a
 * variable can't be expanded, or a path is relative with no folder open.
 */
export function expandPath(raw: string, ctx: ExpandContext): Expanded {
  const p = pathFor(ctx.platform);
  let s = raw.trim();
  if (s === "") {
    return { ok: false, reason: "empty path" };
  }
  const first = ctx.workspaceFolders[0];
  let missing: string | undefined;
  s = s.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name === "workspaceFolder" || name === "workspaceRoot") {
      if (first === undefined) {
        missing ??= `${whole} needs an open workspace folder`;
        return whole;
      }
      return first;
    }
    if (name.startsWith("workspaceFolder:")) {
      const wanted = name.slice("workspaceFolder:".length);
      const found = ctx.workspaceFolders.find((f) => p.basename(f) === wanted);
      if (found === undefined) {
        missing ??= `no workspace folder named "${wanted}" for ${whole}`;
        return whole;
      }
      return found;
    }
    if (name === "userHome") {
      return ctx.homeDir;
    }
    if (name.startsWith("env:")) {
      return envLookup(ctx.env, name.slice("env:".length), ctx.platform) ?? "";
    }
    missing ??= `unknown variable ${whole}`;
    return whole;
  });
  if (missing !== undefined) {
    return { ok: false, reason: missing };
  }
  if (s === "~") {
    s = ctx.homeDir;
  } else if (s.startsWith("~/") || (ctx.platform === "win32" && s.startsWith("~\\"))) {
    s = p.join(ctx.homeDir, s.slice(2));
  }
  if (!p.isAbsolute(s)) {
    if (first === undefined) {
      // The server's working folder would be anyone's guess.
      return { ok: false, reason: "a relative path needs an open workspace folder" };
    }
    s = p.resolve(first, s);
  }
  return { ok: true, path: p.normalize(s) };
}

/** The corpus setting resolved, with the entries that had to be dropped. */
export interface ResolvedCorpus {
  corpus: string[];
  /** Entries that couldn't be used, each with why. */
  skipped: { entry: unknown; reason: string }[];
}

/**
 * Resolves `grounded.corpus` (an array of paths; a single string is taken as
 * a one-entry array) into absolute paths, in order and without duplicates.
 * Unset, `null` or an empty array gives an empty list, which lets the server
 * fall back to grounded.toml or its seed articles.
 */
export function resolveCorpus(
  setting: unknown,
  workspaceFolders: readonly string[],
  homeDir: string,
  env: Env,
  platform: Platform = process.platform,
): ResolvedCorpus {
  const out: ResolvedCorpus = { corpus: [], skipped: [] };
  if (setting === undefined || setting === null) {
    return out;
  }
  const entries: unknown[] = Array.isArray(setting) ? setting : [setting];
  const ctx: ExpandContext = { workspaceFolders, homeDir, env, platform };
  const seen = new Set<string>();
  for (const entry of entries) {
    if (typeof entry !== "string") {
      out.skipped.push({ entry, reason: "not a string" });
      continue;
    }
    if (entry.trim() === "") {
      continue;
    }
    const r = expandPath(entry, ctx);
    if (!r.ok) {
      out.skipped.push({ entry, reason: r.reason });
      continue;
    }
    const key = platform === "win32" ? r.path.toLowerCase() : r.path;
    if (!seen.has(key)) {
      seen.add(key);
      out.corpus.push(r.path);
    }
  }
  return out;
}

/** `initializationOptions` for the server: `{ corpus: [...] }`. */
export function corpusOptions(
  setting: unknown,
  workspaceFolders: readonly string[],
  homeDir: string,
  env: Env,
  platform: Platform = process.platform,
): { corpus: string[] } {
  return { corpus: resolveCorpus(setting, workspaceFolders, homeDir, env, platform).corpus };
}

function hasSeparator(name: string, platform: Platform): boolean {
  return name.includes("/") || (platform === "win32" && name.includes("\\"));
}

/** The names to try for `file` on Windows: as is if it has a PATHEXT extension, then with each. */
function windowsCandidates(file: string, pathext: string | undefined): string[] {
  const exts = (pathext && pathext.trim() !== "" ? pathext : DEFAULT_PATHEXT)
    .split(";")
    .map((e) => e.trim())
    .filter((e) => e !== "")
    .map((e) => (e.startsWith(".") ? e : `.${e}`));
  const lower = file.toLowerCase();
  const out: string[] = [];
  if (exts.some((e) => lower.endsWith(e.toLowerCase()))) {
    out.push(file);
  }
  for (const e of exts) {
    out.push(file + e.toLowerCase());
  }
  return out;
}

/**
 * Looks `name` up the way a shell would: in each PATH entry in order (`;`
 * separated on Windows, `:` elsewhere; empty entries are skipped), trying the
 * PATHEXT extensions on Windows. A name with a path separator is checked as
 * it is (with PATHEXT on Windows) instead of searched. `exists` tells whether
 * a candidate is an executable file. Returns the first hit, or undefined.
 */
export function findOnPath(
  name: string,
  PATH: string | undefined,
  PATHEXT: string | undefined,
  platform: Platform,
  exists: (candidate: string) => boolean,
): string | undefined {
  if (name === "") {
    return undefined;
  }
  const p = pathFor(platform);
  const candidatesFor = (file: string) =>
    platform === "win32" ? windowsCandidates(file, PATHEXT) : [file];
  if (hasSeparator(name, platform) || p.isAbsolute(name)) {
    return candidatesFor(name).find((c) => exists(c));
  }
  const dirs = (PATH ?? "")
    .split(platform === "win32" ? ";" : ":")
    .map((d) => (platform === "win32" ? d.trim().replace(/^"(.*)"$/, "$1") : d))
    .filter((d) => d !== "");
  for (const dir of dirs) {
    for (const c of candidatesFor(p.join(dir, name))) {
      if (exists(c)) {
        return c;
      }
    }
  }
  return undefined;
}

/** How the server is started, or why it can't be. */
export type ServerCommand =
  | { ok: true; command: string; args: string[] }
  | { ok: false; message: string };

/**
 * Picks the server executable: `grounded.server.path` when set (variables
 * expanded; a bare name is searched on PATH, a relative path is resolved
 * against the first workspace folder), else `grounded` on PATH.
 */
export function resolveServerCommand(
  settingPath: unknown,
  ctx: ExpandContext,
  exists: (candidate: string) => boolean,
): ServerCommand {
  const args = [...SERVER_ARGS];
  const PATH = envLookup(ctx.env, "PATH", ctx.platform);
  const PATHEXT = envLookup(ctx.env, "PATHEXT", ctx.platform);
  const configured = typeof settingPath === "string" ? settingPath.trim() : "";
  if (configured === "") {
    const found = findOnPath(SERVER_NAME, PATH, PATHEXT, ctx.platform, exists);
    if (found !== undefined) {
      return { ok: true, command: found, args };
    }
    return {
      ok: false,
      message:
        "grounded: the `grounded` executable was not found on PATH. Install it, " +
        "or set `grounded.server.path` to where it is.",
    };
  }
  const bare = !hasSeparator(configured, ctx.platform) && !configured.startsWith("~") && !configured.includes("${");
  if (bare) {
    const found = findOnPath(configured, PATH, PATHEXT, ctx.platform, exists);
    if (found !== undefined) {
      return { ok: true, command: found, args };
    }
    return {
      ok: false,
      message: `grounded: \`grounded.server.path\` is "${configured}", which was not found on PATH.`,
    };
  }
  const expanded = expandPath(configured, ctx);
  if (!expanded.ok) {
    return {
      ok: false,
      message: `grounded: \`grounded.server.path\` "${configured}" can't be used: ${expanded.reason}.`,
    };
  }
  const found = findOnPath(expanded.path, undefined, PATHEXT, ctx.platform, exists);
  if (found !== undefined) {
    return { ok: true, command: found, args };
  }
  return {
    ok: false,
    message: `grounded: \`grounded.server.path\` points to "${expanded.path}", which is not an executable file.`,
  };
}

/** How to spawn a resolved command. */
export interface SpawnCommand {
  command: string;
  args: string[];
  /** Run through the shell (Windows .cmd/.bat shims can't be spawned directly). */
  shell: boolean;
}

function quoteForCmd(s: string): string {
  return /[\s"&|<>^()%!]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Windows can't spawn a `.cmd` or `.bat` file without a shell; with one, the
 * command line is joined unescaped, so the parts are quoted here.
 */
export function spawnCommand(command: string, args: readonly string[], platform: Platform): SpawnCommand {
  if (platform === "win32" && /\.(cmd|bat)$/i.test(command)) {
    return { command: quoteForCmd(command), args: args.map(quoteForCmd), shell: true };
  }
  return { command, args: [...args], shell: false };
}

/** The `grounded/status` notification's params. */
export interface ServerStatus {
  state: "indexing" | "ready" | "error";
  message: string;
  articles: number;
}

/** Validates a `grounded/status` payload; undefined when it isn't one. */
export function parseStatus(params: unknown): ServerStatus | undefined {
  if (typeof params !== "object" || params === null) {
    return undefined;
  }
  const o = params as Record<string, unknown>;
  if (o.state !== "indexing" && o.state !== "ready" && o.state !== "error") {
    return undefined;
  }
  const message = typeof o.message === "string" ? o.message : "";
  const articles =
    typeof o.articles === "number" && Number.isFinite(o.articles) && o.articles >= 0
      ? Math.floor(o.articles)
      : 0;
  return { state: o.state, message, articles };
}

/** What the status bar item shows. */
export interface StatusBarView {
  text: string;
  tooltip: string;
  /** Whether to paint it with the error background. */
  error: boolean;
}

/** Status bar text and tooltip for a `grounded/status` payload. */
export function statusBarView(status: ServerStatus): StatusBarView {
  const tip = (fallback: string) => (status.message.trim() !== "" ? status.message : fallback);
  switch (status.state) {
    case "indexing":
      return { text: "$(sync~spin) grounded: indexing…", tooltip: tip("grounded: indexing the corpus"), error: false };
    case "ready": {
      const n = status.articles;
      return {
        text: `$(check) grounded: ${n} ${n === 1 ? "article" : "articles"}`,
        tooltip: tip(`grounded: ${n} ${n === 1 ? "article" : "articles"} indexed`),
        error: false,
      };
    }
    case "error":
      return { text: "$(error) grounded", tooltip: tip("grounded: indexing failed"), error: true };
  }
}

/** Status bar text from a raw `grounded/status` payload (undefined when malformed). */
export function statusBarText(params: unknown): string | undefined {
  const s = parseStatus(params);
  return s === undefined ? undefined : statusBarView(s).text;
}

/** Validates a `grounded/entityTable` result; the Markdown, or undefined. */
export function entityTableMarkdown(result: unknown): string | undefined {
  if (typeof result !== "object" || result === null) {
    return undefined;
  }
  const md = (result as Record<string, unknown>).markdown;
  return typeof md === "string" ? md : undefined;
}

/** Whether two option sets would start the server the same way. */
export function sameStart(
  a: { command: ServerCommand; corpus: readonly string[] },
  b: { command: ServerCommand; corpus: readonly string[] },
): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
