package cli

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/daemon"
	"github.com/chorus-social/chorus/engine"
	"github.com/chorus-social/chorus/internal/logbuf"
	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui"
)

// The engine the TUI runs while open: a post that falls due goes out, the program hears
// of it as a tui.PublishedMsg, and stop returns once the engine has stopped, quietly.
func TestTUIEnginePublishesAndStops(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.PutClient(ctx, social.Client{ID: "acme", Name: "Acme", TZ: "UTC"}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutAccount(ctx, social.Account{ID: "acme-demo", ClientID: "acme", Platform: "demo", Handle: "acme"}); err != nil {
		t.Fatal(err)
	}
	pub := &engine.Publisher{DB: db, Platforms: platforms.NewSet(platforms.Env{}, nil)}

	var mu sync.Mutex
	var msgs []tea.Msg
	send := func(m tea.Msg) { mu.Lock(); msgs = append(msgs, m); mu.Unlock() }
	var stderr logbuf.Buffer
	stop := startEngine(ctx, daemon.Config{DB: db, Publisher: pub, PublishInterval: time.Second}, send, &stderr)

	p := &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "from the TUI's engine"}},
		Targets: []social.Target{{AccountID: "acme-demo", Status: social.StatusScheduled, DueAt: time.Now().Add(200 * time.Millisecond)}}}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		tg, err := db.Target(ctx, p.Targets[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if tg.Status == social.StatusPublished {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the engine did not publish: target is %s %q", tg.Status, tg.LastError)
		}
		time.Sleep(10 * time.Millisecond)
	}
	stopped := make(chan struct{})
	go func() { stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("stop did not return")
	}
	mu.Lock()
	defer mu.Unlock()
	published := 0
	for _, m := range msgs {
		if pm, ok := m.(tui.PublishedMsg); ok {
			if pm.Err != nil {
				t.Errorf("publish pass failed: %v", pm.Err)
			}
			published += pm.Published
		}
	}
	if published != 1 {
		t.Errorf("the program heard of %d published posts, want 1: %#v", published, msgs)
	}
	if s := stderr.String(); strings.TrimSpace(s) != "" {
		t.Errorf("a quick stop printed %q", s)
	}
}
