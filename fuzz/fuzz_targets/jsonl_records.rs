//! A JSON Lines dump of any bytes ends: every line is a record or one error, and a read error
//! ends the dump.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = rasd_reader::corpus::Limits::default();
    let input: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(data.to_vec()));
    let records =
        rasd_reader::corpus::Records::new(input, std::path::Path::new("fuzz.jsonl"), limits);
    let reader = rasd_reader::ReaderBuilder::new().build();
    let lines = data.split(|&b| b == b'\n').count();
    let mut n = 0;
    for r in records {
        n += 1;
        assert!(n <= lines + 1, "a dump of {lines} lines gave more items");
        if let Ok(record) = r {
            let _ = reader.read_record(&record, "fuzz.jsonl#1");
        }
    }
});
