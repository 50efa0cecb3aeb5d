//! Merging names into entities: one cluster of name keys per real thing.
//!
//! Names with the same [`name_key`] are one name (`IS-KP`/`ISKP`). Clusters
//! then join on evidence: acronym definitions and "known as" links found in
//! the text; a nationality adjective before an organisation's name
//! (`Russian Federal Security Service`); transliterated first names with the
//! same surname (`Sergei`/`Sergey`); a surname standing for the one full name
//! the corpus pairs it with; and the project's hand-written `aliases` table.

use std::collections::BTreeMap;

use super::describe::Cues;
use super::mentions::{Link, WordStats};
use super::tokens::{self, is_acronym, lower_in, name_key};
use crate::fasthash::{FastMap, FastSet};

/// What the corpus says about one name key.
#[derive(Debug, Clone, Default)]
pub struct KeyInfo {
    pub key: String,
    /// Written forms and how often each occurs: a short list (most keys
    /// have one or two), so a list is smaller than a table.
    pub surfaces: Vec<(Box<str>, u32)>,
    pub count: u32,
    /// How many articles use it. Mentions are counted in article order, so
    /// an article is new when it differs from `last_article`.
    pub articles: u32,
    last_article: Option<u32>,
    pub cues: Cues,
    /// Where [`KeyInfo::surface`] is in `surfaces`, kept once every form is
    /// counted (it is read many times while clustering and summing up).
    main_surface: Option<u32>,
}

impl KeyInfo {
    /// The most frequent written form (ties: more capitals, then first in order).
    pub fn surface(&self) -> &str {
        match self
            .main_surface
            .map(|i| i as usize)
            .or_else(|| self.most_used_surface())
        {
            Some(i) => &self.surfaces[i].0,
            None => &self.key,
        }
    }

    /// Where the most frequent written form is in `surfaces`.
    fn most_used_surface(&self) -> Option<usize> {
        self.surfaces
            .iter()
            .enumerate()
            .max_by(|(_, a), (_, b)| {
                a.1.cmp(&b.1)
                    .then_with(|| caps(&a.0).cmp(&caps(&b.0)))
                    .then_with(|| b.0.cmp(&a.0))
            })
            .map(|(i, _)| i)
    }

    /// Counts `n` more uses of a written form.
    fn add_surface(&mut self, surface: &str, n: u32) {
        if let Some((_, count)) = self.surfaces.iter_mut().find(|(s, _)| &**s == surface) {
            *count += n;
        } else {
            // Most keys keep one form: room for exactly one at first.
            if self.surfaces.is_empty() {
                self.surfaces.reserve_exact(1);
            }
            self.surfaces.push((surface.into(), n));
        }
    }

    pub fn words(&self) -> Vec<String> {
        self.surface().split(' ').map(str::to_lowercase).collect()
    }
}

fn caps(s: &str) -> usize {
    s.chars().filter(|c| c.is_uppercase()).count()
}

/// Union–find over key indices.
#[derive(Debug, Clone)]
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// The merged clusters.
#[derive(Debug, Clone, Default)]
pub struct Clustering {
    pub keys: Vec<KeyInfo>,
    pub key_index: FastMap<String, usize>,
    /// Cluster number of each key.
    pub cluster: Vec<usize>,
    /// Canonical names set by the config, per cluster.
    pub configured: FastMap<usize, String>,
    /// Keys merged as a surname (or other short form) of a longer name.
    pub short_forms: FastSet<usize>,
    /// Keys that are another name with a nationality adjective before it.
    pub demonym_led: FastSet<usize>,
    /// Keys that are a person's name after a word the corpus uses nowhere
    /// else: an unfamiliar honorific ("Mawlawi Amir Khan Muttaqi").
    pub title_led: FastSet<usize>,
    /// Keys that are a person's name after another name used as a modifier
    /// ("Conservative Michael Howard"): key → (modifier words, its key).
    pub modifier_led: FastMap<usize, (usize, usize)>,
}

impl Clustering {
    #[cfg(test)]
    pub fn cluster_of(&self, key: &str) -> Option<usize> {
        self.key_index.get(key).map(|&k| self.cluster[k])
    }
}

fn person_like(info: &KeyInfo, words: &[String]) -> bool {
    let c = &info.cues;
    words.len() >= 2
        && words.len() <= 4
        && !words.iter().any(|w| w == "of" || w == "the")
        && !is_acronym(info.surface())
        && !info.surface().split(' ').any(is_acronym)
        && !lower_in(&tokens::ORG_WORDS, words.last().map_or("", String::as_str))
        && !lower_in(tokens::PLACE_WORDS, words.last().map_or("", String::as_str))
        && !lower_in(tokens::EVENT_WORDS, words.last().map_or("", String::as_str))
        && c.org + c.place + c.event <= c.person + c.speaker
}

/// Could a short name stand for a person's full name? Not when it mostly
/// follows "the" or a place preposition ("the West", "in Kabul").
fn short_form_like(info: &KeyInfo) -> bool {
    let n = info.count as f32;
    let c = &info.cues;
    !is_acronym(info.surface())
        && c.the_before * 2.0 <= n
        && c.place * 2.0 <= n
        && c.org + c.place + c.event <= c.person + c.speaker + 1.0
}

/// Are two first names spellings of one name (`Sergei`/`Sergey`)?
fn same_first_name(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.min(lb) < 5 || a.chars().next() != b.chars().next() {
        return false;
    }
    strsim::levenshtein(a, b) <= 1
        || (la.min(lb) >= 6 && strsim::normalized_levenshtein(a, b) >= 0.75)
}

/// Acronym–initials pairs the corpus agrees on: an acronym is linked to the
/// name whose initials it spells only when that name is (nearly) the only
/// one it meets: "US" beside "United States" in most articles, not beside
/// "Universal Studio" in one. `articles_of` says how many articles use a key.
pub fn agreed_initials(pairs: &[Link], articles_of: impl Fn(&str) -> usize) -> Vec<Link> {
    let mut by_acronym: FastMap<&str, FastMap<&str, u32>> = FastMap::default();
    for p in pairs {
        *by_acronym.entry(&p.a).or_default().entry(&p.b).or_default() += 1;
    }
    let mut out = Vec::new();
    for (acronym, longs) in by_acronym {
        let total: u32 = longs.values().sum();
        if let Some((long, n)) = longs
            .iter()
            .max_by_key(|(l, n)| (**n, std::cmp::Reverse(**l)))
        {
            // Met together often, or in most of the acronym's articles
            // ("PC" beside "Print Culture" once is chance).
            let used = articles_of(acronym) as u32;
            if n * 4 >= total * 3 && (*n >= 3 || n * 3 >= used) {
                out.push(Link {
                    a: acronym.to_string(),
                    b: long.to_string(),
                });
            }
        }
    }
    out.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    out
}

impl Clustering {
    /// The index of a name key, added if new.
    fn intern(&mut self, key: &str) -> usize {
        if let Some(&i) = self.key_index.get(key) {
            return i;
        }
        self.keys.push(KeyInfo {
            key: key.to_string(),
            ..KeyInfo::default()
        });
        self.key_index.insert(key.to_string(), self.keys.len() - 1);
        self.keys.len() - 1
    }

    /// Counts one mention of a name, written `surface`, with key `key`;
    /// returns the key's index. Mentions are counted in corpus order, as the
    /// articles yield them, so no list of every mention's name is needed.
    pub fn count_mention(&mut self, key: &str, article: u32, surface: &str, cues: &Cues) -> usize {
        let k = self.intern(key);
        let info = &mut self.keys[k];
        info.count += 1;
        if info.last_article != Some(article) {
            info.last_article = Some(article);
            info.articles += 1;
        }
        info.cues.add(cues);
        info.add_surface(surface, 1);
        k
    }

    /// How many articles use a name key (as counted so far).
    pub fn articles_of(&self, key: &str) -> usize {
        self.key_index
            .get(key)
            .map_or(0, |&k| self.keys[k].articles as usize)
    }
}

/// Clusters the names counted in `c` (by [`Clustering::count_mention`]).
pub fn cluster(
    mut c: Clustering,
    links: &[Link],
    config_aliases: &BTreeMap<String, Vec<String>>,
    stats: &WordStats,
) -> Clustering {
    let mut config_pairs = Vec::new();
    for (canon, others) in config_aliases {
        let ck = c.intern(&name_key(canon));
        c.keys[ck].add_surface(canon, 0);
        for o in others {
            let ok = c.intern(&name_key(o));
            c.keys[ok].add_surface(o, 0);
            config_pairs.push((ck, ok));
        }
    }
    // Every key is in: the list is held to the end of the entity stage.
    c.keys.shrink_to_fit();
    for info in &mut c.keys {
        info.main_surface = info.most_used_surface().map(|i| i as u32);
    }
    let mut sets = Sets((0..c.keys.len()).collect());
    for l in links {
        if let (Some(&a), Some(&b)) = (c.key_index.get(&l.a), c.key_index.get(&l.b)) {
            sets.union(a, b);
        }
    }
    for &(a, b) in &config_pairs {
        sets.union(a, b);
    }
    let words: Vec<Vec<String>> = c.keys.iter().map(KeyInfo::words).collect();

    // "Russian Federal Security Service" is the "Federal Security Service".
    for (i, w) in words.iter().enumerate() {
        if w.len() >= 2 {
            let first = c.keys[i].surface().split(' ').next().unwrap_or("");
            if stats.is_demonym(first) {
                if let Some(&j) = c.key_index.get(&name_key(&w[1..].join(" "))) {
                    // "Russian Federal Security Service", not "Marion Brown".
                    if c.keys[j].cues.person == 0.0 && !person_like(&c.keys[j], &words[j]) {
                        sets.union(i, j);
                        c.demonym_led.insert(i);
                    }
                }
            }
        }
    }

    // Singular and plural of a group's name ("Tory"/"Tories", "Lib
    // Dem"/"Lib Dems"); never for people ("William"/"Williams").
    for (i, w) in words.iter().enumerate() {
        let info = &c.keys[i];
        if info.cues.person > 0.0 || is_acronym(info.surface()) || info.count == 0 {
            continue;
        }
        let last = w.last().map_or("", String::as_str);
        let singular = [("ies", "y"), ("s", "")]
            .iter()
            .find_map(|(pl, sg)| last.strip_suffix(pl).map(|stem| format!("{stem}{sg}")))
            .filter(|sg| sg.len() >= 3);
        if let Some(sg) = singular {
            let mut sw = w.clone();
            *sw.last_mut().unwrap() = sg;
            if let Some(&j) = c.key_index.get(&name_key(&sw.join(" "))) {
                if c.keys[j].cues.person == 0.0
                    && c.keys[j].count > 0
                    && !person_like(&c.keys[j], &words[j])
                {
                    sets.union(i, j);
                }
            }
        }
    }

    // Transliterations: same surname, first names a letter apart.
    let mut by_surname: FastMap<(&str, usize), Vec<usize>> = FastMap::default();
    for (i, w) in words.iter().enumerate() {
        if person_like(&c.keys[i], w) {
            by_surname
                .entry((w.last().unwrap().as_str(), w.len()))
                .or_default()
                .push(i);
        }
    }
    for group in by_surname.values() {
        for (x, &i) in group.iter().enumerate() {
            for &j in &group[x + 1..] {
                let (wi, wj) = (&words[i], &words[j]);
                let differing: Vec<usize> = (0..wi.len()).filter(|&n| wi[n] != wj[n]).collect();
                if differing.len() == 1 && same_first_name(&wi[differing[0]], &wj[differing[0]]) {
                    sets.union(i, j);
                }
            }
        }
    }

    // Unfamiliar honorifics: a word capitalised only before a name the
    // corpus also uses without it.
    for (i, w) in words.iter().enumerate() {
        if w.len() < 3 {
            continue;
        }
        let first = c.keys[i].surface().split(' ').next().unwrap_or("");
        let Some(&j) = c.key_index.get(&name_key(&w[1..].join(" "))) else {
            continue;
        };
        if c.keys[j].count > 0
            && person_like(&c.keys[j], &words[j])
            && !is_acronym(first)
            && stats.get(first).cap_mid <= c.keys[i].count
            && !stats.is_common(first)
        {
            sets.union(i, j);
            c.title_led.insert(i);
        }
    }

    // A party or company before a person's name ("Conservative Michael
    // Howard", "Labour's ..."): two mentions, not one name.
    for (i, w) in words.iter().enumerate() {
        if w.len() < 3 || c.title_led.contains(&i) {
            continue;
        }
        for m in 1..=2.min(w.len() - 2) {
            let (Some(&mk), Some(&tk)) = (
                c.key_index.get(&name_key(&w[..m].join(" "))),
                c.key_index.get(&name_key(&w[m..].join(" "))),
            ) else {
                continue;
            };
            if c.keys[mk].count >= 2
                && c.keys[tk].count >= 1
                && person_like(&c.keys[tk], &words[tk])
            {
                c.modifier_led.insert(i, (m, mk));
                break;
            }
        }
    }

    // Short forms: "Lavrov" for "Sergey Lavrov", "Amir Khan Muttaqi" for
    // "Mawlawi Amir Khan Muttaqi". Longer short forms first.
    let mut longer_by_last: FastMap<&str, Vec<usize>> = FastMap::default();
    for (i, w) in words.iter().enumerate() {
        if person_like(&c.keys[i], w) && !c.modifier_led.contains_key(&i) {
            longer_by_last
                .entry(w.last().unwrap().as_str())
                .or_default()
                .push(i);
        }
    }
    let mut shorts: Vec<usize> = (0..c.keys.len())
        .filter(|&i| (1..=3).contains(&words[i].len()) && c.keys[i].count > 0)
        .collect();
    shorts.sort_by_key(|&i| std::cmp::Reverse(words[i].len()));
    for s in shorts {
        let sw = &words[s];
        if !short_form_like(&c.keys[s]) || (sw.len() > 1 && !person_like(&c.keys[s], sw)) {
            continue;
        }
        let person_evidence = c.keys[s].cues.person + c.keys[s].cues.speaker > 0.0;
        let Some(longer) = longer_by_last.get(sw.last().unwrap().as_str()) else {
            continue;
        };
        let mut weight: FastMap<usize, u32> = FastMap::default();
        let mut long_person = 0.0;
        for &l in longer {
            let lw = &words[l];
            if lw.len() > sw.len() && lw[lw.len() - sw.len()..] == sw[..] {
                *weight.entry(sets.find(l)).or_default() += c.keys[l].count.max(1);
                long_person += c.keys[l].cues.person;
            }
        }
        // Only a person's name has a surname ("Old Labour" is no person):
        // a title, honorific or role must show one side is a person.
        if long_person + c.keys[s].cues.person < 1.0 {
            continue;
        }
        let total: u32 = weight.values().sum();
        let s_root = sets.find(s);
        if let Some((&root, &w)) = weight
            .iter()
            .max_by_key(|(r, w)| (**w, std::cmp::Reverse(**r)))
        {
            // A name used more on its own than in full needs evidence it is a person's.
            let plausible = person_evidence || c.keys[s].count <= total;
            if root != s_root && w * 4 >= total * 3 && plausible {
                sets.union(s, root);
                c.short_forms.insert(s);
            }
        }
    }

    c.cluster = (0..c.keys.len()).map(|i| sets.find(i)).collect();
    for canon in config_aliases.keys() {
        if let Some(&k) = c.key_index.get(&name_key(canon)) {
            c.configured.insert(c.cluster[k], canon.clone());
        }
    }
    c
}

/// The canonical name of a cluster: the configured one, else the most used
/// full name (several words, not an acronym), else the most used name.
pub fn canonical(c: &Clustering, members: &[usize]) -> String {
    if let Some(name) = members
        .first()
        .and_then(|&m| c.configured.get(&c.cluster[m]))
    {
        return name.clone();
    }
    members
        .iter()
        .map(|&k| &c.keys[k])
        .max_by_key(|info| {
            let s = info.surface();
            let k = c.key_index[&info.key];
            let full = s.contains(' ')
                && !is_acronym(s)
                && !c.demonym_led.contains(&k)
                && !c.title_led.contains(&k);
            (
                full,
                info.articles,
                info.count,
                caps(s),
                std::cmp::Reverse(s.len()),
            )
        })
        .map_or_else(String::new, |i| i.surface().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(surface: &str, person: f32) -> (&str, Cues) {
        (
            surface,
            Cues {
                person,
                ..Cues::default()
            },
        )
    }

    /// Counts the mentions, all in one article, and clusters them.
    fn clustered(ms: &[(&str, Cues)], cfg: &BTreeMap<String, Vec<String>>) -> Clustering {
        let mut c = Clustering::default();
        for (surface, cues) in ms {
            c.count_mention(&name_key(surface), 0, surface, cues);
        }
        cluster(c, &[], cfg, &WordStats::default())
    }

    fn together(c: &Clustering, a: &str, b: &str) -> bool {
        c.cluster_of(&name_key(a)) == c.cluster_of(&name_key(b))
    }

    #[test]
    fn surnames_transliterations_and_variants() {
        let ms = vec![
            m("Sergey Lavrov", 3.0),
            m("Sergey Lavrov", 3.0),
            m("Sergei Lavrov", 3.0),
            m("Lavrov", 0.0),
            m("IS-KP", 0.0),
            m("ISKP", 0.0),
            m("Tony Blair", 1.0),
            m("Cherie Blair", 1.0),
            m("Blair", 0.0),
            m("Thomas West", 3.0),
            m("West", 0.0),
        ];
        let mut ms = ms;
        ms[10].1.the_before = 1.0;
        let c = clustered(&ms, &BTreeMap::new());
        assert!(together(&c, "Sergei Lavrov", "Lavrov"));
        assert!(together(&c, "Sergey Lavrov", "Lavrov"));
        assert!(together(&c, "IS-KP", "ISKP"));
        assert!(
            !together(&c, "Blair", "Tony Blair"),
            "two full names: ambiguous"
        );
        assert!(
            !together(&c, "West", "Thomas West"),
            "\"the West\" is no surname"
        );
        let members: Vec<usize> = (0..c.keys.len())
            .filter(|&k| c.cluster[k] == c.cluster_of("lavrov").unwrap())
            .collect();
        assert_eq!(canonical(&c, &members), "Sergey Lavrov");
    }

    #[test]
    fn config_aliases_merge_and_name() {
        let ms = vec![m("FSB", 0.0), m("Federal Security Service", 0.0)];
        let mut cfg = BTreeMap::new();
        cfg.insert(
            "Federal Security Service".to_string(),
            vec!["FSB".to_string()],
        );
        let c = clustered(&ms, &cfg);
        assert!(together(&c, "FSB", "Federal Security Service"));
        let members: Vec<usize> = (0..c.keys.len()).collect();
        assert_eq!(canonical(&c, &members), "Federal Security Service");
    }
}
