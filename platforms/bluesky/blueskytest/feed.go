package blueskytest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// note is a notification waiting for its recipient.
type note struct {
	seq              int
	uri, cid, author string
	reason, subject  string
	record           json.RawMessage
	indexedAt        string
}

// notify makes the notifications a new record causes, as the AppView does. A reply that
// also mentions its parent's author makes one "mention" (seen on the local network,
// 2026-11-23).
func (s *Server) notify(rec *storedRecord) {
	to := map[string][2]string{} // recipient → reason, subject
	author := func(uri string) string {
		if r := s.records[uri]; r != nil {
			return r.DID
		}
		return ""
	}
	switch rec.Collection {
	case "app.bsky.feed.post":
		var p Post
		_ = json.Unmarshal(rec.Value, &p)
		if p.Reply != nil && p.Reply.Parent != nil {
			if who := author(p.Reply.Parent.URI); who != "" {
				to[who] = [2]string{"reply", p.Reply.Parent.URI}
			}
		}
		if p.Embed != nil && p.Embed.Type == "app.bsky.embed.record" && p.Embed.Record != nil {
			if who := author(p.Embed.Record.URI); who != "" {
				to[who] = [2]string{"quote", p.Embed.Record.URI}
			}
		}
		for _, f := range p.Facets {
			for _, ft := range f.Features {
				if ft.Type == "app.bsky.richtext.facet#mention" && s.accounts[ft.DID] != nil {
					to[ft.DID] = [2]string{"mention", ""}
				}
			}
		}
	case "app.bsky.feed.like", "app.bsky.feed.repost":
		var l struct{ Subject *Ref }
		_ = json.Unmarshal(rec.Value, &l)
		if l.Subject != nil {
			if who := author(l.Subject.URI); who != "" {
				to[who] = [2]string{map[string]string{"app.bsky.feed.like": "like", "app.bsky.feed.repost": "repost"}[rec.Collection], l.Subject.URI}
			}
		}
	case "app.bsky.graph.follow":
		var f struct{ Subject string }
		_ = json.Unmarshal(rec.Value, &f)
		if s.accounts[f.Subject] != nil {
			to[f.Subject] = [2]string{"follow", ""}
		}
	}
	for did, rs := range to {
		if did == rec.DID {
			continue
		}
		s.seq++
		s.notes[did] = append(s.notes[did], &note{seq: s.seq, uri: rec.URI, cid: rec.CID, author: rec.DID,
			reason: rs[0], subject: rs[1], record: rec.Value, indexedAt: rec.IndexedAt})
	}
}

func (s *Server) profileView(did string) map[string]any {
	a := s.accounts[did]
	if a == nil {
		return map[string]any{"did": did, "handle": "handle.invalid", "labels": []any{}}
	}
	v := map[string]any{"did": a.DID, "handle": a.Handle, "labels": []any{}}
	if a.DisplayName != "" {
		v["displayName"] = a.DisplayName
	}
	return v
}

func (s *Server) listNotifications(c *caller, r *request) (any, *xrpcError) {
	limit := 50
	if v := r.param("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return nil, invalid("Invalid app.bsky.notification.listNotifications params: integer too big (maximum 100, got %s)", v)
		}
		limit = n
	}
	before := -1
	if v := r.param("cursor"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, invalid("Malformed cursor")
		}
		before = n
	}
	reasons := map[string]bool{}
	for _, v := range r.q["reasons"] {
		reasons[v] = true
	}
	seenAt := s.seen[c.acct.DID]
	list := s.notes[c.acct.DID]
	out := []map[string]any{}
	cursor := ""
	for i := len(list) - 1; i >= 0; i-- {
		n := list[i]
		if before >= 0 && n.seq >= before {
			continue
		}
		if len(reasons) > 0 && !reasons[n.reason] {
			continue
		}
		if len(out) == limit {
			cursor = strconv.Itoa(out[len(out)-1]["_seq"].(int))
			break
		}
		v := map[string]any{"_seq": n.seq, "uri": n.uri, "cid": n.cid, "author": s.profileView(n.author), "reason": n.reason,
			"record": n.record, "isRead": seenAt != "" && n.indexedAt <= seenAt, "indexedAt": n.indexedAt, "labels": []any{}}
		if n.subject != "" {
			v["reasonSubject"] = n.subject
		}
		out = append(out, v)
	}
	for _, v := range out {
		delete(v, "_seq")
	}
	res := map[string]any{"notifications": out}
	if cursor != "" {
		res["cursor"] = cursor
	}
	if seenAt != "" {
		res["seenAt"] = seenAt
	}
	return res, nil
}

// SeenAt returns what the account last told updateSeen.
func (s *Server) SeenAt(a *Account) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[a.DID]
}

func (s *Server) updateSeen(c *caller, r *request) (any, *xrpcError) {
	var in struct {
		SeenAt string `json:"seenAt"`
	}
	if err := r.decode(&in); err != nil {
		return nil, err
	}
	if msg := checkDatetime(in.SeenAt); msg != "" {
		return nil, invalid("Input/seenAt %s", msg)
	}
	s.seen[c.acct.DID] = in.SeenAt
	return nil, nil
}

// counts returns a post's like, repost, reply and quote counts.
func (s *Server) counts(uri string) (likes, reposts, replies, quotes int) {
	for _, rec := range s.records {
		var v struct {
			Subject *Ref
			Reply   *Reply
			Embed   *Embed
		}
		_ = json.Unmarshal(rec.Value, &v)
		switch {
		case rec.Collection == "app.bsky.feed.like" && v.Subject != nil && v.Subject.URI == uri:
			likes++
		case rec.Collection == "app.bsky.feed.repost" && v.Subject != nil && v.Subject.URI == uri:
			reposts++
		case rec.Collection == "app.bsky.feed.post":
			if v.Reply != nil && v.Reply.Parent != nil && v.Reply.Parent.URI == uri {
				replies++
			}
			if v.Embed != nil && v.Embed.Record != nil && v.Embed.Record.URI == uri {
				quotes++
			}
		}
	}
	return
}

func (s *Server) postView(rec *storedRecord) map[string]any {
	likes, reposts, replies, quotes := s.counts(rec.URI)
	return map[string]any{"uri": rec.URI, "cid": rec.CID, "author": s.profileView(rec.DID), "record": rec.Value,
		"indexedAt": rec.IndexedAt, "likeCount": likes, "repostCount": reposts, "replyCount": replies,
		"quoteCount": quotes, "labels": []any{}}
}

func (s *Server) getPostThread(_ *caller, r *request) (any, *xrpcError) {
	uri := r.param("uri")
	depth, parents := 6, 80
	if v, err := strconv.Atoi(r.param("depth")); err == nil {
		depth = v
	}
	if v, err := strconv.Atoi(r.param("parentHeight")); err == nil {
		parents = v
	}
	rec := s.records[uri]
	if rec == nil || rec.Collection != "app.bsky.feed.post" {
		return nil, &xrpcError{400, "NotFound", "Post not found: " + uri}
	}
	node := s.threadNode(rec, depth)
	cur := node
	for i := 0; i < parents; i++ {
		var p Post
		_ = json.Unmarshal(cur["post"].(map[string]any)["record"].(json.RawMessage), &p)
		if p.Reply == nil || p.Reply.Parent == nil {
			break
		}
		parent := s.records[p.Reply.Parent.URI]
		if parent == nil {
			cur["parent"] = map[string]any{"$type": "app.bsky.feed.defs#notFoundPost", "uri": p.Reply.Parent.URI, "notFound": true}
			break
		}
		pn := map[string]any{"$type": "app.bsky.feed.defs#threadViewPost", "post": s.postView(parent)}
		cur["parent"] = pn
		cur = pn
	}
	return map[string]any{"thread": node}, nil
}

func (s *Server) threadNode(rec *storedRecord, depth int) map[string]any {
	n := map[string]any{"$type": "app.bsky.feed.defs#threadViewPost", "post": s.postView(rec)}
	if depth <= 0 {
		return n
	}
	replies := []any{}
	for _, uri := range s.order {
		r := s.records[uri]
		if r == nil || r.Collection != "app.bsky.feed.post" {
			continue
		}
		var p Post
		_ = json.Unmarshal(r.Value, &p)
		if p.Reply != nil && p.Reply.Parent != nil && p.Reply.Parent.URI == rec.URI {
			replies = append(replies, s.threadNode(r, depth-1))
		}
	}
	n["replies"] = replies
	return n
}

func (s *Server) getPosts(_ *caller, r *request) (any, *xrpcError) {
	uris := r.q["uris"]
	if len(uris) > 25 {
		return nil, invalid("uris must not have more than 25 elements")
	}
	posts := []any{}
	for _, u := range uris {
		if rec := s.records[u]; rec != nil && rec.Collection == "app.bsky.feed.post" {
			posts = append(posts, s.postView(rec))
		}
	}
	return map[string]any{"posts": posts}, nil
}

func (s *Server) getProfile(_ *caller, r *request) (any, *xrpcError) {
	a := s.actor(r.param("actor"))
	if a == nil {
		return nil, invalid("Profile not found")
	}
	followers, follows, posts := 0, 0, 0
	for _, rec := range s.records {
		switch rec.Collection {
		case "app.bsky.graph.follow":
			var f struct{ Subject string }
			_ = json.Unmarshal(rec.Value, &f)
			if f.Subject == a.DID {
				followers++
			}
			if rec.DID == a.DID {
				follows++
			}
		case "app.bsky.feed.post":
			if rec.DID == a.DID {
				posts++
			}
		}
	}
	v := s.profileView(a.DID)
	v["followersCount"], v["followsCount"], v["postsCount"] = followers, follows, posts
	return v, nil
}

// Things other accounts do, for tests: they go through the same storage and
// notifications as XRPC calls.

var mentionRE = regexp.MustCompile(`@([a-z0-9.-]+[a-z0-9])`)

// Post publishes text from a, with mention facets for handles on the server, as a reply
// to the post replyTo when it is not empty; it returns the new post's URI.
func (s *Server) Post(a *Account, text, replyTo string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := map[string]any{"$type": "app.bsky.feed.post", "text": text, "createdAt": s.now().Format(time.RFC3339Nano)}
	var facets []map[string]any
	for _, m := range mentionRE.FindAllStringSubmatchIndex(text, -1) {
		if did, ok := s.handles[text[m[2]:m[3]]]; ok {
			facets = append(facets, map[string]any{"index": map[string]int{"byteStart": m[0], "byteEnd": m[1]},
				"features": []map[string]string{{"$type": "app.bsky.richtext.facet#mention", "did": did}}})
		}
	}
	if facets != nil {
		p["facets"] = facets
	}
	if parent := s.records[replyTo]; parent != nil {
		root := Ref{URI: parent.URI, CID: parent.CID}
		var pp Post
		_ = json.Unmarshal(parent.Value, &pp)
		if pp.Reply != nil && pp.Reply.Root != nil {
			root = *pp.Reply.Root
		}
		p["reply"] = map[string]any{"root": root, "parent": Ref{URI: parent.URI, CID: parent.CID}}
	}
	value, _ := json.Marshal(p)
	rec := s.putRecord(a.DID, "app.bsky.feed.post", s.nextTID(), value)
	s.notify(rec)
	return rec.URI
}

// Mentions makes n posts from a that mention to.
func (s *Server) Mentions(from, to *Account, n int) {
	for i := range n {
		s.Post(from, fmt.Sprintf("@%s hello number %d", to.Handle, i+1), "")
	}
}

// Like likes the post uri as a.
func (s *Server) Like(a *Account, uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.records[uri]
	if rec == nil {
		return
	}
	value, _ := json.Marshal(map[string]any{"$type": "app.bsky.feed.like", "subject": Ref{URI: rec.URI, CID: rec.CID},
		"createdAt": s.now().Format(time.RFC3339Nano)})
	s.notify(s.putRecord(a.DID, "app.bsky.feed.like", s.nextTID(), value))
}

// Follow makes a follow b.
func (s *Server) Follow(a, b *Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	value, _ := json.Marshal(map[string]any{"$type": "app.bsky.graph.follow", "subject": b.DID, "createdAt": s.now().Format(time.RFC3339Nano)})
	s.notify(s.putRecord(a.DID, "app.bsky.graph.follow", s.nextTID(), value))
}

// Text returns a post's text, for assertions.
func (s *Server) Text(uri string) string {
	var p Post
	_ = json.Unmarshal(s.Record(uri), &p)
	if p.Text == nil {
		return ""
	}
	return *p.Text
}
