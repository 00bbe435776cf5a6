//! Who did what to whom: the source and target countries the whole pipeline (named entities,
//! actor knowledge base, event coder) gives the events of sentences of typical shapes.

use rasd_pipeline::{Parts, analyse};

/// (text, PLOVER type, source, target): the first three letters of the codes (a country, or a
/// role such as CVL), "" for an empty slot.
const CASES: &[(&str, &str, &str, &str)] = &[
    // A sending noun's genitive that is what is sent is no party: the sender is the other party
    // the sentence names, not one of the target's country.
    (
        "ووقعت كوبا اتفاقا مع فنزويلا، تلاه إرسال قوات وأسلحة إلى كاراكاس.",
        "AID",
        "CUB",
        "VEN",
    ),
    // «زيارة لـ X إلى Y»: ل marks the visitor when the destination follows.
    (
        "وكانت زيارة لوزير الخارجية الإيراني إلى أنقرة قد تأجلت.",
        "CONSULT",
        "IRN",
        "TUR",
    ),
    // «يمكن لـ X أن …»: X is the subject, the actor after the verb its object.
    (
        "ويمكن لتركيا أن تمنح أذربيجان طائرات مسيرة.",
        "AID",
        "TUR",
        "AZE",
    ),
    // The doer after «الصادر عن».
    (
        "ويصعب الالتفاف على الحظر الصادر عن الاتحاد الأوروبي ضد إيران.",
        "SANCTION",
        "IGO",
        "IRN",
    ),
    // A list of subjects; the target a pronoun for the party named before.
    (
        "وحين أجرت إيران تجربة صاروخية، فرضت كندا وأستراليا ونيوزيلندا قيودا عليها.",
        "SANCTION",
        "CAN",
        "IRN",
    ),
    // «زود X بـ Y»: X is supplied.
    (
        "وينص الاتفاق على أن يزود الجيش الأوكراني بدبابات حديثة.",
        "AID",
        "",
        "UKR",
    ),
    // Protesters burn the flags of the one they protest against.
    (
        "وأحرق متظاهرون أعلام فرنسا وسط العاصمة.",
        "PROTEST",
        "CVL",
        "FRA",
    ),
    // A plural verb carries its subject: the actor after it is the object.
    (
        "وقال الجيش إن مسلحين قتلوا شرطيا هنديا قرب الحدود.",
        "ASSAULT",
        "UAF",
        "IND",
    ),
    // A name after a place noun with ب is where the fighting is, not who fights.
    (
        "وتواصل القوات التركية القتال بمدينة عفرين.",
        "ASSAULT",
        "TUR",
        "",
    ),
    // A role with the adjective of a side is of the country of that side the article names,
    // or of the other side of a named one.
    (
        "وقالت كوريا الشمالية إن القوات الجنوبية قصفت مواقع حدودية أمس.",
        "ASSAULT",
        "KOR",
        "",
    ),
    // The genitive of a killing is its victim.
    (
        "وأعلنت الشرطة مقتل صحفي فرنسي في هجوم مسلح.",
        "ASSAULT",
        "",
        "FRA",
    ),
    // A place before a comma is not the subject of the verb after it.
    (
        "وفي بلدة قرب مدينة حمص، قصفت الطائرات الروسية مواقع للمعارضة.",
        "ASSAULT",
        "RUS",
        "OPP",
    ),
    // «إن قواتها قصفت»: a possessed subject refers back to the actor before إن.
    (
        "وقالت وزارة الدفاع الروسية إن قواتها قصفت مواقع في إدلب.",
        "ASSAULT",
        "RUS",
        "",
    ),
    // An event naming one party continues the article's dealings of that party.
    (
        "والتقى رئيس الوزراء الياباني الرئيس الفلبيني في مانيلا أمس. ويرى خبراء أن طوكيو قد تقدم مساعدات مالية.",
        "AID",
        "JPN",
        "PHL",
    ),
];

#[test]
fn sources_and_targets() {
    let ner = rasd_ner::Recognizer::bundled().expect("the bundled model loads");
    let mut failures = Vec::new();
    for &(text, plover, source, target) in CASES {
        let ann = analyse(text, &Parts::whole(text), Some(ner));
        let country = |a: Option<usize>| {
            a.and_then(|a| ann.actors[a].code.as_deref())
                .map(|c| c.get(..3).unwrap_or(c).to_owned())
                .unwrap_or_default()
        };
        let got: Vec<(String, String, String)> = ann
            .events
            .iter()
            .map(|e| (e.plover.clone(), country(e.source), country(e.target)))
            .collect();
        if !got
            .iter()
            .any(|(p, s, t)| p == plover && s == source && t == target)
        {
            failures.push(format!(
                "«{text}»: want {plover} {source:?} → {target:?}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
