// Unit tests for the settings-to-options logic (plain node, no VS Code).

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ExpandContext,
  INSTALL_URL,
  corpusOptions,
  entityTableMarkdown,
  expandPath,
  findOnPath,
  parseStatus,
  resolveCorpus,
  resolveServerCommand,
  sameStart,
  spawnCommand,
  statusBarText,
  statusBarView,
} from "../src/options";

const HOME = "/home/ana";
const WS = "/work/notes";
const posixCtx = (over: Partial<ExpandContext> = {}): ExpandContext => ({
  workspaceFolders: [WS, "/work/other"],
  homeDir: HOME,
  env: { PATH: "/usr/local/bin:/usr/bin" },
  platform: "linux",
  ...over,
});

/** An `exists` that knows only the given files. */
const only =
  (...files: string[]) =>
  (c: string) =>
    files.includes(c);

describe("corpusOptions", () => {
  test("unset, null and empty give an empty list (server falls back to grounded.toml / seeds)", () => {
    for (const setting of [undefined, null, [], [""], ["   "]]) {
      assert.deepEqual(corpusOptions(setting, [WS], HOME, {}, "linux"), { corpus: [] });
    }
  });

  test("expands ~ to the home folder", () => {
    assert.deepEqual(corpusOptions(["~/sources", "~"], [WS], HOME, {}, "linux"), {
      corpus: ["/home/ana/sources", "/home/ana"],
    });
  });

  test("does not expand ~ inside a name", () => {
    assert.deepEqual(corpusOptions(["/data/~archive"], [WS], HOME, {}, "linux").corpus, ["/data/~archive"]);
  });

  test("substitutes ${workspaceFolder} with the first workspace folder", () => {
    assert.deepEqual(corpusOptions(["${workspaceFolder}/sources"], [WS, "/elsewhere"], HOME, {}, "linux"), {
      corpus: ["/work/notes/sources"],
    });
  });

  test("substitutes ${workspaceFolder:name}, ${userHome} and ${env:VAR}", () => {
    const r = corpusOptions(
      ["${workspaceFolder:other}/a", "${userHome}/b", "${env:ARCHIVE}/c"],
      [WS, "/work/other"],
      HOME,
      { ARCHIVE: "/mnt/archive" },
      "linux",
    );
    assert.deepEqual(r.corpus, ["/work/other/a", "/home/ana/b", "/mnt/archive/c"]);
  });

  test("resolves relative paths against the first workspace folder", () => {
    assert.deepEqual(corpusOptions(["sources", "./more/../extra", "../shared"], [WS], HOME, {}, "linux").corpus, [
      "/work/notes/sources",
      "/work/notes/extra",
      "/work/shared",
    ]);
  });

  test("keeps absolute paths (normalized)", () => {
    assert.deepEqual(corpusOptions(["/srv/articles/", "/srv//x/./y"], [WS], HOME, {}, "linux").corpus, [
      "/srv/articles/",
      "/srv/x/y",
    ]);
  });

  test("skips relative paths when no workspace folder is open", () => {
    const r = resolveCorpus(["sources", "~/kept"], [], HOME, {}, "linux");
    assert.deepEqual(r.corpus, ["/home/ana/kept"]);
    assert.deepEqual(r.skipped, [{ entry: "sources", reason: "a relative path needs an open workspace folder" }]);
  });

  test("accepts a single string and drops duplicates", () => {
    assert.deepEqual(corpusOptions("sources", [WS], HOME, {}, "linux").corpus, ["/work/notes/sources"]);
    assert.deepEqual(corpusOptions(["sources", "/work/notes/sources", "${workspaceFolder}/sources"], [WS], HOME, {}, "linux").corpus, [
      "/work/notes/sources",
    ]);
  });

  test("skips entries it can't expand, and says why", () => {
    const r = resolveCorpus(["${workspaceFolder}/a", 42, "/abs", "${nope}/x"], [], HOME, {}, "linux");
    assert.deepEqual(r.corpus, ["/abs"]);
    assert.equal(r.skipped.length, 3);
    assert.match(r.skipped[0]!.reason, /workspace folder/);
    assert.equal(r.skipped[1]!.reason, "not a string");
    assert.match(r.skipped[2]!.reason, /unknown variable/);
  });

  test("Windows: ~\\, drive letters, ${workspaceFolder} and relative paths", () => {
    const r = corpusOptions(
      ["~\\sources", "D:\\archive", "${workspaceFolder}\\a", "rel\\b", "~/c"],
      ["C:\\Users\\ana\\notes"],
      "C:\\Users\\ana",
      {},
      "win32",
    );
    assert.deepEqual(r.corpus, [
      "C:\\Users\\ana\\sources",
      "D:\\archive",
      "C:\\Users\\ana\\notes\\a",
      "C:\\Users\\ana\\notes\\rel\\b",
      "C:\\Users\\ana\\c",
    ]);
  });

  test("Windows: ${env:VAR} is case-insensitive and duplicates differ only by case", () => {
    const r = corpusOptions(["${env:archive}\\x", "D:\\ARCHIVE\\X"], [], "C:\\Users\\ana", { ARCHIVE: "D:\\archive" }, "win32");
    assert.deepEqual(r.corpus, ["D:\\archive\\x"]);
  });
});

describe("expandPath", () => {
  test("an empty path is not a path", () => {
    assert.equal(expandPath("  ", posixCtx()).ok, false);
  });
  test("an unset ${env:VAR} expands to nothing", () => {
    assert.deepEqual(expandPath("/a${env:NOPE}/b", posixCtx()), { ok: true, path: "/a/b" });
  });
});

describe("findOnPath", () => {
  test("finds the first hit in PATH order", () => {
    const exists = only("/usr/bin/grounded", "/opt/bin/grounded");
    assert.equal(findOnPath("grounded", "/usr/local/bin:/usr/bin:/opt/bin", undefined, "linux", exists), "/usr/bin/grounded");
  });

  test("missing binary gives undefined", () => {
    assert.equal(findOnPath("grounded", "/usr/local/bin:/usr/bin", undefined, "linux", only()), undefined);
    assert.equal(findOnPath("grounded", undefined, undefined, "linux", only("/grounded")), undefined);
    assert.equal(findOnPath("grounded", "", undefined, "linux", only("grounded")), undefined);
  });

  test("skips empty PATH entries instead of searching the current folder", () => {
    const seen: string[] = [];
    findOnPath("grounded", ":/usr/bin::", undefined, "linux", (c) => (seen.push(c), false));
    assert.deepEqual(seen, ["/usr/bin/grounded"]);
  });

  test("does not try PATHEXT on Linux or macOS", () => {
    const seen: string[] = [];
    findOnPath("grounded", "/bin", ".EXE", "darwin", (c) => (seen.push(c), false));
    assert.deepEqual(seen, ["/bin/grounded"]);
  });

  test("Windows: tries each PATHEXT extension in each ; separated entry", () => {
    const seen: string[] = [];
    const hit = findOnPath(
      "grounded",
      'C:\\Windows;"C:\\Program Files\\grounded";',
      ".COM;.EXE;.BAT",
      "win32",
      (c) => (seen.push(c), c === "C:\\Program Files\\grounded\\grounded.exe"),
    );
    assert.equal(hit, "C:\\Program Files\\grounded\\grounded.exe");
    assert.deepEqual(seen, [
      "C:\\Windows\\grounded.com",
      "C:\\Windows\\grounded.exe",
      "C:\\Windows\\grounded.bat",
      "C:\\Program Files\\grounded\\grounded.com",
      "C:\\Program Files\\grounded\\grounded.exe",
    ]);
  });

  test("Windows: falls back to the default PATHEXT and finds .cmd shims", () => {
    assert.equal(
      findOnPath("grounded", "C:\\tools", undefined, "win32", only("C:\\tools\\grounded.cmd")),
      "C:\\tools\\grounded.cmd",
    );
  });

  test("Windows: a name that already has a PATHEXT extension is tried as is first", () => {
    const seen: string[] = [];
    findOnPath("grounded.EXE", "C:\\tools", ".EXE", "win32", (c) => (seen.push(c), false));
    assert.deepEqual(seen, ["C:\\tools\\grounded.EXE", "C:\\tools\\grounded.EXE.exe"]);
  });

  test("Windows: a bare name without an extension is not run as is", () => {
    assert.equal(findOnPath("grounded", "C:\\tools", ".EXE", "win32", only("C:\\tools\\grounded")), undefined);
  });

  test("a name with a separator is checked, not searched", () => {
    assert.equal(findOnPath("/opt/grounded", "/usr/bin", undefined, "linux", only("/opt/grounded")), "/opt/grounded");
    assert.equal(findOnPath("/opt/grounded", "/usr/bin", undefined, "linux", only("/usr/bin/grounded")), undefined);
    assert.equal(findOnPath("C:\\g\\grounded", "C:\\x", ".EXE", "win32", only("C:\\g\\grounded.exe")), "C:\\g\\grounded.exe");
  });
});

describe("resolveServerCommand", () => {
  test("uses `grounded` on PATH when the setting is unset or empty", () => {
    for (const setting of [undefined, "", "  ", 7]) {
      assert.deepEqual(resolveServerCommand(setting, posixCtx(), only("/usr/bin/grounded")), {
        ok: true,
        command: "/usr/bin/grounded",
        args: ["server"],
      });
    }
  });

  test("missing binary gives a message, not a throw", () => {
    const r = resolveServerCommand(undefined, posixCtx(), only());
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : "", /not found on PATH.*grounded\.server\.path/s);
  });

  test("an explicit path is expanded and checked", () => {
    assert.deepEqual(resolveServerCommand("~/.cargo/bin/grounded", posixCtx(), only("/home/ana/.cargo/bin/grounded")), {
      ok: true,
      command: "/home/ana/.cargo/bin/grounded",
      args: ["server"],
    });
    assert.deepEqual(resolveServerCommand("${workspaceFolder}/target/release/grounded", posixCtx(), only("/work/notes/target/release/grounded")), {
      ok: true,
      command: "/work/notes/target/release/grounded",
      args: ["server"],
    });
    assert.deepEqual(resolveServerCommand("bin/grounded", posixCtx(), only("/work/notes/bin/grounded")), {
      ok: true,
      command: "/work/notes/bin/grounded",
      args: ["server"],
    });
  });

  test("a relative path without a workspace folder is reported", () => {
    const r = resolveServerCommand("bin/grounded", posixCtx({ workspaceFolders: [] }), only("bin/grounded"));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : "", /needs an open workspace folder/);
  });

  test("an explicit path that doesn't exist is reported with the resolved path", () => {
    const r = resolveServerCommand("~/nope/grounded", posixCtx(), only("/usr/bin/grounded"));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : "", /\/home\/ana\/nope\/grounded/);
  });

  test("a bare name in the setting is searched on PATH", () => {
    assert.deepEqual(resolveServerCommand("grounded-dev", posixCtx(), only("/usr/local/bin/grounded-dev")), {
      ok: true,
      command: "/usr/local/bin/grounded-dev",
      args: ["server"],
    });
    assert.equal(resolveServerCommand("grounded-dev", posixCtx(), only()).ok, false);
  });

  test("Windows: Path and PATHEXT are read case-insensitively", () => {
    const ctx: ExpandContext = {
      workspaceFolders: [],
      homeDir: "C:\\Users\\ana",
      env: { Path: "C:\\a;C:\\b", PathExt: ".EXE" },
      platform: "win32",
    };
    assert.deepEqual(resolveServerCommand(undefined, ctx, only("C:\\b\\grounded.exe")), {
      ok: true,
      command: "C:\\b\\grounded.exe",
      args: ["server"],
    });
    assert.deepEqual(resolveServerCommand("~\\bin\\grounded", ctx, only("C:\\Users\\ana\\bin\\grounded.exe")), {
      ok: true,
      command: "C:\\Users\\ana\\bin\\grounded.exe",
      args: ["server"],
    });
  });
});

describe("spawnCommand", () => {
  test("runs executables directly, as `grounded server`", () => {
    assert.deepEqual(spawnCommand("/usr/bin/grounded", ["server"], "linux"), {
      command: "/usr/bin/grounded",
      args: ["server"],
      shell: false,
    });
    assert.deepEqual(spawnCommand("C:\\Program Files\\grounded\\grounded.exe", ["server"], "win32"), {
      command: "C:\\Program Files\\grounded\\grounded.exe",
      args: ["server"],
      shell: false,
    });
  });

  test("Windows: .cmd/.bat shims go through the shell, quoted", () => {
    assert.deepEqual(spawnCommand("C:\\Program Files\\npm\\grounded.CMD", ["server"], "win32"), {
      command: '"C:\\Program Files\\npm\\grounded.CMD"',
      args: ["server"],
      shell: true,
    });
    assert.equal(spawnCommand("/x/grounded.cmd", ["server"], "linux").shell, false);
  });
});

describe("status bar", () => {
  test("indexing spins, with the message as tooltip", () => {
    assert.deepEqual(statusBarView({ state: "indexing", message: "reading 3 folders", articles: 0 }), {
      text: "$(sync~spin) grounded: indexing…",
      tooltip: "reading 3 folders",
      error: false,
    });
  });

  test("ready shows the article count", () => {
    assert.equal(statusBarText({ state: "ready", message: "ok", articles: 42 }), "$(check) grounded: 42 articles");
    assert.equal(statusBarText({ state: "ready", message: "ok", articles: 0 }), "$(check) grounded: 0 articles");
    assert.equal(statusBarText({ state: "ready", message: "ok", articles: 1 }), "$(check) grounded: 1 article");
    assert.equal(statusBarView({ state: "ready", message: "", articles: 5 }).tooltip, "grounded: 5 articles indexed");
  });

  test("error shows the error icon and flags the item", () => {
    const v = statusBarView({ state: "error", message: "cannot read /srv/articles", articles: 0 });
    assert.deepEqual(v, { text: "$(error) grounded", tooltip: "cannot read /srv/articles", error: true });
  });

  test("malformed payloads are rejected; odd fields are tidied", () => {
    for (const bad of [undefined, null, 3, "ready", {}, { state: "done" }]) {
      assert.equal(parseStatus(bad), undefined);
      assert.equal(statusBarText(bad), undefined);
    }
    assert.deepEqual(parseStatus({ state: "ready", articles: 2.7 }), { state: "ready", message: "", articles: 2 });
    assert.deepEqual(parseStatus({ state: "ready", message: 1, articles: -1 }), { state: "ready", message: "", articles: 0 });
  });
});

describe("misc", () => {
  test("entity table result must carry Markdown", () => {
    assert.equal(entityTableMarkdown({ markdown: "| a |" }), "| a |");
    assert.equal(entityTableMarkdown({ markdown: 1 }), undefined);
    assert.equal(entityTableMarkdown(null), undefined);
  });

  test("restart is skipped only when nothing changes", () => {
    const cmd = { ok: true as const, command: "/usr/bin/grounded", args: ["server"] };
    assert.equal(sameStart({ command: cmd, corpus: ["/a"] }, { command: { ...cmd }, corpus: ["/a"] }), true);
    assert.equal(sameStart({ command: cmd, corpus: ["/a"] }, { command: cmd, corpus: ["/b"] }), false);
  });

  test("install URL points at the README's set-up section", () => {
    assert.equal(INSTALL_URL, "https://github.com/grounded-dev/grounded#set-up-and-run");
  });
});
