-- rasd store, schema version 4: the updates of a fused event: figures reported higher later on
-- (a toll that rose), listed apart from its contradictions. Stored before: none until the
-- layer is next recomputed.
ALTER TABLE fused_events ADD COLUMN updates TEXT NOT NULL DEFAULT '[]'; -- JSON, like contradictions
