//! Bytes to text: BOMs, UTF-16, invalid UTF-8, NUL bytes.
//!
//! The decoded text is the coordinate system of everything downstream: every span the
//! pipeline reports points into it. Decoding never fails on content; it repairs what it can
//! and says what it repaired in [`DecodeWarning`]s.

use std::fmt;

/// Something the decoder repaired or noticed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeWarning {
    /// Bytes that are not UTF-8 were replaced with U+FFFD.
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence in the file.
        first_byte_offset: usize,
        /// How many invalid sequences were replaced.
        count: usize,
    },
    /// The file was UTF-16 (detected by its byte-order mark) and was converted.
    Utf16 {
        /// Big-endian rather than little-endian.
        big_endian: bool,
    },
    /// The file was UTF-32 (detected by its byte-order mark) and was converted.
    Utf32 {
        /// Big-endian rather than little-endian.
        big_endian: bool,
    },
    /// NUL bytes were removed.
    NulBytes {
        /// Byte offset of the first NUL in the file.
        first_byte_offset: usize,
        /// How many were removed.
        count: usize,
    },
}

impl fmt::Display for DecodeWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeWarning::InvalidUtf8 {
                first_byte_offset,
                count,
            } => write!(
                f,
                "invalid UTF-8 at byte {first_byte_offset} ({count} sequence{} replaced with U+FFFD)",
                if *count == 1 { "" } else { "s" }
            ),
            DecodeWarning::Utf16 { big_endian } => write!(
                f,
                "UTF-16 {} file converted to UTF-8",
                if *big_endian { "BE" } else { "LE" }
            ),
            DecodeWarning::Utf32 { big_endian } => write!(
                f,
                "UTF-32 {} file converted to UTF-8",
                if *big_endian { "BE" } else { "LE" }
            ),
            DecodeWarning::NulBytes {
                first_byte_offset,
                count,
            } => write!(
                f,
                "{count} NUL byte{} removed (first at byte {first_byte_offset})",
                if *count == 1 { "" } else { "s" }
            ),
        }
    }
}

/// Decoded text and what was repaired on the way.
#[derive(Clone, Debug, Default)]
pub struct Decoded {
    /// The text; offsets of all later stages point into it.
    pub text: String,
    /// Repairs made while decoding.
    pub warnings: Vec<DecodeWarning>,
}

/// Decode a file's bytes: strips a UTF-8 BOM, converts UTF-32 and UTF-16 with a BOM, replaces
/// invalid UTF-8 with U+FFFD and removes NUL bytes.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut warnings = Vec::new();
    let mut text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        decode_utf8(rest, 3, &mut warnings)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\0\0") {
        // Checked before UTF-16 LE, whose BOM it starts with.
        warnings.push(DecodeWarning::Utf32 { big_endian: false });
        decode_utf32(rest, false)
    } else if let Some(rest) = bytes.strip_prefix(b"\0\0\xFE\xFF") {
        warnings.push(DecodeWarning::Utf32 { big_endian: true });
        decode_utf32(rest, true)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        warnings.push(DecodeWarning::Utf16 { big_endian: false });
        decode_utf16(rest, false)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        warnings.push(DecodeWarning::Utf16 { big_endian: true });
        decode_utf16(rest, true)
    } else {
        decode_utf8(bytes, 0, &mut warnings)
    };
    if let Some(first) = text.find('\0') {
        let first_byte_offset = bytes.iter().position(|&b| b == 0).unwrap_or(first);
        let count = text.matches('\0').count();
        text.retain(|c| c != '\0');
        warnings.push(DecodeWarning::NulBytes {
            first_byte_offset,
            count,
        });
    }
    Decoded { text, warnings }
}

fn decode_utf8(bytes: &[u8], base: usize, warnings: &mut Vec<DecodeWarning>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            let mut out = String::with_capacity(bytes.len() + 16);
            let mut first = None;
            let mut count = 0;
            let mut offset = 0;
            for chunk in bytes.utf8_chunks() {
                out.push_str(chunk.valid());
                offset += chunk.valid().len();
                if !chunk.invalid().is_empty() {
                    first.get_or_insert(base + offset);
                    count += 1;
                    out.push('\u{FFFD}');
                    offset += chunk.invalid().len();
                }
            }
            warnings.push(DecodeWarning::InvalidUtf8 {
                first_byte_offset: first.unwrap_or(base),
                count,
            });
            out
        }
    }
}

fn decode_utf16(bytes: &[u8], big_endian: bool) -> String {
    let units = bytes.chunks(2).map(|pair| {
        let (a, b) = (pair[0], *pair.get(1).unwrap_or(&0));
        if big_endian {
            u16::from_be_bytes([a, b])
        } else {
            u16::from_le_bytes([a, b])
        }
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn decode_utf32(bytes: &[u8], big_endian: bool) -> String {
    bytes
        .chunks(4)
        .map(|quad| {
            let mut b = [0u8; 4];
            b[..quad.len()].copy_from_slice(quad);
            let u = if big_endian {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            };
            char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8_passes_untouched() {
        let d = decode("قال الوزير".as_bytes());
        assert_eq!(d.text, "قال الوزير");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode("\u{FEFF}خبر".as_bytes());
        assert_eq!(d.text, "خبر");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn invalid_utf8_is_replaced_and_located() {
        let mut bytes = "خبر ".as_bytes().to_vec();
        bytes.extend_from_slice(&[0xFF, 0xFE, b'x']);
        let d = decode(&bytes);
        assert_eq!(d.text, "خبر \u{FFFD}\u{FFFD}x");
        assert_eq!(
            d.warnings,
            vec![DecodeWarning::InvalidUtf8 {
                first_byte_offset: 7,
                count: 2
            }]
        );
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let s = "كوريا\r\nروسيا";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).text, s);
        assert_eq!(decode(&be).text, s);
        assert_eq!(
            decode(&be).warnings,
            vec![DecodeWarning::Utf16 { big_endian: true }]
        );
    }

    #[test]
    fn utf32_le_and_be_with_bom_are_reported_as_utf32() {
        let s = "خبر\nعاجل";
        let mut le = vec![0xFF, 0xFE, 0, 0];
        let mut be = vec![0, 0, 0xFE, 0xFF];
        for c in s.chars() {
            le.extend_from_slice(&(c as u32).to_le_bytes());
            be.extend_from_slice(&(c as u32).to_be_bytes());
        }
        let (dl, db) = (decode(&le), decode(&be));
        assert_eq!((dl.text.as_str(), db.text.as_str()), (s, s));
        assert_eq!(
            dl.warnings,
            vec![DecodeWarning::Utf32 { big_endian: false }]
        );
        assert_eq!(db.warnings, vec![DecodeWarning::Utf32 { big_endian: true }]);
        assert_eq!(
            dl.warnings[0].to_string(),
            "UTF-32 LE file converted to UTF-8"
        );
    }

    #[test]
    fn nul_bytes_are_removed() {
        let d = decode(b"ab\0c\0");
        assert_eq!(d.text, "abc");
        assert_eq!(
            d.warnings,
            vec![DecodeWarning::NulBytes {
                first_byte_offset: 2,
                count: 2
            }]
        );
    }
}
