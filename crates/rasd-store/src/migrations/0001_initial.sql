-- rasd store, schema version 1.
-- Character offsets (`*_start`, `*_end`) are Unicode code point offsets into `files.text`,
-- the decoded text of the file the article was read from, as in `rasd extract` output.

-- Key-value state of the store (`derived_stale` = 1 while the cross-article layer is out of date).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The decoded text of each file read: the coordinate system of all spans.
CREATE TABLE files (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    path      TEXT NOT NULL,
    text_hash TEXT NOT NULL UNIQUE,
    text      TEXT NOT NULL
);

-- One row per article (a file holds a main article and maybe related ones appended to it).
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,  -- SHA-256 of the Search-normalized text (its blocks)
    file_id      INTEGER NOT NULL REFERENCES files(id),
    part         INTEGER NOT NULL,      -- position of the article in its file
    role         TEXT NOT NULL,         -- main | related
    outlet       TEXT,
    outlet_en    TEXT,
    published    TEXT,                  -- YYYY-MM-DD
    title        TEXT,
    blocks       TEXT NOT NULL,         -- JSON [[start, end], …]: its title, headings, paragraphs
    story        TEXT,                  -- derived: stories.id
    duplicate_of INTEGER                -- derived: the original of its copy group
);
CREATE INDEX articles_file ON articles(file_id);
CREATE INDEX articles_published ON articles(published);

-- The named entities of each article, as the article names them.
CREATE TABLE article_entities (
    article   INTEGER NOT NULL REFERENCES articles(id),
    idx       INTEGER NOT NULL,         -- position among the article's entities
    type      TEXT NOT NULL,            -- PER | LOC | ORG | MISC
    name      TEXT NOT NULL,
    name_en   TEXT,
    actor     TEXT,                     -- CAMEO actor code
    aliases   TEXT NOT NULL,            -- JSON array of the spellings in the article
    canonical TEXT,                     -- derived: entities.id
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE INDEX article_entities_canonical ON article_entities(canonical);

-- Each mention of an article entity, with its span.
CREATE TABLE mentions (
    article    INTEGER NOT NULL REFERENCES articles(id),
    entity     INTEGER NOT NULL,        -- article_entities.idx
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article, entity);

-- The coded events of each article.
CREATE TABLE events (
    article             INTEGER NOT NULL REFERENCES articles(id),
    idx                 INTEGER NOT NULL,
    type                TEXT NOT NULL,  -- PLOVER type
    cameo               TEXT NOT NULL,
    trigger_start       INTEGER NOT NULL,
    trigger_end         INTEGER NOT NULL,
    source_entity       INTEGER,        -- article_entities.idx
    source_actor        TEXT,
    source_text         TEXT,
    target_entity       INTEGER,
    target_actor        TEXT,
    target_text         TEXT,
    date                TEXT,           -- TIMEX3 value
    location            TEXT,
    location_is_country INTEGER NOT NULL,
    quantity_value      REAL,
    quantity_unit       TEXT,
    quantity_text       TEXT,
    modality            TEXT NOT NULL,  -- asserted | reported | expected | speculated | negated
    evidence            TEXT NOT NULL,
    evidence_start      INTEGER NOT NULL,
    evidence_end        INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE INDEX events_type ON events(type);

-- The cross-article layer, recomputed over all articles and replaced in one transaction.

-- Canonical entities.
CREATE TABLE entities (
    id       TEXT PRIMARY KEY,          -- c1, c2 …
    type     TEXT NOT NULL,
    name     TEXT NOT NULL,
    name_en  TEXT,
    actor    TEXT,
    aliases  TEXT NOT NULL,             -- JSON array, most frequent first
    articles INTEGER NOT NULL           -- how many articles name it
);

-- Stories (their articles: articles.story).
CREATE TABLE stories (
    id       TEXT PRIMARY KEY,          -- s1, s2 …
    title    TEXT,
    first    TEXT,
    last     TEXT,
    entities TEXT NOT NULL,             -- JSON array of entities.id, most named first
    articles INTEGER NOT NULL
);

-- Copies and near-copies: each member of a group other than its original.
CREATE TABLE duplicates (
    article    INTEGER PRIMARY KEY REFERENCES articles(id),
    canonical  INTEGER NOT NULL REFERENCES articles(id),
    similarity REAL NOT NULL,
    exact      INTEGER NOT NULL
);

-- Events as all their reports tell them.
CREATE TABLE fused_events (
    id             TEXT PRIMARY KEY,    -- f1, f2 …
    type           TEXT NOT NULL,
    cameo          TEXT NOT NULL,
    story          TEXT NOT NULL,
    source_entity  TEXT,
    source_name    TEXT,
    source_name_en TEXT,
    source_actor   TEXT,
    target_entity  TEXT,
    target_name    TEXT,
    target_name_en TEXT,
    target_actor   TEXT,
    date           TEXT,
    location       TEXT,
    corroboration  INTEGER NOT NULL,    -- independent outlets
    first_reported TEXT,
    contradictions TEXT NOT NULL        -- JSON array of {field, values: [{value, outlets, files}]}
);
CREATE INDEX fused_events_type ON fused_events(type);
CREATE INDEX fused_events_story ON fused_events(story);

-- The reports of each fused event.
CREATE TABLE fused_mentions (
    fused          TEXT NOT NULL REFERENCES fused_events(id),
    article        INTEGER NOT NULL REFERENCES articles(id),
    modality       TEXT NOT NULL,
    cameo          TEXT NOT NULL,
    evidence       TEXT NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    date           TEXT,
    location       TEXT,
    quantity       TEXT
);
CREATE INDEX fused_mentions_fused ON fused_mentions(fused);
CREATE INDEX fused_mentions_article ON fused_mentions(article);
