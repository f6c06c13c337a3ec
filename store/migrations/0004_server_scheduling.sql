-- Server-side scheduling: a client may let platforms that can (Mastodon's scheduled_at)
-- publish its posts themselves, so they go out with chorus closed. server_ref names the
-- post scheduled on the platform; while it is set, the platform owns the publishing and
-- chorus only checks what became of it.
ALTER TABLE clients ADD COLUMN server_scheduling INTEGER NOT NULL DEFAULT 0;
ALTER TABLE targets ADD COLUMN server_ref TEXT NOT NULL DEFAULT '';
