// Package mastodontest is a local Mastodon instance for tests: an httptest server on
// 127.0.0.1 that answers the part of the REST API chorus uses the way the documentation
// (https://docs.joinmastodon.org/methods/) says an instance does. It checks the Bearer
// token (401 {"error":"The access token is invalid"}), the scopes, required fields and
// limits (422 "Validation failed: …"); it keeps Idempotency-Keys for an hour, looks them
// up before validating (as PostStatusService does), processes uploads in the background
// (202, then 206 on GET until ready), schedules statuses (scheduled_at) and publishes them
// when its clock (Options.Now) passes their time, pages notifications and conversations with Link
// headers, sends X-RateLimit-* on every reply, and runs the OAuth app registration,
// authorization (PKCE S256) and token exchange. Faults (429 with Retry-After, 401, 503)
// can be switched on for the whole server or for the next few requests, and ReplyNext
// answers the next request for a path with anything at all (HTML, JSON of another shape).
//
// The server is one instance with a handful of accounts; the main one ("brand") is the
// account under test, with a personal access token in Server.Token. To add it through
// the CLI: `chorus accounts add --platform mastodon --server <Server.URL> --handle brand
// --token-stdin` with the token on stdin.
package mastodontest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options shape the instance. Zero values mean a stock Mastodon's defaults.
type Options struct {
	MaxCharacters    int   // configuration.statuses.max_characters (500)
	URLLength        int   // characters_reserved_per_url (23)
	MaxMedia         int   // max_media_attachments (4)
	DescriptionLimit int   // media description limit (1500)
	ImageSizeLimit   int64 // bytes (10 MB)
	// MediaPolls is how many times GET /api/v1/media/:id answers 206 before the upload is
	// ready; the upload itself then answers 202. 0 means 2; negative means uploads are
	// processed at once (200), as Mastodon 4 does for images.
	MediaPolls int
	// V1Only makes /api/v2/instance answer 404, as before Mastodon 4.0.
	V1Only bool
	// NoStatusBatch makes GET /api/v1/statuses?id[]= answer 404, as before 4.3.
	NoStatusBatch bool
	// ScheduledKeyNotFound makes a repeated Idempotency-Key of a scheduled status answer
	// 404 "Record not found" instead of the scheduled status. Mastodon's PostStatusService
	// looks a known key up before it has read scheduled_at, among statuses, where a
	// scheduled status's id is not found; tests use it to check the adapter copes.
	ScheduledKeyNotFound bool
	// Echo makes every error body repeat the request's Authorization header and body, as
	// a careless proxy might: tests use it to check that secrets never reach errors.
	Echo bool
	// Now is the instance's clock (default time.Now).
	Now func() time.Time
	// BeforeAnswer, when set, is called with each request after the instance has acted on
	// it and before the answer goes out, without the instance's lock held: a test that
	// blocks in it and kills the client meanwhile makes the request take effect while its
	// answer is lost, as when a process dies mid-request.
	BeforeAnswer func(Request)
}

// Server is a running test instance.
type Server struct {
	// URL is the instance's base URL ("http://127.0.0.1:PORT").
	URL string
	// Token is a personal access token of the main account (read write follow push).
	Token string
	// SelfID is the main account's id; SelfUsername its username.
	SelfID, SelfUsername string

	srv  *httptest.Server
	opts Options

	mu         sync.Mutex
	seq        int64 // last status / media id
	nseq       int64 // last notification id
	accounts   []*acct
	statuses   map[int64]*stat
	order      []int64 // status ids, oldest first
	media      map[int64]*media
	notifs     []*notif // oldest first
	favourites map[[2]int64]bool
	follows    int
	idem       map[string]idemEntry
	scheduled  map[int64]*sched // scheduled statuses not yet published, by id
	sseq       int64            // last scheduled status id
	apps       map[string]*app
	grants     map[string]*grant
	tokens     map[string]*token
	convIDs    map[int64]int64 // thread root → conversation id
	cseq       int64
	loginAs    *acct
	fault      string
	failNext   []failure
	canned     []canned // answers queued by ReplyNext, oldest first
	requests   []Request
	rateWindow time.Time
	rateUsed   int
}

// Request is one request the server received, for tests to inspect.
type Request struct {
	Method, Path string
	Query        url.Values
	IdemKey      string    // Idempotency-Key header
	At           time.Time // when it arrived (wall clock, before waiting for the instance's lock)
}

type failure struct {
	status     int
	retryAfter string
}

type idemEntry struct {
	status    int64
	scheduled bool // status is a scheduled status's id
	expires   time.Time
}

// RateLimit is the X-RateLimit-Limit the server announces: Mastodon's default of 300
// requests per 5 minutes (https://docs.joinmastodon.org/api/rate-limits/).
const RateLimit = 300

// New starts an instance for the test and closes it when the test ends.
func New(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := newServer(opts)
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	tb.Cleanup(s.srv.Close)
	return s
}

func newServer(opts Options) *Server {
	if opts.MaxCharacters == 0 {
		opts.MaxCharacters = 500
	}
	if opts.URLLength == 0 {
		opts.URLLength = 23
	}
	if opts.MaxMedia == 0 {
		opts.MaxMedia = 4
	}
	if opts.DescriptionLimit == 0 {
		opts.DescriptionLimit = 1500
	}
	if opts.ImageSizeLimit == 0 {
		opts.ImageSizeLimit = 10 << 20
	}
	switch {
	case opts.MediaPolls == 0:
		opts.MediaPolls = 2
	case opts.MediaPolls < 0:
		opts.MediaPolls = 0
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		opts:       opts,
		seq:        113_000_000_000_000_000,
		nseq:       40_000,
		statuses:   map[int64]*stat{},
		media:      map[int64]*media{},
		favourites: map[[2]int64]bool{},
		idem:       map[string]idemEntry{},
		scheduled:  map[int64]*sched{},
		sseq:       3200,
		apps:       map[string]*app{},
		grants:     map[string]*grant{},
		tokens:     map[string]*token{},
		convIDs:    map[int64]int64{},
		cseq:       418_000,
	}
	s.seed()
	return s
}

// ServeHTTP answers one request: faults first, then the rate-limit headers every
// answer carries, then the route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), IdemKey: r.Header.Get("Idempotency-Key"), At: time.Now()}
	hook := s.opts.BeforeAnswer
	if hook == nil {
		s.serve(w, r, req)
		return
	}
	rec := httptest.NewRecorder()
	s.serve(rec, r, req)
	hook(req)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, req Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, req)
	// Keep the body so an Echo error can repeat it after a handler has read it.
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	r.Body = io.NopCloser(bytes.NewReader(body))
	c := &call{s: s, w: w, r: r, body: body}
	// Scheduled statuses whose time has come are published before anything is answered,
	// so a test that moves Options.Now past a scheduled time sees the status.
	s.publishDue()
	s.rateHeaders(w)
	if s.injectFault(c) || s.replyCanned(c) {
		return
	}
	s.route(c)
}

// rateHeaders sends X-RateLimit-*, counting requests in 5-minute windows.
func (s *Server) rateHeaders(w http.ResponseWriter) {
	s.rollRateWindow()
	s.rateUsed++
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(RateLimit))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(RateLimit-s.rateUsed, 0)))
	w.Header().Set("X-RateLimit-Reset", s.rateWindow.Format("2006-01-02T15:04:05.000000Z"))
}

// injectFault answers with the server-wide fault or the next queued failure.
func (s *Server) injectFault(c *call) bool {
	f := failure{}
	switch s.fault {
	case "rate":
		f = failure{http.StatusTooManyRequests, "2"}
	case "auth":
		f = failure{http.StatusUnauthorized, ""}
	case "transient":
		f = failure{http.StatusServiceUnavailable, ""}
	case "":
		if len(s.failNext) == 0 {
			return false
		}
		f, s.failNext = s.failNext[0], s.failNext[1:]
	}
	if f.retryAfter != "" {
		c.w.Header().Set("Retry-After", f.retryAfter)
	}
	switch f.status {
	case http.StatusTooManyRequests:
		c.w.Header().Set("X-RateLimit-Remaining", "0")
		c.fail(f.status, "Too many requests")
	case http.StatusUnauthorized:
		c.fail(f.status, "The access token is invalid")
	default:
		c.fail(f.status, "Service Unavailable")
	}
	return true
}

// SetFault makes every request fail: "rate" (429, Retry-After: 2), "auth" (401) or
// "transient" (503); "" ends it.
func (s *Server) SetFault(fault string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = fault
}

// FailNext makes the next n requests fail with status, with a Retry-After header when
// retryAfter is not "".
func (s *Server) FailNext(n, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failNext = append(s.failNext, failure{status, retryAfter})
	}
}

// Requests returns the requests received so far whose path starts with prefix.
func (s *Server) Requests(prefix string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if strings.HasPrefix(r.Path, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// call is one request being answered.
type call struct {
	s    *Server
	w    http.ResponseWriter
	r    *http.Request
	body []byte
}

// json writes v with status.
func (c *call) json(status int, v any) {
	c.w.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.w.WriteHeader(status)
	_ = json.NewEncoder(c.w).Encode(v)
}

// fail writes Mastodon's error entity, {"error": msg}
// (https://docs.joinmastodon.org/entities/Error/).
func (c *call) fail(status int, msg string) {
	c.json(status, map[string]string{"error": msg + c.echo()})
}

// oauthFail writes an OAuth error ({"error", "error_description"}, RFC 6749 §5.2).
func (c *call) oauthFail(status int, code, desc string) {
	c.json(status, map[string]string{"error": code, "error_description": desc + c.echo()})
}

// echo repeats the request's credentials and body when Options.Echo asks for it.
func (c *call) echo() string {
	if !c.s.opts.Echo {
		return ""
	}
	return fmt.Sprintf(" (you sent body %s, query %s, Authorization: %s)", c.body, c.r.URL.RawQuery, c.r.Header.Get("Authorization"))
}

// auth checks the Bearer token and that it carries scope ("read" or "write"); it answers
// the failure itself and returns nil.
func (c *call) auth(scope string) *acct {
	h := c.r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	t := c.s.tokens[strings.TrimSpace(tok)]
	if !ok || t == nil || t.revoked {
		c.fail(http.StatusUnauthorized, "The access token is invalid")
		return nil
	}
	if !t.has(scope) {
		c.fail(http.StatusForbidden, "This action is outside the authorized scopes")
		return nil
	}
	return t.account
}

// params reads the request's parameters from a JSON body, a form body or the query.
// Arrays come as "name[]" in forms and as JSON arrays.
type params struct {
	one  map[string]string
	many map[string][]string
}

func (c *call) params() (params, error) {
	p := params{one: map[string]string{}, many: map[string][]string{}}
	add := func(k string, vs []string) {
		k = strings.TrimSuffix(k, "[]")
		p.many[k] = append(p.many[k], vs...)
		if len(vs) > 0 {
			p.one[k] = vs[0]
		}
	}
	for k, vs := range c.r.URL.Query() {
		add(k, vs)
	}
	ct := c.r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/json"):
		var m map[string]any
		if err := json.NewDecoder(c.r.Body).Decode(&m); err != nil {
			return p, fmt.Errorf("invalid JSON: %v", err)
		}
		for k, v := range m {
			switch x := v.(type) {
			case nil:
			case []any:
				var vs []string
				for _, e := range x {
					vs = append(vs, fmt.Sprint(e))
				}
				add(k, vs)
			case string:
				add(k, []string{x})
			default:
				add(k, []string{fmt.Sprint(x)})
			}
		}
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		if err := c.r.ParseForm(); err != nil {
			return p, err
		}
		for k, vs := range c.r.PostForm {
			add(k, vs)
		}
	}
	return p, nil
}

func (p params) get(k string) string    { return p.one[k] }
func (p params) list(k string) []string { return p.many[k] }
func (s *Server) now() time.Time        { return s.opts.Now().UTC() }
func idString(id int64) string          { return strconv.FormatInt(id, 10) }
func parseID(s string) (int64, bool)    { n, err := strconv.ParseInt(s, 10, 64); return n, err == nil }
func (s *Server) statusURL(st *stat) string {
	return s.URL + "/@" + st.account.username + "/" + idString(st.id)
}
