package mastodon

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chorus-social/chorus/internal/logbuf"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/httpx"
	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/social"
)

// fixture is an adapter wired to a fresh test instance, with the instance's personal
// token stored for the account.
type fixture struct {
	ad   *Adapter
	srv  *mastodontest.Server
	acct social.Account
	sec  *mastodontest.Secrets
	logs *logbuf.Buffer
}

func newFixture(t *testing.T, opts mastodontest.Options) *fixture {
	t.Helper()
	srv := mastodontest.New(t, opts)
	f := &fixture{srv: srv, logs: &logbuf.Buffer{}}
	f.acct = social.Account{ID: "acme-masto", ClientID: "acme", Platform: Name, Server: srv.URL, Handle: "@brand"}
	f.sec = mastodontest.NewSecrets(f.acct.ID, srv.Token)
	log := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ad, err := New(platforms.Env{Secrets: f.sec, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	// Poll processing uploads quickly.
	ad.mediaPoll, ad.mediaPollMax = time.Millisecond, 5*time.Millisecond
	f.ad = ad
	return f
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// post is a Publishable of one part per text.
func post(key string, texts ...string) platforms.Publishable {
	p := platforms.Publishable{IdemKey: key}
	for _, s := range texts {
		p.Parts = append(p.Parts, social.Part{Text: s})
	}
	return p
}

// pngFile writes a small PNG and returns it as media with alt text.
func pngFile(t *testing.T, alt string) social.Media {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pic.png")
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return social.Media{Path: path, Mime: "image/png", Alt: alt}
}

// mustStatus returns the server's view of a status.
func (f *fixture) mustStatus(t *testing.T, id string) mastodontest.Status {
	t.Helper()
	st, ok := f.srv.Status(id)
	if !ok {
		t.Fatalf("status %s is not on the server", id)
	}
	return st
}

// newNoRetryClient is an httpx client that answers the first failure at once.
func newNoRetryClient() *httpx.Client { return httpx.New(httpx.Options{MaxRetries: -1}) }
