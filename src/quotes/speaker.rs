//! Are two ways of naming a speaker the same person? The one place the
//! quote check compares speakers, so the entities module can take it over.
//!
//! Names compare by surname (and first initial when both give a first
//! name); a role ("the agency chief") fits a speaker when its distinctive
//! words (or an acronym of them) appear in what the source says about the
//! speaker, or, for a role made only of generic title words ("the minister")
//! or organisation nouns ("the company"), when a word of the same kind does.
//! When the texts give too little to tell, the answer is yes: a
//! misattribution is only reported when the sources clearly differ.

use super::lexicon::{is_determiner, is_pronoun, is_title};

/// Words a role may contain without distinguishing anyone.
const FILLER: &[&str] = &[
    "of",
    "for",
    "the",
    "and",
    "in",
    "at",
    "to",
    "on",
    "top",
    "new",
    "then",
    "current",
    "country's",
    "its",
    "his",
    "her",
    "their",
    "a",
    "an",
    "s",
];

/// Nouns that say a speaker is an organisation without saying which one
/// ("the company said", "the firm said"): like title words, they describe
/// rather than distinguish.
const ORGANISATIONS: &[&str] = &[
    "company",
    "firm",
    "group",
    "business",
    "corporation",
    "concern",
    "conglomerate",
    "multinational",
    "enterprise",
    "giant",
    "organisation",
    "organization",
];

/// A word that describes a speaker without distinguishing them: a title, or
/// a generic noun for an organisation.
fn is_generic(w: &str) -> bool {
    is_title(w) || ORGANISATIONS.iter().any(|o| o.eq_ignore_ascii_case(w))
}

/// A word of a role that tells one speaker from another: not filler, not
/// generic, not a determiner.
fn is_distinctive(w: &str) -> bool {
    !FILLER.iter().any(|f| f.eq_ignore_ascii_case(w)) && !is_generic(w) && !is_determiner(w)
}

/// Title words (and organisation nouns) that name the same kind of role.
const KINDS: &[&[&str]] = &[
    ORGANISATIONS,
    &[
        "chief",
        "head",
        "director",
        "leader",
        "boss",
        "chairman",
        "chairwoman",
        "chair",
        "executive",
        "ceo",
    ],
    &[
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "mouthpiece",
        "press",
        "secretary",
    ],
    &["minister", "secretary"],
    &["envoy", "ambassador", "representative"],
];

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches("'s").trim_end_matches('\'').to_string())
        .collect()
}

fn lower(ws: &[String]) -> Vec<String> {
    ws.iter().map(|w| w.to_lowercase()).collect()
}

/// Name words of a speaker text: capitalised, not titles or determiners.
fn name_words(s: &str) -> Vec<String> {
    words(s)
        .into_iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter(|w| !is_title(w) && !is_determiner(w))
        .collect()
}

/// Is this speaker text a role rather than a name ("the agency chief",
/// "the country's envoy", "spokesman")?
pub fn is_role(s: &str) -> bool {
    let ws = words(s);
    let Some(first) = ws.first() else {
        return false;
    };
    if is_determiner(first) && first.chars().next().is_some_and(char::is_lowercase)
        || first == "The"
        || first == "A"
        || first == "An"
    {
        return true;
    }
    let last = ws.last().unwrap();
    !last.chars().next().is_some_and(char::is_uppercase) || is_title(last)
}

/// Upper-case initials of runs of capitalised words in `context`.
fn acronyms(context: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let caps: Vec<Option<char>> = context
        .iter()
        .map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect();
    for i in 0..caps.len() {
        let mut acc = String::new();
        for c in caps.iter().skip(i) {
            match c {
                Some(c) => {
                    acc.push(*c);
                    if acc.len() >= 2 {
                        out.push(acc.to_lowercase());
                    }
                }
                None => break,
            }
        }
    }
    out
}

/// Does a role ("the agency chief") fit a person described by `context`
/// (their name and descriptions)?
pub fn role_fits(role: &str, context: &str) -> bool {
    Role::new(role).fits(&Context::new(context))
}

/// A role's words, read once to be fitted against many people.
#[derive(Debug, Clone)]
pub struct Role {
    /// The role's title words and generic organisation nouns, lower-cased.
    titles: Vec<String>,
    /// Its words that are not filler, titles, organisation nouns or
    /// determiners.
    distinctive: Vec<String>,
}

impl Role {
    pub fn new(role: &str) -> Role {
        let words = lower(&words(role));
        let distinctive = words
            .iter()
            .filter(|w| is_distinctive(w))
            .cloned()
            .collect();
        let titles = words.iter().filter(|w| is_generic(w)).cloned().collect();
        Role {
            titles,
            distinctive,
        }
    }

    /// Does the role fit the person `context` describes? See [`role_fits`].
    pub fn fits(&self, context: &Context) -> bool {
        let cw = &context.lower;
        if cw.is_empty() {
            return false;
        }
        if !self.distinctive.is_empty() {
            let acr = context.acronyms();
            return self
                .distinctive
                .iter()
                .any(|w| cw.contains(w) || acr.contains(w));
        }
        self.titles.iter().any(|w| {
            cw.contains(w)
                || KINDS
                    .iter()
                    .any(|k| k.contains(&w.as_str()) && k.iter().any(|x| cw.iter().any(|c| c == x)))
        })
    }
}

/// What a text says about a person (their name and descriptions), read
/// once to be fitted against many roles.
#[derive(Debug, Clone)]
pub struct Context {
    words: Vec<String>,
    lower: Vec<String>,
    acronyms: std::sync::OnceLock<Vec<String>>,
}

impl Context {
    pub fn new(context: &str) -> Context {
        let words = words(context);
        let lower = lower(&words);
        Context {
            words,
            lower,
            acronyms: std::sync::OnceLock::new(),
        }
    }

    fn acronyms(&self) -> &[String] {
        self.acronyms.get_or_init(|| acronyms(&self.words))
    }
}

/// Is `note_speaker` (as the note names them) the same person as
/// `source_speaker` (as the source names them, or the person it resolved),
/// given `source_context` (what the sources say about that person)?
pub fn same_speaker(note_speaker: &str, source_speaker: &str, source_context: &str) -> bool {
    let note = note_speaker.trim();
    let src = source_speaker.trim();
    if note.is_empty() || src.is_empty() || is_pronoun(note) || is_pronoun(src) {
        return true;
    }
    if is_role(note) {
        let context = format!("{src} {source_context}");
        if role_fits(note, &context) {
            return true;
        }
        // A role the source states nothing about cannot be told apart.
        let has_titles = words(&context).iter().any(|w| is_title(w));
        let distinctive = words(note).iter().any(|w| is_distinctive(w));
        return !has_titles && !distinctive;
    }
    let nn = lower(&name_words(note));
    let Some(n_sur) = nn.last() else { return true };
    if is_role(src)
        && !src
            .split_whitespace()
            .any(|w| !is_title(w) && w.chars().next().is_some_and(char::is_uppercase))
    {
        // The source names only a role: cannot tell.
        return true;
    }
    let sn = lower(&name_words(src));
    if sn.is_empty() {
        return true;
    }
    if is_role(src) {
        // "A spokesman for Mr Roe" is Mr Roe's spokesman, not Mr Roe.
        return !sn.contains(n_sur);
    }
    // One name inside the other: "Doe" and "Jane Doe", "Acme" and "Acme Europe".
    let (short, long) = if nn.len() <= sn.len() {
        (&nn, &sn)
    } else {
        (&sn, &nn)
    };
    if short.iter().all(|w| long.contains(w)) {
        return true;
    }
    if !sn.contains(n_sur) {
        return false;
    }
    // Both give a first name: the initials agree.
    if nn.len() >= 2 && sn.len() >= 2 && sn.last() == Some(n_sur) && !sn.contains(&nn[0]) {
        let a = nn[0].chars().next();
        let b = sn[0].chars().next();
        return a == b;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_surname_and_initial() {
        assert!(same_speaker("Doe", "Jane Doe", ""));
        assert!(same_speaker("Mr Doe", "Jane Doe", ""));
        assert!(same_speaker("J. Doe", "Jane Doe", ""));
        assert!(same_speaker("Sergei Roev", "Sergey Roev", ""));
        assert!(!same_speaker("Tom Doe", "Jane Doe", ""));
        assert!(!same_speaker("Roe", "Jane Doe", ""));
        assert!(same_speaker("Khan Muttaqi", "Amir Khan Muttaqi", ""));
        assert!(same_speaker("Doe", "BT's Jane Doe", ""));
        assert!(same_speaker("Acme Europe", "Acme", ""));
        assert!(same_speaker("he", "Jane Doe", ""));
    }

    #[test]
    fn roles_by_description() {
        let ctx = "director of the NSA, the National Security Agency";
        assert!(same_speaker("the NSA chief", "Alexander Doe", ctx));
        assert!(same_speaker(
            "the security service director",
            "Alexander Doe",
            ctx
        ));
        assert!(!same_speaker("the foreign minister", "Alexander Doe", ctx));
        assert!(same_speaker("the minister", "Jane Doe", "Foreign Minister"));
        assert!(same_speaker("the spokesman", "Jane Doe", "")); // nothing to tell
        assert!(!same_speaker(
            "the palace spokesman",
            "Jane Doe",
            "Foreign Minister"
        ));
        assert!(same_speaker("Roe", "a spokesman for the bank", ""));
        // Generic nouns for an organisation describe, they do not distinguish.
        assert!(same_speaker("the company", "the firm", ""));
        assert!(same_speaker("the company", "Acme", ""));
        assert!(!same_speaker("the company", "Jane Doe", "finance chief"));
        assert!(!same_speaker("the company", "the minister", ""));
        assert!(!same_speaker("Roe", "a spokesman for Mr Roe", ""));
    }

    #[test]
    fn acronyms_of_descriptions() {
        assert!(role_fits(
            "the NSA head",
            "director of the National Security Agency"
        ));
        assert!(!role_fits("the NSA head", "director of the bank"));
    }
}
