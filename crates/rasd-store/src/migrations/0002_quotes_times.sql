-- rasd store, schema version 2: quotes and time expressions of each article, and which article
-- event each report of a fused event is. Articles stored at version 1 keep no quotes or times
-- (re-ingest them into a new data directory to have them).

-- Direct quotes and reported speech.
CREATE TABLE quotes (
    article       INTEGER NOT NULL REFERENCES articles(id),
    idx           INTEGER NOT NULL,
    kind          TEXT NOT NULL,        -- direct | reported
    char_start    INTEGER NOT NULL,     -- the quoted words, without the marks
    char_end      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    speaker       INTEGER,              -- article_entities.idx
    speaker_start INTEGER,              -- where the speaker is named for this quote
    speaker_end   INTEGER,
    cue_start     INTEGER,              -- the speech verb
    cue_end       INTEGER,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;

-- Time expressions (TIMEX3).
CREATE TABLE times (
    article    INTEGER NOT NULL REFERENCES articles(id),
    idx        INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,           -- DATE | TIME | DURATION | SET
    value      TEXT,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;

-- The article event (events.idx) a report of a fused event is; NULL in layers derived before.
ALTER TABLE fused_mentions ADD COLUMN event INTEGER;
CREATE INDEX fused_mentions_event ON fused_mentions(article, event);

-- Search keys of a canonical entity: its name, English name and aliases Search-normalized and
-- lower-cased, joined by '|' (for name filters); NULL in layers derived before.
ALTER TABLE entities ADD COLUMN keys TEXT;

-- Where the title is (character offsets; NULL for articles stored before).
ALTER TABLE articles ADD COLUMN title_start INTEGER;
ALTER TABLE articles ADD COLUMN title_end INTEGER;

-- The read model's orders and filters (rasd_store::query).
CREATE INDEX fused_events_rank ON fused_events(corroboration DESC);
CREATE INDEX fused_events_contradicted ON fused_events(corroboration DESC)
    WHERE contradictions != '[]';
CREATE INDEX fused_events_source ON fused_events(source_entity);
CREATE INDEX fused_events_target ON fused_events(target_entity);

-- Which of the article's blocks are section headings: JSON array of indices into `blocks`
-- (NULL for articles stored before).
ALTER TABLE articles ADD COLUMN headings TEXT;
CREATE INDEX articles_story ON articles(story);
-- Covers the actor network's grouping (no row of fused_events is read).
CREATE INDEX fused_events_parties ON fused_events(type, source_entity, source_actor,
    target_entity, target_actor, source_name, target_name);
