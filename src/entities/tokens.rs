//! Words of one line of folded text, with the punctuation around them, and
//! the generic word lists the entity analyses share.
//!
//! A token is a whitespace-separated word with its surrounding punctuation
//! peeled off: `("Lavrov's,` has the core `Lavrov`, an opening mark, a
//! possessive and a comma after it. Spans are byte offsets in the text the
//! line was cut from.

use std::ops::Range;

/// One word of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word without surrounding punctuation or possessive.
    pub span: Range<usize>,
    /// Punctuation stood before it (an opening quote, bracket or dash).
    pub open: Option<char>,
    /// The first punctuation character after it (`,`, `.`, `)`, ...).
    pub close: Option<char>,
    /// It ended in `'s` or `s'`.
    pub possessive: bool,
    /// It contains a `/` (photo credits: `AP Photo/Name`).
    pub slash: bool,
}

impl Token {
    /// Can a name run continue from this token into the next one?
    pub fn joins_next(&self) -> bool {
        self.close.is_none() && !self.possessive && !self.slash
    }
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '(' | '[' | '{' | '-' | '*' | '_' | '<')
}

/// Splits `text[range]` into tokens.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    let line = &text[range.clone()];
    let mut pos = 0;
    for word in line.split(' ') {
        let start = range.start + pos;
        pos += word.len() + 1;
        // "people-Russia's" (a folded dash) and "anti-Taliban": a lower-case
        // word glued to a name by a dash is two words.
        let glued = word
            .char_indices()
            .find(|&(i, c)| {
                c == '-'
                    && i > 0
                    && word[..i].chars().all(char::is_lowercase)
                    && !ARABIC_ARTICLES.contains(&&word[..i])
                    && word[i + 1..].starts_with(char::is_uppercase)
            })
            .map(|(i, _)| i);
        let end = start + word.len();
        let cut = glued.map_or(end, |i| start + i + 1);
        let pieces = [(start, cut), (cut, end)];
        for (n, &(from, to)) in pieces.iter().enumerate().filter(|(_, p)| p.0 < p.1) {
            let piece = from..to;
            match token(text, piece) {
                Some(mut t) => {
                    if n == 1 {
                        t.open = Some('-');
                    }
                    out.push(t);
                }
                // A word of punctuation only ("Jupiter . Apple") ends the one before.
                None => {
                    if let Some(prev) = out.last_mut() {
                        prev.close = prev.close.or(text[from..to].chars().next());
                    }
                }
            }
        }
    }
    out
}

/// Arabic article prefixes of names ("al-Qaeda").
const ARABIC_ARTICLES: &[&str] = &["al", "el", "ad", "as", "ash", "at", "ar"];

/// The token of one whitespace-free word at `text[r]`, if it has letters or digits.
fn token(text: &str, r: Range<usize>) -> Option<Token> {
    let word = &text[r.clone()];
    let lead = word.len()
        - word
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let open = word[..lead].chars().rev().find(|&c| is_opening(c));
    let mut core = &word[lead..];
    if core.is_empty() {
        return None;
    }
    let mut close = None;
    let mut possessive = false;
    loop {
        let last = core.chars().last()?;
        if last.is_alphanumeric() {
            break;
        }
        let without = &core[..core.len() - last.len_utf8()];
        if last == '.' && keeps_full_stop(without) {
            // "Dr." and "U.S." keep their stop.
            break;
        }
        if last == '\'' && without.ends_with(['s', 'S']) && !without.is_empty() {
            possessive = true;
        }
        close = Some(last);
        core = without;
    }
    if let Some(stem) = core.strip_suffix("'s").or_else(|| core.strip_suffix("'S")) {
        if !stem.is_empty() {
            core = stem;
            possessive = true;
        }
    }
    if possessive && close == Some('\'') {
        close = None;
    }
    let s = r.start + lead;
    Some(Token {
        span: s..s + core.len(),
        open,
        close,
        possessive,
        slash: core.contains('/'),
    })
}

/// Does a word keep the full stop that follows it? Initials (`J.`), dotted
/// acronyms (`U.S.`) and honorific abbreviations (`Dr.`).
fn keeps_full_stop(w: &str) -> bool {
    if w.contains('.') {
        // "U.S" and "e.g" but not "PowerPage.org".
        return w.split('.').all(|part| part.chars().count() <= 2);
    }
    let mut chars = w.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    ABBREVIATED_TITLES.contains(&w)
}

/// A contraction ("I'm", "We've", "I'd") is no name.
pub fn is_contraction(w: &str) -> bool {
    let lower = w.to_lowercase();
    ["'m", "'ve", "'d", "'ll", "'re", "n't"]
        .iter()
        .any(|s| lower.ends_with(s))
}

/// Is this the form of a capitalised word (or an `al-` prefixed name)?
pub fn is_capitalised(w: &str) -> bool {
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        Some(_) => {
            // "al-Qaeda", "el-Sisi", "bin-Laden"
            ARABIC_ARTICLES.iter().any(|p| {
                w.strip_prefix(p)
                    .and_then(|r| r.strip_prefix('-'))
                    .is_some_and(|r| r.starts_with(char::is_uppercase))
            })
        }
        None => false,
    }
}

/// All letters upper case and at least two of them: `FSB`, `ISIS-K`, `U.S.`.
pub fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '&'))
}

/// A model or product code: digits and capitals, no lower case (`7E7`, `A350`, `CS2`).
pub fn is_model_code(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit())
        && w.chars().any(char::is_uppercase)
        && !w.chars().any(char::is_lowercase)
        && w.chars().all(|c| c.is_alphanumeric() || c == '-')
}

/// A plural acronym used as a common noun: `MPs`, `ISPs`.
pub fn is_plural_acronym(w: &str) -> bool {
    w.strip_suffix('s')
        .is_some_and(|stem| is_acronym(stem) && !stem.contains('.'))
}

/// An all-capitals word too long to be an acronym: shouting or a credit line.
pub fn is_shouting(w: &str) -> bool {
    is_acronym(w) && w.chars().filter(|c| c.is_alphabetic()).count() >= 7
}

/// A hyphenated compound ending in a lower-case part (`Moscow-based`).
pub fn is_lowercase_compound(w: &str) -> bool {
    w.rsplit('-')
        .next()
        .is_some_and(|last| last.chars().next().is_some_and(char::is_lowercase))
        && w.contains('-')
        && is_capitalised(w)
        && !w.starts_with(|c: char| c.is_lowercase())
}

/// The comparison key of a name: lower-case letters and digits of its words,
/// without the words `of` and `the`. `IS-KP` and `ISKP`, `U.S.` and `US`,
/// `Islamic State of Khorasan Province` and `Islamic State Khorasan province`
/// share a key.
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split(|c: char| c.is_whitespace()) {
        let mut lower = word.to_lowercase();
        if matches!(lower.as_str(), "of" | "the") {
            continue;
        }
        // A web site is named by its domain: "PowerPage.org" is "PowerPage".
        for tld in [".com", ".org", ".net", ".co.uk", ".gov"] {
            if lower.len() > tld.len() + 2 && lower.ends_with(tld) {
                lower.truncate(lower.len() - tld.len());
                break;
            }
        }
        key.extend(lower.chars().filter(|c| c.is_alphanumeric()));
    }
    key
}

/// Words that join the capitalised words of one name: `Bank of England`,
/// `Ludwig van Beethoven`, `Osama bin Laden`.
pub const JOINERS: &[&str] = &[
    "of", "de", "da", "del", "della", "der", "den", "van", "von", "bin", "ibn", "bint", "al", "la",
    "le", "du", "dos", "das", "y",
];

/// Function words that never start a name when capitalised at a sentence start.
pub const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "if",
    "as",
    "for",
    "by",
    "with",
    "from",
    "after",
    "before",
    "while",
    "when",
    "where",
    "what",
    "who",
    "whom",
    "which",
    "how",
    "why",
    "since",
    "despite",
    "although",
    "though",
    "there",
    "here",
    "some",
    "many",
    "most",
    "other",
    "others",
    "all",
    "both",
    "each",
    "every",
    "any",
    "no",
    "not",
    "so",
    "yet",
    "to",
    "of",
    "into",
    "over",
    "under",
    "about",
    "among",
    "amid",
    "during",
    "until",
    "unless",
    "because",
    "meanwhile",
    "however",
    "also",
    "then",
    "now",
    "still",
    "even",
    "just",
    "only",
    "more",
    "less",
    "such",
    "one",
    "two",
    "three",
    "last",
    "next",
    "former",
    "earlier",
    "later",
    "according",
    "yes",
    "oh",
    "mr",
    "mrs",
];

/// Month and day names: capitalised but never entities.
pub const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "easter",
    "christmas",
];

/// Honorifics: they mark a person but say little about them.
pub const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "messrs", "mme", "m"];

/// Honorifics and ranks that are worth keeping as a description.
pub const TITLES: &[&str] = &[
    "minister",
    "president",
    "vice-president",
    "secretary",
    "secretary-general",
    "undersecretary-general",
    "under-secretary-general",
    "chancellor",
    "director",
    "director-general",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "representative",
    "envoy",
    "ambassador",
    "governor",
    "senator",
    "congressman",
    "congresswoman",
    "mayor",
    "chairman",
    "chairwoman",
    "chief",
    "leader",
    "commissioner",
    "general",
    "gen",
    "colonel",
    "col",
    "lieutenant",
    "lt",
    "captain",
    "capt",
    "admiral",
    "adm",
    "sergeant",
    "sgt",
    "commander",
    "judge",
    "justice",
    "professor",
    "prof",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "baroness",
    "baron",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "bishop",
    "archbishop",
    "rev",
    "reverend",
    "sheikh",
    "emir",
    "sultan",
    "imam",
    "ayatollah",
    "mullah",
    "premier",
    "speaker",
    "mp",
    "mep",
    "attorney",
    "coach",
    "manager",
    "boss",
    "editor",
    "founder",
    "ceo",
    "chair",
    "prosecutor",
    "inspector",
    "superintendent",
    "constable",
    "sen",
    "rep",
    "gov",
    "pres",
    "deputy",
    "councillor",
    "marshal",
    "commodore",
    "executive",
    "officer",
];

/// Abbreviated titles written with a full stop.
const ABBREVIATED_TITLES: &[&str] = &[
    "Dr", "Mr", "Mrs", "Ms", "Prof", "Gen", "Col", "Lt", "Capt", "Adm", "Sgt", "Rev", "Sen", "Rep",
    "Gov", "Pres", "St", "Jr", "Sr", "Mt", "Cmdr", "Maj", "Hon",
];

/// Lower-case nouns for a person's role: `Taliban spokesman X`, `X, a defence expert`.
pub const ROLE_NOUNS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "president",
    "director",
    "chief",
    "executive",
    "boss",
    "head",
    "leader",
    "chairman",
    "chairwoman",
    "envoy",
    "ambassador",
    "representative",
    "secretary",
    "official",
    "analyst",
    "expert",
    "lawyer",
    "teacher",
    "nurse",
    "writer",
    "author",
    "reporter",
    "journalist",
    "correspondent",
    "editor",
    "economist",
    "professor",
    "researcher",
    "scientist",
    "founder",
    "co-founder",
    "manager",
    "coach",
    "player",
    "striker",
    "star",
    "singer",
    "actor",
    "actress",
    "commander",
    "general",
    "governor",
    "mayor",
    "senator",
    "mp",
    "mep",
    "candidate",
    "politician",
    "chancellor",
    "strategist",
    "adviser",
    "advisor",
    "consultant",
    "campaigner",
    "activist",
    "negotiator",
    "diplomat",
    "officer",
    "soldier",
    "student",
    "owner",
    "partner",
    "producer",
    "designer",
    "developer",
    "engineer",
    "mouthpiece",
    "deputy",
    "presenter",
    "host",
    "judge",
    "prosecutor",
    "member",
    "chair",
    "dean",
    "lecturer",
    "musician",
    "rapper",
    "footballer",
    "cricketer",
    "ceo",
    "premier",
    "counterpart",
    "investor",
    "banker",
    "trader",
    "veteran",
    "critic",
    "commentator",
    "historian",
    "novelist",
    "director-general",
    "heir",
    "widow",
    "wife",
    "husband",
    "son",
    "daughter",
    "brother",
    "sister",
    "father",
    "mother",
];

/// Words that end the names of organisations.
pub const ORG_WORDS: &[&str] = &[
    "ministry",
    "service",
    "services",
    "group",
    "party",
    "bank",
    "inc",
    "ltd",
    "plc",
    "corp",
    "corporation",
    "company",
    "co",
    "council",
    "committee",
    "commission",
    "agency",
    "association",
    "authority",
    "board",
    "bureau",
    "office",
    "department",
    "union",
    "federation",
    "foundation",
    "institute",
    "institution",
    "university",
    "college",
    "school",
    "court",
    "parliament",
    "assembly",
    "congress",
    "senate",
    "army",
    "navy",
    "force",
    "forces",
    "police",
    "times",
    "post",
    "news",
    "press",
    "network",
    "fund",
    "trust",
    "club",
    "league",
    "airways",
    "airlines",
    "motors",
    "systems",
    "technologies",
    "holdings",
    "industries",
    "media",
    "television",
    "radio",
    "organisation",
    "organization",
    "society",
    "front",
    "movement",
    "alliance",
    "coalition",
    "exchange",
    "reserve",
    "centre",
    "center",
    "channel",
    "command",
    "labs",
    "studios",
    "records",
    "entertainment",
    "telecom",
    "communications",
    "partners",
    "capital",
    "securities",
    "insurance",
    "gmbh",
    "ag",
    "sa",
    "llc",
    "software",
    "electronics",
    "pharmaceuticals",
    "brigade",
    "regiment",
    "taskforce",
    "cabinet",
    "government",
    "administration",
    "treasury",
    "secretariat",
    "tribunal",
    "commons",
    "lords",
    "emirate",
    "state",
];

/// Words that end the names of places.
pub const PLACE_WORDS: &[&str] = &[
    "city",
    "region",
    "county",
    "island",
    "islands",
    "street",
    "road",
    "river",
    "lake",
    "mountains",
    "valley",
    "square",
    "airport",
    "hall",
    "stadium",
    "park",
    "bridge",
    "palace",
    "coast",
    "bay",
    "sea",
    "ocean",
    "gulf",
    "peninsula",
    "district",
    "village",
    "town",
    "avenue",
    "heights",
    "strip",
    "province",
    "hills",
    "desert",
    "canal",
    "port",
    "kingdom",
    "states",
    "republic",
    "territory",
    "territories",
    "oblast",
    "shire",
];

/// Words that end the names of events.
pub const EVENT_WORDS: &[&str] = &[
    "war",
    "summit",
    "games",
    "cup",
    "olympics",
    "festival",
    "conference",
    "election",
    "elections",
    "championship",
    "championships",
    "awards",
    "attack",
    "attacks",
    "crisis",
    "forum",
    "expo",
    "show",
    "open",
    "prix",
    "week",
    "tournament",
    "trophy",
    "revolution",
    "massacre",
    "bombing",
    "bombings",
    "talks",
    "format",
    "referendum",
    "marathon",
    "series",
    "olympiad",
    "convention",
    "fair",
    "uprising",
    "invasion",
    "scandal",
    "budget",
];

/// Web page debris: a paragraph that starts with one of these is not prose.
pub const DEBRIS_STARTS: &[&str] = &[
    "updated",
    "published",
    "subscribe",
    "follow ",
    "sign up",
    "stay updated",
    "related",
    "read more",
    "original url",
    "for more stories",
    "please let us know",
    "photo:",
    "image:",
    "copyright",
    "share this",
    "click here",
    "advertisement",
    "listen to",
    "watch:",
];

/// Words inside brackets that make the bracket a photo credit.
pub const CREDIT_WORDS: &[&str] = &[
    "photo", "credit", "getty", "afp", "reuters", "images", "via", "pool", "courtesy", "file",
];

pub fn lower_in(list: &[&str], w: &str) -> bool {
    let lower = w.to_lowercase();
    let lower = lower.trim_end_matches('.');
    list.contains(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cores(s: &str) -> Vec<(&str, Option<char>, Option<char>, bool)> {
        tokenize(s, 0..s.len())
            .into_iter()
            .map(|t| (&s[t.span], t.open, t.close, t.possessive))
            .collect()
    }

    #[test]
    fn peels_punctuation_and_possessives() {
        assert_eq!(
            cores("(\"Lavrov's, Dr. U.S. ISIS-K. Talibs' end"),
            [
                ("Lavrov", Some('"'), Some(','), true),
                ("Dr.", None, None, false),
                ("U.S.", None, None, false),
                ("ISIS-K", None, Some('.'), false),
                ("Talibs", None, None, true),
                ("end", None, None, false),
            ]
        );
    }

    #[test]
    fn keys_ignore_case_punctuation_and_of() {
        assert_eq!(name_key("IS-KP"), name_key("ISKP"));
        assert_eq!(name_key("U.S."), "us");
        assert_eq!(
            name_key("Islamic State of Khorasan Province"),
            name_key("Islamic State Khorasan province")
        );
        assert_ne!(name_key("ISIS"), name_key("ISIS-K"));
        assert_eq!(name_key("PowerPage.org"), name_key("PowerPage"));
    }

    #[test]
    fn dashes_glue_words_to_names() {
        let s = "people-Russia's al-Qaeda non-Pashtun";
        let got: Vec<_> = tokenize(s, 0..s.len())
            .into_iter()
            .map(|t| &s[t.span])
            .collect();
        assert_eq!(got, ["people", "Russia", "al-Qaeda", "non", "Pashtun"]);
    }

    #[test]
    fn word_shapes() {
        assert!(is_capitalised("al-Qaeda"));
        assert!(!is_capitalised("alone"));
        assert!(is_acronym("ISIS-K") && is_acronym("U.S.") && is_acronym("AT&T"));
        assert!(!is_acronym("Lavrov") && !is_acronym("A"));
        assert!(is_shouting("GRIGOROV") && !is_shouting("BRICS"));
        assert!(is_lowercase_compound("Moscow-based") && !is_lowercase_compound("IS-KP"));
    }
}
