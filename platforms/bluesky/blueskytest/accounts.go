package blueskytest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Account is an account on the server.
type Account struct {
	DID, Handle, DisplayName string
	Password                 string
	appPasswords             map[string]bool // app password → may use DMs
}

// token is a live access or refresh token.
type token struct {
	did         string
	refresh     bool
	expires     time.Time
	appPassword bool
	privileged  bool // app password with DM access
	used        bool // a refresh token is spent once used
}

// CreateAccount adds an account with a main password and returns it. With web set, its
// DID is the server's own did:web (one per server), else a did:plc.
func (s *Server) CreateAccount(handle, password string, web bool) *Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	handle = strings.ToLower(handle)
	did := "did:plc:" + strings.ToLower(base32.StdEncoding.EncodeToString(sha256Of("plc:" + handle + ":" + s.URL)))[:24]
	if web {
		u, _ := url.Parse(s.URL)
		did = "did:web:" + strings.ReplaceAll(u.Host, ":", "%3A")
		s.webDID = did
	}
	a := &Account{DID: did, Handle: handle, Password: password, appPasswords: map[string]bool{}}
	s.accounts[did] = a
	s.handles[handle] = did
	return a
}

// AppPassword makes an app password for the account; dms grants access to direct messages.
func (s *Server) AppPassword(a *Account, dms bool) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := make([]byte, 8)
	rand.Read(b)
	h := hex.EncodeToString(b)
	pw := h[0:4] + "-" + h[4:8] + "-" + h[8:12] + "-" + h[12:16]
	a.appPasswords[pw] = dms
	return pw
}

// SetDisplayName writes the account's profile record (app.bsky.actor.profile/self).
func (s *Server) SetDisplayName(a *Account, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a.DisplayName = name
	value, _ := json.Marshal(map[string]string{"$type": "app.bsky.actor.profile", "displayName": name})
	s.putRecord(a.DID, "app.bsky.actor.profile", "self", value)
}

// ExpireTokens ends every access token now, as if their two hours had passed.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		if !t.refresh {
			t.expires = s.now().Add(-time.Second)
		}
	}
}

// RevokeSessions ends every session, refresh tokens included (a password change does).
func (s *Server) RevokeSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = map[string]*token{}
}

// Tokens returns every live token, for tests that check none leaks.
func (s *Server) Tokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k := range s.tokens {
		out = append(out, k)
	}
	return out
}

func sha256Of(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

func randomToken(prefix string) string {
	b := make([]byte, 24)
	rand.Read(b)
	return prefix + "." + hex.EncodeToString(b)
}

// authenticate checks the bearer token as the PDS does: missing is 401 AuthMissing,
// unknown 400 InvalidToken, expired 400 ExpiredToken (seen on @atproto/pds 0.5.35).
func (s *Server) authenticate(r *http.Request, refresh bool) (*caller, *xrpcError) {
	h := r.Header.Get("Authorization")
	raw, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || raw == "" {
		return nil, &xrpcError{401, "AuthMissing", "Authentication Required"}
	}
	t := s.tokens[raw]
	if t == nil || t.refresh != refresh || (refresh && t.used) {
		return nil, &xrpcError{400, "InvalidToken", "Token could not be verified"}
	}
	if !s.now().Before(t.expires) {
		return nil, &xrpcError{400, "ExpiredToken", "Token has expired"}
	}
	a := s.accounts[t.did]
	if a == nil {
		return nil, &xrpcError{400, "InvalidToken", "Token could not be verified"}
	}
	return &caller{acct: a, tok: t}, nil
}

// newSession makes a token pair answering createSession or refreshSession.
func (s *Server) newSession(a *Account, appPassword, privileged bool) map[string]any {
	access, refresh := randomToken("access"), randomToken("refresh")
	now := s.now()
	s.tokens[access] = &token{did: a.DID, expires: now.Add(s.AccessTTL), appPassword: appPassword, privileged: privileged}
	s.tokens[refresh] = &token{did: a.DID, refresh: true, expires: now.Add(90 * 24 * time.Hour), appPassword: appPassword, privileged: privileged}
	return map[string]any{"accessJwt": access, "refreshJwt": refresh, "handle": a.Handle, "did": a.DID,
		"didDoc": s.didDoc(a), "active": true}
}

func (s *Server) createSession(_ *caller, r *request) (any, *xrpcError) {
	var in struct {
		Identifier, Password string
	}
	if err := r.decode(&in); err != nil {
		return nil, err
	}
	if in.Identifier == "" || in.Password == "" {
		return nil, invalid("Input must have the property \"identifier\" and \"password\"")
	}
	a := s.actor(in.Identifier)
	if a == nil {
		return nil, &xrpcError{401, "AuthenticationRequired", "Invalid identifier or password"}
	}
	if in.Password == a.Password {
		return s.newSession(a, false, true), nil
	}
	if dms, ok := a.appPasswords[in.Password]; ok {
		return s.newSession(a, true, dms), nil
	}
	return nil, &xrpcError{401, "AuthenticationRequired", "Invalid identifier or password"}
}

// refreshSession rotates the pair; the refresh token used is spent.
func (s *Server) refreshSession(c *caller, _ *request) (any, *xrpcError) {
	c.tok.used = true
	return s.newSession(c.acct, c.tok.appPassword, c.tok.privileged), nil
}

func (s *Server) getSession(c *caller, _ *request) (any, *xrpcError) {
	return map[string]any{"handle": c.acct.Handle, "did": c.acct.DID, "active": true}, nil
}

// actor finds an account by DID or handle.
func (s *Server) actor(id string) *Account {
	id = strings.ToLower(strings.TrimPrefix(id, "@"))
	if a := s.accounts[id]; a != nil {
		return a
	}
	return s.accounts[s.handles[id]]
}

func (s *Server) resolveHandle(_ *caller, r *request) (any, *xrpcError) {
	h := r.param("handle")
	if h == "" {
		return nil, invalid(`Error: Params must have the property "handle"`)
	}
	did, ok := s.handles[strings.ToLower(h)]
	if !ok {
		return nil, &xrpcError{400, "HandleNotFound", "Unable to resolve handle"}
	}
	return map[string]string{"did": did}, nil
}

// didDoc is the account's DID document, naming this server as its PDS.
func (s *Server) didDoc(a *Account) map[string]any {
	return map[string]any{
		"@context":    []string{"https://www.w3.org/ns/did/v1"},
		"id":          a.DID,
		"alsoKnownAs": []string{"at://" + a.Handle},
		"service": []map[string]string{{
			"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": s.URL,
		}},
	}
}

// servePLC answers GET /plc/<did> as plc.directory does: the document, or 404.
func (s *Server) servePLC(w http.ResponseWriter, r *http.Request) {
	did, _ := url.PathUnescape(strings.TrimPrefix(r.URL.Path, "/plc/"))
	s.mu.Lock()
	a := s.accounts[did]
	var doc map[string]any
	if a != nil && strings.HasPrefix(did, "did:plc:") {
		doc = s.didDoc(a)
	}
	s.mu.Unlock()
	if doc == nil {
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]string{"message": "DID not registered: " + did})
		return
	}
	w.Header().Set("Content-Type", "application/did+ld+json")
	json.NewEncoder(w).Encode(doc)
}

// serveDIDWeb answers /.well-known/did.json for the server's did:web account.
func (s *Server) serveDIDWeb(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	a := s.accounts[s.webDID]
	var doc map[string]any
	if a != nil {
		doc = s.didDoc(a)
	}
	s.mu.Unlock()
	if doc == nil {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(doc)
}
