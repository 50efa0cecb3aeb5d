//! Reading a [`Dim`] back from the index cache. `Dim` names its currency or
//! unit with a `&'static str` from the lexicon, which serde cannot produce:
//! it is read as a `String` into this mirror and interned. The mirror keeps
//! `Dim`'s variants in `Dim`'s order (the cache encodes variants by index).

use serde::{Deserialize, Deserializer};

use super::Dim;
use crate::cache::intern::intern;

#[derive(Deserialize)]
#[serde(rename = "Dim")]
enum Owned {
    Count,
    Money(String),
    Share,
    Points,
    Date,
    Age,
    Duration,
    Measure(String),
    Ordinal,
}

impl<'de> Deserialize<'de> for Dim {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Dim, D::Error> {
        Ok(match Owned::deserialize(d)? {
            Owned::Count => Dim::Count,
            Owned::Money(c) => Dim::Money(intern(&c)),
            Owned::Share => Dim::Share,
            Owned::Points => Dim::Points,
            Owned::Date => Dim::Date,
            Owned::Age => Dim::Age,
            Owned::Duration => Dim::Duration,
            Owned::Measure(m) => Dim::Measure(intern(&m)),
            Owned::Ordinal => Dim::Ordinal,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_reads_back_as_written() {
        for dim in Dim::ONE_OF_EACH {
            let bytes = postcard::to_allocvec(&dim).unwrap();
            assert_eq!(postcard::from_bytes::<Dim>(&bytes).unwrap(), dim);
        }
    }
}
