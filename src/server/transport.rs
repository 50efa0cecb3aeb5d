//! A guard in front of tower-lsp's stdin: it passes well-formed frames
//! through and drops the rest.
//!
//! tower-lsp reads frames with tokio-util's `FramedRead`, which ends the
//! stream after the first decode error: one malformed frame from a client
//! would silently stop the server. This filter checks every frame first
//! (a `Content-Length` header, a body within [`MAX_FRAME_BYTES`], UTF-8, a
//! JSON-RPC request, notification or response), logs and skips a bad one,
//! resynchronises on the next header, and forwards the good ones unchanged.

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Request, Response};

/// Frames larger than this are skipped (the body is read and discarded).
pub const MAX_FRAME_BYTES: usize = 64 * 1024 * 1024;

/// Header lines are read in pieces of at most this many bytes, so garbage
/// without a line break is never buffered whole.
const MAX_HEADER_LINE: u64 = 8 * 1024;

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
        let mut piece = (&mut *input).take(MAX_HEADER_LINE);
        if piece.read_until(b'\n', &mut line).await? == 0 {
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
        // The header may follow the leftovers of a skipped frame on one line.
        let lower = text.to_ascii_lowercase();
        if let Some(at) = lower.find("content-length:") {
            let value = text[at + "content-length:".len()..].trim();
            length = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| format!("bad Content-Length {value:?}")),
            );
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
    // tower-lsp reads a body as `&str`: a body that is not UTF-8 (even
    // inside a JSON string) would end its reader too.
    if std::str::from_utf8(&body).is_err() {
        return Ok(Frame::Skipped("a frame whose body is not UTF-8".into()));
    }
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
        return Ok(Frame::Skipped(format!(
            "a frame whose body is not JSON: {e}"
        )));
    }
    // tower-lsp's reader also ends at a body that is JSON but no JSON-RPC
    // message (`{}`, `[]`, a request without "jsonrpc": "2.0").
    if is_message(&body) {
        Ok(Frame::Message(body))
    } else {
        Ok(Frame::Skipped(format!(
            "a frame whose body is not a JSON-RPC message: {}",
            excerpt(&body)
        )))
    }
}

/// Is `body` a JSON-RPC request, notification or response, as tower-lsp
/// reads them?
fn is_message(body: &[u8]) -> bool {
    serde_json::from_slice::<Response>(body).is_ok()
        || serde_json::from_slice::<Request>(body).is_ok()
}

/// The start of a body, for a log line.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(80)]);
    if body.len() > 80 {
        format!("{text}…")
    } else {
        text.into_owned()
    }
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
        let reply = br#"{"jsonrpc":"2.0","id":7,"result":null}"#;
        let mut input = Vec::new();
        for (header, body) in [
            (format!("Content-Length: {}\r\n\r\n", note.len()), &note[..]),
            ("Content-Length: 9\r\n\r\n".into(), b"{not json"),
            ("Content-Type: x\r\n\r\n".into(), b""),
            (
                format!("Content-Length: {}\r\n\r\n", reply.len()),
                &reply[..],
            ),
            ("Content-Length: 4\r\n\r\n".into(), b"null"),
            ("Content-Length: 2\r\n\r\n".into(), b"[]"),
            ("Content-Length: 12\r\n\r\n".into(), br#"{"method":1}"#),
            (
                "Content-Length: 99999999999\r\n\r\n".into(),
                b"{\"the rest\": 1}",
            ),
        ] {
            input.extend_from_slice(header.as_bytes());
            input.extend_from_slice(body);
        }
        let got = frames(&input).await;
        assert_eq!(got[0], Frame::Message(note.to_vec()));
        assert!(matches!(&got[1], Frame::Skipped(w) if w.contains("not JSON")));
        assert!(matches!(&got[2], Frame::Skipped(w) if w.contains("without Content-Length")));
        assert_eq!(got[3], Frame::Message(reply.to_vec()));
        for skipped in &got[4..7] {
            assert!(
                matches!(skipped, Frame::Skipped(w) if w.contains("not a JSON-RPC message")),
                "{skipped:?}"
            );
        }
        // An oversized frame is read and discarded, never buffered.
        assert!(matches!(&got[7], Frame::Skipped(w) if w.contains("limit")));
        assert_eq!(got.len(), 8);
    }

    #[tokio::test]
    async fn bodies_tower_lsp_cannot_read_are_skipped() {
        // Found by the `lsp_frames` fuzz target: each of these ended the
        // session before the guard skipped them.
        let mut input = Vec::new();
        input.extend(b"Content-Length: 2\n\n{}");
        input.extend(b"Content-Length: 35\r\n\r\n{\"jsonrpc\":\"1.0\",\"method\":\"exit\"}  ");
        input.extend(b"Content-Length: 3\r\n\r\n\"\xff\"");
        input.extend(b"Content-Length: 35\n\n{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":7}");
        let got = frames(&input).await;
        assert!(matches!(&got[0], Frame::Skipped(w) if w.contains("not a JSON-RPC message")));
        assert!(matches!(&got[1], Frame::Skipped(w) if w.contains("not a JSON-RPC message")));
        assert!(matches!(&got[2], Frame::Skipped(w) if w.contains("not UTF-8")));
        assert!(matches!(&got[3], Frame::Message(b) if b.starts_with(b"{\"jsonrpc\"")));
        assert_eq!(got.len(), 4);
    }

    #[tokio::test]
    async fn garbage_without_line_breaks_is_skipped_in_pieces() {
        let note = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = vec![b'x'; 1 << 20];
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n", note.len()).as_bytes());
        input.extend_from_slice(note);
        let got = frames(&input).await;
        assert_eq!(got, [Frame::Message(note.to_vec())]);
    }
}
