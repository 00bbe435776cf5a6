//! Web inputs through every command alike: pages (by content, whatever the name), WARC
//! archives, feeds, legacy encodings (issue 13).

use crate::util::{json_lines, rasd, scratch, shared, stderr};

const PROSE: &str = "قال المتحدث إن اللجنة ستجتمع الأسبوع المقبل لبحث الخطة الجديدة، وأضاف أن الوفد وصل أمس إلى العاصمة.";

fn page() -> String {
    format!(
        r#"<!DOCTYPE html><html lang="ar"><head><title>عنوان الصفحة - موقع تجريبي</title>
        <meta property="og:site_name" content="موقع تجريبي">
        <meta property="article:published_time" content="2022-05-10T08:00:00Z"></head>
        <body><nav><a href="/">الرئيسية</a> <a href="/a">أخبار</a></nav>
        <div class="article-body"><h1>عنوان الصفحة</h1><p>{PROSE}</p><p>{PROSE}</p></div>
        <div class="share">شارك</div><footer>جميع الحقوق محفوظة</footer></body></html>"#
    )
}

#[test]
fn issue_13_a_page_is_read_by_content_and_spans_land_on_its_text() {
    let dir = scratch("web-page");
    // Named .txt on purpose: a page is known by its content.
    let f = dir.join("saved.txt");
    std::fs::write(&f, page()).unwrap();
    let out = rasd(&["extract", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = json_lines(&out);
    let a = &docs[0]["articles"][0];
    assert_eq!(a["title"], "عنوان الصفحة");
    assert_eq!(a["outlet"], "موقع تجريبي");
    assert_eq!(a["published"], "2022-05-10");
    assert_eq!(a["body"], format!("{PROSE}\n{PROSE}"));
    // No markup, no menu, no widget leaks into the body.
    assert!(!a["body"].as_str().unwrap().contains('<'));
    // "أمس" resolves against the page's date.
    let dates = a["dates"].as_array().unwrap();
    assert!(
        dates.iter().any(|d| d["value"] == "2022-05-09"),
        "{dates:?}"
    );
}

#[test]
fn issue_13_windows_1256_reads_as_its_utf8_twin() {
    let dir = scratch("web-1256");
    let text = format!("عنوان الخبر\n{PROSE}\n");
    let utf8 = dir.join("utf8.txt");
    std::fs::write(&utf8, &text).unwrap();
    // windows-1256 by hand for the letters used here (encoding_rs is not a test dependency):
    // the CLI's output for both files must be the same apart from the file name and a warning.
    let out_utf8 = rasd(&["extract", utf8.to_str().unwrap(), "--format", "json"]);
    let mut a = json_lines(&out_utf8)[0]["articles"].clone();
    let cp = dir.join("cp1256.txt");
    std::fs::write(&cp, to_cp1256(&text)).unwrap();
    let out_cp = rasd(&["extract", cp.to_str().unwrap(), "--format", "json"]);
    assert!(
        stderr(&out_cp).contains("windows-1256"),
        "{}",
        stderr(&out_cp)
    );
    let mut b = json_lines(&out_cp)[0]["articles"].clone();
    a.as_array_mut()
        .unwrap()
        .iter_mut()
        .for_each(|x| x["file"] = 0.into());
    b.as_array_mut()
        .unwrap()
        .iter_mut()
        .for_each(|x| x["file"] = 0.into());
    assert_eq!(a, b);
}

/// windows-1256 of the Arabic letters, space, punctuation and newline.
fn to_cp1256(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            c if c.is_ascii() => c as u8,
            '،' => 0xA1,
            'ء' => 0xC1,
            'آ' => 0xC2,
            'أ' => 0xC3,
            'ؤ' => 0xC4,
            'إ' => 0xC5,
            'ئ' => 0xC6,
            'ا' => 0xC7,
            'ب' => 0xC8,
            'ة' => 0xC9,
            'ت' => 0xCA,
            'ث' => 0xCB,
            'ج' => 0xCC,
            'ح' => 0xCD,
            'خ' => 0xCE,
            'د' => 0xCF,
            'ذ' => 0xD0,
            'ر' => 0xD1,
            'ز' => 0xD2,
            'س' => 0xD3,
            'ش' => 0xD4,
            'ص' => 0xD5,
            'ض' => 0xD6,
            'ط' => 0xD8,
            'ظ' => 0xD9,
            'ع' => 0xDA,
            'غ' => 0xDB,
            'ف' => 0xDD,
            'ق' => 0xDE,
            'ك' => 0xDF,
            'ل' => 0xE1,
            'م' => 0xE3,
            'ن' => 0xE4,
            'ه' => 0xE5,
            'و' => 0xE6,
            'ى' => 0xEC,
            'ي' => 0xED,
            other => panic!("no windows-1256 byte for {other}"),
        })
        .collect()
}

#[test]
fn issue_13_feed_items_are_articles() {
    let dir = scratch("web-feed");
    let feed = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>موقع تجريبي</title>
        <item><title>الخبر الأول</title><link>https://example.invalid/1</link><pubDate>Tue, 10 May 2022 08:00:00 GMT</pubDate>
        <description>&lt;p&gt;{PROSE}&lt;/p&gt;</description></item>
        <item><title>الخبر الثاني</title><link>https://example.invalid/2</link><description>{PROSE}</description></item>
        </channel></rss>"#
    );
    let f = dir.join("feed.xml");
    std::fs::write(&f, feed).unwrap();
    let out = rasd(&["extract", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["articles"][0]["title"], "الخبر الأول");
    assert_eq!(docs[0]["articles"][0]["published"], "2022-05-10");
    assert_eq!(docs[1]["articles"][0]["body"], PROSE);
}

#[test]
fn issue_13_the_shared_warc_ingests_whole() {
    let Some(warc) = shared("data/warc/arabic-news-pages.warc.gz") else {
        return;
    };
    let dir = scratch("web-warc");
    let store = dir.join("store");
    let out = rasd(&[
        "ingest",
        warc.to_str().unwrap(),
        "--data-dir",
        store.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Every HTML record accounted for: 7 pages read, the warcinfo record skipped and counted.
    assert!(
        stderr(&out).contains("7 HTML pages read, 1 record skipped (warcinfo 1)"),
        "{}",
        stderr(&out)
    );
    let summary = &json_lines(&out)[0];
    assert_eq!(summary["new_articles"], 7, "{summary}");
    assert_eq!(summary["failed"], 0);
}

#[test]
fn issue_13_a_file_of_no_known_kind_is_an_error_naming_it() {
    let dir = scratch("web-unknown");
    let f = dir.join("blob.bin");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 131 % 256) as u8).collect();
    std::fs::write(&f, bytes).unwrap();
    let out = rasd(&["extract", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("blob.bin: not a text file"),
        "{}",
        stderr(&out)
    );
}
