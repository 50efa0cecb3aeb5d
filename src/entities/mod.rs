//! Entities: the people, organisations, places and events the corpus
//! names, with what the sources say they are.
//!
//! [`EntityIndex::build`] cuts articles into words (`tokens`, with the
//! generic lists in `words`), finds name mentions using corpus-wide word
//! statistics (`mentions`), reads acronym definitions (`acronyms`) and the
//! descriptions and kind cues around names (`describe`), merges names into
//! entities (`aliases`), sums up each entity's kind and descriptions
//! (`summary`) and builds a name table for finding entities in notes
//! (`lookup`). [`card`] renders the hover card.
//!
//! Front ends: hover is [`EntityIndex::mention_at`] + [`card`]; references
//! and document symbols [`EntityIndex::mentions_in`] and
//! [`Entity::mentions`]; definition [`EntityIndex::best_mention`];
//! workspace symbols [`EntityIndex::search`]; completion
//! [`EntityIndex::complete`]. All ranges are byte offsets: into the note's
//! source, or into `Article::raw`.

mod acronyms;
mod aliases;
mod card;
mod describe;
mod lookup;
mod mentions;
mod summary;
mod tokens;
mod words;

use std::collections::BTreeMap;
use std::ops::Range;

pub use card::card;

use crate::config::Config;
use crate::corpus::{ArticleId, Corpus};
use crate::fasthash::{FastMap, FastSet};
use crate::text::{self, LineBreaks};
use lookup::{NameRow, NameTable};
use mentions::{LineKind, Placed};
use tokens::{lower_in, name_key};

pub type EntityId = usize;

/// What kind of thing an entity is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EntityKind {
    Person,
    Organisation,
    Place,
    Event,
    Other,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Place => "place",
            EntityKind::Event => "event",
            EntityKind::Other => "other",
        }
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a source says an entity is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Description {
    pub text: String,
    pub article: ArticleId,
    /// Byte range in the article's original text (`Article::raw`).
    pub range: Range<usize>,
}

/// One place an article names an entity: 12 bytes, because a large corpus
/// has millions of them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mention(Site);

impl Mention {
    pub fn new(article: ArticleId, range: Range<usize>) -> Mention {
        Mention(Site::new(article, range))
    }

    pub fn article(&self) -> ArticleId {
        self.0.article()
    }

    /// Byte range in the article's original text (`Article::raw`).
    pub fn range(&self) -> Range<usize> {
        self.0.span()
    }
}

/// An article id or a byte offset in 32 bits: articles and their texts are
/// under 4 GiB (see `LARGEST_MAX_ARTICLE_BYTES`).
fn narrow(n: usize) -> u32 {
    u32::try_from(n).expect("article ids and offsets fit in 32 bits")
}

/// An entity mentioned in a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteMention {
    /// Byte range in the note's source.
    pub range: Range<usize>,
    pub entity: EntityId,
}

/// One real thing the corpus names.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    pub id: EntityId,
    /// The canonical name.
    pub name: String,
    pub kind: EntityKind,
    /// Other names it goes by, most used first.
    pub aliases: Vec<String>,
    /// What the sources say it is, most informative first.
    pub descriptions: Vec<Description>,
    /// Every mention, in corpus order.
    pub mentions: Vec<Mention>,
    /// How many articles mention it.
    pub article_count: usize,
    /// Index into `mentions` of the most informative mention.
    best: Option<usize>,
}

/// Every entity of a corpus, and the tables to find them in notes.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct EntityIndex {
    entities: Vec<Entity>,
    names: NameTable,
}

/// An article and a span of its text, narrowed to `u32`s (12 bytes): where
/// an entity is mentioned, in the folded text while the entities are put
/// together, in the original text once a [`Mention`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Site {
    article: u32,
    start: u32,
    end: u32,
}

impl Site {
    fn new(article: ArticleId, span: Range<usize>) -> Site {
        Site {
            article: narrow(article),
            start: narrow(span.start),
            end: narrow(span.end),
        }
    }

    fn article(&self) -> ArticleId {
        self.article as ArticleId
    }

    fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// What the names pass found in the corpus, article by article in corpus
/// order: every mention placed, its name counted.
#[derive(Default)]
struct CorpusNames {
    raw: Vec<Placed>,
    /// Descriptions, each with the index in `raw` of the mention it describes.
    raw_descs: Vec<(usize, describe::RawDescription)>,
    links: Vec<mentions::Link>,
    initials: Vec<mentions::Link>,
    /// Headline paragraphs, by article: known names are marked there later.
    headlines: Vec<(ArticleId, Range<usize>)>,
    counted: aliases::Clustering,
}

impl CorpusNames {
    /// Adds what was found in article `id` (`keys`: each mention's name key).
    fn add_article(
        &mut self,
        id: ArticleId,
        heads: Vec<Range<usize>>,
        found: mentions::Found,
        keys: &[String],
    ) {
        self.headlines.extend(heads.into_iter().map(|h| (id, h)));
        let base = self.raw.len();
        let counted = &mut self.counted;
        self.raw
            .extend(found.mentions.iter().zip(keys).map(|(m, key)| {
                if m.surface.is_empty() {
                    return Placed::new(id, m.span(), Placed::NO_KEY, true);
                }
                let k = counted.count_mention(key, m.article() as u32, &m.surface, &m.cues);
                Placed::new(id, m.span(), k as u32, false)
            }));
        self.raw_descs
            .extend(found.descriptions.into_iter().map(|(m, d)| (base + m, d)));
        self.links.extend(found.links);
        self.initials.extend(found.initials);
    }
}

/// Articles searched side by side before their names are collected.
const ARTICLES_PER_BATCH: usize = 512;

/// Entities worked on side by side (named, then given their mentions): a
/// batch's results are held until they are collected.
const ENTITIES_PER_BATCH: usize = 256;

/// Paragraph blocks around an offset are cut at most this far either way.
const HOVER_WINDOW: usize = 4096;

/// Bytes of folded text either side of a hovered offset whose runs of words
/// are looked up (a margin: the name there touches the offset itself).
const HOVER_SLACK: usize = 16;

impl EntityIndex {
    /// Finds, merges and describes the entities of a corpus.
    pub fn build(corpus: &Corpus, config: &Config) -> EntityIndex {
        EntityIndex::build_then(corpus, config, || {})
    }

    /// [`EntityIndex::build`], calling `searched()` once every article has
    /// been searched for names: what is left (merging names into entities,
    /// placing their mentions) is partly serial, and a caller may start
    /// other work then to keep the cores busy.
    pub fn build_then(corpus: &Corpus, config: &Config, searched: impl FnOnce()) -> EntityIndex {
        // Articles are cut into words and searched for names on every core,
        // a batch at a time: once for the corpus's word statistics, then
        // again for names. An article's words are dropped when its pass is
        // done (cutting twice costs less than holding the corpus's words).
        let stats = mentions::word_stats(corpus);
        let articles = corpus.articles.as_slice();
        let arts: Vec<_> = articles.iter().enumerate().collect();
        // Each name is counted as its article comes in, in corpus order, on
        // a thread of its own while the next batch is searched; a mention
        // keeps only where it is and its name's index.
        let found = crate::parallel::map_then_merge(
            &arts,
            ARTICLES_PER_BATCH,
            |&(id, article)| {
                let paras = mentions::paragraphs(article);
                let heads: Vec<Range<usize>> = paras
                    .iter()
                    .filter(|p| p.kind == LineKind::Headline)
                    .map(|p| p.span.clone())
                    .collect();
                let found = mentions::find_in_article(id, article, &paras, &stats);
                // Each mention's name key, computed here on every core
                // rather than on the merging thread.
                let keys: Vec<String> = found
                    .mentions
                    .iter()
                    .map(|m| name_key(&m.surface))
                    .collect();
                (id, heads, found, keys)
            },
            CorpusNames::default(),
            |all, batch| {
                // This batch's texts have been read.
                if let (Some(first), Some(last)) = (batch.first(), batch.last()) {
                    corpus.release_texts_of(first.0..last.0 + 1);
                }
                for (id, heads, found, found_keys) in batch {
                    all.add_article(id, heads, found, &found_keys);
                }
            },
        );
        let CorpusNames {
            mut raw,
            mut raw_descs,
            mut links,
            initials,
            headlines,
            counted,
        } = found;
        // Every text has been read through: the rest reads a few names.
        corpus.release_text_pages();
        searched();
        raw.shrink_to_fit();
        links.extend(aliases::agreed_initials(&initials, |key| {
            counted.articles_of(key)
        }));
        drop(initials);
        let clusters = aliases::cluster(counted, &links, &config.aliases, &stats);
        drop(links);
        let key_of = |key: &str| {
            clusters
                .key_index
                .get(key)
                .map_or(Placed::NO_KEY, |&k| k as u32)
        };
        let key_info = |m: &Placed| (m.key != Placed::NO_KEY).then_some(m.key as usize);
        // A name used as a modifier before a person's name is its own mention.
        let mut split_off = Vec::new();
        for m in raw.iter_mut() {
            let Some(&(words, _)) = key_info(m).and_then(|k| clusters.modifier_led.get(&k)) else {
                continue;
            };
            let surface = m.surface(articles);
            let cut: usize = surface.split(' ').take(words).map(|w| w.len() + 1).sum();
            let head = m.span().start..m.span().start + cut - 1;
            split_off.push(Placed::new(
                m.article(),
                head,
                key_of(&name_key(&surface[..cut - 1])),
                false,
            ));
            m.cut_front(cut, false);
            m.key = key_of(&name_key(m.surface(articles)));
        }
        raw.reserve_exact(split_off.len());
        raw.extend(split_off);
        // An unfamiliar honorific is description, not name.
        for (i, m) in raw.iter_mut().enumerate() {
            if key_info(m).is_some_and(|k| clusters.title_led.contains(&k)) {
                let surface = m.surface(articles);
                if let Some(sp) = surface.find(' ') {
                    raw_descs.push((
                        i,
                        describe::RawDescription {
                            text: surface[..sp].to_string(),
                            span: m.span().start..m.span().start + sp,
                            weight: 1,
                        },
                    ));
                    m.cut_front(sp + 1, true);
                }
            }
        }

        // Which cluster each mention belongs to; a short form follows the
        // full name its own article uses.
        // (Cluster numbers as `u32`: one per mention.)
        let mut assigned: Vec<Option<u32>> = raw
            .iter()
            .map(|m| {
                (!m.is_dropped())
                    .then(|| key_info(m).map(|k| clusters.cluster[k] as u32))
                    .flatten()
            })
            .collect();
        // The mentions by article (each article's in corpus order): the
        // mentions come in article order, and the split-off ones after them.
        let mut by_article: Vec<u32> = (0..raw.len() as u32)
            .filter(|&i| !raw[i as usize].is_dropped())
            .collect();
        by_article.sort_by_key(|&i| raw[i as usize].article());
        let lower_words = |i: u32| -> Vec<String> {
            raw[i as usize]
                .surface(articles)
                .split(' ')
                .map(str::to_lowercase)
                .collect()
        };
        for idxs in
            by_article.chunk_by(|&i, &j| raw[i as usize].article() == raw[j as usize].article())
        {
            // The article's names in lower-case words, made once, when the
            // article has a short form.
            let mut words: Vec<Vec<String>> = Vec::new();
            for (x, &i) in idxs.iter().enumerate() {
                if !key_info(&raw[i as usize]).is_some_and(|k| clusters.short_forms.contains(&k)) {
                    continue;
                }
                if words.is_empty() {
                    words = idxs.iter().map(|&j| lower_words(j)).collect();
                }
                let short = &words[x];
                let local: FastSet<u32> = idxs
                    .iter()
                    .zip(&words)
                    .filter(|(_, w)| {
                        w.len() > short.len() && w[w.len() - short.len()..] == short[..]
                    })
                    .filter_map(|(&j, _)| assigned[j as usize])
                    .collect();
                if local.len() == 1 {
                    assigned[i as usize] = local.into_iter().next();
                }
            }
        }
        drop(by_article);

        // One entity per cluster with mentions, in order of first mention.
        let mut entity_of_cluster: FastMap<usize, EntityId> = FastMap::default();
        let mut members: Vec<Vec<usize>> = Vec::new();
        // Where each entity is mentioned; known names in headlines are
        // added once the name table is made.
        let mut spans: Vec<Vec<Site>> = Vec::new();
        for (i, c) in assigned.iter().enumerate() {
            let Some(c) = c.map(|c| c as usize) else {
                continue;
            };
            let e = *entity_of_cluster.entry(c).or_insert_with(|| {
                members.push(Vec::new());
                spans.push(Vec::new());
                members.len() - 1
            });
            spans[e].push(Site::new(raw[i].article(), raw[i].span()));
        }
        for (k, &c) in clusters.cluster.iter().enumerate() {
            if let Some(&e) = entity_of_cluster.get(&c) {
                members[e].push(k);
            }
        }
        // Descriptions by entity, each with an id into `desc_sites`, where
        // the mention it describes is.
        let mut desc_of: Vec<Vec<(usize, ArticleId, describe::RawDescription)>> =
            vec![Vec::new(); members.len()];
        let mut desc_sites: Vec<Site> = Vec::new();
        for (m, d) in raw_descs {
            if let Some(&e) = assigned[m].and_then(|c| entity_of_cluster.get(&(c as usize))) {
                desc_of[e].push((desc_sites.len(), raw[m].article(), d));
                desc_sites.push(Site::new(raw[m].article(), raw[m].span()));
            }
        }
        // The mentions are all placed: what is left is per entity.
        drop((raw, assigned, entity_of_cluster));

        // Each entity's name, aliases, kind and name-table rows are worked
        // out on every core, a batch of entities at a time; the rows are
        // added in entity order.
        let mut names = NameTable::default();
        let mut entities: Vec<Entity> = Vec::with_capacity(members.len());
        for batch in members.chunks(ENTITIES_PER_BATCH) {
            let named = crate::parallel::map_ordered(
                batch,
                |keys| {
                    let name = aliases::canonical(&clusters, keys);
                    let mut forms: Vec<(&str, u32)> = keys
                        .iter()
                        .flat_map(|&k| clusters.keys[k].surfaces.iter().map(|(s, n)| (&**s, *n)))
                        .collect();
                    forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                    let mut seen: FastSet<String> = FastSet::from_iter([name.to_lowercase()]);
                    let alias_list: Vec<String> = forms
                        .iter()
                        .filter(|(s, _)| seen.insert(s.to_lowercase()))
                        .map(|(s, _)| s.to_string())
                        .collect();
                    let rows: Vec<NameRow> = std::iter::once(name.as_str())
                        .chain(alias_list.iter().map(String::as_str))
                        .filter_map(|form| {
                            let safe = form.split(' ').all(|w| {
                                stats.get(w).lower_mid == 0 && !lower_in(&tokens::STOPWORDS, w)
                            });
                            NameRow::new(form, !safe)
                        })
                        .collect();
                    let kind = summary::kind_of(&clusters, keys, &stats);
                    (name, kind, alias_list, rows)
                },
                None,
            );
            for (name, kind, alias_list, rows) in named {
                let e = entities.len();
                for row in rows {
                    names.add_row(row, e);
                }
                entities.push(Entity {
                    id: e,
                    name,
                    kind,
                    aliases: alias_list,
                    descriptions: Vec::new(),
                    mentions: Vec::new(),
                    article_count: 0,
                    best: None,
                });
            }
        }
        drop(members);
        // A person's surname finds them in notes when no other person has it,
        // even if the sources never use it alone.
        // In name order, so which of two surnames with one key wins is fixed.
        let mut surnames: BTreeMap<String, Vec<EntityId>> = BTreeMap::new();
        for e in entities.iter().filter(|e| e.kind == EntityKind::Person) {
            if let Some((_, last)) = e.name.rsplit_once(' ') {
                surnames.entry(last.to_string()).or_default().push(e.id);
            }
        }
        for (last, ids) in surnames {
            if let [id] = ids[..] {
                if names.get(&last).is_none() && !names.keys.contains_key(&name_key(&last)) {
                    names.add(&last, id, true);
                }
            }
        }
        names.finish();
        drop((clusters, stats));

        // Known names in headlines, found on every core and placed in
        // headline order.
        let found = crate::parallel::map_ordered(
            &headlines,
            |(id, head)| names.scan(&corpus.articles[*id].folded.text, head.clone(), true),
            None,
        );
        for (&(id, _), hits) in headlines.iter().zip(found) {
            for (span, e) in hits {
                spans[e].push(Site::new(id, span));
            }
        }
        drop(headlines);
        // A lone role word ("official") describes a person, not a place.
        for (entity, descs) in entities.iter().zip(desc_of.iter_mut()) {
            if entity.kind != EntityKind::Person {
                descs.retain(|(_, _, d)| d.text.contains(' '));
            }
        }
        // Each entity's mentions, descriptions and best mention are made on
        // every core, a batch of entities at a time: a batch's sites are
        // dropped once its mentions are made.
        for first in (0..entities.len()).step_by(ENTITIES_PER_BATCH) {
            let batch: Vec<(EntityId, Vec<Site>)> = (first
                ..(first + ENTITIES_PER_BATCH).min(entities.len()))
                .map(|e| (e, std::mem::take(&mut spans[e])))
                .collect();
            let placed = crate::parallel::map_ordered(
                &batch,
                |(e, sites)| {
                    let name = &entities[*e].name;
                    let mut sites = sites.clone();
                    sites.sort_by_key(|s| (s.article, s.start));
                    sites.dedup();
                    let mentions: Vec<Mention> = sites
                        .iter()
                        .map(|s| {
                            Mention::new(
                                s.article(),
                                corpus.articles[s.article()].original(s.span()),
                            )
                        })
                        .collect();
                    // Sorted by article: an article is new where it changes.
                    let article_count = sites
                        .iter()
                        .enumerate()
                        .filter(|&(i, s)| i == 0 || sites[i - 1].article != s.article)
                        .count();
                    let (descs, best_raw) = summary::rank_descriptions(corpus, name, &desc_of[*e]);
                    let best_span = best_raw.map(|d| desc_sites[d]);
                    let best = best_span
                        .and_then(|b| sites.iter().position(|s| *s == b))
                        .or_else(|| {
                            let canon = name_key(name);
                            sites.iter().position(|s| {
                                name_key(&corpus.articles[s.article()].folded.text[s.span()])
                                    == canon
                            })
                        })
                        .or((!sites.is_empty()).then_some(0));
                    (mentions, article_count, descs, best)
                },
                None,
            );
            drop(batch);
            for (entity, (mentions, article_count, descs, best)) in
                entities[first..].iter_mut().zip(placed)
            {
                entity.mentions = mentions;
                entity.article_count = article_count;
                entity.descriptions = descs;
                entity.best = best;
            }
        }
        EntityIndex { entities, names }
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Every entity, the most widely mentioned first (by articles, then
    /// mentions, then name): the order of the entity tables.
    pub fn ranked(&self) -> Vec<&Entity> {
        let mut rows: Vec<&Entity> = self.entities.iter().collect();
        rows.sort_by(|a, b| {
            b.article_count
                .cmp(&a.article_count)
                .then(b.mentions.len().cmp(&a.mentions.len()))
                .then(a.name.cmp(&b.name))
        });
        rows
    }

    pub fn get(&self, id: EntityId) -> Option<&Entity> {
        self.entities.get(id)
    }

    /// Every entity mention in a note, as byte ranges of the note's source.
    pub fn mentions_in(&self, note_source: &str) -> Vec<NoteMention> {
        self.scan_block(note_source, 0..note_source.len(), None)
    }

    /// The entity mention at byte `offset` of a note, if any.
    pub fn mention_at(&self, note_source: &str, offset: usize) -> Option<NoteMention> {
        let offset = offset.min(note_source.len());
        let block = text::block_around(note_source, offset, HOVER_WINDOW);
        let found = self.scan_block(note_source, block, Some(offset));
        found
            .iter()
            .find(|m| m.range.contains(&offset))
            .or_else(|| found.iter().find(|m| m.range.end == offset))
            .cloned()
    }

    /// The mentions in `src[block]`; with `around` (an offset in `src`),
    /// only those in the runs of joined words near it: the name at an
    /// offset, if any, is in the run at its folded position.
    fn scan_block(
        &self,
        src: &str,
        block: Range<usize>,
        around: Option<usize>,
    ) -> Vec<NoteMention> {
        let folded = text::fold(&src[block.clone()], LineBreaks::Join);
        let near = match around {
            Some(offset) => {
                let at = folded.map.from_original(offset - block.start);
                at.saturating_sub(HOVER_SLACK)..at + HOVER_SLACK
            }
            None => 0..folded.text.len(),
        };
        let mut out = Vec::new();
        for para in text::paragraphs(&folded.text) {
            if para.end < near.start || near.end < para.start {
                continue;
            }
            for (span, entity) in self
                .names
                .scan_near(&folded.text, para, near.clone(), false)
            {
                let r = folded.original(span);
                out.push(NoteMention {
                    range: block.start + r.start..block.start + r.end,
                    entity,
                });
            }
        }
        out
    }

    /// The entity a name stands for ("the FSB", "Lavrov's", "Sergei Lavrov").
    pub fn resolve(&self, name: &str) -> Option<EntityId> {
        let name = name.trim().trim_matches(|c: char| !c.is_alphanumeric());
        let name = name
            .strip_suffix("'s")
            .or_else(|| name.strip_suffix("\u{2019}s"))
            .unwrap_or(name);
        if let Some(e) = self.names.get(name) {
            return Some(e);
        }
        // A name inside a longer phrase, when it is the only one.
        let found = self.mentions_in(name);
        match found.as_slice() {
            [one] => Some(one.entity),
            _ => None,
        }
    }

    /// Entities whose names fit a query, best first (workspace symbols).
    pub fn search(&self, query: &str, limit: usize) -> Vec<EntityId> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return self.complete("", limit);
        }
        let qk = name_key(&q);
        let mut best: FastMap<EntityId, f64> = FastMap::default();
        for (alias, e) in &self.names.sorted {
            let ak = name_key(alias);
            let score = if ak == qk {
                4.0
            } else if alias.starts_with(&q) || ak.starts_with(&qk) {
                3.0
            } else if alias.split(' ').any(|w| w.starts_with(&q)) {
                2.5
            } else if !qk.is_empty() && ak.contains(&qk) {
                2.0
            } else {
                let s = strsim::jaro_winkler(&q, alias);
                if s < 0.85 {
                    continue;
                }
                s
            };
            let slot = best.entry(*e).or_insert(0.0);
            *slot = slot.max(score);
        }
        let mut ranked: Vec<(EntityId, f64)> = best.into_iter().collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| {
                    self.entities[b.0]
                        .article_count
                        .cmp(&self.entities[a.0].article_count)
                })
                .then_with(|| a.0.cmp(&b.0))
        });
        ranked.into_iter().take(limit).map(|(e, _)| e).collect()
    }

    /// Entities with a name starting with `prefix`, most mentioned first.
    pub fn complete(&self, prefix: &str, limit: usize) -> Vec<EntityId> {
        let p = prefix.trim_start().to_lowercase();
        let from = self
            .names
            .sorted
            .partition_point(|(a, _)| a.as_str() < p.as_str());
        let mut hits: Vec<EntityId> = self.names.sorted[from..]
            .iter()
            .take_while(|(a, _)| a.starts_with(&p))
            .map(|(_, e)| *e)
            .collect();
        hits.sort_unstable();
        hits.dedup();
        hits.sort_by(|a, b| {
            self.entities[*b]
                .article_count
                .cmp(&self.entities[*a].article_count)
                .then_with(|| a.cmp(b))
        });
        hits.truncate(limit);
        hits
    }

    /// The most informative mention: where the best description is stated.
    pub fn best_mention(&self, id: EntityId) -> Option<&Mention> {
        let e = self.entities.get(id)?;
        e.best.and_then(|b| e.mentions.get(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Index;

    fn fixture(config: &Config) -> Index {
        let corpus = Corpus::from_texts([
            (
                "a.txt",
                "Title\n\nJane Doe, director of the Electronic Frontier Foundation (EFF), spoke \
                 in London. Doe said the EFF would sue the FSB.\n",
            ),
            (
                "b.txt",
                "Title\n\nEFF lawyer Kurt Opsahl met Ms Doe in London on Monday. The Federal \
                 Security Service declined to comment.\n",
            ),
        ]);
        Index::build(corpus, config)
    }

    #[test]
    fn entities_of_a_fixture_corpus() {
        let idx = fixture(&Config::default());
        let ents = &idx.entities;
        let doe = ents.get(ents.resolve("Doe").unwrap()).unwrap();
        assert_eq!(doe.name, "Jane Doe");
        assert_eq!(doe.kind, EntityKind::Person);
        assert_eq!(doe.article_count, 2);
        assert_eq!(
            doe.descriptions[0].text,
            "director of the Electronic Frontier Foundation"
        );
        let eff = ents.get(ents.resolve("EFF").unwrap()).unwrap();
        assert_eq!(eff.name, "Electronic Frontier Foundation");
        assert_eq!(eff.kind, EntityKind::Organisation);
        assert_eq!(eff.aliases, ["EFF"]);
        // No text links the FSB to its long name.
        assert_ne!(
            ents.resolve("FSB"),
            ents.resolve("Federal Security Service")
        );
        let london = ents.get(ents.resolve("London").unwrap()).unwrap();
        assert_eq!(london.kind, EntityKind::Place);
        assert_eq!(ents.resolve("Monday"), None);
    }

    #[test]
    fn config_aliases_link_what_the_text_does_not() {
        let config = Config::parse(
            "[aliases]\n\"Federal Security Service\" = [\"FSB\"]\n",
            std::path::Path::new("grounded.toml"),
        )
        .unwrap();
        let idx = fixture(&config);
        let fsb = idx.entities.resolve("FSB").unwrap();
        assert_eq!(idx.entities.resolve("Federal Security Service"), Some(fsb));
        assert_eq!(
            idx.entities.get(fsb).unwrap().name,
            "Federal Security Service"
        );
    }

    #[test]
    fn note_lookup_in_markdown() {
        let idx = fixture(&Config::default());
        let note = "Ask **Doe\u{2019}s** team at the [EFF](https://eff.org) or the eff.\n";
        let found: Vec<&str> = idx
            .entities
            .mentions_in(note)
            .iter()
            .map(|m| &note[m.range.clone()])
            .collect();
        assert_eq!(found, ["Doe", "EFF", "eff"]);
        assert_eq!(
            idx.entities.mention_at(note, note.find("team").unwrap()),
            None
        );
        let m = idx
            .entities
            .mention_at(note, note.find("Doe").unwrap() + 2)
            .unwrap();
        let card = card(&idx, m.entity);
        assert!(card.starts_with("**Jane Doe** · person"), "{card}");
        assert!(
            card.contains("- director of the Electronic Frontier Foundation — _a.txt_"),
            "{card}"
        );
        assert!(card.contains("Mentioned in 2 articles"), "{card}");
    }

    #[test]
    fn hover_never_panics_on_odd_offsets_and_text() {
        let idx = fixture(&Config::default());
        let note = "é **Doe**\r\n\r\n> [EFF](x) 😀 Doe’s — “EFF”\n\n```\nDoe\n```\n";
        for off in 0..=note.len() + 3 {
            if let Some(m) = idx.entities.mention_at(note, off) {
                assert!(m.range.start <= off.min(note.len()) && off.min(note.len()) <= m.range.end);
                assert!(note.is_char_boundary(m.range.start) && note.is_char_boundary(m.range.end));
            }
        }
        assert_eq!(idx.entities.mention_at("", 0), None);
        assert!(idx.entities.mentions_in("").is_empty());
        assert_eq!(idx.entities.resolve(""), None);
        assert!(idx.entities.search("", 5).len() <= 5);
        assert_eq!(card(&idx, usize::MAX), "");
    }

    #[test]
    fn search_and_completion() {
        let idx = fixture(&Config::default());
        let ents = &idx.entities;
        let eff = ents.resolve("EFF").unwrap();
        assert_eq!(ents.search("frontier", 3).first(), Some(&eff));
        assert_eq!(ents.complete("Elec", 3), [eff]);
        assert!(ents.complete("zzz", 3).is_empty());
    }
}
