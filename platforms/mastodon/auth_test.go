package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/social"
)

// fakeUI is the person at the terminal: Show hands the message to the test, Prompt
// answers with the test's function.
type fakeUI struct {
	shown  chan string
	answer func(ctx context.Context) (string, error)
}

func newUI(answer func(ctx context.Context) (string, error)) *fakeUI {
	return &fakeUI{shown: make(chan string, 4), answer: answer}
}

func (u *fakeUI) Show(msg string) { u.shown <- msg }

func (u *fakeUI) Prompt(ctx context.Context, label string, secret bool) (string, error) {
	return u.answer(ctx)
}

// waitForever is a prompt nobody answers: it returns when login no longer needs it.
func waitForever(ctx context.Context) (string, error) {
	<-ctx.Done()
	return "", ctx.Err()
}

var authorizeRE = regexp.MustCompile(`https?://\S+/oauth/authorize\?\S+`)

// authorizeURLs returns the loopback and out-of-band authorize addresses of a message.
func authorizeURLs(t *testing.T, msg string) (loopback, oobURL string) {
	t.Helper()
	for _, u := range authorizeRE.FindAllString(msg, -1) {
		pu, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		if pu.Query().Get("redirect_uri") == oob {
			oobURL = u
		} else {
			loopback = u
		}
	}
	if oobURL == "" {
		t.Fatalf("no out-of-band address in %q", msg)
	}
	return loopback, oobURL
}

// newLoginFixture is a fixture whose account has no token yet.
func newLoginFixture(t *testing.T, opts mastodontest.Options) *fixture {
	f := newFixture(t, opts)
	f.sec = mastodontest.NewSecrets("", "")
	f.ad.secrets = f.sec
	f.acct.Server = f.srv.URL + "/" // as typed; login normalizes it
	return f
}

// login runs Login in the background and returns its result channel.
func (f *fixture) login(a *social.Account, ui *fakeUI) chan error {
	done := make(chan error, 1)
	go func() { done <- f.ad.Login(context.Background(), a, ui) }()
	return done
}

func wait(t *testing.T, done chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(15 * time.Second):
		t.Fatal("login did not finish")
		return nil
	}
}

// checkStored checks the credential Login stored and that the account works with it.
func (f *fixture) checkStored(t *testing.T, a social.Account) credential {
	t.Helper()
	raw, err := f.sec.Get(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var c credential
	if err := json.Unmarshal([]byte(raw), &c); err != nil || c.AccessToken == "" || c.ClientID == "" || c.ClientSecret == "" || c.Server != f.srv.URL {
		t.Fatalf("stored credential %q (%v)", raw, err)
	}
	if a.RemoteID != f.srv.SelfID || a.DisplayName != "Brand & Co." || a.Server != f.srv.URL {
		t.Errorf("account after login = %+v", a)
	}
	if _, err := f.ad.Publish(ctx(t), a, post("after-login", "logged in")); err != nil {
		t.Errorf("publish with the new token: %v", err)
	}
	return c
}

func TestLoginLoopback(t *testing.T) {
	f := newLoginFixture(t, mastodontest.Options{})
	ui := newUI(waitForever)
	a := f.acct
	done := f.login(&a, ui)
	loopback, _ := authorizeURLs(t, <-ui.shown)
	if !strings.Contains(loopback, "code_challenge_method=S256") || !strings.Contains(loopback, "force_login=true") {
		t.Errorf("authorize address lacks PKCE or force_login: %s", loopback)
	}
	redirect, err := f.srv.Approve(loopback)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(redirect, "http://127.0.0.1:") {
		t.Fatalf("the instance redirects to %q, not to the loopback listener", redirect)
	}
	// The browser follows the redirect to chorus's listener.
	resp, err := http.Get(redirect)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "logged in") {
		t.Errorf("callback page: %d %s", resp.StatusCode, body)
	}
	if err := wait(t, done); err != nil {
		t.Fatal(err)
	}
	f.checkStored(t, a)
}

func TestLoginOutOfBand(t *testing.T) {
	f := newLoginFixture(t, mastodontest.Options{})
	shown := make(chan string, 1)
	ui := &fakeUI{shown: shown}
	ui.answer = func(ctx context.Context) (string, error) {
		// The person opens the second address on another machine and pastes the code.
		_, oobURL := authorizeURLs(t, <-shown)
		return f.srv.Approve(oobURL)
	}
	a := f.acct
	if err := wait(t, f.login(&a, ui)); err != nil {
		t.Fatal(err)
	}
	f.checkStored(t, a)
}

func TestLoginPastedRedirectAddress(t *testing.T) {
	f := newLoginFixture(t, mastodontest.Options{})
	shown := make(chan string, 1)
	ui := &fakeUI{shown: shown}
	ui.answer = func(ctx context.Context) (string, error) {
		// The browser could not reach the listener; the person copies its address bar.
		loopback, _ := authorizeURLs(t, <-shown)
		return f.srv.Approve(loopback)
	}
	a := f.acct
	if err := wait(t, f.login(&a, ui)); err != nil {
		t.Fatal(err)
	}
	f.checkStored(t, a)
}

func TestLoginWithoutTerminalWaitsForTheBrowser(t *testing.T) {
	f := newLoginFixture(t, mastodontest.Options{})
	ui := newUI(func(context.Context) (string, error) {
		return "", errors.New("stdin is not a terminal")
	})
	a := f.acct
	done := f.login(&a, ui)
	loopback, _ := authorizeURLs(t, <-ui.shown)
	state := mustQuery(t, loopback).Get("state")
	// A callback from another attempt is turned away and login keeps waiting.
	cb := mustQuery(t, loopback).Get("redirect_uri")
	resp, err := http.Get(cb + "?code=stolen&state=not-" + state)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("callback with a wrong state answered %d", resp.StatusCode)
	}
	redirect, err := f.srv.Approve(loopback)
	if err != nil {
		t.Fatal(err)
	}
	resp, err = http.Get(redirect)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := wait(t, done); err != nil {
		t.Fatal(err)
	}
	f.checkStored(t, a)
}

func TestLoginDenied(t *testing.T) {
	f := newLoginFixture(t, mastodontest.Options{})
	ui := newUI(waitForever)
	a := f.acct
	done := f.login(&a, ui)
	loopback, _ := authorizeURLs(t, <-ui.shown)
	q := mustQuery(t, loopback)
	resp, err := http.Get(q.Get("redirect_uri") + "?error=access_denied&error_description=The+resource+owner+denied+the+request.&state=" + q.Get("state"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	err = wait(t, done)
	var rej *platforms.RejectedError
	if !errors.As(err, &rej) || !strings.Contains(err.Error(), "access_denied") {
		t.Fatalf("err = %v, want a refusal naming access_denied", err)
	}
	if _, err := f.sec.Get(a.ID); err == nil {
		t.Error("a credential was stored")
	}
}

func TestLoginAsTheWrongAccountIsRefused(t *testing.T) {
	f := newLoginFixture(t, mastodontest.Options{})
	f.srv.LoginAs("cleo") // the browser is logged in as another of the freelancer's accounts
	shown := make(chan string, 1)
	ui := &fakeUI{shown: shown}
	ui.answer = func(ctx context.Context) (string, error) {
		_, oobURL := authorizeURLs(t, <-shown)
		return f.srv.Approve(oobURL)
	}
	a := f.acct
	err := wait(t, f.login(&a, ui))
	if err == nil || !strings.Contains(err.Error(), "belongs to @cleo, not @brand") {
		t.Fatalf("err = %v", err)
	}
	if _, err := f.sec.Get(a.ID); err == nil {
		t.Error("the wrong account's token was stored")
	}
}

func TestLoginTimesOut(t *testing.T) {
	f := newLoginFixture(t, mastodontest.Options{})
	f.ad.loginTimeout = 100 * time.Millisecond
	err := wait(t, f.login(&social.Account{ID: "x", Server: f.srv.URL}, newUI(waitForever)))
	if err == nil || !strings.Contains(err.Error(), "no authorization within 100ms") {
		t.Fatalf("err = %v", err)
	}
}

func TestReloginRevokesTheReplacedToken(t *testing.T) {
	f := newLoginFixture(t, mastodontest.Options{})
	loginOOB := func() credential {
		shown := make(chan string, 1)
		ui := &fakeUI{shown: shown}
		ui.answer = func(ctx context.Context) (string, error) {
			_, oobURL := authorizeURLs(t, <-shown)
			return f.srv.Approve(oobURL)
		}
		a := f.acct
		if err := wait(t, f.login(&a, ui)); err != nil {
			t.Fatal(err)
		}
		return f.checkStored(t, a)
	}
	first := loginOOB()
	second := loginOOB()
	if f.srv.TokenValid(first.AccessToken) || !f.srv.TokenValid(second.AccessToken) {
		t.Errorf("after a new login: old token valid %v, new token valid %v", f.srv.TokenValid(first.AccessToken), f.srv.TokenValid(second.AccessToken))
	}
}

func TestVerify(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	json := credential{AccessToken: f.srv.Token, ClientID: "c", ClientSecret: "s"}.encode()
	for _, tc := range []struct {
		name, secret string
		handle       string
		want         string // "" for success, else a piece of the error
	}{
		{"raw personal token (--token-stdin)", f.srv.Token, "@brand", ""},
		{"raw token with a newline", f.srv.Token + "\n", "brand@" + strings.TrimPrefix(f.srv.URL, "http://"), ""},
		{"JSON from login", json, "BRAND", ""},
		{"unknown token", "not-a-token", "brand", "login expired or refused"},
		{"someone else's handle", f.srv.Token, "@cleo", "belongs to @brand, not @cleo"},
		{"empty", "", "brand", "empty or malformed"},
		{"broken JSON", `{"access_token": 1}`, "brand", "not readable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := f.acct
			a.Handle = tc.handle
			if err := f.sec.Set(a.ID, tc.secret); err != nil {
				t.Fatal(err)
			}
			err := f.ad.Verify(ctx(t), &a)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if a.RemoteID != f.srv.SelfID || a.DisplayName != "Brand & Co." {
					t.Errorf("Verify filled %+v", a)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestRevokedTokenNeedsLogin(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	f.srv.Revoke(f.srv.Token)
	a := f.acct
	for name, call := range map[string]func() error{
		"Verify":  func() error { return f.ad.Verify(ctx(t), &a) },
		"Publish": func() error { _, err := f.ad.Publish(ctx(t), a, post("k", "x")); return err },
		"Inbox":   func() error { _, err := f.ad.FetchInbox(ctx(t), a, ""); return err },
		"Like":    func() error { return f.ad.Like(ctx(t), a, "1") },
	} {
		err := call()
		var auth *platforms.AuthExpiredError
		if !errors.As(err, &auth) || auth.AccountID != a.ID || !strings.Contains(err.Error(), "The access token is invalid") {
			t.Errorf("%s: err = %#v, want AuthExpiredError for %s with Mastodon's words", name, err, a.ID)
		}
		if !strings.Contains(err.Error(), "chorus accounts login "+a.ID) {
			t.Errorf("%s: %v does not say how to fix it", name, err)
		}
	}
	var auth *platforms.AuthExpiredError
	_, err := f.ad.Publish(ctx(t), social.Account{ID: "nobody", Server: f.srv.URL}, post("k", "x"))
	if !errors.As(err, &auth) || auth.AccountID != "nobody" {
		t.Errorf("no stored token: %v", err)
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}
