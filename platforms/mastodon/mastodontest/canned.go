package mastodontest

import (
	"net/http"
	"time"
)

// Reply is an answer for ReplyNext to send instead of the real one.
type Reply struct {
	Status      int    // default 200
	ContentType string // default "application/json; charset=utf-8"
	Body        string
	RetryAfter  string // the Retry-After header, when not ""
}

type canned struct {
	path  string
	reply Reply
}

// ReplyNext makes the next request for path (say "/api/v1/notifications") get r instead
// of its real answer: what a broken proxy or an overloaded instance sends (an HTML page
// with status 200, JSON of another shape, a 429 with a long Retry-After). Replies queue
// up, one request each; the X-RateLimit-* headers and the request log are kept as usual.
func (s *Server) ReplyNext(path string, r Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.canned = append(s.canned, canned{path, r})
}

// replyCanned answers c with the first reply queued for its path.
func (s *Server) replyCanned(c *call) bool {
	for i, cr := range s.canned {
		if cr.path != c.r.URL.Path {
			continue
		}
		s.canned = append(s.canned[:i:i], s.canned[i+1:]...)
		r := cr.reply
		if r.Status == 0 {
			r.Status = http.StatusOK
		}
		if r.ContentType == "" {
			r.ContentType = "application/json; charset=utf-8"
		}
		h := c.w.Header()
		h.Set("Content-Type", r.ContentType)
		if r.RetryAfter != "" {
			h.Set("Retry-After", r.RetryAfter)
		}
		if r.Status == http.StatusTooManyRequests {
			h.Set("X-RateLimit-Remaining", "0")
		}
		c.w.WriteHeader(r.Status)
		_, _ = c.w.Write([]byte(r.Body))
		return true
	}
	return false
}

// SpendRate counts n requests against the current rate-limit window, as other apps using
// the same account would, so X-RateLimit-Remaining comes near zero without sending them.
func (s *Server) SpendRate(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rollRateWindow()
	s.rateUsed += n
}

// rollRateWindow starts a new 5-minute window when the clock has passed the current one.
func (s *Server) rollRateWindow() {
	now := s.opts.Now().UTC()
	if now.After(s.rateWindow) {
		s.rateWindow = now.Truncate(5 * time.Minute).Add(5 * time.Minute)
		s.rateUsed = 0
	}
}
