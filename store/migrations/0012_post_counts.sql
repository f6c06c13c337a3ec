-- The status bar's counts of a client's scheduled, paused and failed posts (PostCounts) on
-- every start, client switch and publish: without it they walk every post target of the
-- workspace (~25 ms at 20,000 targets), with it only those three states' entries.
CREATE INDEX targets_state ON targets(status, account_id, paused_by, due_at)
    WHERE kind = 'post' AND status IN ('scheduled', 'paused', 'failed');
