-- chorus schema, version 1. Times are unix milliseconds, UTC. Local ids are INTEGER
-- rowids. Inbox item ids are made from the item's time (created_at << 20, plus a counter
-- for items of the same millisecond), so id order is time order whatever order a sync
-- delivers them in, and keyset pages and FTS rowid order agree.

CREATE TABLE clients (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    tz                TEXT NOT NULL DEFAULT 'UTC',
    color             TEXT NOT NULL DEFAULT '',
    approval_required INTEGER NOT NULL DEFAULT 0,
    require_alt       INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL
);

CREATE TABLE accounts (
    id           TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    platform     TEXT NOT NULL,
    server       TEXT NOT NULL DEFAULT '',
    handle       TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    remote_id    TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    UNIQUE (platform, server, handle)
);
CREATE INDEX accounts_client ON accounts(client_id);

CREATE TABLE campaigns (
    id        INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    color     TEXT NOT NULL DEFAULT '',
    starts_at INTEGER NOT NULL DEFAULT 0,
    ends_at   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (client_id, name)
);

CREATE TABLE posts (
    id          INTEGER PRIMARY KEY,
    client_id   TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
    status      TEXT NOT NULL DEFAULT 'draft',
    notes       TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX posts_client ON posts(client_id, id);

-- A thread is a post with several parts; a single post has part 0 only.
CREATE TABLE post_parts (
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    text    TEXT NOT NULL,
    PRIMARY KEY (post_id, idx)
) WITHOUT ROWID;

CREATE TABLE media (
    id      INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    part    INTEGER NOT NULL DEFAULT 0,
    path    TEXT NOT NULL,
    mime    TEXT NOT NULL DEFAULT '',
    alt     TEXT NOT NULL DEFAULT '',
    width   INTEGER NOT NULL DEFAULT 0,
    height  INTEGER NOT NULL DEFAULT 0,
    size    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX media_post ON media(post_id, part);

-- The outbox: one row per post per account (and per inbox action: reply, like, dm).
CREATE TABLE targets (
    id           INTEGER PRIMARY KEY,
    post_id      INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL DEFAULT 'post',
    variant      TEXT NOT NULL DEFAULT '',  -- JSON array of part texts, '' = the post's
    status       TEXT NOT NULL DEFAULT 'draft',
    due_at       INTEGER NOT NULL DEFAULT 0,
    idem_key     TEXT NOT NULL DEFAULT '',
    attempts     INTEGER NOT NULL DEFAULT 0,
    lease_until  INTEGER NOT NULL DEFAULT 0,
    not_before   INTEGER NOT NULL DEFAULT 0,  -- retry back-off: not claimed before this
    reply_to     TEXT NOT NULL DEFAULT '',
    remote_id    TEXT NOT NULL DEFAULT '',
    remote_url   TEXT NOT NULL DEFAULT '',
    last_error   TEXT NOT NULL DEFAULT '',
    published_at INTEGER NOT NULL DEFAULT 0,
    sent_parts   TEXT NOT NULL DEFAULT ''   -- JSON array of remote ids of parts already out
);
CREATE INDEX targets_post ON targets(post_id);
CREATE INDEX targets_account ON targets(account_id, due_at);
-- The calendar: a time window of one kind, in (due_at, id) order.
CREATE INDEX targets_kind_due ON targets(kind, due_at);
-- The publisher's claim query walks only rows that can be due.
CREATE INDEX targets_due ON targets(due_at) WHERE status IN ('scheduled', 'publishing');
CREATE UNIQUE INDEX targets_idem ON targets(idem_key) WHERE idem_key <> '';
-- An account's published posts, newest first: whose metrics a sync refreshes.
CREATE INDEX targets_published ON targets(account_id, published_at) WHERE status='published';

CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY,
    platform   TEXT NOT NULL,
    remote_id  TEXT NOT NULL,
    handle     TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL DEFAULT '',
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    UNIQUE (platform, remote_id)
);

CREATE TABLE conversations (
    id           INTEGER PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    remote_id    TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    participants TEXT NOT NULL DEFAULT '',  -- JSON array of handles
    last_at      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, remote_id)
);

CREATE TABLE inbox_items (
    id               INTEGER PRIMARY KEY,
    account_id       TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    client_id        TEXT NOT NULL,  -- copied from the account so filters need no join
    platform         TEXT NOT NULL,
    remote_id        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    author_id        TEXT NOT NULL DEFAULT '',
    author_handle    TEXT NOT NULL DEFAULT '',
    author_name      TEXT NOT NULL DEFAULT '',
    text             TEXT NOT NULL DEFAULT '',
    url              TEXT NOT NULL DEFAULT '',
    parent_remote_id TEXT NOT NULL DEFAULT '',
    conversation_id  TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    -- local triage state; a sync never writes these
    read             INTEGER NOT NULL DEFAULT 0,
    done             INTEGER NOT NULL DEFAULT 0,
    snoozed_until    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, remote_id)
);
CREATE INDEX inbox_client ON inbox_items(client_id, id);
-- Open items only: small once triage keeps up, and the default inbox view walks them
-- newest first, with or without a client filter.
CREATE INDEX inbox_open ON inbox_items(id) WHERE done=0;
CREATE INDEX inbox_open_client ON inbox_items(client_id, id) WHERE done=0;
-- Covers the status bar's per-client open count (OpenCounts) without touching the table:
-- 100,000 open items count in ~12 ms instead of ~300 ms.
CREATE INDEX inbox_open_counts ON inbox_items(client_id, snoozed_until) WHERE done=0;
CREATE INDEX inbox_author ON inbox_items(platform, author_id, id);
CREATE INDEX inbox_parent ON inbox_items(account_id, parent_remote_id) WHERE parent_remote_id <> '';

-- Search. FTS5 answers a plain term with ORDER BY rowid DESC LIMIT 50 in well under a
-- millisecond at 1M rows, but a prefix term ("wor"*) first merges the whole doclist of
-- every matching term: 50-400 ms at 1M rows. prefix='1 2 3' keeps prefixes of up to three
-- characters (the first keystrokes of a search) as fast as plain terms, for about twice
-- the index size; SearchInbox makes only the word being typed a prefix term.
CREATE VIRTUAL TABLE inbox_fts USING fts5(
    author, text, content='inbox_items', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
);
-- No AFTER INSERT trigger: UpsertInbox (the only writer of new items) indexes a batch's
-- new rows with one INSERT … SELECT at its end. FTS5 flushes its pending index at every
-- statement savepoint once it is written in a transaction, so a per-row trigger turns a
-- batch of 5,000 into 5,000 tiny segments. Deletes and edits are rare: triggers are fine.
CREATE TRIGGER inbox_fts_ad AFTER DELETE ON inbox_items BEGIN
    INSERT INTO inbox_fts(inbox_fts, rowid, author, text)
    VALUES ('delete', old.id, old.author_handle || ' ' || old.author_name, old.text);
END;
CREATE TRIGGER inbox_fts_au AFTER UPDATE OF author_handle, author_name, text ON inbox_items BEGIN
    INSERT INTO inbox_fts(inbox_fts, rowid, author, text)
    VALUES ('delete', old.id, old.author_handle || ' ' || old.author_name, old.text);
    INSERT INTO inbox_fts(rowid, author, text)
    VALUES (new.id, new.author_handle || ' ' || new.author_name, new.text);
END;

CREATE TABLE labels (
    id        INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    color     TEXT NOT NULL DEFAULT '',
    UNIQUE (client_id, name)
);

CREATE TABLE inbox_labels (
    item_id  INTEGER NOT NULL REFERENCES inbox_items(id) ON DELETE CASCADE,
    label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, label_id)
) WITHOUT ROWID;
CREATE INDEX inbox_labels_label ON inbox_labels(label_id, item_id);

CREATE TABLE saved_replies (
    id        INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    body      TEXT NOT NULL,
    UNIQUE (client_id, name)
);

-- Snapshots, appended: history exists even where a platform only returns current counts.
-- post_remote_id '' means the account's own numbers.
CREATE TABLE metric_points (
    id             INTEGER PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    post_remote_id TEXT NOT NULL DEFAULT '',
    name           TEXT NOT NULL,
    value          INTEGER NOT NULL,
    at             INTEGER NOT NULL
);
CREATE INDEX metric_points_series ON metric_points(account_id, post_remote_id, name, at);

CREATE TABLE sync_cursors (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    stream     TEXT NOT NULL,
    cursor     TEXT NOT NULL DEFAULT '',
    next_at    INTEGER NOT NULL DEFAULT 0,
    last_ok    INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (account_id, stream)
) WITHOUT ROWID;

-- Queue slots: wall-clock times in the client's zone, so they survive DST changes.
CREATE TABLE queue_slots (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    weekday    INTEGER NOT NULL,  -- 0 = Sunday, as time.Weekday
    minute     INTEGER NOT NULL,  -- minutes after local midnight
    PRIMARY KEY (account_id, weekday, minute)
) WITHOUT ROWID;

-- Settings of the workspace (first-run done, last client), small key/value pairs.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
