-- rasd store, schema version 3: what story clustering did with each article, so that a batch
-- updates only the stories, copies, entities and fused events it reaches
-- (rasd_fusion::stories::Clusterer::replay). A store of version 2 has no steps yet: its next
-- update recomputes the whole layer once and records them.
CREATE TABLE story_steps (
    article     INTEGER PRIMARY KEY REFERENCES articles(id),
    story       INTEGER NOT NULL,       -- the story it joined, named by its first article's id
    merged_gone INTEGER,                -- then story merged_gone merged into story merged_into
    merged_into INTEGER
);
CREATE INDEX entities_name ON entities(type, name);
CREATE INDEX entities_name_en ON entities(type, name_en);
