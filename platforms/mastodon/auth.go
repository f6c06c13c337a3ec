package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// scopes are what chorus asks for: read (timelines, notifications, conversations,
// verify_credentials) and write (statuses, media, favourites). "follow" and "push" are
// not needed (https://docs.joinmastodon.org/api/oauth-scopes/).
const scopes = "read write"

// Login runs the OAuth authorization-code flow against the account's instance: it
// registers an app there, shows the person the authorize address, waits for the code
// on a loopback redirect or for a code they paste, exchanges it for a token, checks the
// token belongs to the account's handle, and stores the token (with the app that issued
// it) in the secrets store. It fills a.Server (normalized), a.RemoteID and
// a.DisplayName. The whole flow is bounded by the login timeout.
func (ad *Adapter) Login(ctx context.Context, a *social.Account, ui platforms.LoginUI) error {
	if ad.secrets == nil {
		return errors.New("mastodon: no secrets store configured, cannot keep a token")
	}
	base, err := normalizeServer(a.Server)
	if err != nil {
		return &platforms.RejectedError{Reason: err.Error()}
	}
	a.Server = base
	ctx, cancel := context.WithTimeout(ctx, ad.loginTimeout)
	defer cancel()

	anon := &session{ad: ad, acct: *a, base: base}
	flow, err := startFlow(ctx, anon)
	if err != nil {
		return err
	}
	defer flow.close()
	ui.Show(flow.instructions(*a))
	code, redirect, err := flow.wait(ctx, ui)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("no authorization within %s: run the login again and approve chorus in the browser", ad.loginTimeout)
		}
		return err
	}
	tok, err := flow.exchange(ctx, code, redirect)
	if err != nil {
		return err
	}
	s := &session{ad: ad, acct: *a, base: base, token: tok}
	me, err := s.verifyCredentials(ctx)
	if err != nil {
		return fmt.Errorf("check the new token: %w", err)
	}
	if err := checkHandle(*a, me); err != nil {
		return err
	}
	old, _ := ad.secrets.Get(a.ID)
	cred := credential{AccessToken: tok, ClientID: flow.app.ClientID, ClientSecret: flow.app.ClientSecret, Server: base}
	if err := ad.secrets.Set(a.ID, cred.encode()); err != nil {
		return fmt.Errorf("store the token of %s: %w", a.ID, err)
	}
	a.RemoteID, a.DisplayName = me.ID, me.name()
	ad.remember(*a)
	ad.revokeReplaced(ctx, anon, old, tok)
	return nil
}

// Verify checks the stored token (a bare personal access token or the JSON Login keeps)
// with verify_credentials, and that it belongs to the account's handle. It fills
// a.RemoteID and a.DisplayName. A refused token gives *platforms.AuthExpiredError:
// Mastodon tokens do not expire, so a refusal means revoked, and only a new login helps.
func (ad *Adapter) Verify(ctx context.Context, a *social.Account) error {
	s, err := ad.session(ctx, *a)
	if err != nil {
		return err
	}
	me, err := s.verifyCredentials(ctx)
	if err != nil {
		return err
	}
	if err := checkHandle(*a, me); err != nil {
		return err
	}
	a.Server = s.base
	a.RemoteID, a.DisplayName = me.ID, me.name()
	ad.remember(*a)
	return nil
}

// remember notes an account's remote id for selfID.
func (ad *Adapter) remember(a social.Account) {
	ad.mu.Lock()
	ad.selves[a.ID] = a.RemoteID
	ad.mu.Unlock()
}

// checkHandle refuses a token of another account than the one being added: with several
// client accounts on one instance, the browser is easily logged in as the wrong one. The
// handle's user part must match the token's username; its domain may differ from the
// instance's host (WebFinger lets @me@example.com live on social.example.com).
func checkHandle(a social.Account, me *account) error {
	want := strings.TrimPrefix(strings.TrimSpace(a.Handle), "@")
	user, _, _ := strings.Cut(want, "@")
	if user == "" || strings.EqualFold(user, me.Username) {
		return nil
	}
	return &platforms.RejectedError{Reason: fmt.Sprintf(
		"the token belongs to @%s, not @%s: log in as @%s (in the browser, log out of @%s first) or fix the handle",
		me.Username, user, user, me.Username)}
}

// revokeReplaced revokes the token a new login replaces, when the old credential says
// which app issued it (https://docs.joinmastodon.org/methods/oauth/#revoke). Best
// effort, briefly: the new login already works.
func (ad *Adapter) revokeReplaced(ctx context.Context, s *session, old, current string) {
	prev, err := parseCredential(old)
	if err != nil || prev.ClientID == "" || prev.AccessToken == current {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	form := url.Values{"client_id": {prev.ClientID}, "client_secret": {prev.ClientSecret}, "token": {prev.AccessToken}}
	_, err = s.do(ctx, formRequest("/oauth/revoke", form, prev.AccessToken, prev.ClientSecret), nil)
	if err != nil && ad.env.Log != nil {
		ad.env.Log.Info("could not revoke the replaced token", "account", s.acct.ID, "err", err)
	}
}

// formRequest is a form-encoded POST whose fields include secrets.
func formRequest(path string, form url.Values, secrets ...string) request {
	return request{
		method:  http.MethodPost,
		path:    path,
		body:    []byte(form.Encode()),
		ctype:   "application/x-www-form-urlencoded",
		secrets: secrets,
	}
}
