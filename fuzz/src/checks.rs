//! The invariants every fuzz target checks, one function per target, each
//! taking the raw fuzz input. The fuzz targets call these; so does
//! `tests/fuzz_regressions.rs` in the main crate, which replays the saved
//! inputs under `tests/data/fuzz/<target>/` on stable Rust.
//!
//! Only `grounded` and its own dependencies (`tokio`, `serde_json`, for the
//! in-memory language server) are used, so the file compiles in both crates.

use std::ops::Range;
use std::sync::LazyLock;

use grounded::figures::parse::figures;
use grounded::figures::token::tokenize;
use grounded::server::{Document, Edit};
use grounded::text::{
    fold, fold_note, paragraphs, sentences, Encoding, Folded, LineBreaks, LineCol, LineIndex,
};
use grounded::{Finding, Index};

/// Splits fuzz input into two texts at the first `0xff` byte (never valid
/// UTF-8, so it cannot occur inside a text the fuzzer built from a seed).
fn two_texts(data: &[u8]) -> (String, String) {
    match data.iter().position(|&b| b == 0xff) {
        Some(i) => (
            String::from_utf8_lossy(&data[..i]).into_owned(),
            String::from_utf8_lossy(&data[i + 1..]).into_owned(),
        ),
        None => (String::from_utf8_lossy(data).into_owned(), String::new()),
    }
}

fn assert_span(text: &str, r: &Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what} {r:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what} {r:?} splits a character"
    );
}

/// Is byte offset `i` between the `\r` and `\n` of one line break?
fn inside_crlf(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    i > 0 && i < b.len() && b[i - 1] == b'\r' && b[i] == b'\n'
}

/// Every offset of a short text; for a long one (each conversion walks its
/// line) runs of four offsets at about 1,000 places, so that offsets inside
/// characters and line breaks are still hit.
fn spread_offsets(len: usize) -> impl Iterator<Item = usize> {
    let step = len / 1024 + 1;
    (0..=len)
        .step_by(step)
        .flat_map(move |i| i..(i + 4).min(len + 1).max(i + 1))
}

/// Up to 16 character boundaries spread over `text`, for lookups that
/// re-analyse the whole text each time.
fn some_offsets(text: &str) -> impl Iterator<Item = usize> + '_ {
    let step = text.len() / 16 + 1;
    (0..=text.len())
        .step_by(step)
        .filter(|&i| text.is_char_boundary(i))
}

fn assert_ordered(spans: &[Range<usize>], what: &str) {
    for w in spans.windows(2) {
        assert!(w[0].end <= w[1].start, "{what} out of order: {w:?}");
    }
}

// ---------------------------------------------------------------- fold_segment

/// Folding, segmentation and line/column positions of arbitrary text.
pub fn fold_segment(data: &[u8]) {
    let src = String::from_utf8_lossy(data);
    for folded in [
        fold(&src, LineBreaks::Paragraph),
        fold(&src, LineBreaks::Join),
        fold_note(&src),
    ] {
        check_folded(&src, &folded);
        check_segments(&folded.text);
    }
    check_lines(&src);
}

/// Every folded range maps onto an in-bounds range of the original whose
/// ends are character boundaries, and the map is monotonic both ways.
fn check_folded(src: &str, f: &Folded) {
    let text = &f.text;
    assert_eq!(f.map.out_len(), text.len(), "map length != folded length");
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let mut last_start = 0;
    for (k, &a) in bounds.iter().enumerate() {
        let whole = f.original(a..text.len());
        assert_span(src, &whole, "original of a folded suffix");
        let head = f.original(0..a);
        assert_span(src, &head, "original of a folded prefix");
        if let Some(&b) = bounds.get(k + 1) {
            let one = f.original(a..b);
            assert_span(src, &one, "original of one folded character");
        }
        let start = f.map.start_to_original(a);
        assert!(
            start >= last_start,
            "start_to_original not monotonic at {a}"
        );
        last_start = start;
    }
    let mut last_out = 0;
    for o in 0..=src.len() {
        let out = f.map.from_original(o);
        assert!(out <= text.len(), "from_original({o}) = {out} past the end");
        assert!(out >= last_out, "from_original not monotonic at {o}");
        last_out = out;
    }
}

/// Paragraphs are ordered, non-empty, single lines; sentences lie inside
/// their paragraph, in order.
fn check_segments(text: &str) {
    let paras = paragraphs(text);
    assert_ordered(&paras, "paragraphs");
    for p in &paras {
        assert_span(text, p, "paragraph");
        assert!(!p.is_empty(), "empty paragraph {p:?}");
        assert!(!text[p.clone()].contains('\n'), "paragraph spans lines");
    }
    let sents = sentences(text, &paras);
    let spans: Vec<Range<usize>> = sents.iter().map(|s| s.span()).collect();
    assert_ordered(&spans, "sentences");
    for s in &sents {
        assert_span(text, &s.span(), "sentence");
        assert!(!s.span().is_empty(), "empty sentence {:?}", s.span());
        let p = &paras[s.paragraph()];
        assert!(
            p.start <= s.span().start && s.span().end <= p.end,
            "sentence {:?} outside its paragraph {p:?}",
            s.span()
        );
    }
}

/// Offsets and positions round-trip; any offset (even inside a character)
/// and any position (even past the end) map in bounds.
fn check_lines(src: &str) {
    let lines = LineIndex::new(src);
    for enc in [Encoding::Utf8, Encoding::Utf16] {
        for i in spread_offsets(src.len()) {
            let p = lines.position(src, i, enc);
            assert!((p.line as usize) < lines.line_count());
            let back = lines.offset(src, p, enc);
            assert!(back <= src.len() && src.is_char_boundary(back));
            let inside_crlf = inside_crlf(src, i);
            if src.is_char_boundary(i) && !inside_crlf {
                assert_eq!(back, i, "{enc:?} round trip of offset {i}");
            } else {
                assert!(back <= i, "{enc:?} offset {i} snapped forward to {back}");
            }
        }
        for line in 0..=lines.line_count() as u32 {
            for col in [0, 1, 2, 3, 7, 100, u32::MAX] {
                let o = lines.offset(src, LineCol { line, col }, enc);
                assert!(o <= src.len() && src.is_char_boundary(o));
            }
        }
    }
}

// ---------------------------------------------------------------- figure_parse

/// A small fixed corpus for the figure and quote checks: the seed articles.
static SEED_INDEX: LazyLock<Index> = LazyLock::new(|| {
    Index::from_texts([
        (
            "000.txt",
            include_str!("../../seeds/000_dd5d9324bc52c63a.txt"),
        ),
        (
            "001.txt",
            include_str!("../../seeds/001_b7bba2560205fcc3.txt"),
        ),
        (
            "002.txt",
            include_str!("../../seeds/002_0c316aac241a608c.txt"),
        ),
        (
            "003.txt",
            include_str!("../../seeds/003_e6a837ad838336d6.txt"),
        ),
        (
            "004.txt",
            include_str!("../../seeds/004_58ed3aaf3e42591e.txt"),
        ),
    ])
});

/// The figure parser on every sentence of arbitrary text, then the figure
/// check against the seed corpus.
pub fn figure_parse(data: &[u8]) {
    let src = String::from_utf8_lossy(data);
    let folded = fold_note(&src);
    let text = &folded.text;
    let paras = paragraphs(text);
    for s in sentences(text, &paras) {
        let toks = tokenize(text, s.span());
        let mut last = s.span().start;
        for t in &toks {
            assert_span(text, &t.span, "token");
            assert!(t.span.start >= last && t.span.end <= s.span().end);
            assert_eq!(&text[t.span.clone()], t.text);
            last = t.span.end;
        }
        for f in figures(&toks) {
            assert_span(text, &f.span, "figure");
            assert!(
                s.span().start <= f.span.start && f.span.end <= s.span().end,
                "figure {:?} outside its sentence {:?}",
                f.span,
                s.span()
            );
            assert!(
                f.tokens.start < f.tokens.end && f.tokens.end <= toks.len(),
                "figure tokens {:?} of {}",
                f.tokens,
                toks.len()
            );
            assert!(!f.value.is_nan(), "figure {:?} has no value", f.span);
        }
    }
    check_findings(
        &SEED_INDEX,
        &src,
        &grounded::figures::check(&SEED_INDEX, &src),
    );
    for offset in some_offsets(&src) {
        if let Some(h) = grounded::figures::figure_at(&SEED_INDEX, &src, offset) {
            assert_span(&src, &h.range, "figure hover");
        }
    }
}

/// Findings lie inside the note, fixes too, and sources inside their article.
fn check_findings(index: &Index, note: &str, findings: &[Finding]) {
    for f in findings {
        assert_span(note, &f.range, "finding");
        for x in &f.fixes {
            assert_span(note, &x.range, "fix");
        }
        for s in &f.sources {
            let raw = &index.corpus.articles[s.article].raw_text();
            assert_span(raw, &s.range, "source");
        }
    }
}

// ----------------------------------------------------------------- quote_match

/// The whole check (quotes, figures, entities) of an arbitrary note against
/// the seed corpus, plus the hover lookups at every few characters.
pub fn quote_match(data: &[u8]) {
    let note = String::from_utf8_lossy(data);
    let findings = grounded::check(&SEED_INDEX, &note);
    check_findings(&SEED_INDEX, &note, &findings);
    let ranges: Vec<Range<usize>> = findings.iter().map(|f| f.range.clone()).collect();
    for w in ranges.windows(2) {
        assert!(w[0].start <= w[1].start, "findings not sorted: {w:?}");
    }
    for offset in some_offsets(&note) {
        if let Some(m) = SEED_INDEX.entities.mention_at(&note, offset) {
            assert_span(&note, &m.range, "mention");
            assert!(m.range.start <= offset && offset <= m.range.end);
        }
        if let Some((q, matches)) = grounded::quotes::quote_at(&SEED_INDEX, &note, offset) {
            assert_span(&note, &q.range, "note quote");
            assert_span(&note, &q.inner, "quoted words");
            for m in matches {
                let raw = &SEED_INDEX.corpus.articles[m.article].raw_text();
                assert_span(raw, &m.range, "quote match");
            }
        }
    }
}

/// A source article and a note both from the fuzzer (split at `0xff`): the
/// source-side quotation scanner, attribution and every index are built
/// over arbitrary text. With no note, the note quotes the article itself.
pub fn quote_source(data: &[u8]) {
    let (article, note) = two_texts(data);
    let index = Index::from_texts([
        ("fuzz.txt", article.as_str()),
        (
            "003.txt",
            include_str!("../../seeds/003_e6a837ad838336d6.txt"),
        ),
    ]);
    assert_eq!(index.corpus.articles[0].raw_text(), article.as_str());
    for a in &index.corpus.articles {
        check_folded(&a.raw_text(), &a.folded);
        for p in &a.paragraphs {
            assert_span(&a.folded.text, p, "article paragraph");
        }
        for s in &a.sentences {
            assert_span(&a.folded.text, &s.span(), "article sentence");
        }
    }
    for (id, a) in index.corpus.articles.iter().enumerate() {
        for q in &index.quotes.attributed(id) {
            for part in &q.quote.parts {
                assert_span(&a.folded.text, &part.outer, "quotation");
                assert!(part.outer.start <= part.inner.start && part.inner.end <= part.outer.end);
            }
        }
        for q in index.quotes.source_quotes(&index.corpus, id) {
            assert_span(&a.raw_text(), &q.range, "source quote");
            for part in &q.parts {
                assert_span(&a.raw_text(), part, "source quote part");
            }
        }
    }
    for line in article.lines().take(20) {
        for m in index.quotes.locate(&index.corpus, line) {
            let raw = &index.corpus.articles[m.article].raw_text();
            assert_span(raw, &m.range, "located quote");
        }
    }
    let note = if note.is_empty() {
        format!("She said \"{}\".", article.lines().next().unwrap_or(""))
    } else {
        note
    };
    check_findings(&index, &note, &grounded::check(&index, &note));
}

// --------------------------------------------------------------- edit_sequence

/// Characters that break naive position code: multi-byte and astral
/// characters, combining marks, every kind of line break.
const PIECES: [&str; 16] = [
    "é", "😀", "\r\n", "\r", "\n", "\u{301}", "“", "…", "\u{a0}", "𝕏", "\u{2028}", "中", "\t",
    "\0", " ", "ab",
];

/// A cursor over fuzz bytes.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    /// A small number usually; a large one (any u32) when the byte says so.
    fn number(&mut self) -> Option<u32> {
        let b = self.byte()?;
        if b < 0xf0 {
            return Some(u32::from(b & 0x3f));
        }
        let mut n = 0u32;
        for _ in 0..4 {
            n = (n << 8) | u32::from(self.byte().unwrap_or(0xff));
        }
        Some(n)
    }

    /// Text of up to 31 units: printable ASCII as itself, any other byte
    /// one of the [`PIECES`].
    fn text(&mut self) -> String {
        let len = self.byte().unwrap_or(0) & 0x1f;
        let mut s = String::new();
        for _ in 0..len {
            let Some(b) = self.byte() else { break };
            if b.is_ascii_graphic() || b == b' ' {
                s.push(b as char);
            } else {
                s.push_str(PIECES[usize::from(b & 0x0f)]);
            }
        }
        s
    }
}

/// The byte offset of an LSP position, straight from the specification:
/// lines end at `\n`, `\r\n` or `\r`; a column counts UTF-8 bytes or UTF-16
/// units; a column past the line's content is its end, one inside a
/// character is that character's start; a line past the end is the end.
fn spec_offset(text: &str, pos: LineCol, enc: Encoding) -> usize {
    let bytes = text.as_bytes();
    // (content start, content end) of each line.
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                lines.push((start, i));
                i += 2;
                start = i;
            }
            b'\r' | b'\n' => {
                lines.push((start, i));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    lines.push((start, text.len()));
    let Some(&(start, end)) = lines.get(pos.line as usize) else {
        return text.len();
    };
    let mut units = 0u64;
    for (i, c) in text[start..end].char_indices() {
        let width = match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        } as u64;
        if units + width > u64::from(pos.col) {
            return start + i;
        }
        units += width;
    }
    end
}

/// Arbitrary incremental edits (positions anywhere, even inside characters,
/// CRLF pairs or past the end) applied to the server's rope document and to
/// a plain string by the specification's rules: the texts stay equal, and
/// offsets and positions convert in bounds and round-trip.
pub fn edit_sequence(data: &[u8]) {
    let mut input = Bytes(data);
    let enc = if input.byte().unwrap_or(0) & 1 == 0 {
        Encoding::Utf16
    } else {
        Encoding::Utf8
    };
    let mut text = input.text();
    let mut doc = Document::new(&text, 0);
    let mut version = 0;
    while let Some(kind) = input.byte() {
        version += 1;
        let edit = if kind & 0x0f == 0 {
            let new = input.text();
            text = new.clone();
            Edit {
                range: None,
                text: new,
            }
        } else {
            let mut pos = || LineCol {
                line: input.number().unwrap_or(0),
                col: input.number().unwrap_or(0),
            };
            let (start, end) = (pos(), pos());
            let new = input.text();
            let a = spec_offset(&text, start, enc);
            let b = spec_offset(&text, end, enc).max(a);
            text.replace_range(a..b, &new);
            Edit {
                range: Some((start, end)),
                text: new,
            }
        };
        doc.apply(&[edit], version, enc);
        assert_eq!(doc.text(), text, "after edit {version}");
        assert_eq!(doc.version, version);
    }
    check_document(&doc, &text, enc);
}

/// The rope document's positions agree with the core's `LineIndex` and the
/// specification, and round-trip on every character boundary.
fn check_document(doc: &Document, text: &str, enc: Encoding) {
    let lines = LineIndex::new(text);
    for i in 0..=text.len() + 1 {
        let p = doc.position(i, enc);
        assert_eq!(p, lines.position(text, i, enc), "position of {i}");
        let back = doc.offset(p, enc);
        assert!(back <= text.len() && text.is_char_boundary(back));
        if i <= text.len() && text.is_char_boundary(i) && !inside_crlf(text, i) {
            assert_eq!(back, i, "round trip of {i}");
        }
    }
    for line in 0..=lines.line_count() as u32 {
        for col in [0, 1, 2, 5, 64, u32::MAX] {
            let pos = LineCol { line, col };
            assert_eq!(
                doc.offset(pos, enc),
                spec_offset(text, pos, enc),
                "offset of {pos:?}"
            );
        }
    }
}

// ------------------------------------------------------------------ lsp_frames

pub use lsp::lsp_frames;

/// A real language server in process, over in-memory pipes, kept for the
/// whole fuzzing session (building its index per input would be too slow).
mod lsp {
    use std::sync::{Mutex, OnceLock};
    use std::time::Duration;

    use grounded::server::transport::{self, Frame};
    use serde_json::{json, Value};
    use tokio::io::{AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf};
    use tokio::runtime::Runtime;
    use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
    use tower_lsp_server::Server;

    /// How long the server may take to answer the harness's hover.
    const ANSWER_TIMEOUT: Duration = Duration::from_secs(20);

    /// A note naming something the seed corpus describes, and where.
    const NOTE: &str =
        "Notes on the story.\n\nRussia and the Taliban met in Moscow; 145 people attended.\n";

    struct Harness {
        runtime: Runtime,
        to_server: WriteHalf<DuplexStream>,
        from_server: UnboundedReceiver<Value>,
        next_id: u64,
        /// The column on the note's third line where a hover answers.
        hover_at: Option<u32>,
    }

    fn frame(message: &Value) -> Vec<u8> {
        let body = message.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// Reads every frame the server writes, into a channel; stops at the
    /// first malformed one (the harness then times out and says so).
    async fn read_server(out: ReadHalf<DuplexStream>, tx: UnboundedSender<Value>) {
        let mut out = BufReader::new(out);
        while let Ok(Frame::Message(body)) = transport::read_frame(&mut out).await {
            let Ok(message) = serde_json::from_slice::<Value>(&body) else {
                return;
            };
            if tx.send(message).is_err() {
                return;
            }
        }
    }

    /// Does a message (or a batch) ask the server to stop? Those are not
    /// forwarded: stopping is the right answer to them.
    fn stops_server(message: &Value) -> bool {
        match message {
            Value::Array(batch) => batch.iter().any(stops_server),
            _ => matches!(
                message.get("method").and_then(Value::as_str),
                Some("exit" | "shutdown")
            ),
        }
    }

    /// The documents a message opens, to close them afterwards.
    fn opened(message: &Value) -> Option<Value> {
        if message.get("method")?.as_str()? != "textDocument/didOpen" {
            return None;
        }
        Some(message.pointer("/params/textDocument/uri")?.clone())
    }

    impl Harness {
        fn start() -> Harness {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a tokio runtime");
            let (client, server) = tokio::io::duplex(1 << 20);
            let (server_in, server_out) = tokio::io::split(server);
            let (from_server, to_server) = tokio::io::split(client);
            let (tx, rx) = unbounded_channel();
            {
                let _context = runtime.enter();
                let (service, socket) = grounded::server::service();
                runtime.spawn(Server::new(server_in, server_out, socket).serve(service));
                runtime.spawn(read_server(from_server, tx));
            }
            let mut h = Harness {
                runtime,
                to_server,
                from_server: rx,
                next_id: 0,
                hover_at: None,
            };
            h.request(
                "initialize",
                json!({ "processId": null, "rootUri": null, "capabilities": {} }),
            );
            h.notify("initialized", json!({}));
            h.wait_for(|m| m["method"] == "grounded/status" && m["params"]["state"] == "ready");
            // Where in the note a hover has an answer; every input must
            // leave the server still giving it.
            h.open("file:///harness/setup.md");
            let line = NOTE.lines().nth(2).expect("the note's third line");
            h.hover_at = (0..line.len() as u32)
                .find(|&col| !h.hover("file:///harness/setup.md", 2, col).is_null());
            assert!(h.hover_at.is_some(), "no hover anywhere in {line:?}");
            h.close(json!("file:///harness/setup.md"));
            h
        }

        fn send(&mut self, bytes: &[u8]) {
            let to_server = &mut self.to_server;
            self.runtime
                .block_on(async { to_server.write_all(bytes).await })
                .expect("the server's input is open");
        }

        fn notify(&mut self, method: &str, params: Value) {
            self.send(&frame(
                &json!({ "jsonrpc": "2.0", "method": method, "params": params }),
            ));
        }

        /// The next message `pick` accepts; panics if none comes in time.
        fn wait_for(&mut self, pick: impl Fn(&Value) -> bool) -> Value {
            let rx = &mut self.from_server;
            self.runtime.block_on(async {
                tokio::time::timeout(ANSWER_TIMEOUT, async {
                    loop {
                        match rx.recv().await {
                            Some(m) if pick(&m) => return m,
                            Some(_) => continue,
                            None => panic!("the server closed its output"),
                        }
                    }
                })
                .await
                .expect("the server stopped answering")
            })
        }

        fn request(&mut self, method: &str, params: Value) -> Value {
            self.next_id += 1;
            let id = format!("harness-{}", self.next_id);
            self.send(&frame(
                &json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }),
            ));
            let answer = self.wait_for(|m| m["id"] == id.as_str() && m.get("method").is_none());
            assert!(
                answer.get("error").is_none(),
                "{method} failed: {}",
                answer["error"]
            );
            answer["result"].clone()
        }

        fn open(&mut self, uri: &str) {
            self.notify(
                "textDocument/didOpen",
                json!({ "textDocument": {
                    "uri": uri, "languageId": "markdown", "version": 1, "text": NOTE
                } }),
            );
        }

        fn close(&mut self, uri: Value) {
            self.notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            );
        }

        fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
            self.request(
                "textDocument/hover",
                json!({
                    "textDocument": { "uri": uri },
                    "position": { "line": line, "character": character }
                }),
            )
        }
    }

    static HARNESS: OnceLock<Mutex<Harness>> = OnceLock::new();

    /// Arbitrary bytes through the frame guard, the frames it passes on to a
    /// running server; afterwards the server must still open a document and
    /// answer a hover on it.
    pub fn lsp_frames(data: &[u8]) {
        let harness = HARNESS.get_or_init(|| Mutex::new(Harness::start()));
        let mut h = harness
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // The guard over the input, and the frames it must have passed on.
        let (forwarded, frames) = h.runtime.block_on(async {
            let mut forwarded = Vec::new();
            transport::filter(BufReader::with_capacity(16, data), &mut forwarded).await;
            let mut frames = Vec::new();
            let mut input = BufReader::new(data);
            loop {
                match transport::read_frame(&mut input).await {
                    Ok(Frame::Message(body)) => frames.push(body),
                    Ok(Frame::Skipped(_)) => continue,
                    Ok(Frame::End) => break,
                    Err(e) => panic!("reading from memory failed: {e}"),
                }
            }
            (forwarded, frames)
        });
        let mut expected = Vec::new();
        for body in &frames {
            expected.extend(format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes());
            expected.extend(body);
        }
        assert!(
            forwarded == expected,
            "the guard forwarded other frames than it read"
        );

        let mut opened_uris = Vec::new();
        for body in &frames {
            let message: Value = serde_json::from_slice(body).expect("the guard passes JSON only");
            if stops_server(&message) {
                continue;
            }
            opened_uris.extend(opened(&message));
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            h.send(&[header.as_bytes(), body].concat());
        }

        h.next_id += 1;
        let uri = format!("file:///harness/{}.md", h.next_id);
        h.open(&uri);
        let col = h.hover_at.expect("set at start");
        let hover = h.hover(&uri, 2, col);
        assert!(
            hover.get("contents").is_some(),
            "hover lost its answer: {hover}"
        );
        h.close(json!(uri));
        for uri in opened_uris {
            h.close(uri);
        }
    }
}
