// Package blueskytest is an in-memory Bluesky for tests: a PDS with its AppView, chat
// service and PLC directory behind one local HTTP server. It checks requests as the real
// XRPC services do and answers as they do, including their error bodies, so the adapter's
// tests exercise what the real network would make it do:
//
//   - bearer tokens that expire (400 ExpiredToken, as the reference PDS answers) and
//     refresh tokens that rotate;
//   - record validation: required fields, 300 graphemes / 3000 bytes, TID record keys,
//     reply and like refs that must point at existing records with the right CID, image
//     blobs that must have been uploaded, and facets whose byte ranges must lie inside the
//     UTF-8 text, on character boundaries, and cover exactly the text they claim;
//   - a second createRecord at an existing key fails with 500 InternalServerError, as on
//     @atproto/pds 0.5.35 (ConflictStatus switches to 400 InvalidRequest);
//   - uploadBlob's size limit (413 PayloadTooLarge);
//   - listNotifications paged newest first with a keyset cursor, updateSeen, reasons;
//   - RateLimit-* headers on every answer and 429 RateLimitExceeded when spent;
//   - the chat service only through atproto-proxy, and "Bad token scope" for app
//     passwords without DM access;
//   - faults on demand: every call rate limited, refused, or failing.
//
// Findings from the real PDS are marked "seen on" where they matter.
package blueskytest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ChatService is the atproto-proxy value chat calls must carry.
const ChatService = "did:web:api.bsky.chat#bsky_chat"

// Server is the fake network. Its fields configure it; change them before the calls they
// affect (they are read under the server's lock).
type Server struct {
	// URL is the base URL of the PDS; the PLC directory is at URL + "/plc".
	URL string

	mu sync.Mutex
	// Now tells the server's time (default time.Now).
	Now func() time.Time
	// AccessTTL is how long an access token lives (default 2h, the reference PDS's).
	AccessTTL time.Duration
	// BlobLimit is uploadBlob's size cap (default 5 MiB, the reference PDS's
	// blobUploadLimit); ImageMaxSize is the image blob cap of app.bsky.embed.images
	// (default 2,000,000, the current lexicon's maxSize).
	BlobLimit, ImageMaxSize int64
	// ConflictStatus is the status of a createRecord at an existing key (default 500).
	ConflictStatus int
	// RateLimit is the requests allowed per RateWindow (default 3000 per 5 minutes, the
	// reference PDS's global limit per IP).
	RateLimit  int
	RateWindow time.Duration
	// Fault makes every XRPC call fail: "rate" (429), "auth" (credentials refused) or
	// "transient" (502 UpstreamFailure). "" serves normally.
	Fault string

	hs         *httptest.Server
	accounts   map[string]*Account // by DID
	handles    map[string]string   // handle → DID
	tokens     map[string]*token
	records    map[string]*storedRecord // by AT-URI
	order      []string                 // record URIs in creation order
	blobs      map[string]blobInfo      // by CID
	notes      map[string][]*note       // by recipient DID, oldest first
	seen       map[string]string        // DID → seenAt
	convos     map[string]*convo
	convoOrder []string
	logs       []chatLog
	calls      map[string]int
	windowAt   time.Time
	used       int
	seq        int
	webDID     string // the one did:web account this host can serve, if any
}

// New starts a server on 127.0.0.1; it stops with the test.
func New(t interface{ Cleanup(func()) }) *Server {
	s := &Server{
		AccessTTL: 2 * time.Hour, BlobLimit: 5 << 20, ImageMaxSize: 2_000_000, ConflictStatus: 500,
		RateLimit: 3000, RateWindow: 5 * time.Minute,
		accounts: map[string]*Account{}, handles: map[string]string{}, tokens: map[string]*token{},
		records: map[string]*storedRecord{}, blobs: map[string]blobInfo{}, notes: map[string][]*note{},
		seen: map[string]string{}, convos: map[string]*convo{}, calls: map[string]int{},
	}
	s.hs = httptest.NewServer(s)
	s.URL = s.hs.URL
	t.Cleanup(s.hs.Close)
	return s
}

// PLC is the URL of the server's PLC directory, for the adapter's plc option.
func (s *Server) PLC() string { return s.URL + "/plc" }

// Calls returns how many times the XRPC method nsid was called.
func (s *Server) Calls(nsid string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[nsid]
}

// Set changes the server's settings under its lock, for tests that change them while
// adapters are running.
func (s *Server) Set(change func(s *Server)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change(s)
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// stamp is the server's time as records and views write it: milliseconds, so records
// made in the same millisecond tie, as they do on the real AppView.
func (s *Server) stamp() string {
	return s.now().Format("2006-01-02T15:04:05.000Z")
}

// xrpcError is an XRPC error answer.
type xrpcError struct {
	status  int
	code    string
	message string
}

func (e *xrpcError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

func invalid(format string, args ...any) *xrpcError {
	return &xrpcError{400, "InvalidRequest", fmt.Sprintf(format, args...)}
}

// handler serves one XRPC method: who is the caller (nil for public calls), the request.
type handler struct {
	post   bool
	auth   bool // a session is required
	chat   bool // served by the chat service: needs atproto-proxy and DM scope
	refuse bool // the refresh token authenticates (refreshSession)
	fn     func(s *Server, c *caller, r *request) (any, *xrpcError)
}

// caller is the authenticated account of a call.
type caller struct {
	acct *Account
	tok  *token
}

// request is a decoded call.
type request struct {
	q    map[string][]string
	body []byte
	mime string
}

func (r *request) param(name string) string {
	if v := r.q[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (r *request) decode(v any) *xrpcError {
	if !strings.HasPrefix(r.mime, "application/json") {
		return invalid("Wrong request encoding (Content-Type): %s", r.mime)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		return invalid("Request body is not valid JSON: %v", err)
	}
	return nil
}

// ServeHTTP routes XRPC calls, the PLC directory and did:web documents.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/plc/"):
		s.servePLC(w, r)
		return
	case r.URL.Path == "/.well-known/did.json":
		s.serveDIDWeb(w, r)
		return
	case !strings.HasPrefix(r.URL.Path, "/xrpc/"):
		http.NotFound(w, r)
		return
	}
	nsid := strings.TrimPrefix(r.URL.Path, "/xrpc/")
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[nsid]++
	if limited := s.rateHeaders(w); limited {
		writeError(w, &xrpcError{429, "RateLimitExceeded", "Rate Limit Exceeded"})
		return
	}
	h, ok := handlers[nsid]
	if !ok {
		writeError(w, &xrpcError{501, "MethodNotImplemented", "Method Not Implemented"})
		return
	}
	out, xerr := s.serve(nsid, h, r, body)
	if xerr != nil {
		writeError(w, xerr)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if out == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	json.NewEncoder(w).Encode(out)
}

func (s *Server) serve(nsid string, h handler, r *http.Request, body []byte) (any, *xrpcError) {
	switch s.Fault {
	case "rate":
		return nil, &xrpcError{429, "RateLimitExceeded", "Rate Limit Exceeded"}
	case "transient":
		return nil, &xrpcError{502, "UpstreamFailure", "Upstream Failure"}
	case "auth":
		if nsid == "com.atproto.server.createSession" {
			return nil, &xrpcError{401, "AuthenticationRequired", "Invalid identifier or password"}
		}
		return nil, &xrpcError{400, "ExpiredToken", "Token has expired"}
	}
	if want := map[bool]string{true: http.MethodPost, false: http.MethodGet}[h.post]; r.Method != want {
		return nil, invalid("Incorrect HTTP method (%s) expected %s", r.Method, want)
	}
	req := &request{q: r.URL.Query(), body: body, mime: r.Header.Get("Content-Type")}
	var c *caller
	if h.auth || h.refuse {
		var xerr *xrpcError
		if c, xerr = s.authenticate(r, h.refuse); xerr != nil {
			return nil, xerr
		}
	}
	if h.chat {
		if r.Header.Get("atproto-proxy") != ChatService {
			// Without the proxy header the PDS has no chat service to hand the call to
			// (seen on @atproto/pds 0.5.35: 501 MethodNotImplemented).
			return nil, &xrpcError{501, "MethodNotImplemented", "Method Not Implemented"}
		}
		if c.tok.appPassword && !c.tok.privileged {
			// The reference PDS's verifier: an app password without DM access may not
			// reach the chat service.
			return nil, &xrpcError{400, "InvalidToken", "Bad token scope"}
		}
	}
	return h.fn(s, c, req)
}

// rateHeaders writes RateLimit-* (as @atproto/xrpc-server's rate limiter does: limit,
// remaining, reset in epoch seconds, policy "limit;w=window") and reports whether the
// window is spent.
func (s *Server) rateHeaders(w http.ResponseWriter) bool {
	now := s.now()
	if s.windowAt.IsZero() || now.Sub(s.windowAt) >= s.RateWindow {
		s.windowAt, s.used = now, 0
	}
	reset := s.windowAt.Add(s.RateWindow)
	limited := s.used >= s.RateLimit
	if !limited {
		s.used++
	}
	h := w.Header()
	h.Set("RateLimit-Limit", strconv.Itoa(s.RateLimit))
	h.Set("RateLimit-Remaining", strconv.Itoa(max(s.RateLimit-s.used, 0)))
	h.Set("RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("RateLimit-Policy", fmt.Sprintf("%d;w=%d", s.RateLimit, int(s.RateWindow.Seconds())))
	if s.Fault == "rate" {
		h.Set("RateLimit-Remaining", "0")
		h.Set("RateLimit-Reset", strconv.FormatInt(now.Add(2*time.Minute).Unix(), 10))
	}
	return limited
}

func writeError(w http.ResponseWriter, e *xrpcError) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(e.status)
	json.NewEncoder(w).Encode(map[string]string{"error": e.code, "message": e.message})
}

// handlers maps every method the server knows.
var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		"com.atproto.server.createSession":   {post: true, fn: (*Server).createSession},
		"com.atproto.server.refreshSession":  {post: true, refuse: true, fn: (*Server).refreshSession},
		"com.atproto.server.getSession":      {auth: true, fn: (*Server).getSession},
		"com.atproto.identity.resolveHandle": {fn: (*Server).resolveHandle},
		"com.atproto.repo.createRecord":      {post: true, auth: true, fn: (*Server).createRecord},
		"com.atproto.repo.getRecord":         {fn: (*Server).getRecord},
		"com.atproto.repo.uploadBlob":        {post: true, auth: true, fn: (*Server).uploadBlob},

		"app.bsky.notification.listNotifications": {auth: true, fn: (*Server).listNotifications},
		"app.bsky.notification.updateSeen":        {post: true, auth: true, fn: (*Server).updateSeen},
		"app.bsky.feed.getPostThread":             {auth: true, fn: (*Server).getPostThread},
		"app.bsky.feed.getPosts":                  {auth: true, fn: (*Server).getPosts},
		"app.bsky.actor.getProfile":               {auth: true, fn: (*Server).getProfile},

		"chat.bsky.convo.getLog":             {auth: true, chat: true, fn: (*Server).getLog},
		"chat.bsky.convo.listConvos":         {auth: true, chat: true, fn: (*Server).listConvos},
		"chat.bsky.convo.getConvo":           {auth: true, chat: true, fn: (*Server).getConvo},
		"chat.bsky.convo.getConvoForMembers": {auth: true, chat: true, fn: (*Server).getConvoForMembers},
		"chat.bsky.convo.getMessages":        {auth: true, chat: true, fn: (*Server).getMessages},
		"chat.bsky.convo.sendMessage":        {post: true, auth: true, chat: true, fn: (*Server).sendMessage},
	}
}
