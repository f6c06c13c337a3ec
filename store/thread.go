package store

import (
	"context"

	"github.com/chorus-social/chorus/social"
)

// How much of a conversation LocalThread reads: enough to read a thread in a terminal,
// bounded so a runaway reply chain (or a cycle in bad data) stays one quick query.
const (
	threadAncestors = 20  // parents above the item
	threadDepth     = 8   // levels of replies below it
	threadReplies   = 200 // replies below it, all levels
	threadDMs       = 50  // newest messages of a DM conversation
)

// localThreadSQL gathers the ids around an item, each with a rank that orders the result:
// -n for the n-th parent up, 0 for the item, 1 for replies; around a DM everything ranks
// 0, since a chat reads in time order whoever answered whom. Parents are found by remote id (the unique index on account and remote
// id), replies by parent (inbox_parent, whose partial-index condition the join repeats so
// the planner may use it), DMs through inbox_conversation.
const localThreadSQL = `WITH RECURSIVE
	focus(id, account_id, remote_id, parent_remote_id, conversation_id, kind) AS (
		SELECT id, account_id, remote_id, parent_remote_id, conversation_id, kind FROM inbox_items WHERE id=?1),
	up(id, account_id, parent, depth) AS (
		SELECT id, account_id, parent_remote_id, 0 FROM focus
		UNION ALL
		SELECT p.id, p.account_id, p.parent_remote_id, up.depth+1 FROM up
		JOIN inbox_items p ON p.account_id=up.account_id AND p.remote_id=up.parent
		WHERE up.parent<>'' AND up.depth<?2),
	down(id, account_id, remote_id, depth) AS (
		SELECT id, account_id, remote_id, 0 FROM focus
		UNION ALL
		SELECT c.id, c.account_id, c.remote_id, down.depth+1 FROM down
		JOIN inbox_items c ON c.account_id=down.account_id AND c.parent_remote_id=down.remote_id
			AND c.parent_remote_id<>''
		WHERE down.depth<?3 LIMIT ?4),
	dm(id) AS (
		SELECT c.id FROM focus
		JOIN inbox_items c ON c.account_id=focus.account_id AND c.conversation_id=focus.conversation_id
			AND c.kind='dm'
		WHERE focus.kind='dm' AND focus.conversation_id<>''
		ORDER BY c.id DESC LIMIT ?5),
	ranked(id, rank) AS (
		SELECT id, -depth FROM up
		UNION ALL SELECT id, min(depth, 1) FROM down
		UNION ALL SELECT id, 0 FROM dm),
	ids(id, rank) AS (
		SELECT id, CASE WHEN id=?1 OR (SELECT kind FROM focus)='dm' THEN 0 ELSE min(rank) END
		FROM ranked GROUP BY id)
SELECT ` + inboxCols + ` FROM ids JOIN inbox_items i ON i.id=ids.id ORDER BY ids.rank, i.id`

// LocalThread returns the conversation around an inbox item as far as the database has
// it, with labels and likes/replies filled as Inbox does: the item's parent chain oldest
// first (up to 20), the item, then the replies below it (to any depth, up to 200) in time
// order. For a DM the newest 50 messages of its conversation on the same account are added,
// and everything comes in time order. Links are followed only within the item's account: the
// same post seen from two accounts is two items. Done and snoozed items are included.
func (db *DB) LocalThread(ctx context.Context, itemID int64) ([]social.InboxItem, error) {
	items, err := db.inboxRows(ctx, localThreadSQL, itemID, threadAncestors, threadDepth, threadReplies, threadDMs)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, notFound("inbox item", itemID)
	}
	return items, nil
}
