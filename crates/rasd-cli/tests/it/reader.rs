//! The plain-text reader end to end on a saved article of an outlet it never saw (issue 13,
//! item 6): an invented page with the layout shapes of the reader survey
//! (`notes/reader-survey.md`): a site name after the title, a date line, a credit line, an
//! inline "للمزيد" link, teaser headlines of other stories after the text, a copyright line.

use crate::util::{json_lines, rasd, scratch};

const FIRST: &str = "أعلنت وزارة الزراعة اليوم إطلاق برنامج وطني لدعم صغار المزارعين في المحافظات الجنوبية بتمويل يبلغ مليار دينار.";
const MIDDLE: &str = "وأضاف الوزير أن البرنامج يشمل قروضا ميسرة وبذورا محسنة وتدريبا على أساليب الري الحديثة لمدة ثلاث سنوات.";
const LAST: &str = "ومن المنتظر أن تبدأ المرحلة الأولى من البرنامج مطلع الشهر المقبل في خمس محافظات تعاني من شح المياه.";
const LINK: &str = "للمزيد: الحكومة تقر موازنة العام المقبل بعجز أقل";
const TEASERS: [&str; 3] = [
    "منتخب الشباب يتأهل إلى نهائي البطولة العربية",
    "افتتاح معرض الكتاب الدولي بمشاركة مئات دور النشر",
    "ارتفاع أسعار الذهب في الأسواق المحلية هذا الأسبوع",
];

#[test]
fn issue_13_an_unseen_outlets_saved_article() {
    let text = format!(
        "برنامج وطني لدعم صغار المزارعين | صدى الوادي\n\nالثلاثاء 5 مارس 2024 - 10:15 ص\nسامر الخطيب | صدى الوادي\n\n{FIRST}\n\n{LINK}\n\n{MIDDLE}\n\n{LAST}\n\n{}\n\n© 2024 صدى الوادي. جميع الحقوق محفوظة\n",
        TEASERS.join("\n\n")
    );
    let path = scratch("reader-unseen").join("article.txt");
    std::fs::write(&path, &text).unwrap();
    let out = rasd(&["extract", path.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", crate::util::stderr(&out));
    let docs = json_lines(&out);
    let articles = docs[0]["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert_eq!(a["title"], "برنامج وطني لدعم صغار المزارعين");
    assert_eq!(a["outlet"], "صدى الوادي");
    assert_eq!(a["published"], "2024-03-05");
    assert_eq!(a["byline"], "سامر الخطيب");
    let body: Vec<&str> = a["body"].as_str().unwrap().lines().collect();
    assert_eq!(body, [FIRST, MIDDLE, LAST]);
}
