//! [`SharedStr`]: a text owned by the value, or lying in a shared read-only
//! buffer (see the [module](super) note).

use std::fmt;
use std::ops::Deref;

use super::{shared_slice, BufferOwner, SharedBytes};

/// A string, owned or in a shared read-only buffer. Reads as a `str`.
#[derive(Clone)]
pub struct SharedStr(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    /// Invariant: the bytes are UTF-8.
    Shared(SharedBytes),
}

impl SharedStr {
    /// Whether the text lies in a shared buffer rather than in the heap.
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Repr::Shared(_))
    }

    pub fn as_str(&self) -> &str {
        self
    }
}

impl Deref for SharedStr {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            // SAFETY: the invariant of `Repr::Shared`.
            Repr::Shared(b) => unsafe { std::str::from_utf8_unchecked(b.bytes()) },
        }
    }
}

impl Default for SharedStr {
    fn default() -> SharedStr {
        SharedStr(Repr::Owned(String::new()))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr(Repr::Owned(s))
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr(Repr::Owned(s.to_string()))
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == **other
    }
}

impl Eq for SharedStr {}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl serde::Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl SharedStr {
    /// `text`, which lies in a buffer `owner` keeps alive, kept there.
    ///
    /// # Safety
    /// `text` must stay at its address, unchanged, for as long as `owner`
    /// (or any clone of it) lives.
    pub unsafe fn in_buffer(owner: BufferOwner, text: &str) -> SharedStr {
        // SAFETY: the caller's promise; a `str` is UTF-8.
        SharedStr(Repr::Shared(unsafe {
            SharedBytes::new(owner, text.as_bytes())
        }))
    }

    /// `s`, kept where it is when it lies in the buffer [`super::share_decoded`]
    /// names on this thread, copied otherwise.
    fn decoded(s: &str) -> SharedStr {
        // A `str` is UTF-8, as `Repr::Shared` needs.
        let repr = match shared_slice(s.as_bytes()) {
            Some(bytes) => Repr::Shared(bytes),
            None => Repr::Owned(s.to_string()),
        };
        SharedStr(repr)
    }
}

impl<'de> serde::Deserialize<'de> for SharedStr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SharedStr, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = SharedStr;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<SharedStr, E> {
                Ok(SharedStr::decoded(s))
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<SharedStr, E> {
                Ok(SharedStr::from(s))
            }

            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<SharedStr, E> {
                Ok(SharedStr::from(s))
            }
        }
        d.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::share_decoded;
    use std::sync::Arc;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Doc {
        title: SharedStr,
        body: SharedStr,
    }

    fn encoded() -> Vec<u8> {
        let doc = Doc {
            title: "Port blast".into(),
            body: String::from("The explosion killed 145 people.").into(),
        };
        postcard::to_allocvec(&doc).unwrap()
    }

    #[test]
    fn reads_as_its_text_and_round_trips() {
        let bytes = encoded();
        let doc: Doc = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(&*doc.title, "Port blast");
        assert_eq!(doc.body.as_str(), "The explosion killed 145 people.");
        assert!(!doc.title.is_shared(), "no buffer to share: copied");
        assert_eq!(postcard::to_allocvec(&doc).unwrap(), bytes);
        assert_eq!(SharedStr::default().len(), 0);
    }

    #[test]
    fn texts_decoded_inside_a_shared_buffer_stay_there_and_outlive_the_decoder() {
        let buffer: Arc<Vec<u8>> = Arc::new(encoded());
        let owner: BufferOwner = buffer.clone();
        // SAFETY: the vector is never changed, and lives while `owner` does.
        let doc: Doc =
            unsafe { share_decoded(owner, &buffer, || postcard::from_bytes(&buffer).unwrap()) };
        assert!(doc.title.is_shared() && doc.body.is_shared());
        let inside = buffer.as_ptr_range();
        assert!(inside.contains(&doc.body.as_ptr()));
        drop(buffer);
        assert_eq!(&*doc.body, "The explosion killed 145 people.");
        let copy = doc.body.clone();
        drop(doc);
        assert_eq!(&*copy, "The explosion killed 145 people.");
        // Outside `share_decoded`, the thread shares nothing again.
        let again: Doc = postcard::from_bytes(&encoded()).unwrap();
        assert!(!again.title.is_shared());
    }

    #[test]
    fn a_slice_of_another_buffer_is_copied() {
        let buffer: Arc<Vec<u8>> = Arc::new(vec![0; 16]);
        let other = encoded();
        // SAFETY: as above.
        let doc: Doc = unsafe {
            share_decoded(buffer.clone(), &buffer, || {
                postcard::from_bytes(&other).unwrap()
            })
        };
        assert!(!doc.title.is_shared() && !doc.body.is_shared());
        assert_eq!(doc, postcard::from_bytes::<Doc>(&other).unwrap());
    }
}
