//! Extraction from Arabic news articles, every result a span of the original text.
//!
//! # Brief overview
//! [`quotes::find_quotes`] finds direct quotes and their speakers among an article's named
//! entities, with rules from `data/extract/quotes.toml` ([`quotes::QuoteRules`]).
//! [`dates::find_times`] finds time expressions with TIMEX3 types and values, resolving relative
//! ones against the publication date (`data/extract/time.toml`).
//! [`quantities::find_quantities`] finds amounts and what they count.
//! [`events::find_events`] codes events (PLOVER type, CAMEO code) with their source and target
//! among the article's actors ([`events::ActorRef`]), place, time, quantity, modality and
//! attribution, with the trigger lexicon of `data/extract/events.toml` ([`events::EventRules`]).
//! [`timeml`] and [`gsr`] read the TimeML and PETRARCH gold files the `rasd eval` commands score.
//!
//! ```
//! use rasd_extract::quotes::{QuoteRules, SpeakerMention, find_quotes};
//! use rasd_text::Span;
//! let text = "وقال كيم: \"سأقف دائما إلى جانب روسيا\".";
//! let kim = text.find("كيم").unwrap();
//! let speakers = [SpeakerMention { span: Span::new(kim, kim + "كيم".len()), entity: 0, person: true }];
//! let quotes = find_quotes(text, &[Span::new(0, text.len())], &speakers, QuoteRules::bundled());
//! assert_eq!(quotes[0].text.text(text), "سأقف دائما إلى جانب روسيا");
//! assert_eq!(quotes[0].speaker, Some(0));
//! ```
#![deny(missing_docs)]

pub mod dates;
pub mod event_model;
pub mod events;
pub mod gsr;
pub mod linear;
pub mod quantities;
pub mod quotes;
mod scan;
pub mod timeml;

/// Time expressions and quantities of a text at once: its tokens are keyed once for both.
pub fn find_times_and_quantities(
    text: &str,
    dct: Option<rasd_reader::calendar::Date>,
    time_rules: &dates::TimeRules,
    quantity_rules: &quantities::QuantityRules,
) -> (Vec<dates::TimeExpr>, Vec<quantities::Quantity>) {
    let items = scan::items(text);
    (
        dates::times_in(&items, dct, time_rules),
        quantities::quantities_in(&items, quantity_rules),
    )
}

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// A rules file did not load.
    #[error("extraction rules: {reason}")]
    BadRules {
        /// What is wrong.
        reason: String,
    },
}
