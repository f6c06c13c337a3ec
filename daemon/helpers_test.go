package daemon

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-social/chorus/engine"
	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// fake is an adapter that records when each post reached it. With server set, a publish
// is a request to that server, so a test can hold a send in flight.
type fake struct {
	server string

	mu        sync.Mutex
	sent      map[string]time.Time // text → when it arrived
	fetches   int                  // FetchInbox calls
	stateAsks int                  // ScheduledState calls
}

func newFake() *fake { return &fake{sent: map[string]time.Time{}} }

func (f *fake) Info() platforms.Info {
	return platforms.Info{Name: "fake", Caps: platforms.Capabilities{MaxLength: 500,
		Count: func(s string) int { return len(s) }, IdempotentPublish: true}}
}

func (f *fake) Publish(ctx context.Context, a social.Account, p platforms.Publishable) (platforms.Published, error) {
	text := p.Parts[0].Text
	id := "r-" + text
	if f.server != "" {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.server, strings.NewReader(text))
		if err != nil {
			return platforms.Published{}, err
		}
		req.Header.Set("Idempotency-Key", p.IdemKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return platforms.Published{}, err
		}
		defer resp.Body.Close()
		var out struct{ ID string }
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			return platforms.Published{}, fmt.Errorf("decode: %w", err)
		}
		id = out.ID
	}
	f.mu.Lock()
	f.sent[text] = time.Now()
	f.mu.Unlock()
	return platforms.Published{RemoteID: id, URL: "https://fake/" + id}, nil
}

func (f *fake) FetchInbox(ctx context.Context, a social.Account, cursor string) (platforms.InboxPage, error) {
	f.mu.Lock()
	f.fetches++
	f.mu.Unlock()
	return platforms.InboxPage{}, nil
}

// The fake can hold posts to publish itself; it never gets round to it.
func (f *fake) ScheduleOnServer(context.Context, social.Account, platforms.Publishable, time.Time) (string, error) {
	return "", &platforms.RejectedError{Reason: "not in this test"}
}

func (f *fake) ScheduledState(context.Context, social.Account, string, platforms.Publishable, time.Time) (platforms.Published, bool, error) {
	f.mu.Lock()
	f.stateAsks++
	f.mu.Unlock()
	return platforms.Published{}, false, nil
}

func (f *fake) CancelScheduled(context.Context, social.Account, string) error { return nil }
func (f *fake) MinLead() time.Duration                                        { return time.Hour }

// sentAt says when text reached the fake.
func (f *fake) sentAt(text string) (time.Time, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	at, ok := f.sent[text]
	return at, ok
}

func (f *fake) counts() (fetches, stateAsks int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fetches, f.stateAsks
}

const account = "acme-fake"

// openDB opens (creating on first use) a database holding client acme with one account on
// the fake platform.
func openDB(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := setupDB(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func setupDB(path string) (*store.DB, error) {
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := db.PutClient(ctx, social.Client{ID: "acme", Name: "Acme", TZ: "UTC"}); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.PutAccount(ctx, social.Account{ID: account, ClientID: "acme", Platform: "fake", Handle: "acme"}); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func tempDB(t testing.TB) (string, *store.DB) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	return path, openDB(t, path)
}

// schedule saves a post with text due at due and returns its target's id.
func schedule(t testing.TB, db *store.DB, text string, due time.Time) int64 {
	t.Helper()
	p := &social.Post{ClientID: "acme", Parts: []social.Part{{Text: text}},
		Targets: []social.Target{{AccountID: account, Status: social.StatusScheduled, DueAt: due}}}
	if err := db.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p.Targets[0].ID
}

func config(db *store.DB, f *fake, log *slog.Logger) Config {
	set := platforms.NewSet(platforms.Env{}, nil)
	set.Put(f)
	return Config{
		DB:        db,
		Publisher: &engine.Publisher{DB: db, Platforms: set, Lease: time.Minute, Log: log},
		Syncer:    &engine.Syncer{DB: db, Platforms: set, Log: log},
		Log:       log,
	}
}

// start runs Run in the background until the test ends (or the returned stop is called).
func start(t *testing.T, cfg Config) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, cfg) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Errorf("Run did not return 10s after its context ended")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// waitSent waits up to limit for text to reach the fake and returns when it did.
func waitSent(t *testing.T, f *fake, text string, limit time.Duration) time.Time {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if at, ok := f.sentAt(text); ok {
			return at
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%q was not published within %v", text, limit)
	return time.Time{}
}
