-- What the composer's "when" field held for a post ("fri 10:00", "queue", "now"), so a
-- draft reopened after a restart shows the input as it was left, not only the time it
-- came to. It goes with its post.
CREATE TABLE compose_state (
    post_id    INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
    when_input TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
-- The composer's drafts list: a client's posts still being planned, last edited first.
CREATE INDEX posts_planning ON posts(client_id, updated_at)
    WHERE status IN ('idea', 'draft', 'review', 'approved');
