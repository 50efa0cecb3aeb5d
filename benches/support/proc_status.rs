//! What the kernel says of this process (Linux): the benches' peak
//! resident set is `VmHWM`.

/// `/proc/self/status` field in kB (Linux).
pub fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
