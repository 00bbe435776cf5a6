//! Crafted Arabic articles: what must be grouped and what must not.

use super::*;

/// A wire story of four paragraphs.
const WIRE: &str = "أعلن التحالف بقيادة السعودية، اليوم الأحد، بدء هدنة إنسانية في اليمن لمدة خمسة أيام، تبدأ منتصف الليلة، بهدف إيصال المساعدات إلى المدنيين في المناطق المتضررة من القتال.
وقال المتحدث باسم التحالف العميد أحمد عسيري في مؤتمر صحفي بالرياض إن الهدنة مشروطة بالتزام جماعة الحوثي وقوات الرئيس السابق علي عبد الله صالح بوقف إطلاق النار.
وأضاف أن قوات التحالف سترد على أي خرق للهدنة، وأن السفن المحملة بالمواد الغذائية والأدوية ستصل إلى ميناء عدن خلال الأيام المقبلة بالتنسيق مع الأمم المتحدة.
من جهتها، رحبت الأمم المتحدة بالإعلان، ودعا مبعوثها إلى اليمن إسماعيل ولد الشيخ أحمد جميع الأطراف إلى احترام الهدنة وتسهيل عمل المنظمات الإنسانية.";

/// Another story on the same topic, same day, same names.
const OTHER: &str = "قال المبعوث الأممي إلى اليمن إسماعيل ولد الشيخ أحمد إن المشاورات بين الأطراف اليمنية ستستأنف في جنيف الشهر المقبل، مؤكدا أن الحل السياسي هو الطريق الوحيد لإنهاء الأزمة.
وأوضح ولد الشيخ أحمد، في تصريحات للصحفيين عقب لقائه الرئيس عبد ربه منصور هادي في الرياض، أن الحكومة وافقت على المشاركة، بينما لم يرد الحوثيون بعد على الدعوة.
وكان التحالف بقيادة السعودية قد أعلن هدنة إنسانية في اليمن، فيما تتهم الحكومة جماعة الحوثي وقوات علي عبد الله صالح بعرقلة وصول المساعدات إلى المدنيين.";

/// A paragraph another outlet adds to the wire copy.
const EXTRA: &str = "يذكر أن الحرب في اليمن أودت بحياة أكثر من ثلاثة آلاف شخص منذ مارس الماضي، وفق أرقام منظمة الصحة العالمية.";

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

fn ids(g: &DupGroup) -> Vec<u32> {
    g.members.iter().map(|m| m.id).collect()
}

fn groups(docs: &[Doc<'_>]) -> Vec<DupGroup> {
    find_groups(docs, &DedupParams::default()).unwrap()
}

#[test]
fn wire_copy_under_another_headline_is_grouped() {
    let mut l = lines(WIRE);
    l[0] = "التحالف يعلن هدنة إنسانية في اليمن لخمسة أيام اعتبارا من منتصف الليلة لإيصال المساعدات";
    let copy = l.join("\n");
    let g = groups(&[Doc::new(1, WIRE), Doc::new(2, &copy), Doc::new(3, OTHER)]);
    assert_eq!(g.len(), 1);
    assert_eq!(ids(&g[0]), [1, 2]);
    assert!(!g[0].members[1].exact);
    assert!(g[0].members[1].similarity >= DedupParams::default().threshold);
}

#[test]
fn an_added_or_removed_paragraph_is_grouped() {
    let mut l = lines(WIRE);
    l.insert(3, EXTRA);
    let added = l.join("\n");
    let mut l = lines(WIRE);
    l.remove(2);
    let removed = l.join("\n");
    let g = groups(&[
        Doc::new(1, WIRE),
        Doc::new(2, &added),
        Doc::new(3, OTHER),
        Doc::new(4, &removed),
    ]);
    assert_eq!(g.len(), 1);
    assert_eq!(ids(&g[0]), [1, 2, 4]);
}

#[test]
fn edited_words_and_spelling_are_grouped() {
    // A few words changed, hamzas and ta marbuta spelled otherwise, diacritics added.
    let edited = WIRE
        .replace("اليوم الأحد", "أمس")
        .replace("خمسة أيام", "5 أيام")
        .replace("المتضررة", "المتضرره")
        .replace('إ', "ا")
        .replace("الهدنة", "الهُدْنَة");
    let truncated: String = WIRE.lines().take(3).collect::<Vec<_>>().join("\n");
    let g = groups(&[
        Doc::new(1, WIRE),
        Doc::new(2, &edited),
        Doc::new(3, &truncated),
    ]);
    assert_eq!(g.len(), 1);
    assert_eq!(ids(&g[0]), [1, 2, 3]);
}

#[test]
fn different_stories_sharing_names_are_not_grouped() {
    assert!(similarity(WIRE, OTHER, &DedupParams::default()) < 0.1);
    assert!(groups(&[Doc::new(1, WIRE), Doc::new(2, OTHER)]).is_empty());
    // Nor two items of a template that differ in their facts.
    let a = "أغلق مؤشر سوق الأسهم السعودية اليوم منخفضا 71.08 نقطة بنسبة 0.76% عند مستوى 9301.66 نقطة بتداولات قاربت 5 مليارات ريال.";
    let b = "أغلق مؤشر سوق الأسهم السعودية اليوم مرتفعا 12.40 نقطة بنسبة 0.14% عند مستوى 9080.02 نقطة بتداولات تجاوزت 6 مليارات ريال.";
    assert!(groups(&[Doc::new(1, a), Doc::new(2, b)]).is_empty());
}

#[test]
fn exact_copies_are_exact_whatever_the_spelling() {
    let vocalized = WIRE.replace("الهدنة", "الهُدْنَـة").replace("أحمد", "احمد");
    let g = groups(&[
        Doc::new(1, WIRE),
        Doc::new(2, &vocalized),
        Doc::new(3, WIRE),
    ]);
    assert_eq!(g.len(), 1);
    assert!(g[0].members.iter().all(|m| m.exact && m.similarity == 1.0));
}

#[test]
fn very_short_texts_are_never_grouped() {
    let g = groups(&[
        Doc::new(1, "التفاصيل في الفيديو"),
        Doc::new(2, "التفاصيل في الفيديو"),
        Doc::new(3, "محافظ الطائف"),
        Doc::new(4, "محافظ الطائف"),
        Doc::new(5, "وزير"),
        Doc::new(6, "وزير"),
        Doc::new(7, ""),
        Doc::new(8, ""),
        Doc::new(9, "جميع المقالات المنشورة تمثل رأي كتابها فقط."),
        Doc::new(10, "** جميع المقالات المنشورة تمثل رأي كتابها فقط."),
    ]);
    assert!(g.is_empty(), "{g:?}");
    // Shorter than a shingle: no shingles at all, and no similarity.
    assert_eq!(
        similarity("وزير الدفاع", "وزير الدفاع", &DedupParams::default()),
        0.0
    );
}

#[test]
fn canonical_is_the_earliest_then_the_first_added() {
    let d = |id, date| Doc {
        id,
        text: WIRE,
        date,
    };
    let g = groups(&[
        d(1, None),
        d(2, Some("2015-08-02")),
        d(3, Some("2015-08-01T23:00:00-02:00")), // 2015-08-02T01:00Z
        d(4, Some("2015-08-01T22:00:00+00:00")),
        d(5, Some("not a date")),
        d(6, Some("2015-08-02")),
    ]);
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].canonical, 4);
    assert_eq!(ids(&g[0]), [4, 2, 6, 3, 1, 5]);
    // Without dates: the first added.
    let g = groups(&[Doc::new(9, WIRE), Doc::new(8, WIRE)]);
    assert_eq!(g[0].canonical, 9);
}

/// Many variants of a few stories, with some unrelated texts between them.
fn variants() -> Vec<String> {
    let mut texts = Vec::new();
    for (n, base) in [WIRE, OTHER].into_iter().enumerate() {
        let l = lines(base);
        for i in 0..l.len() {
            let mut v = l.clone();
            v.remove(i);
            texts.push(v.join("\n"));
            let mut v = l.clone();
            v.insert(i, EXTRA);
            texts.push(v.join("\n"));
            texts.push(format!("{n} {i} {}", l[i]));
        }
    }
    texts
}

#[test]
fn groups_do_not_depend_on_the_thread_count() {
    let texts = variants();
    let docs: Vec<Doc<'_>> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Doc::new(i as u32, t))
        .collect();
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let mut d = Deduper::new(DedupParams::default()).unwrap();
                d.add_all(&docs);
                d.groups_with_stats()
            })
    };
    let (one, stats) = run(1);
    assert_eq!(one, run(4).0);
    assert_eq!(one, run(3).0);
    assert!(stats.groups >= 2, "{one:?}");
    // No group mixes the two stories.
    let half = 3 * lines(WIRE).len() as u32; // variants of WIRE come first
    for g in &one {
        assert!(
            g.members
                .iter()
                .all(|m| (m.id < half) == (g.canonical < half)),
            "{g:?}"
        );
    }
    // One by one gives the same groups as all at once.
    let mut d = Deduper::new(DedupParams::default()).unwrap();
    for doc in &docs {
        d.add(doc.id, doc.text, doc.date);
    }
    assert_eq!(d.groups(), one);
}

#[test]
fn a_crowded_bucket_still_forms_one_group() {
    // More near-copies than a bucket expands fully: each drops another word.
    let words: Vec<&str> = WIRE.split_whitespace().collect();
    let texts: Vec<String> = (0..100)
        .map(|i| {
            let mut w = words.clone();
            w.remove(i % words.len());
            w.join(" ")
        })
        .collect();
    let docs: Vec<Doc<'_>> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Doc::new(i as u32, t))
        .collect();
    let mut d = Deduper::new(DedupParams::default()).unwrap();
    d.add_all(&docs);
    let (g, stats) = d.groups_with_stats();
    assert!(stats.largest_bucket > 64, "{stats:?}");
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].members.len(), 100);
}

#[test]
fn bad_parameters_are_refused() {
    let p = DedupParams::default();
    for bad in [
        DedupParams {
            shingle: 0,
            ..p.clone()
        },
        DedupParams {
            bands: 7,
            ..p.clone()
        },
        DedupParams {
            bands: 0,
            ..p.clone()
        },
        DedupParams {
            threshold: 0.0,
            ..p.clone()
        },
        DedupParams {
            threshold: f64::NAN,
            ..p.clone()
        },
    ] {
        assert!(Deduper::new(bad.clone()).is_err(), "{bad:?}");
    }
    assert!(find_groups(&[], &p).unwrap().is_empty());
}

/// A text of the words `from..to` of a fixed vocabulary (Latin letters, one word each), so
/// that the overlap of two texts is known.
fn span_of_words(from: usize, to: usize) -> String {
    (from..to)
        .map(|i| {
            let (a, b, c) = (i / 676, i / 26 % 26, i % 26);
            [a, b, c]
                .iter()
                .map(|&d| char::from(b'a' + d as u8))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn groups_do_not_chain_through_a_middle_text() {
    // A–B and B–C are about 0.53 similar, A–C 0.24: a template whose fillings drift.
    let (a, b, c) = (
        span_of_words(0, 100),
        span_of_words(30, 130),
        span_of_words(60, 160),
    );
    let p = DedupParams::default();
    assert!(similarity(&a, &b, &p) > 0.5 && similarity(&b, &c, &p) > 0.5);
    assert!(similarity(&a, &c, &p) < 0.3);
    let docs = [Doc::new(1, &a), Doc::new(2, &b), Doc::new(3, &c)];
    let g = find_groups(&docs, &p).unwrap();
    assert_eq!(g.len(), 1);
    assert_eq!(ids(&g[0]), [1, 2]);
    // Linking at the threshold is single linkage: one chain.
    let single = DedupParams {
        link_threshold: p.threshold,
        ..p.clone()
    };
    let g = find_groups(&docs, &single).unwrap();
    assert_eq!(ids(&g[0]), [1, 2, 3]);
    assert!(g[0].members[2].similarity < single.threshold);
}

#[test]
fn a_near_copy_of_a_member_joins_its_group() {
    // C is far from the canonical A but a near-copy (≥ link_threshold) of the member B.
    let (a, b) = (span_of_words(0, 100), span_of_words(30, 130));
    let c = span_of_words(35, 135);
    let p = DedupParams::default();
    assert!(similarity(&b, &c, &p) >= p.link_threshold);
    assert!(similarity(&a, &c, &p) < p.threshold);
    let g = find_groups(&[Doc::new(1, &a), Doc::new(2, &b), Doc::new(3, &c)], &p).unwrap();
    assert_eq!(g.len(), 1);
    assert_eq!(ids(&g[0]), [1, 2, 3]);
}

#[test]
fn near_copies_stay_within_the_window_exact_copies_do_not_need_to() {
    let mut l = lines(WIRE);
    l.insert(2, EXTRA);
    let near = l.join("\n");
    let d = |id, text, date| Doc {
        id,
        text,
        date: Some(date),
    };
    let docs = [
        d(1, WIRE, "2015-07-01"),
        d(2, &near, "2015-07-20"),
        d(3, WIRE, "2015-08-30"),
    ];
    let g = groups(&docs);
    assert_eq!(g.len(), 1);
    assert_eq!(ids(&g[0]), [1, 3]);
    // Within a week of an exact copy of the canonical article is within the window.
    let docs = [
        d(1, WIRE, "2015-07-01"),
        d(3, WIRE, "2015-07-15"),
        d(2, &near, "2015-07-20"),
    ];
    assert_eq!(ids(&groups(&docs)[0]), [1, 3, 2]);
    // Without a window, or without a date, the near-copy joins.
    let unlimited = DedupParams {
        window_days: None,
        ..DedupParams::default()
    };
    let docs = [d(1, WIRE, "2015-07-01"), d(2, &near, "2015-07-20")];
    assert_eq!(ids(&find_groups(&docs, &unlimited).unwrap()[0]), [1, 2]);
    let docs = [d(1, WIRE, "2015-07-01"), Doc::new(2, &near)];
    assert_eq!(ids(&groups(&docs)[0]), [1, 2]);
}
