-- A reply typed in the inbox and not sent yet, one per item, so it outlives quitting and a
-- killed process: r brings it back and the row shows that a reply waits. It goes with its
-- item.
CREATE TABLE reply_drafts (
    item_id    INTEGER PRIMARY KEY REFERENCES inbox_items(id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
