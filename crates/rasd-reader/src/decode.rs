//! Bytes to text: BOMs, UTF-16, legacy Arabic encodings, invalid UTF-8, NUL bytes.
//!
//! The encoding is chosen, in this order, by a byte-order mark (UTF-8, UTF-16 LE/BE); by the
//! bytes being UTF-8 (valid UTF-8 with non-ASCII text is never an accident, whatever a page
//! declares); by a `charset=` declaration in the first 1024 bytes (an HTML `<meta charset>`
//! or `http-equiv` Content-Type); and else by detection (`chardetng`, the detector Firefox
//! uses). A file chosen other than by being UTF-8 gets a warning naming the encoding. Bytes
//! that are mostly UTF-8 with a few bad sequences stay UTF-8, the bad ones replaced.
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
    /// The file was in a legacy encoding (windows-1256, ISO-8859-6…) and was converted.
    Encoding {
        /// The encoding's WHATWG name (`windows-1256`).
        name: &'static str,
        /// How it was chosen: `declared` (a charset declaration) or `detected`.
        how: &'static str,
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
            DecodeWarning::Encoding { name, how } => {
                write!(f, "{name} file ({how}) converted to UTF-8")
            }
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
    decode_declared(bytes, None)
}

/// [`decode`], with a charset declared outside the bytes (an HTTP `Content-Type`), which wins
/// over one declared inside them.
pub fn decode_declared(bytes: &[u8], declared: Option<&str>) -> Decoded {
    let declared = declared.and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes()));
    let mut warnings = Vec::new();
    // Valid UTF-8 without a byte-order mark, the usual case, is checked once and copied once
    // (the UTF-16 and UTF-32 marks hold bytes that are never valid UTF-8).
    let valid = (!bytes.starts_with(b"\xEF\xBB\xBF"))
        .then(|| std::str::from_utf8(bytes).ok())
        .flatten();
    let mut text = if let Some(s) = valid {
        s.to_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
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
    } else if mostly_utf8(bytes) || looks_binary(bytes) {
        decode_utf8(bytes, 0, &mut warnings)
    } else {
        let (encoding, how) = match declared.or_else(|| declared_charset(bytes)) {
            Some(e) => (e, "declared"),
            None => {
                let mut detector = chardetng::EncodingDetector::new();
                detector.feed(bytes, true);
                (detector.guess(None, true), "detected")
            }
        };
        if encoding == encoding_rs::UTF_8 {
            decode_utf8(bytes, 0, &mut warnings)
        } else {
            let (text, _, _) = encoding.decode(bytes);
            warnings.push(DecodeWarning::Encoding {
                name: encoding.name(),
                how,
            });
            text.into_owned()
        }
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

/// Valid UTF-8, or UTF-8 with fewer bad sequences than well-formed non-ASCII characters (a
/// UTF-8 file with a few damaged bytes; windows-1256 Arabic almost never forms a valid
/// multi-byte sequence).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut bad = 0usize;
    let mut good = 0usize;
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    bad == 0 || good >= bad
}

/// More than 1% control bytes (other than whitespace and NUL): binary data, which stays
/// undecodable UTF-8 (and is refused as not text) rather than becoming legacy-encoded letters.
fn looks_binary(bytes: &[u8]) -> bool {
    let control = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    control * 100 > bytes.len()
}

/// The encoding a `charset=` in the first 1024 bytes declares (HTML `<meta charset="…">`,
/// `<meta http-equiv="Content-Type" content="…; charset=…">`, an XML declaration's
/// `encoding="…"`).
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    ["charset=", "encoding="].iter().find_map(|key| {
        let at = head.find(key)? + key.len();
        let label: String = head[at..]
            .trim_start_matches(['"', '\'', ' '])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    })
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

    /// An Arabic article and its windows-1256 and ISO-8859-6 twins read exactly alike.
    #[test]
    fn legacy_arabic_encodings_read_as_their_utf8_twin() {
        let article =
            "عنوان الخبر\nقال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا، وأضاف أن الوفد وصل.\n";
        let (cp1256, _, lossy) = encoding_rs::WINDOWS_1256.encode(article);
        assert!(!lossy);
        let d = decode(&cp1256);
        assert_eq!(d.text, article);
        assert_eq!(
            d.warnings,
            vec![DecodeWarning::Encoding {
                name: "windows-1256",
                how: "detected"
            }]
        );
        assert_eq!(
            d.warnings[0].to_string(),
            "windows-1256 file (detected) converted to UTF-8"
        );
        let (iso, _, lossy) = encoding_rs::ISO_8859_6.encode(article);
        assert!(!lossy);
        let mut page = b"<html><head><meta charset=\"ISO-8859-6\"></head><body>".to_vec();
        page.extend_from_slice(&iso);
        let d = decode(&page);
        assert!(d.text.ends_with(article));
        assert_eq!(
            d.warnings,
            vec![DecodeWarning::Encoding {
                name: "ISO-8859-6",
                how: "declared"
            }]
        );
    }

    #[test]
    fn random_bytes_are_not_taken_for_a_legacy_encoding() {
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 131 % 256) as u8).collect();
        let d = decode(&bytes);
        assert!(matches!(d.warnings[0], DecodeWarning::InvalidUtf8 { .. }));
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
