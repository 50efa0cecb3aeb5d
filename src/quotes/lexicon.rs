//! General English word lists the attribution rules read: speech verbs,
//! pronouns, determiners, title and role words. Nothing here names a
//! particular person, place or organisation.

use crate::text::{with_lowercase, WordList};

#[rustfmt::skip]
const SPEECH_VERB_WORDS: &[&str] = &[
    "said", "says", "say", "told", "tells", "added", "adds", "warned", "warns", "announced",
    "announces", "stated", "states", "explained", "explains", "noted", "notes", "asserted",
    "asserts", "argued", "argues", "insisted", "insists", "claimed", "claims", "declared",
    "declares", "commented", "remarked", "replied", "replies", "responded", "wrote", "writes",
    "continued", "concluded", "acknowledged", "admitted", "admits", "stressed", "stresses",
    "emphasised", "emphasized", "urged", "urges", "predicted", "suggested", "confirmed",
    "described", "asked", "vowed", "pledged", "promised", "recalled", "observed", "cautioned",
    "conceded", "maintained", "complained", "boasted", "reported", "tweeted", "posted", "spoke",
];

pub static SPEECH_VERBS: WordList = WordList::new(SPEECH_VERB_WORDS);

/// Participles that report speech of the clause's subject ("Jane Doe
/// stepped down, saying ...").
#[rustfmt::skip]
pub const PARTICIPLES: &[&str] = &[
    "saying", "stating", "adding", "noting", "warning", "arguing", "insisting", "claiming",
    "praising", "calling", "describing", "urging", "explaining", "declaring",
];

#[rustfmt::skip]
pub const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i",
];

#[rustfmt::skip]
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "one", "another", "this", "that",
];

/// Words that can appear before a speech verb without being the speaker.
#[rustfmt::skip]
pub const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "also", "later", "then", "again", "further", "previously", "once",
    "reportedly", "publicly", "has", "was", "is", "recently", "earlier", "subsequently", "too",
];

/// Title and role words: a capitalised run "Foreign Minister Jane Doe" keeps
/// them as description, the name is what follows the last of them.
#[rustfmt::skip]
const TITLE_WORDS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "prof", "professor", "rev",
    "president", "vice", "prime", "minister", "ministers", "secretary", "director", "general",
    "chief", "executive", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman",
    "spokesperson", "foreign", "deputy", "acting", "senator", "sen", "governor", "gov", "mayor",
    "chancellor", "leader", "head", "ambassador", "envoy", "representative", "special",
    "commissioner", "judge", "justice", "officer", "economist", "analyst", "editor",
    "correspondent", "reporter", "ceo", "boss", "founder", "manager", "captain", "coach",
    "colonel", "gen", "lieutenant", "sergeant", "king", "queen", "prince", "princess", "pope",
    "bishop", "archbishop", "former", "senior", "mp", "mep", "press", "shadow", "home", "interior",
    "defence", "defense", "finance", "trade", "health", "culture", "education", "attorney",
    "counsel", "commander", "admiral", "marshal", "undersecretary", "co", "chief's", "minister's",
    "president's",
];

pub static TITLES: WordList = WordList::new(TITLE_WORDS);

/// Capitalised words that start sentences without being names.
#[rustfmt::skip]
pub static NOT_NAMES: WordList = WordList::new(&[
    "the", "a", "an", "but", "and", "or", "in", "on", "at", "for", "of", "to", "as", "if", "when",
    "while", "after", "before", "meanwhile", "however", "speaking", "asked", "earlier", "later",
    "last", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "there",
    "then", "so", "yet", "still", "also", "both", "such", "with", "from", "by", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "according",
]);

#[rustfmt::skip]
pub const PREPOSITIONS: &[&str] = &[
    "for", "of", "at", "to", "from", "with", "in",
];

/// A quick reject before a word-list look-up: a bit for each word of the
/// list, chosen by its first and last letters and its length. Most words of
/// a text hit no set bit and are turned away without being lower-cased or
/// hashed.
struct Sieve {
    bits: [u64; SIEVE_WORDS],
}

const SIEVE_WORDS: usize = 16;

impl Sieve {
    /// The sieve of the lower-case ASCII words of `lists`.
    const fn of(lists: &[&[&str]]) -> Sieve {
        let mut sieve = Sieve {
            bits: [0; SIEVE_WORDS],
        };
        let mut l = 0;
        while l < lists.len() {
            let mut i = 0;
            while i < lists[l].len() {
                let w = lists[l][i].as_bytes();
                assert!(w.is_ascii() && !w.is_empty());
                let bit = Sieve::bit(w[0], w[w.len() - 1], w.len());
                sieve.bits[bit / 64] |= 1 << (bit % 64);
                i += 1;
            }
            l += 1;
        }
        sieve
    }

    /// The bit of a word of `len` bytes from `first` to `last`.
    const fn bit(first: u8, last: u8, len: usize) -> usize {
        let key = (first as u32) << 16 | (last as u32) << 8 | (len as u32 & 0xFF);
        (key.wrapping_mul(0x9E37_79B1) >> 22) as usize % (SIEVE_WORDS * 64)
    }

    /// Might `w`, lower-cased, be one of the words? False only when it
    /// cannot: an ASCII word lower-cases byte for byte; other words pass.
    #[inline]
    fn may_hold(&self, w: &str) -> bool {
        let b = w.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
            return false;
        };
        if !b.is_ascii() {
            return true;
        }
        let bit = Sieve::bit(
            first.to_ascii_lowercase(),
            last.to_ascii_lowercase(),
            b.len(),
        );
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

static SPEECH_SIEVE: Sieve = Sieve::of(&[SPEECH_VERB_WORDS, PARTICIPLES]);
static PRONOUN_SIEVE: Sieve = Sieve::of(&[PRONOUNS]);
static DETERMINER_SIEVE: Sieve = Sieve::of(&[DETERMINERS]);
static TITLE_SIEVE: Sieve = Sieve::of(&[TITLE_WORDS]);

pub fn is_speech_verb(w: &str) -> bool {
    SPEECH_SIEVE.may_hold(w)
        && with_lowercase(w, |l| SPEECH_VERBS.contains(l) || PARTICIPLES.contains(&l))
}

pub fn is_pronoun(w: &str) -> bool {
    PRONOUN_SIEVE.may_hold(w) && with_lowercase(w, |l| PRONOUNS.contains(&l))
}

pub fn is_determiner(w: &str) -> bool {
    DETERMINER_SIEVE.may_hold(w) && with_lowercase(w, |l| DETERMINERS.contains(&l))
}

pub fn is_title(w: &str) -> bool {
    // A title is read from a word without its full stops and from each
    // part of a hyphenated word: the sieve is for the other words.
    let plain = !w.contains(['-', '.']);
    (!plain || TITLE_SIEVE.may_hold(w))
        && with_lowercase(w, |l| {
            let l = l.trim_end_matches('.');
            TITLES.contains(l) || l.split('-').any(|p| TITLES.contains(p))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sieves turn away no word the lists hold, however it is written.
    #[test]
    fn sieves_reject_only_words_not_in_the_lists() {
        let plain = |list: &[&str], w: &str| list.contains(&w.to_lowercase().as_str());
        let mut words: Vec<String> = Vec::new();
        for list in [
            SPEECH_VERB_WORDS,
            PARTICIPLES,
            PRONOUNS,
            DETERMINERS,
            TITLE_WORDS,
        ] {
            for w in list {
                words.push(w.to_string());
                words.push(w.to_uppercase());
                words.push(format!("{w}s"));
                words.push(format!("x{w}"));
                words.push(format!("{w}."));
                words.push(format!("vice-{w}"));
            }
        }
        words.extend(
            [
                "",
                ".",
                "-",
                "İt",
                "\u{212a}ing",
                "Ünal",
                "The",
                "SAID",
                "Co.",
                "Vice-President",
            ]
            .map(String::from),
        );
        for w in &words {
            let speech = plain(SPEECH_VERB_WORDS, w) || plain(PARTICIPLES, w);
            assert_eq!(is_speech_verb(w), speech, "{w}");
            assert_eq!(is_pronoun(w), plain(PRONOUNS, w), "{w}");
            assert_eq!(is_determiner(w), plain(DETERMINERS, w), "{w}");
            let l = w.to_lowercase();
            let l = l.trim_end_matches('.');
            let title = plain(TITLE_WORDS, l) || l.split('-').any(|p| plain(TITLE_WORDS, p));
            assert_eq!(is_title(w), title, "{w}");
        }
    }
}
