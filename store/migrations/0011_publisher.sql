-- The hardened publisher (issue 6).
--
-- claim_seq grows with every claim and is never reset: it is the claim's fencing token,
-- so a process whose lease ran out can neither extend nor start the send of a target
-- another process has claimed since (attempts cannot serve: retrying resets it).
ALTER TABLE targets ADD COLUMN claim_seq INTEGER NOT NULL DEFAULT 0;
-- When a send whose outcome is unknown began (unix ms; 0: none). The publisher claims
-- several targets at once and marks each only as its send starts, so a claim that was
-- never sent is simply claimed again after a crash, while one that may have reached the
-- platform is re-sent only with its idempotency key (within the platform's key window) or
-- after asking the platform. A failure that proves nothing went out clears it.
ALTER TABLE targets ADD COLUMN send_began_at INTEGER NOT NULL DEFAULT 0;
-- When the current try's first attempt was claimed: transient failures are retried until
-- Publisher.RetryFor after the later of this and the due time.
ALTER TABLE targets ADD COLUMN first_try_at INTEGER NOT NULL DEFAULT 0;
-- 'client' when the client's pause switch paused the target, so resuming the client
-- resumes only what it paused, not posts paused one by one.
ALTER TABLE targets ADD COLUMN paused_by TEXT NOT NULL DEFAULT '';

-- A target found publishing after an upgrade was being sent by an older chorus when it
-- stopped: it may be out. Its send began at the latest one default lease before its lease ends.
UPDATE targets SET send_began_at = max(lease_until - 120000, 1) WHERE status = 'publishing';

-- Accounts with a send in flight: the claim keeps each account's posts in due order by
-- leaving accounts busy elsewhere alone.
CREATE INDEX targets_inflight ON targets(account_id, lease_until) WHERE status = 'publishing';

-- Whoever moves a target out of paused (the calendar, the composer, a resume), the mark
-- of the client's pause goes with it.
CREATE TRIGGER targets_unpaused AFTER UPDATE OF status ON targets
WHEN NEW.status <> 'paused' AND OLD.paused_by <> ''
BEGIN
    UPDATE targets SET paused_by = '' WHERE id = NEW.id;
END;

-- A failed target given another go by a person (retry, reschedule, publish now) starts a
-- new try: its retry deadline counts from now, and the person has looked at whether an
-- earlier attempt went out (the failure told them to).
CREATE TRIGGER targets_retried AFTER UPDATE OF status ON targets
WHEN OLD.status = 'failed' AND NEW.status <> 'failed'
BEGIN
    UPDATE targets SET send_began_at = 0, first_try_at = 0 WHERE id = NEW.id;
END;
