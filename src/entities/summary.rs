//! What an entity is, in summary: its kind, from the votes of all its
//! names and their contexts, and its descriptions, most informative first.

use std::collections::BTreeMap;

use super::tokens::{self, is_acronym, lower_in};
use super::{aliases, describe, mentions, Description, EntityKind};
use crate::corpus::{ArticleId, Corpus};
use crate::fasthash::FastSet;

/// Kind from the votes of every name in a cluster.
pub(super) fn kind_of(
    c: &aliases::Clustering,
    keys: &[usize],
    stats: &mentions::WordStats,
) -> EntityKind {
    let mut person = 0.0f32;
    let mut org = 0.0f32;
    let mut place = 0.0f32;
    let mut event = 0.0f32;
    let mut full_names = false;
    let mut speaker = 0.0f32;
    for &k in keys {
        let info = &c.keys[k];
        let n = info.count.max(1) as f32;
        person += info.cues.person;
        // Every acronym takes "the" ("the US", "the FSB"): no cue there.
        let the = if is_acronym(info.surface()) {
            0.0
        } else {
            info.cues.the_before
        };
        org += info.cues.org + 0.5 * the;
        place += info.cues.place;
        event += info.cues.event;
        speaker += info.cues.speaker;
        let s = info.surface();
        let last = s.rsplit(' ').next().unwrap_or("");
        if stats.has_demonym(s) {
            place += 2.0 * n;
        }
        if lower_in(&tokens::ORG_WORDS, last) {
            org += 3.0 * n;
        } else if lower_in(tokens::PLACE_WORDS, last) {
            place += 3.0 * n;
        } else if lower_in(tokens::EVENT_WORDS, last) {
            event += 3.0 * n;
        } else if is_acronym(s) {
            org += 0.3 * n;
        } else if s.contains(' ')
            && !s
                .split(' ')
                .any(|w| w.chars().next().is_some_and(char::is_lowercase))
        {
            full_names = true;
        }
    }
    if full_names {
        person += 0.5 * speaker;
    } else {
        org += 0.25 * speaker;
    }
    let votes = [
        (person, EntityKind::Person),
        (org, EntityKind::Organisation),
        (place, EntityKind::Place),
        (event, EntityKind::Event),
    ];
    let (v, k) = votes
        .into_iter()
        .fold((0.0f32, EntityKind::Other), |best, x| {
            if x.0 > best.0 {
                x
            } else {
                best
            }
        });
    if v >= 1.0 {
        k
    } else {
        EntityKind::Other
    }
}

/// Descriptions ranked most informative first: stronger forms, more words
/// (up to a point), stated by more articles. Also returns the id (the
/// first field of `raw`) of the one the best was stated at.
pub(super) fn rank_descriptions(
    corpus: &Corpus,
    name: &str,
    raw: &[(usize, ArticleId, describe::RawDescription)],
) -> (Vec<Description>, Option<usize>) {
    type Group<'a> = Vec<&'a (usize, ArticleId, describe::RawDescription)>;
    let name_lower = name.to_lowercase();
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for r in raw {
        let norm = r.2.text.to_lowercase();
        // Fragments ("chief", "deputy") say nothing.
        if norm == name_lower || norm.len() < 2 || lower_in(describe::MODIFIERS, &norm) {
            continue;
        }
        groups.entry(norm).or_default().push(r);
    }
    let mut scored: Vec<(f32, &String, &Group)> = groups
        .iter()
        .map(|(norm, rs)| {
            let words = norm.split(' ').count().min(8) as f32;
            let weight = rs.iter().map(|r| r.2.weight).max().unwrap_or(1) as f32;
            let articles = rs.iter().map(|r| r.1).collect::<FastSet<_>>().len() as f32;
            (
                weight * 2.0 + words + 1.5 * (articles - 1.0).min(4.0),
                norm,
                rs,
            )
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let best = scored.first().and_then(|s| s.2.first()).map(|r| r.0);
    let mut out = Vec::new();
    for (_, _, rs) in scored {
        let mut seen = FastSet::default();
        for (_, article, d) in rs.iter().copied() {
            if seen.insert(*article) {
                out.push(Description {
                    text: d.text.clone(),
                    article: *article,
                    range: corpus.articles[*article].original(d.span.clone()),
                });
            }
        }
    }
    (out, best)
}
