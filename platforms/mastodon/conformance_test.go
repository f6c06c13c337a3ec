package mastodon_test

import (
	"sync"
	"testing"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/conformance"
	"github.com/chorus-social/chorus/platforms/mastodon"
	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/social"
)

// newAdapter builds the adapter the way the app does, through the registry, with the
// server's personal token stored for the account.
func newAdapter(t *testing.T, srv *mastodontest.Server, retries int) (platforms.Adapter, social.Account) {
	t.Helper()
	acct := social.Account{ID: "conf-mastodon", ClientID: "conf", Platform: mastodon.Name, Server: srv.URL, Handle: "brand"}
	reg, err := platforms.Lookup(mastodon.Name)
	if err != nil {
		t.Fatal(err)
	}
	if reg.DefaultServer != mastodon.DefaultServer {
		t.Errorf("DefaultServer = %q", reg.DefaultServer)
	}
	sec := mastodontest.NewSecrets(acct.ID, srv.Token)
	ad, err := reg.New(platforms.Env{Secrets: sec, Retries: retries})
	if err != nil {
		t.Fatal(err)
	}
	return ad, acct
}

func TestConformance(t *testing.T) {
	var mu sync.Mutex
	servers := map[string]*mastodontest.Server{} // by URL, for Incoming
	conformance.Run(t, conformance.Harness{
		New: func(t *testing.T) (platforms.Adapter, social.Account) {
			srv := mastodontest.New(t, mastodontest.Options{MediaPolls: 1})
			mu.Lock()
			servers[srv.URL] = srv
			mu.Unlock()
			return newAdapter(t, srv, 0)
		},
		Faulty: func(t *testing.T, fault string) (platforms.Adapter, social.Account) {
			srv := mastodontest.New(t, mastodontest.Options{})
			srv.SetFault(fault)
			return newAdapter(t, srv, -1)
		},
		Incoming: func(t *testing.T, a social.Account, n int) {
			mu.Lock()
			srv := servers[a.Server]
			mu.Unlock()
			srv.AddNotifications(n)
		},
	})
}
