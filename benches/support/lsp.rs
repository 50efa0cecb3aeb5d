//! A minimal blocking JSON-RPC client over stdio, the same for every
//! language server the benches drive. A reader thread stamps each message
//! with its arrival time, so latencies do not include the bench's own work.
//! Nothing here panics on a slow or silent server: waits return `None`.

use std::io::{self, BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub struct Lsp {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<(Instant, Value)>,
    next_id: i64,
    /// Messages received while waiting for something else.
    held: Vec<(Instant, Value)>,
    /// The answer to each item of a `workspace/configuration` request.
    settings: Value,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Lsp {
    /// Starts a server (stdin/stdout piped, stderr discarded).
    pub fn start(command: &mut Command) -> io::Result<Lsp> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send((Instant::now(), msg)).is_err() {
                    break;
                }
            }
        });
        Ok(Lsp {
            child,
            stdin,
            incoming: rx,
            next_id: 1,
            held: Vec::new(),
            settings: Value::Null,
        })
    }

    /// Answers every `workspace/configuration` item with `settings`.
    pub fn with_settings(mut self, settings: Value) -> Lsp {
        self.settings = settings;
        self
    }

    fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        // A server that died shows up as a wait that returns `None`.
        let _ = self.stdin.write_all(frame.as_bytes());
        let _ = self.stdin.flush();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message before `deadline`; the server's own requests are
    /// answered on the way (`workspace/configuration` with the settings
    /// once per item, anything else with `null`).
    fn next(&mut self, deadline: Instant) -> Option<(Instant, Value)> {
        let left = deadline.saturating_duration_since(Instant::now());
        let (at, msg) = self.incoming.recv_timeout(left).ok()?;
        if let (Some(method), Some(id)) = (msg.get("method"), msg.get("id")) {
            let result = if method == "workspace/configuration" {
                let items = msg["params"]["items"].as_array().map_or(0, Vec::len);
                Value::Array(vec![self.settings.clone(); items])
            } else {
                Value::Null
            };
            self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
        }
        Some((at, msg))
    }

    /// Sends a request; returns its response and when it arrived.
    pub fn request(
        &mut self,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Option<(Instant, Value)> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + timeout;
        loop {
            let (at, msg) = self.next(deadline)?;
            if msg.get("id") == Some(&json!(id)) && msg.get("method").is_none() {
                return Some((at, msg));
            }
            self.held.push((at, msg));
        }
    }

    /// Waits for a notification `method` whose params satisfy `pred`,
    /// looking first at what was held; returns it and when it arrived.
    pub fn wait_for(
        &mut self,
        method: &str,
        pred: impl Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Option<(Instant, Value)> {
        let matches = |m: &Value| m["method"] == method && pred(&m["params"]);
        if let Some(i) = self.held.iter().position(|(_, m)| matches(m)) {
            return Some(self.held.remove(i));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let (at, msg) = self.next(deadline)?;
            if matches(&msg) {
                return Some((at, msg));
            }
            self.held.push((at, msg));
        }
    }

    /// `initialize` + `initialized`; the response, if any.
    pub fn initialize(
        &mut self,
        root_uri: &str,
        options: Value,
        timeout: Duration,
    ) -> Option<Value> {
        let params = json!({
            "processId": std::process::id(),
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
            "capabilities": {
                "general": {"positionEncodings": ["utf-8", "utf-16"]},
                "textDocument": {"publishDiagnostics": {}, "hover": {}, "definition": {}},
                "workspace": {"configuration": true},
            },
            "initializationOptions": options,
        });
        let (_, resp) = self.request("initialize", params, timeout)?;
        self.notify("initialized", json!({}));
        Some(resp)
    }

    /// Opens a document (`textDocument/didOpen`); returns when it was sent.
    pub fn open(&mut self, uri: &str, language: &str, text: &str) -> Instant {
        let params = json!({"textDocument": {
            "uri": uri, "languageId": language, "version": 1, "text": text,
        }});
        let sent = Instant::now();
        self.notify("textDocument/didOpen", params);
        sent
    }

    /// Drops held messages (after a phase whose notifications are done).
    pub fn forget(&mut self) {
        self.held.clear();
        while self.incoming.try_recv().is_ok() {}
    }

    /// `shutdown` + `exit`, then kills the process if it lingers.
    pub fn stop(mut self) {
        let _ = self.request("shutdown", Value::Null, Duration::from_secs(5));
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A file URI for an absolute path.
pub fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// An LSP position (UTF-8 columns) for a byte offset of `text`.
pub fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let col = offset - before.rfind('\n').map_or(0, |n| n + 1);
    json!({"line": line, "character": col})
}
