-- The inbox shows, beside each item, the like and reply sent from it: targets are found by
-- the remote id they answer.
CREATE INDEX targets_reply ON targets(reply_to) WHERE reply_to <> '';
