//! Evaluation of entity finding and merging against hand-annotated
//! paragraphs of the seeds and of BBC articles (tests/data/entities).
//!
//! Prints precision and recall of mention finding (exact spans) and
//! pairwise precision and recall of merging, and fails below floors set
//! just under what the analysis reaches. `cargo test --test entities_eval -- --nocapture`.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource};
use grounded::entities::EntityId;
use grounded::Index;
use serde::Deserialize;

#[derive(Deserialize)]
struct Annotated {
    paragraphs: Vec<Paragraph>,
    clusters: Vec<Vec<String>>,
}

#[derive(Deserialize)]
struct Paragraph {
    article: String,
    line: String,
    mentions: Vec<(String, String)>,
    #[serde(default)]
    held_out: bool,
    #[serde(default)]
    fresh: bool,
}

// Floors just under what the analysis reaches (see the printed figures).
const MENTION_PRECISION_FLOOR: f64 = 0.93;
const MENTION_RECALL_FLOOR: f64 = 0.96;
const MERGE_PRECISION_FLOOR: f64 = 0.98;
const MERGE_RECALL_FLOOR: f64 = 0.93;
const CLUSTER_FLOOR: f64 = 0.94;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn build() -> Index {
    let paths: Vec<PathBuf> = vec![root().join("seeds"), root().join("tests/corpus/bbc")];
    let (corpus, report) = Corpus::load(&CorpusSource::Paths(paths));
    assert!(report.skipped.is_empty(), "{report}");
    let config = Config::load(&root().join("seeds/grounded.toml"))
        .unwrap()
        .config;
    Index::build(corpus, &config)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[test]
fn entity_mentions_and_merges_match_the_annotations() {
    let data: Annotated = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/entities/annotated.json")).unwrap(),
    )
    .unwrap();
    let index = build();
    let ents = &index.entities;

    // Every predicted mention, by article.
    let mut predicted: HashMap<usize, Vec<(Range<usize>, EntityId)>> = HashMap::new();
    for e in ents.entities() {
        for m in &e.mentions {
            predicted
                .entry(m.article())
                .or_default()
                .push((m.range(), e.id));
        }
    }

    let (mut gold_n, mut pred_n, mut hit_n) = (0, 0, 0);
    // The same counts over held-out paragraphs only.
    let (mut h_gold, mut h_pred, mut h_hit) = (0, 0, 0);
    let (mut f_gold, mut f_pred, mut f_hit) = (0, 0, 0);
    // (gold label, predicted entity) of every gold mention that was found.
    let mut pairs: Vec<(String, EntityId)> = Vec::new();
    let mut report = String::new();
    for p in &data.paragraphs {
        let aid = index
            .corpus
            .articles
            .iter()
            .position(|a| a.id == p.article || a.id.ends_with(&format!("/{}", p.article)))
            .unwrap_or_else(|| panic!("no article {}", p.article));
        let raw = &index.corpus.articles[aid].raw_text();
        let at = raw
            .find(&p.line)
            .unwrap_or_else(|| panic!("{}: no line {:?}", p.article, p.line));
        let start = raw[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = raw[at..].find('\n').map_or(raw.len(), |i| at + i);
        let mut gold: Vec<(Range<usize>, &str)> = Vec::new();
        let mut cursor = start;
        for (text, label) in &p.mentions {
            let s = cursor
                + raw[cursor..end]
                    .find(text.as_str())
                    .unwrap_or_else(|| panic!("{}: {text:?} not found in order", p.article));
            gold.push((s..s + text.len(), label));
            cursor = s + text.len();
        }
        let preds: Vec<&(Range<usize>, EntityId)> = predicted
            .get(&aid)
            .map(|v| {
                v.iter()
                    .filter(|(r, _)| r.start >= start && r.end <= end)
                    .collect()
            })
            .unwrap_or_default();
        gold_n += gold.len();
        pred_n += preds.len();
        if p.fresh {
            f_gold += gold.len();
            f_pred += preds.len();
            f_hit += gold
                .iter()
                .filter(|(r, _)| preds.iter().any(|(pr, _)| pr == r))
                .count();
        }
        if p.held_out {
            h_gold += gold.len();
            h_pred += preds.len();
            h_hit += gold
                .iter()
                .filter(|(r, _)| preds.iter().any(|(pr, _)| pr == r))
                .count();
        }
        for (r, label) in &gold {
            match preds.iter().find(|(pr, _)| pr == r) {
                Some((_, e)) => {
                    hit_n += 1;
                    pairs.push((label.to_string(), *e));
                }
                None => {
                    report.push_str(&format!("  missed {:?} ({})\n", &raw[r.clone()], p.article))
                }
            }
        }
        for (r, e) in &preds {
            if !gold.iter().any(|(g, _)| g == r) {
                report.push_str(&format!(
                    "  spurious {:?} -> {} ({})\n",
                    &raw[r.clone()],
                    ents.get(*e).unwrap().name,
                    p.article
                ));
            }
        }
    }
    let precision = ratio(hit_n, pred_n);
    let recall = ratio(hit_n, gold_n);

    // Pairwise merging over the mentions found.
    let (mut same_pred, mut same_both, mut same_gold) = (0, 0, 0);
    for i in 0..pairs.len() {
        for j in i + 1..pairs.len() {
            let g = pairs[i].0 == pairs[j].0;
            let p = pairs[i].1 == pairs[j].1;
            same_gold += g as usize;
            same_pred += p as usize;
            same_both += (g && p) as usize;
            if g != p && !report.contains(&format!("{} / {}", pairs[i].0, pairs[j].0)) && (i < 400)
            {
                let (a, b) = (ents.get(pairs[i].1).unwrap(), ents.get(pairs[j].1).unwrap());
                let line = if g {
                    format!(
                        "  split {} / {}: {} vs {}\n",
                        pairs[i].0, pairs[j].0, a.name, b.name
                    )
                } else {
                    format!("  merged {} / {}: {}\n", pairs[i].0, pairs[j].0, a.name)
                };
                if !report.contains(&line) {
                    report.push_str(&line);
                }
            }
        }
    }
    let merge_precision = ratio(same_both, same_pred);
    let merge_recall = ratio(same_both, same_gold);

    // Expected alias clusters.
    let mut clusters_ok = 0;
    for c in &data.clusters {
        let ids: Vec<Option<EntityId>> = c.iter().map(|n| ents.resolve(n)).collect();
        if ids[0].is_some() && ids.iter().all(|i| *i == ids[0]) {
            clusters_ok += 1;
        } else {
            report.push_str(&format!("  cluster {c:?} resolves to {ids:?}\n"));
        }
    }
    let cluster_rate = ratio(clusters_ok, data.clusters.len());

    println!(
        "entity eval: {} paragraphs, {gold_n} annotated mentions",
        data.paragraphs.len()
    );
    println!("  mentions: precision {precision:.3} ({hit_n}/{pred_n}), recall {recall:.3} ({hit_n}/{gold_n})");
    println!(
        "  merging (pairwise): precision {merge_precision:.3} ({same_both}/{same_pred}), recall {merge_recall:.3} ({same_both}/{same_gold})"
    );
    println!(
        "  held-out paragraphs only (annotated after a first round of tuning, tuned on since): precision {:.3} ({h_hit}/{h_pred}), recall {:.3} ({h_hit}/{h_gold})",
        ratio(h_hit, h_pred),
        ratio(h_hit, h_gold)
    );
    println!(
        "  fresh paragraphs only (never tuned on): precision {:.3} ({f_hit}/{f_pred}), recall {:.3} ({f_hit}/{f_gold})",
        ratio(f_hit, f_pred),
        ratio(f_hit, f_gold)
    );
    println!(
        "  alias clusters: {clusters_ok}/{} resolve to one entity",
        data.clusters.len()
    );
    print!("{report}");
    assert!(gold_n >= 60);
    assert!(
        precision >= MENTION_PRECISION_FLOOR,
        "mention precision {precision:.3}"
    );
    assert!(recall >= MENTION_RECALL_FLOOR, "mention recall {recall:.3}");
    assert!(
        merge_precision >= MERGE_PRECISION_FLOOR,
        "merge precision {merge_precision:.3}"
    );
    assert!(
        merge_recall >= MERGE_RECALL_FLOOR,
        "merge recall {merge_recall:.3}"
    );
    assert!(
        cluster_rate >= CLUSTER_FLOOR,
        "alias clusters {cluster_rate:.3}"
    );
}

/// Prints the most mentioned entities of the whole BBC corpus, for eyeballing:
/// `cargo test --release --test entities_eval bbc_overview -- --ignored --nocapture`.
#[test]
#[ignore = "needs /work/shared/corpora/bbc; prints an overview"]
fn bbc_overview() {
    let bbc = Path::new("/work/shared/corpora/bbc");
    if !bbc.is_dir() {
        return;
    }
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![bbc.to_path_buf()]));
    let index = Index::build(corpus, &Config::default());
    // Every article, read as a note: lookup must cope with any text.
    let t = std::time::Instant::now();
    let found: usize = index
        .corpus
        .articles
        .iter()
        .map(|a| index.entities.mentions_in(&a.raw_text()).len())
        .sum();
    println!(
        "every article as a note: {found} mentions in {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut all: Vec<_> = index.entities.entities().iter().collect();
    all.sort_by_key(|e| std::cmp::Reverse(e.article_count));
    // A deterministic sample of mentions in context, to judge by eye.
    let every: Vec<(usize, &grounded::entities::Mention)> = index
        .entities
        .entities()
        .iter()
        .flat_map(|e| e.mentions.iter().map(move |m| (e.id, m)))
        .collect();
    for k in (0..every.len()).step_by(every.len() / 60 + 1) {
        let (e, m) = every[k];
        let raw = &index.corpus.articles[m.article()].raw_text();
        let mut lo = m.range().start.saturating_sub(40);
        while !raw.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (m.range().end + 30).min(raw.len());
        while !raw.is_char_boundary(hi) {
            hi += 1;
        }
        println!(
            "SAMPLE {:?} => {} | {}[{}]{}",
            &raw[m.range()],
            index.entities.get(e).unwrap().name,
            raw[lo..m.range().start].replace('\n', " "),
            &raw[m.range()],
            raw[m.range().end..hi].replace('\n', " ")
        );
    }
    for e in all.iter().take(120) {
        println!(
            "{:>4} [{}] {} aliases={:?} descs={:?}",
            e.article_count,
            e.kind.as_str(),
            e.name,
            e.aliases.iter().take(6).collect::<Vec<_>>(),
            e.descriptions
                .iter()
                .take(3)
                .map(|d| &d.text)
                .collect::<Vec<_>>()
        );
    }
}
