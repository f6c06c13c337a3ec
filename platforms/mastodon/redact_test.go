package mastodon

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
)

// leaked finds a secret-bearing parameter whose value was not redacted.
var leaked = regexp.MustCompile(`(client_secret|code_verifier|code|access_token)=([^\[&\s]|\[[^R])`)

// TestTokensNeverInErrorsOrLogs runs failing calls against an instance that echoes the
// request's Authorization header and body into its error messages, and checks that no
// token, code or client secret reaches an error or a log line.
func TestTokensNeverInErrorsOrLogs(t *testing.T) {
	f := newFixture(t, mastodontest.Options{Echo: true, MaxCharacters: 10})
	token := f.srv.Token
	// The adapter believes in a longer limit, so the instance's 422 (with the echo) comes back.
	f.ad.limits[f.srv.URL] = cachedLimits{l: Limits{MaxCharacters: 1000, URLLength: 23, MaxMedia: 4, MaxAltText: 1500}, expires: f.ad.now().Add(1e12)}
	var errs []error
	_, err := f.ad.Publish(ctx(t), f.acct, post("k", strings.Repeat("x", 11)))
	errs = append(errs, err)
	_, err = f.ad.Reply(ctx(t), f.acct, "12345", post("k2", "hi"))
	errs = append(errs, err)
	f.srv.Revoke(token)
	a := f.acct
	errs = append(errs, f.ad.Verify(ctx(t), &a))
	_, err = f.ad.FetchInbox(ctx(t), f.acct, "")
	errs = append(errs, err)

	// A login whose code exchange fails: the instance echoes the form with the client
	// secret, the code and the PKCE verifier.
	lf := newLoginFixture(t, mastodontest.Options{Echo: true})
	ui := newUI(func(context.Context) (string, error) { return "a-made-up-code-123", nil })
	la := lf.acct
	errs = append(errs, lf.ad.Login(ctx(t), &la, ui))

	for i, err := range errs {
		if err == nil {
			t.Fatalf("call %d succeeded", i)
		}
		msg := err.Error()
		if strings.Contains(msg, token) || strings.Contains(msg, "a-made-up-code-123") || leaked.MatchString(msg) {
			t.Errorf("call %d: error holds a secret: %s", i, msg)
		}
		if i < 4 && !strings.Contains(msg, "Bearer [REDACTED]") {
			t.Errorf("call %d: the echoed token is not shown redacted: %s", i, msg)
		}
	}
	logs := f.logs.String() + lf.logs.String()
	if !strings.Contains(lf.logs.String(), "client_secret=[REDACTED]") {
		t.Fatalf("the echoed token request is not in the logs, redacted:\n%s", lf.logs.String())
	}
	if strings.Contains(logs, token) || strings.Contains(logs, "a-made-up-code-123") || leaked.MatchString(logs) {
		t.Errorf("logs hold a secret:\n%s", logs)
	}
}
