package mastodontest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// page picks one page from ids (any order) the way Mastodon's paginate_by_id does:
// with min_id, the limit ids right after it; otherwise the newest ids below max_id and
// above since_id. The page comes newest first.
func page(ids []int64, p params, def, most int) []int64 {
	limit := def
	if n, err := strconv.Atoi(p.get("limit")); err == nil && n > 0 {
		limit = min(n, most)
	}
	bound := func(k string) (int64, bool) {
		if v := p.get(k); v != "" {
			return parseID(v)
		}
		return 0, false
	}
	maxID, hasMax := bound("max_id")
	sinceID, hasSince := bound("since_id")
	minID, hasMin := bound("min_id")
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	var out []int64
	if hasMin {
		for _, id := range sorted { // ascending from min_id
			if id > minID && (!hasMax || id < maxID) && len(out) < limit {
				out = append(out, id)
			}
		}
		slices.Reverse(out)
		return out
	}
	for i := len(sorted) - 1; i >= 0 && len(out) < limit; i-- {
		id := sorted[i]
		if (!hasMax || id < maxID) && (!hasSince || id > sinceID) {
			out = append(out, id)
		}
	}
	return out
}

// link sets the Link header of a page: rel="next" for older items (max_id of the last),
// rel="prev" for newer ones (min_id of the first), keeping the filters of the request
// (Api::BaseController#insert_pagination_headers).
func (c *call) link(first, last int64, keep url.Values) {
	mk := func(k string, id int64) string {
		q := url.Values{}
		for name, vs := range keep {
			q[name] = vs
		}
		q.Set(k, idString(id))
		return "<" + c.s.URL + c.r.URL.Path + "?" + q.Encode() + ">"
	}
	c.w.Header().Set("Link", mk("max_id", last)+`; rel="next", `+mk("min_id", first)+`; rel="prev"`)
}

// notifications is GET /api/v1/notifications: types[] and exclude_types[] filter;
// limit defaults to 40, at most 80.
func (s *Server) notifications(c *call) {
	viewer := c.auth("read:notifications")
	if viewer == nil {
		return
	}
	p, _ := c.params()
	types, exclude := p.list("types"), p.list("exclude_types")
	byID := map[int64]*notif{}
	var ids []int64
	if viewer == s.self() {
		for _, n := range s.notifs {
			if (len(types) > 0 && !slices.Contains(types, n.typ)) || slices.Contains(exclude, n.typ) {
				continue
			}
			byID[n.id] = n
			ids = append(ids, n.id)
		}
	}
	got := page(ids, p, 40, 80)
	out := []any{}
	for _, id := range got {
		n := byID[id]
		item := map[string]any{
			"id":         idString(n.id),
			"type":       n.typ,
			"created_at": iso(n.created),
			"account":    s.accountJSON(n.from),
		}
		if st := s.statuses[n.status]; st != nil {
			item["status"] = s.statusJSON(st, viewer)
		}
		out = append(out, item)
	}
	if len(got) > 0 {
		keep := url.Values{}
		if l := p.get("limit"); l != "" {
			keep.Set("limit", l)
		}
		for _, t := range types {
			keep.Add("types[]", t)
		}
		for _, t := range exclude {
			keep.Add("exclude_types[]", t)
		}
		c.link(got[0], got[len(got)-1], keep)
	}
	c.json(http.StatusOK, out)
}

// conversations is GET /api/v1/conversations: the viewer's direct threads, paged by
// their newest status's id (the "internal" ids of the Link header), 20 by default, at
// most 40.
func (s *Server) conversations(c *call) {
	viewer := c.auth("read:statuses")
	if viewer == nil {
		return
	}
	p, _ := c.params()
	type conv struct {
		id       int64
		last     *stat
		accounts []*acct
	}
	byRoot := map[int64]*conv{}
	for _, id := range s.order {
		st := s.statuses[id]
		if st.visibility != "direct" || !st.visible(viewer) {
			continue
		}
		cv := byRoot[st.root]
		if cv == nil {
			cv = &conv{id: s.convIDs[st.root]}
			byRoot[st.root] = cv
		}
		cv.last = st
		for _, a := range append([]*acct{st.account}, st.mentions...) {
			if a != viewer && !slices.Contains(cv.accounts, a) {
				cv.accounts = append(cv.accounts, a)
			}
		}
	}
	byLast := map[int64]*conv{}
	var ids []int64
	for _, cv := range byRoot {
		byLast[cv.last.id] = cv
		ids = append(ids, cv.last.id)
	}
	got := page(ids, p, 20, 40)
	out := []any{}
	for _, id := range got {
		cv := byLast[id]
		accounts := []any{}
		for _, a := range cv.accounts {
			accounts = append(accounts, s.accountJSON(a))
		}
		out = append(out, map[string]any{
			"id":          idString(cv.id),
			"unread":      cv.last.account != viewer,
			"accounts":    accounts,
			"last_status": s.statusJSON(cv.last, viewer),
		})
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
