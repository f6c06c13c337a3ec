package mastodontest

import (
	"net/http"
	"net/url"
	"slices"
	"time"
)

// MinScheduleLead is how far ahead a scheduled_at must be: ScheduledStatus refuses a time
// at or before now + 5 minutes (ScheduledStatus::MINIMUM_OFFSET), while a time already
// past makes PostStatusService publish at once.
const MinScheduleLead = 5 * time.Minute

// sched is a scheduled status: what PostStatusService keeps in the scheduled_statuses
// table until PublishScheduledStatusWorker posts it.
type sched struct {
	id      int64
	account *acct
	at      time.Time
	d       draft
}

// scheduleStatus answers POST /api/v1/statuses with a scheduled_at in the future: the
// draft was validated like a status; the time must be more than 5 minutes ahead
// (422 "Validation failed: Scheduled at The scheduled date must be in the future").
func (s *Server) scheduleStatus(c *call, author *acct, d draft, at time.Time, idemKey string) {
	if !at.After(s.now().Add(MinScheduleLead)) {
		c.fail(http.StatusUnprocessableEntity, "Validation failed: Scheduled at The scheduled date must be in the future")
		return
	}
	s.sseq++
	sc := &sched{id: s.sseq, account: author, at: at.UTC(), d: d}
	for _, m := range d.media {
		m.attached = true
	}
	s.scheduled[sc.id] = sc
	if idemKey != "" {
		s.idem[idemKey] = idemEntry{status: sc.id, scheduled: true, expires: s.now().Add(idempotencyTTL)}
	}
	c.json(http.StatusOK, s.scheduledJSON(sc))
}

// publishDue posts every scheduled status whose time has come by the instance's clock,
// oldest first, as PublishScheduledStatusWorker does: the scheduled status goes, and a
// status made from its params takes its place, created at the scheduled time.
func (s *Server) publishDue() {
	now := s.now()
	var due []*sched
	for _, sc := range s.scheduled {
		if !sc.at.After(now) {
			due = append(due, sc)
		}
	}
	slices.SortFunc(due, func(a, b *sched) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return int(a.id - b.id)
	})
	for _, sc := range due {
		delete(s.scheduled, sc.id)
		s.create(sc.account, sc.d, sc.at)
	}
}

// scheduledJSON renders a ScheduledStatus (https://docs.joinmastodon.org/entities/ScheduledStatus/).
func (s *Server) scheduledJSON(sc *sched) map[string]any {
	media := []any{}
	var mediaIDs any
	if len(sc.d.media) > 0 {
		var ids []string
		for _, m := range sc.d.media {
			media = append(media, s.mediaJSON(m))
			ids = append(ids, idString(m.id))
		}
		mediaIDs = ids
	}
	orNil := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	var replyTo any
	if sc.d.replyTo != 0 {
		replyTo = idString(sc.d.replyTo)
	}
	return map[string]any{
		"id":           idString(sc.id),
		"scheduled_at": iso(sc.at),
		"params": map[string]any{
			"text":            sc.d.text,
			"poll":            nil,
			"media_ids":       mediaIDs,
			"sensitive":       nil,
			"visibility":      orNil(sc.d.visibility),
			"language":        orNil(sc.d.language),
			"idempotency":     nil,
			"scheduled_at":    nil,
			"spoiler_text":    orNil(sc.d.spoiler),
			"application_id":  1,
			"in_reply_to_id":  replyTo,
			"with_rate_limit": false,
		},
		"media_attachments": media,
	}
}

// ownScheduled finds the viewer's scheduled status with id; another account's is "not
// found", as the controller scopes the lookup to the current account.
func (s *Server) ownScheduled(id string, viewer *acct) *sched {
	n, ok := parseID(id)
	sc := s.scheduled[n]
	if !ok || sc == nil || sc.account != viewer {
		return nil
	}
	return sc
}

// scheduledList is GET /api/v1/scheduled_statuses: 20 by default, at most 40, paged by id.
func (s *Server) scheduledList(c *call) {
	viewer := c.auth("read:statuses")
	if viewer == nil {
		return
	}
	p, _ := c.params()
	var ids []int64
	for id, sc := range s.scheduled {
		if sc.account == viewer {
			ids = append(ids, id)
		}
	}
	got := page(ids, p, 20, 40)
	out := []any{}
	for _, id := range got {
		out = append(out, s.scheduledJSON(s.scheduled[id]))
	}
	if len(got) > 0 {
		keep := url.Values{}
		if l := p.get("limit"); l != "" {
			keep.Set("limit", l)
		}
		c.link(got[0], got[len(got)-1], keep)
	}
	c.json(http.StatusOK, out)
}

// getScheduled is GET /api/v1/scheduled_statuses/:id.
func (s *Server) getScheduled(c *call, id string) {
	viewer := c.auth("read:statuses")
	if viewer == nil {
		return
	}
	sc := s.ownScheduled(id, viewer)
	if sc == nil {
		c.fail(http.StatusNotFound, "Record not found")
		return
	}
	c.json(http.StatusOK, s.scheduledJSON(sc))
}

// deleteScheduled is DELETE /api/v1/scheduled_statuses/:id: 200 {}; its media are freed
// (dependent: :nullify).
func (s *Server) deleteScheduled(c *call, id string) {
	viewer := c.auth("write:statuses")
	if viewer == nil {
		return
	}
	sc := s.ownScheduled(id, viewer)
	if sc == nil {
		c.fail(http.StatusNotFound, "Record not found")
		return
	}
	s.dropScheduled(sc)
	c.json(http.StatusOK, map[string]any{})
}

func (s *Server) dropScheduled(sc *sched) {
	delete(s.scheduled, sc.id)
	for _, m := range sc.d.media {
		m.attached = false
	}
}

// accountStatuses is GET /api/v1/accounts/:id/statuses: the account's statuses the
// viewer may see, newest first, 20 by default, at most 40; exclude_replies and
// only_media filter, pinned=true answers none (the instance pins nothing).
func (s *Server) accountStatuses(c *call, id string) {
	viewer := c.auth("read:statuses")
	if viewer == nil {
		return
	}
	n, _ := parseID(id)
	var owner *acct
	for _, a := range s.accounts {
		if a.id == n {
			owner = a
		}
	}
	if owner == nil {
		c.fail(http.StatusNotFound, "Record not found")
		return
	}
	p, _ := c.params()
	var ids []int64
	if p.get("pinned") != "true" {
		for _, sid := range s.order {
			st := s.statuses[sid]
			if st.account != owner || !st.visible(viewer) ||
				(p.get("exclude_replies") == "true" && st.replyTo != 0) ||
				(p.get("only_media") == "true" && len(st.media) == 0) {
				continue
			}
			ids = append(ids, sid)
		}
	}
	got := page(ids, p, 20, 40)
	out := []any{}
	for _, sid := range got {
		out = append(out, s.statusJSON(s.statuses[sid], viewer))
	}
	if len(got) > 0 {
		keep := url.Values{}
		for _, k := range []string{"limit", "exclude_replies", "exclude_reblogs", "only_media"} {
			if v := p.get(k); v != "" {
				keep.Set(k, v)
			}
		}
		c.link(got[0], got[len(got)-1], keep)
	}
	c.json(http.StatusOK, out)
}

// ScheduledCount is how many statuses the main account has scheduled and the instance
// has not published yet (by its clock, now).
func (s *Server) ScheduledCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publishDue()
	n := 0
	for _, sc := range s.scheduled {
		if sc.account == s.self() {
			n++
		}
	}
	return n
}

// DeleteScheduled removes a scheduled status as another client (the web UI) would, and
// reports whether it existed.
func (s *Server) DeleteScheduled(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publishDue()
	n, _ := parseID(id)
	sc := s.scheduled[n]
	if sc == nil {
		return false
	}
	s.dropScheduled(sc)
	return true
}
