//! General English word lists the attribution rules read: speech verbs,
//! pronouns, determiners, title and role words. Nothing here names a
//! particular person, place or organisation.

use crate::text::{with_lowercase, WordList};

#[rustfmt::skip]
pub static SPEECH_VERBS: WordList = WordList::new(&[
    "said", "says", "say", "told", "tells", "added", "adds", "warned", "warns", "announced",
    "announces", "stated", "states", "explained", "explains", "noted", "notes", "asserted",
    "asserts", "argued", "argues", "insisted", "insists", "claimed", "claims", "declared",
    "declares", "commented", "remarked", "replied", "replies", "responded", "wrote", "writes",
    "continued", "concluded", "acknowledged", "admitted", "admits", "stressed", "stresses",
    "emphasised", "emphasized", "urged", "urges", "predicted", "suggested", "confirmed",
    "described", "asked", "vowed", "pledged", "promised", "recalled", "observed", "cautioned",
    "conceded", "maintained", "complained", "boasted", "reported", "tweeted", "posted", "spoke",
]);

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
pub static TITLES: WordList = WordList::new(&[
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
]);

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

pub fn is_speech_verb(w: &str) -> bool {
    with_lowercase(w, |l| SPEECH_VERBS.contains(l) || PARTICIPLES.contains(&l))
}

pub fn is_pronoun(w: &str) -> bool {
    with_lowercase(w, |l| PRONOUNS.contains(&l))
}

pub fn is_determiner(w: &str) -> bool {
    with_lowercase(w, |l| DETERMINERS.contains(&l))
}

pub fn is_title(w: &str) -> bool {
    with_lowercase(w, |l| {
        let l = l.trim_end_matches('.');
        TITLES.contains(l) || l.split('-').any(|p| TITLES.contains(p))
    })
}
