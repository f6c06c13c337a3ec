package mastodon

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// oob is the redirect URI that makes the instance show the code instead of redirecting
// (https://docs.joinmastodon.org/methods/oauth/#authorize).
const oob = "urn:ietf:wg:oauth:2.0:oob"

// callbackPath is where the loopback listener takes the redirect.
const callbackPath = "/callback"

// flow is one login in progress: the app registered for it, its PKCE verifier and state,
// and the loopback listener waiting for the browser.
type flow struct {
	s        *session
	app      application
	verifier string // PKCE code_verifier (RFC 7636)
	state    string // echoed by the redirect; ties a callback to this login
	loopback string // "http://127.0.0.1:PORT/callback"; "" when no listener could start
	srv      *http.Server
	results  chan callback
}

// callback is what the browser brought back to the loopback listener.
type callback struct {
	code string
	err  error
}

// startFlow opens the loopback listener and registers an app whose redirect URIs are
// the listener's and the out-of-band one. Each login registers its own app: the port
// changes every time and Mastodon matches redirect URIs exactly. A machine where no
// loopback port can be opened logs in with the pasted code alone.
func startFlow(ctx context.Context, s *session) (*flow, error) {
	f := &flow{s: s, verifier: randomString(32), state: randomString(16), results: make(chan callback, 1)}
	if ln, err := net.Listen("tcp", "127.0.0.1:0"); err == nil {
		f.loopback = "http://" + ln.Addr().String() + callbackPath
		f.srv = &http.Server{Handler: http.HandlerFunc(f.serveCallback), ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = f.srv.Serve(ln) }() // ErrServerClosed once close runs
	}
	redirects := oob
	if f.loopback != "" {
		// Newline-separated: the form every version takes (4.3+ also takes an array).
		redirects = f.loopback + "\n" + oob
	}
	form := url.Values{
		"client_name":   {"chorus"},
		"redirect_uris": {redirects},
		"scopes":        {scopes},
		"website":       {"https://github.com/chorus-social/chorus"},
	}
	var app application
	if _, err := s.do(ctx, formRequest("/api/v1/apps", form), &app); err != nil {
		f.close()
		return nil, fmt.Errorf("register chorus as an app on %s: %w", s.base, err)
	}
	if app.ClientID == "" || app.ClientSecret == "" {
		f.close()
		return nil, &platforms.RejectedError{Reason: "the instance registered the app without a client id or secret"}
	}
	f.app = app
	return f, nil
}

func (f *flow) close() {
	if f.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = f.srv.Shutdown(ctx) // nothing to do about a slow shutdown
	}
}

// authorizeURL is the address that asks the person to approve chorus. force_login makes
// the instance ask who is logging in, since the browser may be logged in as another of
// the freelancer's accounts. PKCE (S256) is honoured from Mastodon 4.3 and ignored
// before.
func (f *flow) authorizeURL(redirect string) string {
	sum := sha256.Sum256([]byte(f.verifier))
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {f.app.ClientID},
		"redirect_uri":          {redirect},
		"scope":                 {scopes},
		"state":                 {f.state},
		"code_challenge":        {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"},
		"force_login":           {"true"},
	}
	return f.s.base + "/oauth/authorize?" + q.Encode()
}

// instructions tell the person what to do.
func (f *flow) instructions(a social.Account) string {
	who := a.Handle
	if who == "" {
		who = "your account"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "To let chorus post as %s on %s, open this address in a browser and approve:\n\n", who, f.s.base)
	if f.loopback == "" {
		fmt.Fprintf(&b, "  %s\n\nThen paste the code the instance shows.", f.authorizeURL(oob))
		return b.String()
	}
	fmt.Fprintf(&b, "  %s\n\nchorus is waiting for the browser to come back.\n", f.authorizeURL(f.loopback))
	fmt.Fprintf(&b, "If the browser runs on another machine, open this address instead and paste the code it shows:\n\n  %s", f.authorizeURL(oob))
	return b.String()
}

// serveCallback takes the browser's redirect. The code is never logged or shown.
func (f *flow) serveCallback(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != callbackPath {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	var res callback
	switch {
	case q.Get("state") != f.state:
		http.Error(w, "This address belongs to another login attempt. Start the login in chorus again.", http.StatusBadRequest)
		return
	case q.Get("error") != "":
		res.err = &platforms.RejectedError{Reason: "the instance did not authorize chorus: " + strings.TrimSpace(q.Get("error")+" "+q.Get("error_description"))}
	case q.Get("code") == "":
		http.Error(w, "No authorization code in this address.", http.StatusBadRequest)
		return
	default:
		res.code = q.Get("code")
	}
	select {
	case f.results <- res:
	default: // a second callback after the first: ignore it
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if res.err != nil {
		fmt.Fprint(w, "<!doctype html><title>chorus</title><p>chorus was not authorized. You can close this tab.</p>")
		return
	}
	fmt.Fprint(w, "<!doctype html><title>chorus</title><p>chorus is logged in. You can close this tab and go back to the terminal.</p>")
}

// pasted is one answer of the person at the prompt.
type pasted struct {
	text string
	err  error
}

// wait returns the code and the redirect URI it was issued for: from the loopback
// listener, or pasted at the prompt (a bare code from the out-of-band page, or the whole
// address the browser ended on when it could not reach the listener). The prompt runs
// beside the listener; whichever answers first wins, and the prompt's context is
// cancelled when the listener does.
func (f *flow) wait(ctx context.Context, ui platforms.LoginUI) (code, redirect string, err error) {
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make(chan pasted, 1)
	ask := func() {
		go func() {
			label := "Code (or the address the browser ended on)"
			if f.loopback == "" {
				label = "Code"
			}
			t, err := ui.Prompt(pctx, label, false)
			answers <- pasted{strings.TrimSpace(t), err}
		}()
	}
	ask()
	for {
		select {
		case <-ctx.Done():
			return "", "", context.Cause(ctx)
		case r := <-f.results:
			return r.code, f.loopback, r.err
		case p := <-answers:
			switch {
			case p.err != nil && f.loopback != "" && ctx.Err() == nil:
				// No usable prompt (stdin is not a terminal, say): the browser can still
				// come back to the listener.
				continue
			case p.err != nil:
				return "", "", fmt.Errorf("read the authorization code: %w", p.err)
			case p.text == "":
				ask()
				continue
			}
			return f.parsePasted(p.text)
		}
	}
}

// parsePasted reads a pasted code or redirect address.
func (f *flow) parsePasted(s string) (code, redirect string, err error) {
	if !strings.Contains(s, "code=") {
		return s, oob, nil
	}
	u, perr := url.Parse(s)
	if perr != nil {
		return "", "", &platforms.RejectedError{Reason: "the pasted address does not parse; paste the code alone"}
	}
	q := u.Query()
	if st := q.Get("state"); st != "" && st != f.state {
		return "", "", &platforms.RejectedError{Reason: "the pasted address belongs to another login attempt"}
	}
	if q.Get("code") == "" {
		return "", "", &platforms.RejectedError{Reason: "the pasted address holds no code"}
	}
	redirect = oob
	if f.loopback != "" && strings.HasPrefix(s, f.loopback) {
		redirect = f.loopback
	}
	return q.Get("code"), redirect, nil
}

// exchange trades the code for an access token (https://docs.joinmastodon.org/methods/oauth/#token).
func (f *flow) exchange(ctx context.Context, code, redirect string) (string, error) {
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"client_id":     {f.app.ClientID},
		"client_secret": {f.app.ClientSecret},
		"redirect_uri":  {redirect},
		"code_verifier": {f.verifier},
		"scope":         {scopes},
	}
	var tok oauthToken
	if _, err := f.s.do(ctx, formRequest("/oauth/token", form, code, f.verifier, f.app.ClientSecret), &tok); err != nil {
		var auth *platforms.AuthExpiredError
		if errors.As(err, &auth) {
			// 401 here is invalid_client, not an expired login: say what it is.
			return "", &platforms.RejectedError{Status: http.StatusUnauthorized, Reason: "the instance refused chorus's app: " + auth.Detail}
		}
		return "", fmt.Errorf("exchange the authorization code: %w", err)
	}
	if tok.AccessToken == "" {
		return "", &platforms.RejectedError{Reason: "the instance answered the code without a token"}
	}
	return tok.AccessToken, nil
}

// randomString is n random bytes, base64url: state values and PKCE verifiers (32 bytes
// give the 43 characters RFC 7636 asks for at least).
func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
