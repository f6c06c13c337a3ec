package bluesky

import (
	"sync"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/bluesky/blueskytest"
	"github.com/chorus-social/chorus/platforms/conformance"
	"github.com/chorus-social/chorus/social"
)

// TestConformance runs the shared adapter suite against the test server. Access tokens
// expire every few dozen calls, so the suite's calls keep meeting ExpiredToken and the
// refresh path runs throughout; every adapter starts from the bare app password, as `chorus accounts
// add --password-stdin` leaves it.
func TestConformance(t *testing.T) {
	e := newEnv(t)
	// The server's clock moves ten seconds every time it is read, and a token lives ten
	// minutes: tokens expire every few dozen calls, whatever the machine's speed.
	var mu sync.Mutex
	clock := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	e.srv.Set(func(s *blueskytest.Server) {
		s.AccessTTL = 10 * time.Minute
		s.Now = func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			clock = clock.Add(10 * time.Second)
			return clock
		}
	})
	// A conversation with a message waiting, so SendDM is exercised.
	convo := e.srv.Convo(e.brand, e.stranger)
	e.srv.DM(e.stranger, convo, "hello, do you ship to Norway?")

	conformance.Run(t, conformance.Harness{
		New: func(t *testing.T) (platforms.Adapter, social.Account) {
			reg, err := platforms.Lookup(Name)
			if err != nil {
				t.Fatal(err)
			}
			ad, err := reg.New(platforms.Env{Secrets: e.sec, Options: map[string]any{"plc": e.srv.PLC(), "link_cards": "plain"}})
			if err != nil {
				t.Fatal(err)
			}
			return ad, e.acct
		},
		Faulty: func(t *testing.T, fault string) (platforms.Adapter, social.Account) {
			f := newEnv(t)
			f.srv.Set(func(s *blueskytest.Server) { s.Fault = fault })
			return f.adapter(t, nil), f.acct
		},
		Incoming: func(t *testing.T, a social.Account, n int) {
			e.srv.Mentions(e.stranger, e.brand, n)
		},
	})
	if n := e.srv.Calls("com.atproto.server.refreshSession"); n == 0 {
		t.Error("the suite never refreshed a session: the expired-token path was not exercised")
	}
}
