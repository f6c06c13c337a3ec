package bluesky

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// appPasswordHelp is shown before the password prompt: a main password works but should
// not be handed to a tool, and only an app password with DM access can read DMs.
const appPasswordHelp = `Log in with an app password, not your main password: create one at
https://bsky.app/settings/app-passwords (tick "Allow access to your direct messages" if
chorus should sync DMs).`

// Login asks for the handle (when the account has none) and an app password, logs in,
// stores the session in the secrets store and fills the account's DID and display name.
func (ad *Adapter) Login(ctx context.Context, acct *social.Account, ui platforms.LoginUI) error {
	if strings.TrimSpace(acct.Handle) == "" {
		h, err := ui.Prompt(ctx, "Bluesky handle (you.bsky.social)", false)
		if err != nil {
			return err
		}
		acct.Handle = strings.TrimPrefix(strings.TrimSpace(h), "@")
	}
	ui.Show(appPasswordHelp)
	pw, err := ui.Prompt(ctx, "App password for @"+strings.TrimPrefix(acct.Handle, "@"), true)
	if err != nil {
		return err
	}
	pw = strings.TrimSpace(pw)
	s, err := ad.createSession(ctx, *acct, pw, "")
	if codeOf(err) == "AuthFactorTokenRequired" {
		// A main password on an account with e-mail 2FA: Bluesky has mailed a code.
		code, perr := ui.Prompt(ctx, "Sign-in code from the e-mail Bluesky just sent", false)
		if perr != nil {
			return perr
		}
		s, err = ad.createSession(ctx, *acct, pw, strings.TrimSpace(code))
	}
	if err != nil {
		return err
	}
	ad.store(*acct, s)
	return ad.describe(ctx, acct, s)
}

// Verify checks the stored login works, logging in with a bare app password (what
// `chorus accounts add --password-stdin` stores) and refreshing an expired session, and
// fills the account's DID and display name.
func (ad *Adapter) Verify(ctx context.Context, acct *social.Account) error {
	// The secret may have just been replaced: read it again rather than trust the cache.
	ad.forget(acct.ID)
	var out struct {
		DID    string `json:"did"`
		Handle string `json:"handle"`
		Active *bool  `json:"active"`
		Status string `json:"status"`
	}
	getSession := query("com.atproto.server.getSession", nil)
	getSession.entry = true
	if err := ad.call(ctx, *acct, getSession, &out); err != nil {
		return err
	}
	if out.Active != nil && !*out.Active {
		return &platforms.AuthExpiredError{AccountID: acct.ID, Detail: fmt.Sprintf("the Bluesky account is not active (%s)", out.Status)}
	}
	s := ad.cached(acct.ID)
	if s == nil {
		return &platforms.AuthExpiredError{AccountID: acct.ID, Detail: "no Bluesky session"}
	}
	if out.DID != "" && out.DID != s.DID {
		return &platforms.RejectedError{Reason: fmt.Sprintf("the session belongs to %s, not %s", out.DID, s.DID)}
	}
	return ad.describe(ctx, acct, s)
}

// describe fills the account's DID and display name. The name comes from the profile
// record on the PDS, which answers even without an AppView; an account without a profile
// keeps its handle as name.
func (ad *Adapter) describe(ctx context.Context, acct *social.Account, s *session) error {
	acct.RemoteID = s.DID
	var rec struct {
		Value struct {
			DisplayName string `json:"displayName"`
		} `json:"value"`
	}
	err := ad.call(ctx, *acct, query("com.atproto.repo.getRecord", url.Values{
		"repo": {s.DID}, "collection": {"app.bsky.actor.profile"}, "rkey": {"self"}}), &rec)
	var nf *platforms.NotFoundError
	switch {
	case err == nil && strings.TrimSpace(rec.Value.DisplayName) != "":
		acct.DisplayName = strings.TrimSpace(rec.Value.DisplayName)
	case err == nil, errors.As(err, &nf):
		if acct.DisplayName == "" {
			acct.DisplayName = "@" + s.Handle
		}
	default:
		return err
	}
	return nil
}
