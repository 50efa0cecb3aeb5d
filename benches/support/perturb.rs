//! A figure made wrong but well formed, for notes with planted errors.

/// Changes the last digit of the first number in a sentence
/// deterministically, so the figure becomes wrong but stays well formed
/// ("2004" becomes another year, "£7.5m" another amount).
pub fn perturb(s: &str, k: usize) -> String {
    let bytes = s.as_bytes();
    let Some(first) = bytes.iter().position(u8::is_ascii_digit) else {
        return s.to_string();
    };
    let mut last = first;
    let mut i = first;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            last = i;
            i += 1;
        } else if matches!(bytes[i], b'.' | b',')
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            i += 1;
        } else {
            break;
        }
    }
    let d = u32::from(bytes[last] - b'0');
    let nd = (d + 1 + (k as u32 % 8)) % 10;
    let mut out = s.to_string();
    out.replace_range(last..last + 1, &nd.to_string());
    out
}
