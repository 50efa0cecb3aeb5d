//! `Cancel`: how a caller tells a long analysis that its result is no
//! longer wanted (an editor's newer version superseded the text under
//! check). Analyses ask between units of work (a sentence, a quote) and stop
//! with [`Cancelled`]; whatever they cached so far stays valid.

/// A check given up because its caller no longer wants the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cancelled: the result is no longer wanted")
    }
}

impl std::error::Error for Cancelled {}

/// Asks whether the caller still wants the result.
#[derive(Clone, Copy)]
pub struct Cancel<'a>(Option<&'a (dyn Fn() -> bool + Sync)>);

impl<'a> Cancel<'a> {
    /// Never cancelled: a CLI check, a test.
    pub const NEVER: Cancel<'static> = Cancel(None);

    /// Cancelled once `is_cancelled` returns true.
    pub fn when(is_cancelled: &'a (dyn Fn() -> bool + Sync)) -> Cancel<'a> {
        Cancel(Some(is_cancelled))
    }

    /// `Err(Cancelled)` once the caller has given up.
    pub fn check(self) -> Result<(), Cancelled> {
        match self.0 {
            Some(f) if f() => Err(Cancelled),
            _ => Ok(()),
        }
    }
}

impl std::fmt::Debug for Cancel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Cancel(when)"
        } else {
            "Cancel::NEVER"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn never_is_never_cancelled_and_when_follows_its_flag() {
        assert_eq!(Cancel::NEVER.check(), Ok(()));
        let flag = AtomicBool::new(false);
        let is = || flag.load(Ordering::SeqCst);
        let cancel = Cancel::when(&is);
        assert_eq!(cancel.check(), Ok(()));
        flag.store(true, Ordering::SeqCst);
        assert_eq!(cancel.check(), Err(Cancelled));
    }
}
