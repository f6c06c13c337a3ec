-- The thread view shows a DM with the rest of its conversation: the newest messages of one
-- conversation on one account, read in id (time) order from this index without a sort.
-- DMs only, since other kinds fill conversation_id with whatever their platform calls a
-- thread, and nothing looks those up.
CREATE INDEX inbox_conversation ON inbox_items(account_id, conversation_id, id) WHERE kind = 'dm';
