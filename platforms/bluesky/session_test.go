package bluesky

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/bluesky/blueskytest"
	"github.com/chorus-social/chorus/secrets"
	"github.com/chorus-social/chorus/social"
)

func TestVerifyTurnsBareAppPasswordIntoStoredSession(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	acct := e.acct
	if err := ad.Verify(ctxT(t), &acct); err != nil {
		t.Fatal(err)
	}
	if acct.RemoteID != e.brand.DID || acct.DisplayName != "Acme Outdoor Co." {
		t.Errorf("account after Verify: RemoteID %q DisplayName %q", acct.RemoteID, acct.DisplayName)
	}
	raw, _ := e.sec.Get(acct.ID)
	var s session
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		t.Fatalf("stored secret is not the JSON form: %v", err)
	}
	if s.V != 1 || s.AppPassword != e.password || s.AccessJwt == "" || s.RefreshJwt == "" || s.DID != e.brand.DID || s.PDS != e.srv.URL {
		t.Errorf("stored session %+v", s)
	}
	// A second adapter (another process) starts from the stored session without logging in.
	ad2 := e.adapter(t, nil)
	if err := ad2.Verify(ctxT(t), &acct); err != nil {
		t.Fatal(err)
	}
	if n := e.srv.Calls("com.atproto.server.createSession"); n != 1 {
		t.Errorf("createSession called %d times, want 1: the stored session was not reused", n)
	}
}

func TestExpiredAccessTokenIsRefreshedOnceWithoutAskingTheUser(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	if _, err := ad.AccountMetrics(ctxT(t), e.acct); err != nil {
		t.Fatal(err)
	}
	e.srv.ExpireTokens()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := ad.AccountMetrics(ctxT(t), e.acct)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("call after expiry: %v", err)
		}
	}
	if n := e.srv.Calls("com.atproto.server.refreshSession"); n != 1 {
		t.Errorf("refreshSession called %d times by 8 concurrent calls, want 1", n)
	}
	if n := e.srv.Calls("com.atproto.server.createSession"); n != 1 {
		t.Errorf("createSession called %d times, want 1 (the first login only)", n)
	}
	stored, _ := e.sec.Get(e.acct.ID)
	if s := parseSecret(stored); s.AccessJwt != ad.cached(e.acct.ID).AccessJwt {
		t.Error("the refreshed session was not saved to the secrets store")
	}
}

func TestRevokedSessionLogsInAgainWithTheAppPassword(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	if _, err := ad.AccountMetrics(ctxT(t), e.acct); err != nil {
		t.Fatal(err)
	}
	e.srv.RevokeSessions() // refresh tokens too: refreshSession will fail
	if _, err := ad.AccountMetrics(ctxT(t), e.acct); err != nil {
		t.Fatalf("call after revocation: %v", err)
	}
	if n := e.srv.Calls("com.atproto.server.createSession"); n != 2 {
		t.Errorf("createSession called %d times, want 2", n)
	}
}

func TestSessionFromAnotherProcessIsPickedUp(t *testing.T) {
	e := newEnv(t)
	a, b := e.adapter(t, nil), e.adapter(t, nil) // the TUI and the daemon
	if _, err := a.AccountMetrics(ctxT(t), e.acct); err != nil {
		t.Fatal(err)
	}
	if _, err := b.AccountMetrics(ctxT(t), e.acct); err != nil {
		t.Fatal(err)
	}
	e.srv.ExpireTokens()
	if _, err := a.AccountMetrics(ctxT(t), e.acct); err != nil { // a refreshes; b's refresh token is now spent
		t.Fatal(err)
	}
	if _, err := b.AccountMetrics(ctxT(t), e.acct); err != nil {
		t.Fatal(err)
	}
	if n := e.srv.Calls("com.atproto.server.refreshSession"); n != 1 {
		t.Errorf("refreshSession called %d times, want 1: b should take a's stored session", n)
	}
	if n := e.srv.Calls("com.atproto.server.createSession"); n != 1 {
		t.Errorf("createSession called %d times, want 1", n)
	}
}

func TestWrongAppPasswordAsksForLoginWithoutLeakingIt(t *testing.T) {
	e := newEnv(t)
	e.sec.Set(e.acct.ID, "wrong-pass-word-1234")
	ad := e.adapter(t, nil)
	acct := e.acct
	err := ad.Verify(ctxT(t), &acct)
	var auth *platforms.AuthExpiredError
	if !errors.As(err, &auth) || auth.AccountID != acct.ID {
		t.Fatalf("Verify with a wrong password = %v, want *AuthExpiredError for %s", err, acct.ID)
	}
	if !strings.Contains(err.Error(), "chorus accounts login acme-bsky") {
		t.Errorf("error does not say what to run: %v", err)
	}
	if strings.Contains(err.Error(), "wrong-pass-word-1234") || strings.Contains(e.logs.String(), "wrong-pass-word-1234") {
		t.Error("the password appears in the error or the log")
	}
	if platforms.Retryable(err) {
		t.Error("a refused password must not be retried")
	}
}

func TestNoSecretInLogsOrErrors(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	var errs []string
	record := func(err error) {
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	_, err := ad.Publish(ctxT(t), e.acct, post("hello"))
	record(err)
	e.srv.ExpireTokens()
	_, err = ad.FetchInbox(ctxT(t), e.acct, "")
	record(err)
	e.srv.RevokeSessions()
	_, err = ad.AccountMetrics(ctxT(t), e.acct)
	record(err)
	_, err = ad.Publish(ctxT(t), e.acct, platforms.Publishable{Parts: []social.Part{{Text: strings.Repeat("x", 301)}}})
	record(err)
	e.srv.Set(func(s *blueskytest.Server) { s.Fault = "auth" })
	_, err = ad.AccountMetrics(ctxT(t), e.acct)
	record(err)
	if len(errs) < 2 {
		t.Fatalf("expected failures to look at, got %q", errs)
	}
	stored, _ := e.sec.Get(e.acct.ID)
	s := parseSecret(stored)
	secrets := append(e.srv.Tokens(), e.password, s.AccessJwt, s.RefreshJwt)
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		if strings.Contains(e.logs.String(), sec) {
			t.Errorf("the log holds a secret (%.12s…)", sec)
		}
		for _, msg := range errs {
			if strings.Contains(msg, sec) {
				t.Errorf("error %q holds a secret", msg)
			}
		}
	}
	if !strings.Contains(e.logs.String(), "http request") {
		t.Error("the debug log recorded no requests: the check proves nothing")
	}
}

// ui is a LoginUI answering prompts from a list.
type ui struct {
	answers []string
	asked   []string
	shown   []string
}

func (u *ui) Prompt(_ context.Context, label string, secret bool) (string, error) {
	u.asked = append(u.asked, label)
	if len(u.answers) == 0 {
		return "", errors.New("no more answers")
	}
	a := u.answers[0]
	u.answers = u.answers[1:]
	return a, nil
}

func (u *ui) Show(msg string) { u.shown = append(u.shown, msg) }

func TestLoginAsksForHandleAndAppPassword(t *testing.T) {
	e := newEnv(t)
	e.sec = secrets.NewMemory(nil)
	ad := e.adapter(t, nil)
	acct := social.Account{ID: "acme-bsky", ClientID: "acme", Platform: Name, Server: e.srv.URL}
	u := &ui{answers: []string{"@acme.test", e.password + "\n"}}
	if err := ad.Login(ctxT(t), &acct, u); err != nil {
		t.Fatal(err)
	}
	if acct.Handle != "acme.test" || acct.RemoteID != e.brand.DID || acct.DisplayName != "Acme Outdoor Co." {
		t.Errorf("account after Login: %+v", acct)
	}
	if len(u.shown) == 0 || !strings.Contains(u.shown[0], "app password") {
		t.Errorf("Login showed %q; it should explain app passwords", u.shown)
	}
	stored, err := e.sec.Get(acct.ID)
	if err != nil || parseSecret(stored).AccessJwt == "" {
		t.Errorf("no session stored after Login: %v", err)
	}
}

func TestAccountOnAnotherPDSIsFoundThroughItsDIDDocument(t *testing.T) {
	home := blueskytest.New(t) // where the account lives
	alice := home.CreateAccount("alice.example.com", "alice-main", false)
	pw := home.AppPassword(alice, false)
	configured := blueskytest.New(t) // the server the account was added with
	e := &env{srv: home, sec: secrets.NewMemory(nil), logs: &bytes.Buffer{}}
	e.acct = social.Account{ID: "alice", Platform: Name, Server: configured.URL, Handle: "alice.example.com"}
	e.sec.Set(e.acct.ID, pw)
	ad := e.adapter(t, nil)
	ad.txt = func(_ context.Context, name string) ([]string, error) {
		if name == "_atproto.alice.example.com" {
			return []string{"did=" + alice.DID}, nil
		}
		return nil, errors.New("no such record")
	}
	acct := e.acct
	if err := ad.Verify(ctxT(t), &acct); err != nil {
		t.Fatal(err)
	}
	if acct.RemoteID != alice.DID {
		t.Errorf("RemoteID = %q, want %q", acct.RemoteID, alice.DID)
	}
	if s := ad.cached(acct.ID); s.PDS != home.URL {
		t.Errorf("session PDS = %q, want the account's home %q", s.PDS, home.URL)
	}
	if _, err := ad.Publish(ctxT(t), acct, post("from home")); err != nil {
		t.Fatal(err)
	}
	if n := configured.Calls("com.atproto.repo.createRecord"); n != 0 {
		t.Errorf("the configured server got %d creates; they belong on the home PDS", n)
	}
}

func TestDIDWebDocumentNamesThePDS(t *testing.T) {
	srv := blueskytest.New(t)
	web := srv.CreateAccount("web.example.com", "pw", true)
	e := &env{srv: srv, sec: secrets.NewMemory(nil), logs: &bytes.Buffer{}}
	ad := e.adapter(t, nil)
	doc, err := ad.didDoc(ctxT(t), web.DID)
	if err != nil {
		t.Fatal(err)
	}
	if doc.pds() != srv.URL {
		t.Errorf("did:web %s: pds %q, want %q", web.DID, doc.pds(), srv.URL)
	}
	plc := srv.CreateAccount("plc.example.com", "pw", false)
	if doc, err := ad.didDoc(ctxT(t), plc.DID); err != nil || doc.pds() != srv.URL {
		t.Errorf("did:plc %s: %v, %v", plc.DID, doc, err)
	}
	if _, err := ad.didDoc(ctxT(t), "did:web:example.com:user:alice"); err == nil {
		t.Error("a path-based did:web was accepted")
	}
}

func TestParseSecretAcceptsBothForms(t *testing.T) {
	if s := parseSecret("abcd-efgh-ijkl-mnop\n"); s.AppPassword != "abcd-efgh-ijkl-mnop" || s.AccessJwt != "" {
		t.Errorf("bare password: %+v", s)
	}
	js := `{"v":1,"appPassword":"p","accessJwt":"a","refreshJwt":"r","did":"did:plc:x","pds":"https://pds"}`
	if s := parseSecret(js); s.AppPassword != "p" || s.AccessJwt != "a" || s.PDS != "https://pds" {
		t.Errorf("JSON form: %+v", s)
	}
	// A password that happens to be JSON is still a password.
	if s := parseSecret(`{"x":1}`); s.AppPassword != `{"x":1}` {
		t.Errorf("JSON-looking password: %+v", s)
	}
}
