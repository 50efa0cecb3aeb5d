//! A minimal LSP client over stdio for end-to-end tests: it starts the real
//! `grounded server`, frames JSON-RPC messages, answers the server's own
//! requests (progress tokens, watcher registration) and collects
//! notifications.
#![allow(dead_code)]

use std::io::Read;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(30);

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_grounded")
}

pub struct LspClient {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications and server requests seen so far, in order.
    pub seen: Vec<Value>,
    /// Everything the server wrote to standard error so far.
    stderr: Arc<Mutex<Vec<u8>>>,
}

/// Reads one framed message; `None` at end of stream.
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

impl LspClient {
    /// Starts `grounded server` in `cwd`.
    pub fn start(cwd: &Path) -> LspClient {
        LspClient::start_with_env(cwd, &[])
    }

    /// Starts `grounded server` in `cwd` with extra environment variables.
    pub fn start_with_env(cwd: &Path, env: &[(&str, &str)]) -> LspClient {
        LspClient::spawn(Command::new(bin()), cwd, env)
    }

    /// Starts `grounded server` in `cwd` through `wrapper`, a command that
    /// runs the rest of its arguments (e.g. `setpriv … --`).
    pub fn start_wrapped(cwd: &Path, wrapper: &[&str]) -> LspClient {
        let (program, args) = wrapper.split_first().expect("a wrapper command");
        let mut command = Command::new(program);
        command.args(args).arg(bin());
        LspClient::spawn(command, cwd, &[])
    }

    fn spawn(mut command: Command, cwd: &Path, env: &[(&str, &str)]) -> LspClient {
        let mut child = command
            .arg("server")
            .envs(env.iter().copied())
            .current_dir(cwd)
            .env("XDG_CACHE_HOME", cwd.join(".cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start grounded server");
        let stdin = child.stdin.take().unwrap();
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let mut err_pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n @ 1..) = err_pipe.read(&mut buf) {
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        LspClient {
            child,
            stdin,
            incoming: rx,
            next_id: 1,
            seen: Vec::new(),
            stderr,
        }
    }

    /// What the server wrote to standard error so far.
    pub fn stderr_log(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// The last lines the server wrote to standard error.
    pub fn stderr_tail(&self) -> String {
        let log = self.stderr_log();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// Waits until the server's standard error contains `needle`.
    pub fn wait_for_log(&self, needle: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let log = self.stderr_log();
            if log.contains(needle) {
                return log;
            }
            assert!(Instant::now() < deadline, "no {needle:?} in the log: {log}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The server's resident memory in KiB (`VmRSS` in `/proc/PID/status`).
    pub fn rss_kib(&self) -> Option<u64> {
        self.memory_kib("VmRSS")
    }

    /// A memory figure in KiB from `/proc/PID/status` (`VmRSS`, `VmHWM`…).
    pub fn memory_kib(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status
            .lines()
            .find(|l| l.split(':').next() == Some(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_string(msg).unwrap();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.send_raw(frame.as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Receives the next message, answering server requests on the way.
    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(msg) => {
                if msg.get("method").is_some() && msg.get("id").is_some() {
                    // A request from the server: accept it.
                    let id = msg["id"].clone();
                    self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                }
                Some(msg)
            }
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Sends a request and waits for its response (the whole message).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        while let Some(msg) = self.recv(deadline) {
            if msg.get("id") == Some(&json!(id)) && msg.get("method").is_none() {
                return msg;
            }
            self.seen.push(msg);
        }
        panic!(
            "no response to {method} within {TIMEOUT:?}; seen: {:#?}\nserver log: {}",
            self.seen,
            self.stderr_tail()
        );
    }

    /// Waits for a notification (or server request) satisfying `pred`,
    /// looking first at what was already seen. Returns it and forgets it.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&pred) {
            return self.seen.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        while let Some(msg) = self.recv(deadline) {
            if pred(&msg) {
                return msg;
            }
            self.seen.push(msg);
        }
        panic!(
            "no {what} within {TIMEOUT:?}; seen: {:#?}\nserver log: {}",
            self.seen,
            self.stderr_tail()
        );
    }

    pub fn wait_for_method(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_for(method, |m| m["method"] == method && pred(&m["params"]))
    }

    /// initialize + initialized with the given capabilities and options.
    pub fn initialize(&mut self, root: &Path, capabilities: Value, options: Value) -> Value {
        let root_uri = format!("file://{}", root.display());
        let resp = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        resp
    }

    /// shutdown + exit; returns the process's exit status code.
    pub fn shutdown(mut self) -> Option<i32> {
        let resp = self.request("shutdown", Value::Null);
        assert!(resp.get("error").is_none(), "{resp}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn wait_exit(mut self) -> Option<i32> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("server did not exit");
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Writes `files` (relative path, contents) under `dir`.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}
