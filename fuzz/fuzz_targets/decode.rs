//! Any bytes decode to text, with every repair a warning.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let d = rasd_reader::decode(data);
    assert!(!d.text.contains('\0'), "NUL bytes are removed");
});
