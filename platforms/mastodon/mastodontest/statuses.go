package mastodontest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms/text"
)

// idempotencyTTL is how long Mastodon keeps an Idempotency-Key
// (https://docs.joinmastodon.org/methods/statuses/#create).
const idempotencyTTL = time.Hour

// postStatus is POST /api/v1/statuses, checked in PostStatusService's order: the thread
// replied to must exist (404), a known Idempotency-Key returns its status (or scheduled
// status) before anything is validated, then media, text and visibility are validated
// (422). With a scheduled_at in the future it answers a ScheduledStatus (see
// scheduleStatus); with one already past it publishes at once.
func (s *Server) postStatus(c *call) {
	author := c.auth("write:statuses")
	if author == nil {
		return
	}
	p, err := c.params()
	if err != nil {
		c.fail(http.StatusBadRequest, err.Error())
		return
	}
	var replyTo int64
	if v := p.get("in_reply_to_id"); v != "" {
		id, _ := parseID(v)
		parent := s.statuses[id]
		if parent == nil || !parent.visible(author) {
			c.fail(http.StatusNotFound, "Record not found")
			return
		}
		replyTo = id
	}
	key := c.r.Header.Get("Idempotency-Key")
	idemKey := idString(author.id) + ":" + key
	if e, ok := s.idem[idemKey]; key != "" && ok && s.now().Before(e.expires) {
		switch sc := s.scheduled[e.status]; {
		case !e.scheduled:
			c.json(http.StatusOK, s.statusJSON(s.statuses[e.status], author))
		case sc != nil && !s.opts.ScheduledKeyNotFound:
			c.json(http.StatusOK, s.scheduledJSON(sc))
		default: // published or deleted since: the lookup finds nothing
			c.fail(http.StatusNotFound, "Record not found")
		}
		return
	}
	ids := p.list("media_ids")
	if len(ids) > s.opts.MaxMedia {
		c.fail(http.StatusUnprocessableEntity, fmt.Sprintf("Cannot attach more than %d files", s.opts.MaxMedia))
		return
	}
	var ms []*media
	for _, v := range ids {
		id, _ := parseID(v)
		m := s.media[id]
		if m == nil || m.owner != author || m.attached {
			c.fail(http.StatusUnprocessableEntity, fmt.Sprintf("Media %s not found. Already attached to another post?", v))
			return
		}
		if m.pollsLeft > 0 {
			c.fail(http.StatusUnprocessableEntity, "Cannot attach files that have not finished processing. Try again in a moment!")
			return
		}
		ms = append(ms, m)
	}
	d := draft{
		text: p.get("status"), spoiler: p.get("spoiler_text"), visibility: p.get("visibility"),
		language: p.get("language"), replyTo: replyTo, media: ms,
	}
	if strings.TrimSpace(d.text) == "" && len(ms) == 0 {
		c.fail(http.StatusUnprocessableEntity, "Validation failed: Text can't be blank")
		return
	}
	// StatusLengthValidator: graphemes of text and spoiler, URLs at the reserved length,
	// remote mentions as @user.
	if n := text.MastodonCounter(s.opts.URLLength)(d.text) + text.Graphemes(d.spoiler); n > s.opts.MaxCharacters {
		c.fail(http.StatusUnprocessableEntity, fmt.Sprintf("Validation failed: Text character limit of %d exceeded", s.opts.MaxCharacters))
		return
	}
	if d.visibility != "" && !slices.Contains([]string{"public", "unlisted", "private", "direct"}, d.visibility) {
		c.fail(http.StatusUnprocessableEntity, fmt.Sprintf("'%s' is not a valid visibility", d.visibility))
		return
	}
	if v := p.get("scheduled_at"); v != "" {
		at, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			c.fail(http.StatusUnprocessableEntity, "Validation failed: Scheduled at is invalid")
			return
		}
		// A time already past publishes at once, as PostStatusService does.
		if at.After(s.now()) {
			if key == "" {
				idemKey = ""
			}
			s.scheduleStatus(c, author, d, at, idemKey)
			return
		}
	}
	st := s.create(author, d, s.now())
	if key != "" {
		s.idem[idemKey] = idemEntry{status: st.id, expires: s.now().Add(idempotencyTTL)}
	}
	c.json(http.StatusOK, s.statusJSON(st, author))
}

// getStatus is GET /api/v1/statuses/:id; a status the viewer may not see is "not found".
func (s *Server) getStatus(c *call, id string) {
	viewer := c.auth("read:statuses")
	if viewer == nil {
		return
	}
	if st := s.find(id, viewer); st != nil {
		c.json(http.StatusOK, s.statusJSON(st, viewer))
		return
	}
	c.fail(http.StatusNotFound, "Record not found")
}

// statusBatch is GET /api/v1/statuses?id[]= (4.3+): the statuses that exist and are
// visible, at most 20 asked at once.
func (s *Server) statusBatch(c *call) {
	if s.opts.NoStatusBatch {
		c.fail(http.StatusNotFound, "Record not found")
		return
	}
	viewer := c.auth("read:statuses")
	if viewer == nil {
		return
	}
	p, _ := c.params()
	ids := p.list("id")
	if len(ids) > 20 {
		c.fail(http.StatusUnprocessableEntity, "Too many ids requested")
		return
	}
	out := []any{}
	for _, id := range ids {
		if st := s.find(id, viewer); st != nil {
			out = append(out, s.statusJSON(st, viewer))
		}
	}
	c.json(http.StatusOK, out)
}

func (s *Server) find(id string, viewer *acct) *stat {
	n, ok := parseID(id)
	st := s.statuses[n]
	if !ok || st == nil || !st.visible(viewer) {
		return nil
	}
	return st
}

// context is GET /api/v1/statuses/:id/context: ancestors root first, then descendants
// in thread order.
func (s *Server) context(c *call, id string) {
	viewer := c.auth("read:statuses")
	if viewer == nil {
		return
	}
	st := s.find(id, viewer)
	if st == nil {
		c.fail(http.StatusNotFound, "Record not found")
		return
	}
	ancestors := []any{}
	var chain []*stat
	for p := s.statuses[st.replyTo]; p != nil; p = s.statuses[p.replyTo] {
		chain = append(chain, p)
	}
	for i := len(chain) - 1; i >= 0; i-- {
		if chain[i].visible(viewer) {
			ancestors = append(ancestors, s.statusJSON(chain[i], viewer))
		}
	}
	descendants := []any{}
	var walk func(parent int64)
	walk = func(parent int64) {
		for _, cid := range s.order {
			if child := s.statuses[cid]; child.replyTo == parent && child.visible(viewer) {
				descendants = append(descendants, s.statusJSON(child, viewer))
				walk(child.id)
			}
		}
	}
	walk(st.id)
	c.json(http.StatusOK, map[string]any{"ancestors": ancestors, "descendants": descendants})
}

// favourite is POST /api/v1/statuses/:id/favourite; favouriting again changes nothing.
func (s *Server) favourite(c *call, id string) {
	viewer := c.auth("write:favourites")
	if viewer == nil {
		return
	}
	st := s.find(id, viewer)
	if st == nil {
		c.fail(http.StatusNotFound, "Record not found")
		return
	}
	s.favourites[[2]int64{viewer.id, st.id}] = true
	c.json(http.StatusOK, s.statusJSON(st, viewer))
}

// Favourited reports whether the main account has favourited the status with id.
func (s *Server) Favourited(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, _ := parseID(id)
	return s.favourites[[2]int64{s.self().id, n}]
}
