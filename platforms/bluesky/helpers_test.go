package bluesky

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/bluesky/blueskytest"
	"github.com/chorus-social/chorus/secrets"
	"github.com/chorus-social/chorus/social"
)

// env is a test network: a server, the brand account chorus manages and a stranger.
type env struct {
	srv      *blueskytest.Server
	brand    *blueskytest.Account
	stranger *blueskytest.Account
	password string // the brand's app password (with DM access)
	sec      *secrets.Memory
	acct     social.Account
	logs     *bytes.Buffer
	// transport, when set, carries the adapter's requests (tests route made-up hosts).
	transport http.RoundTripper
}

// newEnv starts a server with a brand account (acme.test) and a stranger (fan.test).
func newEnv(t *testing.T) *env {
	t.Helper()
	srv := blueskytest.New(t)
	e := &env{srv: srv, sec: secrets.NewMemory(nil), logs: &bytes.Buffer{}}
	e.brand = srv.CreateAccount("acme.test", "acme-main-password", false)
	e.stranger = srv.CreateAccount("fan.test", "fan-main-password", false)
	srv.SetDisplayName(e.brand, "Acme Outdoor Co.")
	e.password = srv.AppPassword(e.brand, true)
	e.acct = social.Account{ID: "acme-bsky", ClientID: "acme", Platform: Name, Server: srv.URL, Handle: "acme.test"}
	e.sec.Set(e.acct.ID, e.password)
	return e
}

// adapter builds an adapter on the env the way the registry does, with opts on top of
// the test defaults (the env's PLC directory, plain link cards).
func (e *env) adapter(t *testing.T, opts map[string]any) *Adapter {
	t.Helper()
	o := map[string]any{"plc": e.srv.PLC(), "link_cards": "plain"}
	for k, v := range opts {
		o[k] = v
	}
	var mu sync.Mutex
	log := slog.New(slog.NewTextHandler(lockedWriter{&mu, e.logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ad, err := newAdapter(platforms.Env{Secrets: e.sec, Options: o, Log: log, HTTP: &http.Client{Transport: e.transport}})
	if err != nil {
		t.Fatal(err)
	}
	// No DNS in tests: handles resolve through the server or not at all.
	ad.txt = func(context.Context, string) ([]string, error) { return nil, os.ErrNotExist }
	return ad
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func ctxT(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// writePNG writes a w×h PNG and returns it as media.
func writePNG(t *testing.T, w, h int, alt string) social.Media {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			m.Set(x, y, color.RGBA{R: uint8(x), G: uint8(y), B: uint8(x ^ y), A: 255})
		}
	}
	path := filepath.Join(t.TempDir(), "img.png")
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return social.Media{Path: path, Mime: "image/png", Alt: alt, Size: int64(b.Len())}
}

// writeBytes writes n bytes to a file and returns it as media of the given type.
func writeBytes(t *testing.T, n int, mime string) social.Media {
	t.Helper()
	path := filepath.Join(t.TempDir(), "big.bin")
	if err := os.WriteFile(path, bytes.Repeat([]byte{0x42}, n), 0o600); err != nil {
		t.Fatal(err)
	}
	return social.Media{Path: path, Mime: mime, Alt: "big", Size: int64(n)}
}

func post(texts ...string) platforms.Publishable {
	p := platforms.Publishable{IdemKey: "key-" + texts[0]}
	for _, s := range texts {
		p.Parts = append(p.Parts, social.Part{Text: s})
	}
	return p
}

// strangerAcct is the stranger's account, for tests that act as them.
func (e *env) strangerAcct() social.Account {
	return social.Account{ID: "fan", ClientID: "fans", Platform: Name, Server: e.srv.URL, Handle: e.stranger.Handle}
}

// adapterFor returns an adapter with a's password stored under its account id.
func (e *env) adapterFor(t *testing.T, a *blueskytest.Account) *Adapter {
	t.Helper()
	e.sec.Set(e.strangerAcct().ID, a.Password)
	return e.adapter(t, nil)
}
