package engine

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/mastodon"
	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/secrets"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// rig is a local Mastodon instance and a store in a file, with accounts of several
// clients that all post as the instance's main account through the real adapter: what
// the benchmark, the crash tests and the concurrency test publish through.
type rig struct {
	srv   *mastodontest.Server
	path  string
	db    *store.DB
	accts []social.Account
}

// newRig makes clients clients with perClient accounts each on platform (mastodon, or a
// test platform wrapping the Mastodon adapter).
func newRig(tb testing.TB, clients, perClient int, platform social.Platform, opts mastodontest.Options) *rig {
	tb.Helper()
	r := &rig{srv: mastodontest.New(tb, opts), path: filepath.Join(tb.TempDir(), "chorus.db")}
	r.db = openStore(tb, r.path)
	ctx := context.Background()
	for c := range clients {
		cl := social.Client{ID: fmt.Sprintf("c%d", c), Name: fmt.Sprintf("Client %d", c), TZ: "Europe/Berlin"}
		if err := r.db.PutClient(ctx, cl); err != nil {
			tb.Fatal(err)
		}
		for a := range perClient {
			acct := social.Account{ID: fmt.Sprintf("%s-%s%d", cl.ID, platform, a), ClientID: cl.ID, Platform: platform,
				Server: r.srv.URL, Handle: fmt.Sprintf("brand-%s-%d", cl.ID, a), RemoteID: r.srv.SelfID}
			if err := r.db.PutAccount(ctx, acct); err != nil {
				tb.Fatal(err)
			}
			r.accts = append(r.accts, acct)
		}
	}
	return r
}

// openStore opens a store handle on path, closed when the test ends.
func openStore(tb testing.TB, path string) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// mastoSet is the adapters a publisher needs to reach the instance with token for the
// accounts: the Mastodon adapter, or a test platform built on it.
func mastoSet(tb testing.TB, platform social.Platform, accts []social.Account, token string) *platforms.Set {
	tb.Helper()
	pairs := map[string]string{}
	for _, a := range accts {
		pairs[a.ID] = token
	}
	ad, err := mastodon.New(platforms.Env{Secrets: secrets.NewMemory(pairs), HTTP: &http.Client{Timeout: 10 * time.Second}})
	if err != nil {
		tb.Fatal(err)
	}
	set := platforms.NewSet(platforms.Env{}, nil)
	switch platform {
	case mastodon.Name:
		set.Put(ad)
	case plainName:
		set.Put(plain{ad})
	case findingName:
		set.Put(finding{plain{ad}, token})
	default:
		tb.Fatalf("no test platform %q", platform)
	}
	return set
}

// publisher is a publisher on db with the rig's adapters.
func (r *rig) publisher(tb testing.TB, db *store.DB) *Publisher {
	return &Publisher{DB: db, Platforms: mastoSet(tb, r.accts[0].Platform, r.accts, r.srv.Token)}
}

// pngFile writes a small PNG image and returns its path.
func pngFile(tb testing.TB, name string) string {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// postSpec is a post to schedule: one part per text, with media on the parts listed.
type postSpec struct {
	acct  social.Account
	texts []string
	media map[int][]social.Media
	due   time.Time
	key   string // the idempotency key; "" makes one
}

// schedule saves the posts in one transaction and returns their targets' ids.
func (r *rig) schedule(tb testing.TB, specs []postSpec) []int64 {
	tb.Helper()
	posts := make([]*social.Post, len(specs))
	for i, s := range specs {
		p := &social.Post{ClientID: s.acct.ClientID, Status: social.StatusScheduled,
			Targets: []social.Target{{AccountID: s.acct.ID, Status: social.StatusScheduled, DueAt: s.due, IdemKey: s.key}}}
		for j, t := range s.texts {
			p.Parts = append(p.Parts, social.Part{Text: t, Media: s.media[j]})
		}
		posts[i] = p
	}
	if err := r.db.CreatePosts(context.Background(), posts); err != nil {
		tb.Fatal(err)
	}
	ids := make([]int64, len(posts))
	for i, p := range posts {
		ids[i] = p.Targets[0].ID
	}
	return ids
}
