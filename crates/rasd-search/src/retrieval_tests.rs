//! Retrieval sanity check: rasd's analyzer against tantivy's default tokenizer (and the default
//! tokenizer with tantivy's Arabic stemmer) on query/variant pairs.

use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// (query word, the word as an article writes it).
const PAIRS: &[(&str, &str)] = &[
    ("المفاوضات", "والمفاوضات"),
    ("مفاوضات", "بالمفاوضات"),
    ("المفاوضات", "مفاوضات"),
    ("الرئيس", "للرئيس"),
    ("إعلان", "الاعلان"),
    ("مدينة", "المدينه"),
    ("مستشفى", "بالمستشفي"),
    ("الصواريخ", "الصـــواريخ"),
    ("روسيا", "بروسيا"),
    ("العقوبات", "وبالعقوبات"),
    ("الانتخابات", "الإنتخابات"),
    ("١٣", "13"),
];

/// How many of the pairs' variants a search for the query word finds, with this analyzer.
fn found(analyzer: TextAnalyzer) -> (usize, Vec<&'static str>) {
    let mut b = Schema::builder();
    let body = b.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("under_test")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    let index = Index::create_in_ram(b.build());
    index.tokenizers().register("under_test", analyzer.clone());
    let mut missed = Vec::new();
    let mut hits = 0;
    for (query, variant) in PAIRS {
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        writer.delete_all_documents().unwrap();
        let mut doc = TantivyDocument::default();
        doc.add_text(body, format!("قالت المصادر إن {variant} مستمرة منذ أيام."));
        writer.add_document(doc).unwrap();
        writer.commit().unwrap();
        let mut a = analyzer.clone();
        let mut stream = a.token_stream(query);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        while let Some(t) = stream.next() {
            let term = Term::from_field_text(body, &t.text);
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        let searcher = index.reader().unwrap().searcher();
        let n = searcher
            .search(&BooleanQuery::new(clauses), &Count)
            .unwrap();
        if n == 1 {
            hits += 1;
        } else {
            missed.push(*variant);
        }
    }
    (hits, missed)
}

#[test]
fn rasd_finds_every_variant_the_default_tokenizer_misses() {
    let default = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build();
    let stemmed = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Arabic))
        .build();
    let (rasd, rasd_missed) = found(crate::analyzer());
    let (plain, plain_missed) = found(default);
    let (stem, stem_missed) = found(stemmed);
    eprintln!(
        "variants found of {}: rasd {rasd}, tantivy default {plain} (missed {plain_missed:?}), \
         default + Arabic stemmer {stem} (missed {stem_missed:?})",
        PAIRS.len()
    );
    assert!(rasd_missed.is_empty(), "rasd missed {rasd_missed:?}");
    assert!(plain < rasd && stem < rasd);
}
