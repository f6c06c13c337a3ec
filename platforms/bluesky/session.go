package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/secrets"
	"github.com/chorus-social/chorus/social"
)

// session is what the adapter keeps in the secrets store under the account id, as JSON:
// the app password (to log in again when the refresh token has run out, after 90 days on
// the reference PDS) and the live session. `chorus accounts add --password-stdin` stores
// the bare app password instead; parseSecret accepts both.
type session struct {
	V           int    `json:"v"`
	AppPassword string `json:"appPassword,omitempty"`
	AccessJwt   string `json:"accessJwt,omitempty"`
	RefreshJwt  string `json:"refreshJwt,omitempty"`
	DID         string `json:"did,omitempty"`
	Handle      string `json:"handle,omitempty"`
	// PDS holds the account's repo and takes every call but session management, which
	// goes to Entry, the server that made the session (see createSession).
	PDS   string `json:"pds,omitempty"`
	Entry string `json:"entry,omitempty"`
}

// entry is where session calls go: the server that made the session, or the PDS for a
// session stored before Entry was kept.
func (s *session) entry() string {
	if s.Entry != "" {
		return s.Entry
	}
	return s.PDS
}

// sessionVersion marks the JSON form, so a password that happens to be JSON is not
// mistaken for it.
const sessionVersion = 1

// parseSecret reads a stored secret: the JSON form, or else a bare app password.
func parseSecret(raw string) session {
	if t := strings.TrimSpace(raw); strings.HasPrefix(t, "{") {
		var s session
		if json.Unmarshal([]byte(t), &s) == nil && s.V == sessionVersion {
			return s
		}
	}
	return session{V: sessionVersion, AppPassword: strings.TrimRight(raw, "\r\n")}
}

func (s *session) encode() string {
	b, _ := json.Marshal(s) // only strings: cannot fail
	return string(b)
}

// sessionOut is what createSession and refreshSession answer
// (lexicons/com/atproto/server/createSession.json, refreshSession.json).
type sessionOut struct {
	AccessJwt  string          `json:"accessJwt"`
	RefreshJwt string          `json:"refreshJwt"`
	Handle     string          `json:"handle"`
	DID        string          `json:"did"`
	DIDDoc     json.RawMessage `json:"didDoc"`
	Active     *bool           `json:"active"`
	Status     string          `json:"status"`
}

// lockFor returns the lock held while the account logs in or refreshes, so two calls that
// find the session expired together refresh it once.
func (ad *Adapter) lockFor(accountID string) *sync.Mutex {
	ad.mu.Lock()
	defer ad.mu.Unlock()
	l := ad.locks[accountID]
	if l == nil {
		l = &sync.Mutex{}
		ad.locks[accountID] = l
	}
	return l
}

func (ad *Adapter) cached(accountID string) *session {
	ad.mu.Lock()
	defer ad.mu.Unlock()
	return ad.sessions[accountID]
}

func (ad *Adapter) cache(accountID string, s *session) {
	ad.mu.Lock()
	defer ad.mu.Unlock()
	ad.sessions[accountID] = s
}

// forget drops the cached session, so the next call reads the secrets store again (after
// `chorus accounts login` stored a new app password, say).
func (ad *Adapter) forget(accountID string) {
	ad.mu.Lock()
	defer ad.mu.Unlock()
	delete(ad.sessions, accountID)
}

// loadSecret reads the account's stored secret.
func (ad *Adapter) loadSecret(acct social.Account) (session, error) {
	if ad.sec == nil {
		return session{}, fmt.Errorf("bluesky: no secrets store to read the login of %s from", acct.ID)
	}
	raw, err := ad.sec.Get(acct.ID)
	if errors.Is(err, secrets.ErrNotFound) {
		return session{}, &platforms.AuthExpiredError{AccountID: acct.ID, Detail: "no Bluesky login stored"}
	}
	if err != nil {
		return session{}, fmt.Errorf("read the login of %s: %w", acct.ID, err)
	}
	s := parseSecret(raw)
	if s.AccessJwt == "" && s.AppPassword == "" {
		return session{}, &platforms.AuthExpiredError{AccountID: acct.ID, Detail: "the stored Bluesky login is empty"}
	}
	return s, nil
}

// store saves s as the account's secret and caches it. A failed save is logged, not
// returned: the session works in memory, and the next process logs in again.
func (ad *Adapter) store(acct social.Account, s *session) {
	ad.cache(acct.ID, s)
	if ad.sec == nil {
		return
	}
	if err := ad.sec.Set(acct.ID, s.encode()); err != nil {
		ad.log.Warn("bluesky: could not save the renewed session", "account", acct.ID, "err", err)
	}
}

// session returns the account's live session: cached, stored, or made now by logging in
// with the stored app password.
func (ad *Adapter) session(ctx context.Context, acct social.Account) (*session, error) {
	if s := ad.cached(acct.ID); s != nil {
		return s, nil
	}
	l := ad.lockFor(acct.ID)
	l.Lock()
	defer l.Unlock()
	if s := ad.cached(acct.ID); s != nil {
		return s, nil
	}
	stored, err := ad.loadSecret(acct)
	if err != nil {
		return nil, err
	}
	if stored.AccessJwt != "" && stored.PDS != "" {
		ad.cache(acct.ID, &stored)
		return &stored, nil
	}
	s, err := ad.createSession(ctx, acct, stored.AppPassword, "")
	if err != nil {
		return nil, err
	}
	ad.store(acct, s)
	return s, nil
}

// renew replaces the expired session stale: with the session another goroutine or process
// has made meanwhile, else by refreshSession, else by logging in again with the app
// password. Only when that fails too must the user act.
func (ad *Adapter) renew(ctx context.Context, acct social.Account, stale *session) (*session, error) {
	l := ad.lockFor(acct.ID)
	l.Lock()
	defer l.Unlock()
	if cur := ad.cached(acct.ID); cur != nil && cur.AccessJwt != stale.AccessJwt {
		return cur, nil
	}
	// The TUI and the daemon share the secrets store: one may have refreshed already, and
	// the refresh token we hold is then spent.
	password := stale.AppPassword
	if stored, err := ad.loadSecret(acct); err == nil {
		if stored.AccessJwt != "" && stored.AccessJwt != stale.AccessJwt && stored.PDS != "" {
			ad.cache(acct.ID, &stored)
			return &stored, nil
		}
		if stored.AppPassword != "" {
			password = stored.AppPassword // `chorus accounts login` may have stored a new one
		}
	}
	if stale.RefreshJwt != "" {
		s, err := ad.refreshSession(ctx, stale)
		if err == nil {
			ad.store(acct, s)
			return s, nil
		}
		var ae *platforms.AuthExpiredError
		if !errors.As(err, &ae) {
			return nil, err // rate limited or down: the refresh token may still be good
		}
		ad.log.Debug("bluesky refresh refused; logging in again", "account", acct.ID)
	}
	if password == "" {
		ad.forget(acct.ID)
		return nil, &platforms.AuthExpiredError{AccountID: acct.ID, Detail: "the Bluesky session ended and no app password is stored"}
	}
	s, err := ad.createSession(ctx, acct, password, "")
	if err != nil {
		ad.forget(acct.ID)
		return nil, err
	}
	ad.store(acct, s)
	return s, nil
}

// refreshSession trades the refresh token for a new pair. The refresh token goes in the
// Authorization header, not the access token
// (lexicons/com/atproto/server/refreshSession.json).
func (ad *Adapter) refreshSession(ctx context.Context, old *session) (*session, error) {
	var out sessionOut
	if err := ad.send(ctx, old.entry(), old.RefreshJwt, procedure("com.atproto.server.refreshSession", nil), &out); err != nil {
		return nil, err
	}
	if out.AccessJwt == "" || out.RefreshJwt == "" {
		return nil, &platforms.TransientError{Err: errors.New("refreshSession answered without tokens")}
	}
	s := *old
	s.AccessJwt, s.RefreshJwt = out.AccessJwt, out.RefreshJwt
	if out.Handle != "" {
		s.Handle = out.Handle
	}
	if pds := pdsFromDoc(out.DIDDoc); pds != "" {
		s.PDS = pds
	}
	return &s, nil
}

// createSession logs in with the handle and an app password. When the configured server
// does not know the account, the handle's DID document says which PDS does, and the login
// is tried there (an account on a self-hosted PDS added with the default server, say).
func (ad *Adapter) createSession(ctx context.Context, acct social.Account, password, authFactor string) (*session, error) {
	if password == "" {
		return nil, &platforms.AuthExpiredError{AccountID: acct.ID, Detail: "no app password stored"}
	}
	identifier := strings.TrimPrefix(strings.TrimSpace(acct.Handle), "@")
	if identifier == "" {
		identifier = acct.RemoteID
	}
	if identifier == "" {
		return nil, &platforms.RejectedError{Reason: "the account has no handle to log in with"}
	}
	server := serverURL(acct, ad.opt.server)
	in := map[string]string{"identifier": identifier, "password": password}
	if authFactor != "" {
		in["authFactorToken"] = authFactor
	}
	var out sessionOut
	err := ad.send(ctx, server, "", procedure("com.atproto.server.createSession", in), &out)
	if refusedLogin(err) && codeOf(err) != "AuthFactorTokenRequired" {
		if pds, rerr := ad.pdsForHandle(ctx, server, identifier); rerr == nil && pds != server {
			ad.log.Debug("bluesky account lives on another PDS", "account", acct.ID, "pds", pds)
			server = pds
			out = sessionOut{}
			err = ad.send(ctx, server, "", procedure("com.atproto.server.createSession", in), &out)
		}
	}
	if err != nil {
		return nil, loginError(acct, err)
	}
	if out.Active != nil && !*out.Active {
		return nil, &platforms.AuthExpiredError{AccountID: acct.ID, Detail: fmt.Sprintf("the Bluesky account is not active (%s)", out.Status)}
	}
	s := &session{V: sessionVersion, AppPassword: password, AccessJwt: out.AccessJwt, RefreshJwt: out.RefreshJwt,
		DID: out.DID, Handle: out.Handle, PDS: server, Entry: server}
	// The entryway (bsky.social) answers for many PDSes; the DID document names the one
	// that holds the repo, which is where clients send their calls
	// (https://docs.bsky.app/docs/advanced-guides/entryway). Session management stays with
	// the entryway, which issued the tokens, as @atproto/api's CredentialSession does
	// (its com.atproto.server client is bound to the service URL, the rest to the PDS).
	if pds := pdsFromDoc(out.DIDDoc); pds != "" {
		s.PDS = pds
	}
	return s, nil
}

// refusedLogin reports a createSession refused for its credentials (401
// AuthenticationRequired "Invalid identifier or password", or AuthFactorTokenRequired).
func refusedLogin(err error) bool {
	var ae *platforms.AuthExpiredError
	return errors.As(err, &ae)
}

// loginError says what a refused login means, without the password.
func loginError(acct social.Account, err error) error {
	const nsid = "com.atproto.server.createSession"
	switch code := codeOf(err); {
	case code == "AuthFactorTokenRequired":
		// The code stays in the chain: Login asks for the e-mailed code and tries again.
		return &apiError{NSID: nsid, Code: code, Err: &platforms.AuthExpiredError{AccountID: acct.ID,
			Detail: "Bluesky sent a sign-in code by e-mail; log in with an app password instead (bsky.app → Settings → Privacy and security → App passwords)"}}
	case code == "AccountTakedown":
		return &apiError{NSID: nsid, Code: code, Err: &platforms.RejectedError{Status: 400, Reason: "the Bluesky account has been taken down"}}
	case refusedLogin(err):
		return &apiError{NSID: nsid, Code: code, Err: &platforms.AuthExpiredError{AccountID: acct.ID, Detail: "Bluesky refused the handle or app password"}}
	}
	return err
}

// serverURL is the account's configured PDS (else def), with a scheme and without a
// trailing slash.
func serverURL(acct social.Account, def string) string {
	s := strings.TrimSpace(acct.Server)
	if s == "" {
		s = def
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	return strings.TrimRight(s, "/")
}
