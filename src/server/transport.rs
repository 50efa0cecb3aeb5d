//! A guard in front of tower-lsp's stdin: it passes well-formed frames
//! through and drops the rest.
//!
//! tower-lsp reads frames with tokio-util's `FramedRead`, which ends the
//! stream after the first decode error: one malformed frame from a client
//! would silently stop the server. This filter checks every frame first
//! (a `Content-Length` header, a body within [`MAX_FRAME_BYTES`], UTF-8
//! JSON that tower-lsp can decode as a JSON-RPC message), logs and skips a
//! bad one, resynchronises on the next header, and
//! forwards the good ones unchanged.

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Request, Response};

/// Frames larger than this are skipped (the body is read and discarded).
pub const MAX_FRAME_BYTES: usize = 64 * 1024 * 1024;

/// What reading one frame gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A well-formed frame: the JSON body.
    Message(Vec<u8>),
    /// A frame that was skipped, and why.
    Skipped(String),
    /// End of input.
    End,
}

/// Reads the next frame from `input`.
pub async fn read_frame<R: AsyncBufRead + Unpin>(input: &mut R) -> std::io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        if input.read_until(b'\n', &mut line).await? == 0 {
            return Ok(if saw_header {
                Frame::Skipped("input ended inside a frame header".into())
            } else {
                Frame::End
            });
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue; // stray blank lines between frames
        }
        saw_header = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("bad Content-Length {:?}", value.trim())),
                );
            }
        }
    }
    let len = match length {
        None => return Ok(Frame::Skipped("a frame without Content-Length".into())),
        Some(Err(e)) => return Ok(Frame::Skipped(e)),
        Some(Ok(len)) => len,
    };
    if len > MAX_FRAME_BYTES {
        let skipped = tokio::io::copy(&mut input.take(len as u64), &mut tokio::io::sink()).await?;
        return Ok(Frame::Skipped(format!(
            "a frame of {len} bytes (the limit is {MAX_FRAME_BYTES}); skipped {skipped} bytes"
        )));
    }
    let mut body = vec![0; len];
    if let Err(e) = input.read_exact(&mut body).await {
        return Ok(Frame::Skipped(format!(
            "input ended inside a frame body: {e}"
        )));
    }
    let Ok(text) = std::str::from_utf8(&body) else {
        return Ok(Frame::Skipped("a frame whose body is not UTF-8".into()));
    };
    match serde_json::from_str::<Message>(text) {
        Ok(_) => Ok(Frame::Message(body)),
        Err(e) => Ok(Frame::Skipped(format!(
            "a frame whose body is not a JSON-RPC message: {e}"
        ))),
    }
}

/// What tower-lsp decodes a frame's body into (its own `Message` is private;
/// this is the same definition over its public types). A body that is JSON
/// but not this (`{}`, `[1]`, a wrong `jsonrpc` version) is a decode error
/// there, which would end the stream just like bad JSON.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Message {
    #[allow(dead_code)] // only whether it parses matters
    Response(Response),
    #[allow(dead_code)]
    Request(Request),
}

/// Copies well-formed frames from `input` to `output` until input ends.
pub async fn filter<R, W>(mut input: R, mut output: W)
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    loop {
        match read_frame(&mut input).await {
            Ok(Frame::Message(body)) => {
                let header = format!("Content-Length: {}\r\n\r\n", body.len());
                if output.write_all(header.as_bytes()).await.is_err()
                    || output.write_all(&body).await.is_err()
                    || output.flush().await.is_err()
                {
                    return; // the server side is gone
                }
            }
            Ok(Frame::Skipped(why)) => eprintln!("grounded: ignored {why}"),
            Ok(Frame::End) | Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = tokio::io::BufReader::new(input);
        let mut out = Vec::new();
        loop {
            let f = read_frame(&mut reader).await.unwrap();
            if f == Frame::End {
                return out;
            }
            out.push(f);
        }
    }

    #[tokio::test]
    async fn good_bad_and_oversized_frames() {
        let note = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = format!("Content-Length: {}\r\n\r\n", note.len()).into_bytes();
        input.extend(note);
        input.extend(b"Content-Length: 9\r\n\r\n{not json");
        input.extend(b"Content-Type: x\r\n\r\n");
        // JSON that is no JSON-RPC message: tower-lsp would stop reading.
        input.extend(b"Content-Length: 2\n\n{}");
        input.extend(b"Content-Length: 4\r\n\r\nnull");
        input.extend(b"Content-Length: 35\r\n\r\n{\"jsonrpc\":\"1.0\",\"method\":\"exit\"}  ");
        input.extend(b"Content-Length: 3\r\n\r\n\"\xff\"");
        input.extend(
            br#"Content-Length: 35

{"jsonrpc":"2.0","id":1,"result":7}"#,
        );
        input.extend(b"Content-Length: 99999999999\r\n\r\n{\"the rest\": 1}");
        let got = frames(&input).await;
        assert_eq!(got[0], Frame::Message(note.to_vec()));
        assert!(matches!(&got[1], Frame::Skipped(w) if w.contains("not a JSON-RPC message")));
        assert!(matches!(&got[2], Frame::Skipped(w) if w.contains("without Content-Length")));
        for (i, frame) in got[3..6].iter().enumerate() {
            assert!(
                matches!(frame, Frame::Skipped(w) if w.contains("not a JSON-RPC message")),
                "frame {}: {frame:?}",
                i + 3
            );
        }
        assert!(matches!(&got[6], Frame::Skipped(w) if w.contains("not UTF-8")));
        assert!(matches!(&got[7], Frame::Message(b) if b.starts_with(b"{\"jsonrpc\"")));
        // An oversized frame is read and discarded, never buffered.
        assert!(matches!(&got[8], Frame::Skipped(w) if w.contains("limit")));
        assert_eq!(got.len(), 9);
    }
}
