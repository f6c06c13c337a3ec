-- Pausing a target remembers the status it had, so resuming puts it back where it was (a
-- paused draft comes back a draft, not scheduled) even after a restart.
ALTER TABLE targets ADD COLUMN paused_from TEXT NOT NULL DEFAULT '';
-- It means something only while the target is paused: whoever moves a target out of
-- paused (the composer, the publisher, a resume), the remembered status goes with it, so
-- a later pause by a writer that does not set it cannot resume to a stale one.
CREATE TRIGGER targets_paused_from AFTER UPDATE OF status ON targets
WHEN NEW.status <> 'paused' AND NEW.paused_from <> ''
BEGIN
    UPDATE targets SET paused_from = '' WHERE id = NEW.id;
END;
-- The calendar counts each day's posts per account and picks the first few of them: an
-- index on (account, kind, due time) that also holds the status and the post answers both
-- without reading a table row, so a month over 20,000 targets costs a few milliseconds.
CREATE INDEX targets_calendar ON targets(account_id, kind, due_at, status, post_id);
