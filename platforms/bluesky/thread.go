package bluesky

import (
	"context"
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// Thread context comes from app.bsky.feed.getPostThread
// (lexicons/app/bsky/feed/getPostThread.json): the post with its parents up to the root
// and its replies, nested.

// How much of a thread is fetched: the whole chain above (the API's maximum is 1000),
// replies a few levels down.
const (
	threadParents = 80
	threadDepth   = 6
)

// threadNode is app.bsky.feed.defs#threadViewPost, or a notFoundPost / blockedPost (which
// have no post).
type threadNode struct {
	Type    string        `json:"$type"`
	Post    *postView     `json:"post"`
	Parent  *threadNode   `json:"parent"`
	Replies []*threadNode `json:"replies"`
}

// postView is the part of app.bsky.feed.defs#postView the adapter reads.
type postView struct {
	URI         string          `json:"uri"`
	CID         string          `json:"cid"`
	Author      profileView     `json:"author"`
	Record      json.RawMessage `json:"record"`
	IndexedAt   string          `json:"indexedAt"`
	LikeCount   *int64          `json:"likeCount"`
	RepostCount *int64          `json:"repostCount"`
	ReplyCount  *int64          `json:"replyCount"`
	QuoteCount  *int64          `json:"quoteCount"`
}

// Thread returns the conversation around a post: its parents from the root down, the post,
// then its replies (depth first, oldest first at each level). The account's own posts
// have no Kind, since the inbox has no kind for "ours"; others are replies, or mentions
// when they answer nothing.
func (ad *Adapter) Thread(ctx context.Context, acct social.Account, remoteID string) ([]social.InboxItem, error) {
	u, err := ad.postURI(ctx, acct, remoteID)
	if err != nil {
		return nil, err
	}
	var out struct {
		Thread threadNode `json:"thread"`
	}
	params := url.Values{"uri": {u.String()}, "depth": {strconv.Itoa(threadDepth)}, "parentHeight": {strconv.Itoa(threadParents)}}
	if err := ad.call(ctx, acct, query("app.bsky.feed.getPostThread", params), &out); err != nil {
		return nil, err
	}
	if out.Thread.Post == nil {
		return nil, &platforms.NotFoundError{What: "Bluesky post " + remoteID + " (" + out.Thread.Type + ")"}
	}
	own := ""
	if s := ad.cached(acct.ID); s != nil {
		own = s.DID
	}
	var chain []social.InboxItem
	for p := out.Thread.Parent; p != nil && p.Post != nil; p = p.Parent {
		chain = append(chain, ad.threadItem(acct, own, p.Post))
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	chain = append(chain, ad.threadItem(acct, own, out.Thread.Post))
	var walk func(n *threadNode)
	walk = func(n *threadNode) {
		replies := n.Replies
		sort.SliceStable(replies, func(i, j int) bool {
			return postTime(replies[i]).Before(postTime(replies[j]))
		})
		for _, r := range replies {
			if r == nil || r.Post == nil {
				continue
			}
			chain = append(chain, ad.threadItem(acct, own, r.Post))
			walk(r)
		}
	}
	walk(&out.Thread)
	return chain, nil
}

func postTime(n *threadNode) time.Time {
	if n == nil || n.Post == nil {
		return time.Time{}
	}
	return parseTime(n.Post.IndexedAt)
}

// threadItem shows one post of a thread as an inbox item.
func (ad *Adapter) threadItem(acct social.Account, own string, p *postView) social.InboxItem {
	var rec postFields
	_ = json.Unmarshal(p.Record, &rec)
	u, _ := parseATURI(p.URI)
	it := social.InboxItem{
		AccountID: acct.ID, ClientID: acct.ClientID, Platform: Name, RemoteID: p.URI,
		AuthorID: p.Author.DID, AuthorHandle: p.Author.Handle, AuthorName: p.Author.DisplayName,
		Text: rec.Text, URL: ad.webURL(u, p.Author.Handle), ConversationID: p.URI,
		CreatedAt: parseTime(rec.CreatedAt),
	}
	if it.CreatedAt.IsZero() {
		it.CreatedAt = parseTime(p.IndexedAt)
	}
	if rec.Reply != nil {
		it.ParentRemoteID, it.ConversationID = rec.Reply.Parent.URI, rec.Reply.Root.URI
	}
	switch {
	case p.Author.DID == own && own != "":
	case rec.Reply != nil:
		it.Kind = social.InboxReply
	default:
		it.Kind = social.InboxMention
	}
	return it
}
