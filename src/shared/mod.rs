//! Values decoded from a memory-mapped index cache that stay in the file's
//! pages instead of being copied to the heap: the articles' texts
//! ([`SharedStr`]) and the quote index's long number arrays
//! ([`SharedWords`]). The kernel pages them in as they are read and can drop
//! them again, so a large corpus read back from its cache does not hold
//! hundreds of megabytes of heap for them.
//!
//! A decoder that borrows its input (postcard over a mapped file) hands each
//! string or byte string to these types' `Deserialize` as a slice of that
//! input. Inside [`share_decoded`] a slice of the buffer it names is kept
//! where it is, with an `Arc` of the buffer's owner; anywhere else it is
//! copied, so the types decode like `String` and `Vec<u32>` everywhere else.

mod str;
mod words;

use std::any::Any;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

pub use self::str::SharedStr;
pub use words::SharedWords;

/// What keeps a shared buffer alive.
pub type BufferOwner = Arc<dyn Any + Send + Sync>;

/// The buffer that decoded values may stay in: its owner, and the
/// addresses of its bytes.
struct Sharing {
    owner: BufferOwner,
    addresses: Range<usize>,
}

thread_local! {
    static SHARING: RefCell<Option<Sharing>> = const { RefCell::new(None) };
}

/// Runs `decode` on this thread so that the [`SharedStr`]s and
/// [`SharedWords`] it decodes as slices of `bytes` stay there, sharing
/// `owner`, instead of being copied.
///
/// # Safety
/// `bytes` must stay at their address, unchanged, for as long as `owner`
/// (or any clone of it) lives.
pub unsafe fn share_decoded<T>(owner: BufferOwner, bytes: &[u8], decode: impl FnOnce() -> T) -> T {
    let start = bytes.as_ptr() as usize;
    let sharing = Sharing {
        owner,
        addresses: start..start + bytes.len(),
    };
    /// Restores the thread's earlier sharing, also when `decode` panics.
    struct Restore(Option<Sharing>);
    impl Drop for Restore {
        fn drop(&mut self) {
            SHARING.with(|s| *s.borrow_mut() = self.0.take());
        }
    }
    let _restore = Restore(SHARING.with(|s| s.borrow_mut().replace(sharing)));
    decode()
}

/// `slice`, kept where it is, when it lies in the buffer [`share_decoded`]
/// names on this thread.
fn shared_slice(slice: &[u8]) -> Option<SharedBytes> {
    let at = slice.as_ptr() as usize;
    SHARING.with(|sharing| {
        let sharing = sharing.borrow();
        let sharing = sharing.as_ref()?;
        let inside = at >= sharing.addresses.start && at + slice.len() <= sharing.addresses.end;
        // SAFETY: the slice lies in the buffer, which stays put and
        // unchanged while its owner lives (the promise of
        // `share_decoded`'s caller).
        inside.then(|| unsafe { SharedBytes::new(Arc::clone(&sharing.owner), slice) })
    })
}

/// Bytes in a shared buffer, which they keep alive: what [`SharedStr`] and
/// [`SharedWords`] hold when they are not in the heap.
///
/// Invariants: `ptr..ptr + len` lies inside a buffer that `_owner` keeps
/// alive, at a fixed address, and that nothing writes to.
#[derive(Clone)]
struct SharedBytes {
    ptr: *const u8,
    len: usize,
    /// Held, never read: it keeps the buffer alive.
    _owner: BufferOwner,
}

// SAFETY: an immutable byte range kept alive by a `Send + Sync` owner:
// sharing or moving it between threads is like sharing or moving an
// `Arc<[u8]>`.
unsafe impl Send for SharedBytes {}
unsafe impl Sync for SharedBytes {}

impl SharedBytes {
    /// # Safety
    /// `bytes` must stay at their address, unchanged, for as long as
    /// `owner` (or any clone of it) lives.
    unsafe fn new(owner: BufferOwner, bytes: &[u8]) -> SharedBytes {
        SharedBytes {
            ptr: bytes.as_ptr(),
            len: bytes.len(),
            _owner: owner,
        }
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: per the invariants, `len` bytes at `ptr` that live,
        // unchanged, as long as `_owner`, which `self` holds.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}
