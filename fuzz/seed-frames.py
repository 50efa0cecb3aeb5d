"""Sample inputs for the lsp_frames and edit_sequence targets."""
import json
import os
import sys

out = sys.argv[1]


def frame(msg, length=None):
    body = json.dumps(msg).encode()
    n = len(body) if length is None else length
    return b"Content-Length: %d\r\n\r\n" % n + body


uri = "file:///fuzz/a.md"
text = "# Notes\n\nRussia's minister met the Taliban in Moscow. \u201cWe agree,\u201d he said.\n145 people \U0001F600 attended.\r\n"
messages = [
    {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}},
    {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {"start": {"line": 2, "character": 3}, "end": {"line": 3, "character": 99}}, "text": "x\u00e9\r\n"}]}},
    {"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 2}}},
    {"jsonrpc": "2.0", "id": 2, "method": "textDocument/definition", "params": {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 40}}},
    {"jsonrpc": "2.0", "id": 3, "method": "textDocument/completion", "params": {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 5}}},
    {"jsonrpc": "2.0", "id": 4, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": uri}}},
    {"jsonrpc": "2.0", "id": 5, "method": "textDocument/codeLens", "params": {"textDocument": {"uri": uri}}},
    {"jsonrpc": "2.0", "id": 6, "method": "textDocument/references", "params": {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 2}, "context": {"includeDeclaration": True}}},
    {"jsonrpc": "2.0", "id": 7, "method": "grounded/entityTable", "params": {}},
    {"jsonrpc": "2.0", "id": 8, "method": "workspace/symbol", "params": {"query": "Tal"}},
    {"jsonrpc": "2.0", "id": 9, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}, "context": {"diagnostics": []}}},
    {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 1}},
    {"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": {"uri": uri}}},
    {"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}},
]
d = os.path.join(out, "lsp_frames")
os.makedirs(d, exist_ok=True)
with open(os.path.join(d, "session"), "wb") as f:
    f.write(b"".join(frame(m) for m in messages))
for i, m in enumerate(messages):
    with open(os.path.join(d, "message-%02d" % i), "wb") as f:
        f.write(frame(messages[0]) + frame(m))
samples = {
    "bad-length": frame(messages[2], 3) + frame(messages[2]),
    "no-length": b"Content-Type: x\r\n\r\n{}" + frame(messages[2]),
    "not-jsonrpc": frame([1, 2]) + frame("str") + frame({"id": None}) + frame(messages[2]),
    "lf-only": b"Content-Length: 2\n\n{}",
    "truncated": frame(messages[0])[:-5],
}
for name, data in samples.items():
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

d = os.path.join(out, "edit_sequence")
os.makedirs(d, exist_ok=True)
scripts = {
    # encoding byte, text, then edits: kind, line, col, line, col, text
    "utf16-emoji": bytes([0, 6]) + b"a\x01b\x02c\x04" + bytes([1, 0, 2, 0, 3, 1]) + b"z",
    "utf8-crlf": bytes([1, 5]) + b"a\x02b\x03c" + bytes([1, 1, 0, 0, 1, 0]),
    "past-end": bytes([0, 3]) + b"abc" + bytes([1, 9, 9, 0x20, 0xf1, 0xff, 0xff, 0xff, 0xff, 2]) + b"xy",
    "replace-all": bytes([0, 2]) + b"ab" + bytes([0, 3]) + b"\x01\x02\x03",
}
for name, data in scripts.items():
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
