//! Generic English word lists the figure analysis reads: number words,
//! scales, currencies, units, qualifiers, months, casualty words and
//! stopwords. Nothing here names an article, a person or a figure.

/// Cardinal number words below a hundred that stand alone.
pub fn small_number(word: &str) -> Option<f64> {
    let v = match word {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "dozen" => 12,
        _ => return None,
    };
    Some(v as f64)
}

/// Ordinal words ("sixth" → 6).
pub fn ordinal_word(word: &str) -> Option<f64> {
    let v = match word {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        "fortieth" => 40,
        "fiftieth" => 50,
        "hundredth" => 100,
        _ => return None,
    };
    Some(v as f64)
}

/// Fraction words as a share of a whole ("half" → 0.5, "thirds" → 1/3).
pub fn fraction_word(word: &str) -> Option<f64> {
    let v = match word {
        "half" | "halves" => 0.5,
        "third" | "thirds" => 1.0 / 3.0,
        "quarter" | "quarters" | "fourth" | "fourths" => 0.25,
        "fifth" | "fifths" => 0.2,
        "sixth" | "sixths" => 1.0 / 6.0,
        "eighth" | "eighths" => 0.125,
        "tenth" | "tenths" => 0.1,
        _ => return None,
    };
    Some(v)
}

/// Scale words and abbreviations ("million", "bn", "k").
pub fn scale(word: &str) -> Option<f64> {
    let v = match word {
        "hundred" => 1e2,
        "thousand" | "k" => 1e3,
        "million" | "millions" | "m" | "mn" | "mln" => 1e6,
        "billion" | "billions" | "bn" | "bln" | "b" => 1e9,
        "trillion" | "trillions" | "tn" | "trn" => 1e12,
        _ => return None,
    };
    Some(v)
}

/// Currency symbols, codes and words → ISO-like code.
pub fn currency_symbol(s: &str) -> Option<&'static str> {
    Some(match s {
        "$" => "USD",
        "£" => "GBP",
        "€" => "EUR",
        "¥" => "JPY",
        "₹" => "INR",
        _ => return None,
    })
}

/// Currency words written after a number ("5 million euros").
pub fn currency_word(s: &str) -> Option<&'static str> {
    Some(match s {
        "dollar" | "dollars" | "usd" => "USD",
        "pound" | "pounds" | "sterling" | "gbp" => "GBP",
        "euro" | "euros" | "eur" => "EUR",
        "yen" | "jpy" => "JPY",
        "rupee" | "rupees" => "INR",
        "rouble" | "roubles" | "ruble" | "rubles" => "RUB",
        "yuan" | "renminbi" => "CNY",
        _ => return None,
    })
}

/// Prefixes before `$` naming another dollar ("A$", "HK$").
pub fn dollar_prefix(s: &str) -> Option<&'static str> {
    Some(match s {
        "US" => "USD",
        "A" | "AU" => "AUD",
        "C" | "CA" => "CAD",
        "HK" => "HKD",
        "NZ" => "NZD",
        "S" => "SGD",
        _ => return None,
    })
}

/// A physical unit: its dimension name and the factor to the base unit.
pub fn unit(word: &str) -> Option<(&'static str, f64)> {
    Some(match word {
        "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => ("length", 1000.0),
        "metre" | "metres" | "meter" | "meters" => ("length", 1.0),
        "cm" | "centimetres" | "centimeters" => ("length", 0.01),
        "mile" | "miles" => ("length", 1609.344),
        "feet" | "foot" | "ft" => ("length", 0.3048),
        "kg" | "kilogram" | "kilograms" | "kilo" | "kilos" => ("mass", 1.0),
        "g" | "gram" | "grams" => ("mass", 0.001),
        "tonne" | "tonnes" | "ton" | "tons" => ("mass", 1000.0),
        "lb" | "lbs" | "pound-weight" => ("mass", 0.4536),
        "mph" => ("speed", 1.609344),
        "kph" | "km/h" => ("speed", 1.0),
        "gb" | "gigabyte" | "gigabytes" => ("data", 1e9),
        "mb" | "megabyte" | "megabytes" => ("data", 1e6),
        "kb" | "kilobyte" | "kilobytes" => ("data", 1e3),
        "tb" | "terabyte" | "terabytes" => ("data", 1e12),
        "ghz" => ("frequency", 1e9),
        "mhz" => ("frequency", 1e6),
        "mbps" => ("bandwidth", 1e6),
        "kbps" => ("bandwidth", 1e3),
        "gbps" => ("bandwidth", 1e9),
        "megapixel" | "megapixels" => ("pixels", 1e6),
        "barrel" | "barrels" => ("oil", 1.0),
        "acre" | "acres" => ("area", 1.0),
        "hectare" | "hectares" => ("area", 2.471),
        _ => return None,
    })
}

/// Time units as seconds (durations).
pub fn time_unit(word: &str) -> Option<f64> {
    const DAY: f64 = 86_400.0;
    Some(match word {
        "second" | "seconds" | "sec" | "secs" => 1.0,
        "minute" | "minutes" | "min" | "mins" => 60.0,
        "hour" | "hours" | "hr" | "hrs" => 3600.0,
        "day" | "days" => DAY,
        "week" | "weeks" => 7.0 * DAY,
        "fortnight" | "fortnights" => 14.0 * DAY,
        "month" | "months" => 30.44 * DAY,
        "year" | "years" => 365.25 * DAY,
        "decade" | "decades" => 3652.5 * DAY,
        "century" | "centuries" => 36525.0 * DAY,
        _ => return None,
    })
}

/// Month names and abbreviations → 1..=12.
pub fn month(word: &str) -> Option<u8> {
    // Lower-cased on the stack: no month name is longer than "september".
    let mut buf = [0u8; 9];
    let low = buf.get_mut(..word.len())?;
    low.copy_from_slice(word.as_bytes());
    low.make_ascii_lowercase();
    let w = std::str::from_utf8(low).ok()?;
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// Words before a bare four-digit number that make it a year.
pub const YEAR_CUES: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "of",
    "to",
    "during",
    "before",
    "after",
    "early",
    "late",
    "mid",
    "the",
    "and",
    "or",
    "between",
    "through",
    "throughout",
    "for",
    "around",
    "circa",
    "year",
    "season",
    "fiscal",
    "financial",
    "summer",
    "winter",
    "spring",
    "autumn",
    "fall",
    "end",
    "start",
    "beginning",
    "middle",
    "than",
    "back",
    "as",
];

/// How a qualifier bends the interval of the figure after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// "more than", "over": (x, ∞).
    Above,
    /// "at least": [x, ∞).
    AtLeast,
    /// "fewer than", "under": [0, x).
    Below,
    /// "up to", "at most": [0, x].
    AtMost,
    /// "nearly", "almost": below x and close to it.
    Nearly,
    /// "just over": above x and close to it.
    JustOver,
    /// "about", "some", "roughly": around x.
    About,
}

/// Qualifier phrases, longest first (matched against lower-case words).
pub const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["just", "over"], Qualifier::JustOver),
    (&["just", "above"], Qualifier::JustOver),
    (&["just", "more", "than"], Qualifier::JustOver),
    (&["just", "under"], Qualifier::Nearly),
    (&["just", "below"], Qualifier::Nearly),
    (&["just", "short", "of"], Qualifier::Nearly),
    (&["more", "than"], Qualifier::Above),
    (&["greater", "than"], Qualifier::Above),
    (&["higher", "than"], Qualifier::Above),
    (&["in", "excess", "of"], Qualifier::Above),
    (&["upwards", "of"], Qualifier::Above),
    (&["at", "least"], Qualifier::AtLeast),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["fewer", "than"], Qualifier::Below),
    (&["less", "than"], Qualifier::Below),
    (&["lower", "than"], Qualifier::Below),
    (&["up", "to"], Qualifier::AtMost),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["as", "much", "as"], Qualifier::AtMost),
    (&["at", "most"], Qualifier::AtMost),
    (&["a", "maximum", "of"], Qualifier::AtMost),
    (&["close", "to"], Qualifier::About),
    (&["in", "the", "region", "of"], Qualifier::About),
    (&["an", "estimated"], Qualifier::About),
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["approx"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["circa"], Qualifier::About),
    (&["nearly"], Qualifier::Nearly),
    (&["almost"], Qualifier::Nearly),
    (&["over"], Qualifier::Above),
    (&["above"], Qualifier::Above),
    (&["exceeding"], Qualifier::Above),
    (&["under"], Qualifier::Below),
    (&["below"], Qualifier::Below),
];

/// Vague plural quantities ("hundreds of") as an interval factor of the base.
pub fn vague_plural(word: &str) -> Option<f64> {
    Some(match word {
        "dozens" => 12.0,
        "scores" => 20.0,
        "hundreds" => 100.0,
        "thousands" => 1e3,
        "millions" => 1e6,
        "billions" => 1e9,
        _ => return None,
    })
}

/// What a casualty word says happened to the people counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Casualty {
    Killed,
    Injured,
    Missing,
    Arrested,
}

pub fn casualty(lemma: &str) -> Option<Casualty> {
    Some(match lemma {
        "kill" | "dead" | "death" | "die" | "fatal" | "fatality" | "fatalities" | "murder"
        | "massacre" | "slain" | "perish" | "toll" => Casualty::Killed,
        "injur" | "injure" | "injury" | "injuries" | "wound" | "hurt" | "hospitalis"
        | "hospitaliz" => Casualty::Injured,
        "missing" => Casualty::Missing,
        "arrest" | "detain" | "detention" => Casualty::Arrested,
        _ => return None,
    })
}

/// Head nouns that all count people.
pub fn people_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "people" | "person" | "civilian" | "individual" | "victim" | "resident" | "dead" | "death"
    )
}

/// Words that carry no topic.
pub fn stopword(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "and"
            | "or"
            | "but"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "from"
            | "by"
            | "with"
            | "as"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "has"
            | "have"
            | "had"
            | "it"
            | "its"
            | "this"
            | "that"
            | "these"
            | "those"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "what"
            | "when"
            | "where"
            | "while"
            | "than"
            | "then"
            | "there"
            | "their"
            | "they"
            | "them"
            | "he"
            | "she"
            | "his"
            | "her"
            | "him"
            | "we"
            | "our"
            | "you"
            | "your"
            | "i"
            | "my"
            | "me"
            | "not"
            | "no"
            | "so"
            | "if"
            | "into"
            | "about"
            | "over"
            | "under"
            | "more"
            | "most"
            | "less"
            | "least"
            | "some"
            | "also"
            | "will"
            | "would"
            | "can"
            | "could"
            | "may"
            | "might"
            | "should"
            | "said"
            | "say"
            | "says"
            | "up"
            | "out"
            | "just"
            | "nearly"
            | "almost"
            | "around"
            | "roughly"
            | "only"
            | "all"
            | "any"
            | "per"
            | "cent"
            | "percent"
            | "after"
            | "before"
            | "since"
            | "during"
            | "until"
            | "now"
            | "year"
            | "years"
            | "s"
            | "do"
            | "did"
            | "does"
            | "such"
            | "other"
            | "both"
            | "each"
            | "very"
            | "much"
            | "many"
            | "mr"
            | "mrs"
            | "ms"
    )
}

/// Capitalised words that are not names.
pub fn not_a_name(lower: &str) -> bool {
    stopword(lower)
        || month(lower).is_some()
        || matches!(
            lower,
            "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "however"
                | "meanwhile"
                | "although"
                | "despite"
                | "earlier"
                | "last"
                | "next"
                | "according"
                | "mr"
                | "mrs"
                | "ms"
                | "dr"
                | "sir"
                | "president"
                | "minister"
                | "chief"
        )
}
