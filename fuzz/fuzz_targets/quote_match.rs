#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| grounded_fuzz::checks::quote_match(data));
