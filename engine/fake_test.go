package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// fake is a scripted adapter: it records every send and fails as told.
type fake struct {
	name       social.Platform
	display    string // the platform's name for people; "" for the name
	idempotent bool
	mu         sync.Mutex
	sent       []string // texts of parts sent, in order
	fail       []error  // errors returned by the next calls to Publish, in order
	failAfter  int      // with a thread: fail after this many parts of the next call (0 = off)
	found      map[string]platforms.Published
	inbox      []social.InboxItem
	inboxErr   error // returned by the next FetchInbox, once
	delay      time.Duration
	started    chan struct{} // if set, told of each Publish as it starts
}

func (f *fake) Info() platforms.Info {
	return platforms.Info{Name: f.name, DisplayName: f.display, Caps: platforms.Capabilities{MaxLength: 500,
		Count: func(s string) int { return len(s) }, Threads: true, IdempotentPublish: f.idempotent}}
}

func (f *fake) Publish(ctx context.Context, a social.Account, p platforms.Publishable) (platforms.Published, error) {
	if f.started != nil {
		select {
		case f.started <- struct{}{}:
		default:
		}
	}
	select {
	case <-time.After(f.delay):
	case <-ctx.Done():
		return platforms.Published{}, &platforms.TransientError{Err: ctx.Err()}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.fail) > 0 {
		err := f.fail[0]
		f.fail = f.fail[1:]
		return platforms.Published{}, err
	}
	ids := append([]string(nil), p.Sent...)
	for i := len(p.Sent); i < len(p.Parts); i++ {
		if f.failAfter > 0 && i == f.failAfter {
			f.failAfter = 0
			return platforms.Published{Parts: ids}, &platforms.TransientError{Err: fmt.Errorf("connection reset")}
		}
		f.sent = append(f.sent, p.Parts[i].Text)
		ids = append(ids, fmt.Sprintf("r%d", len(f.sent)))
	}
	return platforms.Published{RemoteID: ids[0], URL: "https://fake/" + ids[0], Parts: ids}, nil
}

func (f *fake) Reply(ctx context.Context, a social.Account, to string, p platforms.Publishable) (platforms.Published, error) {
	return f.Publish(ctx, a, p)
}

func (f *fake) FetchInbox(ctx context.Context, a social.Account, cursor string) (platforms.InboxPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.inboxErr; err != nil {
		f.inboxErr = nil
		return platforms.InboxPage{}, err
	}
	start := 0
	fmt.Sscan(cursor, &start)
	end := min(start+2, len(f.inbox))
	return platforms.InboxPage{Items: append([]social.InboxItem(nil), f.inbox[start:end]...),
		Cursor: fmt.Sprint(end), More: end < len(f.inbox)}, nil
}

type reconcilingFake struct{ *fake }

func (f reconcilingFake) FindPublished(ctx context.Context, a social.Account, key string, since time.Time) (platforms.Published, bool, error) {
	p, ok := f.found[key]
	return p, ok, nil
}

type env struct {
	db    *store.DB
	set   *platforms.Set
	now   time.Time
	acct  social.Account
	clock func() time.Time
}

func newEnv(t *testing.T, ad platforms.Adapter) *env {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.PutClient(ctx, social.Client{ID: "acme", Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	e.acct = social.Account{ID: "acme-fake", ClientID: "acme", Platform: ad.Info().Name, Handle: "acme"}
	if err := db.PutAccount(ctx, e.acct); err != nil {
		t.Fatal(err)
	}
	e.set = platforms.NewSet(platforms.Env{}, nil)
	e.set.Put(ad)
	e.clock = func() time.Time { return e.now }
	return e
}

func (e *env) schedule(t *testing.T, parts ...string) int64 {
	t.Helper()
	return e.scheduleKind(t, social.KindPost, parts...)
}

// scheduleKind schedules a target of kind (replies and likes answer "r-parent") due now.
func (e *env) scheduleKind(t *testing.T, kind social.TargetKind, parts ...string) int64 {
	t.Helper()
	tg := social.Target{AccountID: e.acct.ID, Kind: kind, Status: social.StatusScheduled, DueAt: e.now}
	if kind != social.KindPost {
		tg.ReplyTo = "r-parent"
	}
	p := &social.Post{ClientID: "acme", Targets: []social.Target{tg}}
	for _, s := range parts {
		p.Parts = append(p.Parts, social.Part{Text: s})
	}
	if err := e.db.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p.Targets[0].ID
}

func (e *env) publisher() *Publisher {
	return &Publisher{DB: e.db, Platforms: e.set, Now: e.clock, Lease: time.Minute, MaxAttempts: 3}
}
