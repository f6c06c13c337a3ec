package engine

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms/mastodon"
	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// loadPosts schedules n single posts due now over the rig's accounts and returns their
// texts.
func loadPosts(t *testing.T, r *rig, n int) []string {
	specs := make([]postSpec, n)
	texts := make([]string, n)
	now := time.Now()
	for i := range specs {
		texts[i] = fmt.Sprintf("load post %d", i)
		specs[i] = postSpec{acct: r.accts[i%len(r.accts)], texts: texts[i : i+1], due: now}
	}
	r.schedule(t, specs)
	return texts
}

// syncWhile syncs every account on its own store handle, again and again with new
// notifications on the instance, until stop is closed, and returns the errors it met.
func syncWhile(t *testing.T, r *rig, stop <-chan struct{}) (items *atomic.Int64, errs func() []error) {
	db := openStore(t, r.path)
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	s := &Syncer{DB: db, Platforms: mastoSet(t, mastodon.Name, r.accts, r.srv.Token),
		Now: func() time.Time { return time.Unix(0, clock.Add(int64(time.Hour))) }} // every stream always due
	var mu sync.Mutex
	var out []error
	items = &atomic.Int64{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			r.srv.AddNotifications(20)
			rep, err := s.SyncClient(context.Background(), "")
			time.Sleep(20 * time.Millisecond) // a sync every few seconds is load enough; this is far more
			items.Add(int64(rep.NewItems))
			mu.Lock()
			if err != nil {
				out = append(out, err)
			}
			out = append(out, rep.Errors...)
			mu.Unlock()
		}
	}()
	return items, func() []error { <-done; mu.Lock(); defer mu.Unlock(); return out }
}

// checkOnce checks every text is on the instance exactly once, and that each post's
// request was sent exactly once (not merely deduplicated by its key).
func checkOnce(t *testing.T, r *rig, texts []string) {
	t.Helper()
	n := map[string]int{}
	for _, st := range r.srv.Statuses() {
		n[st.Text]++
	}
	for _, text := range texts {
		if n[text] != 1 {
			t.Errorf("%q is on the instance %d times", text, n[text])
		}
	}
	sends := map[string]int{}
	for _, req := range r.srv.Requests("/api/v1/statuses") {
		if req.IdemKey != "" {
			sends[req.IdemKey]++
		}
	}
	for key, k := range sends {
		if k != 1 {
			t.Errorf("key %s sent %d times", key, k)
		}
	}
	if len(sends) != len(texts) {
		t.Errorf("%d posts sent, want %d", len(sends), len(texts))
	}
}

func noLocked(t *testing.T, what string, errs []error) {
	t.Helper()
	for _, err := range errs {
		if strings.Contains(err.Error(), "locked") || strings.Contains(err.Error(), "busy") {
			t.Errorf("%s: %v", what, err)
		} else {
			t.Errorf("%s failed: %v", what, err)
		}
	}
}

// TestTwoPublishersAndASyncShareOneFile: the TUI and the daemon (two store handles on one
// file, each with its publisher) drain 1,000 due posts while a sync writes inbox items:
// nothing is sent twice and no "database is locked" reaches anyone.
func TestTwoPublishersAndASyncShareOneFile(t *testing.T) {
	t.Parallel()
	posts := 1000
	if testing.Short() {
		posts = 200
	}
	r := newRig(t, 5, 5, mastodon.Name, mastodontest.Options{})
	texts := loadPosts(t, r, posts)
	stop := make(chan struct{})
	items, syncErrs := syncWhile(t, r, stop)

	dbs := []*store.DB{r.db, openStore(t, r.path)}
	reps := make([]PublishReport, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, db := range dbs {
		wg.Go(func() { reps[i], errs[i] = publishUntilDone(r.publisher(t, db)) })
	}
	wg.Wait()
	close(stop)
	noLocked(t, "sync", syncErrs())
	for i, err := range errs {
		if err != nil {
			noLocked(t, fmt.Sprint("publisher ", i), []error{err})
		}
	}
	if got := reps[0].Published + reps[1].Published; got != posts || reps[0].Failed+reps[1].Failed != 0 {
		t.Fatalf("published %d + %d of %d (failed %d, %d)", reps[0].Published, reps[1].Published, posts, reps[0].Failed, reps[1].Failed)
	}
	checkOnce(t, r, texts)
	t.Logf("publishers sent %d and %d; the sync stored %d inbox items meanwhile", reps[0].Published, reps[1].Published, items.Load())
}

// publishUntilDone runs p as the daemon does: publish what is due, sleep until the next
// work (the other publisher's leases), until nothing is left.
func publishUntilDone(p *Publisher) (PublishReport, error) {
	var all PublishReport
	for {
		rep, err := p.PublishDue(context.Background())
		all.Published += rep.Published
		all.Failed += rep.Failed
		all.Retrying += rep.Retrying
		if err != nil {
			return all, err
		}
		next, err := p.DB.NextDue(context.Background())
		if err != nil || next.IsZero() {
			return all, err
		}
		time.Sleep(min(max(time.Until(next), time.Millisecond), 20*time.Millisecond))
	}
}

// TestTwoPublisherProcessesAndASyncShareOneFile is the same with the publishers in two
// child processes (crash_child_test.go, never killed).
func TestTwoPublisherProcessesAndASyncShareOneFile(t *testing.T) {
	if os.Getenv(crashChildEnv) != "" {
		t.Skip("in the child process")
	}
	t.Parallel()
	posts := 300
	if testing.Short() {
		posts = 100
	}
	// Nothing is killed here: a lease no loaded machine outlasts.
	h := &crashHarness{platform: mastodon.Name, lease: time.Minute}
	h.r = newRig(t, 5, 5, mastodon.Name, mastodontest.Options{})
	texts := loadPosts(t, h.r, posts)
	stop := make(chan struct{})
	items, syncErrs := syncWhile(t, h.r, stop)
	children := []*child{h.start(t, ""), h.start(t, "")}
	for i, c := range children {
		if !c.wait(t, 2*time.Minute) {
			t.Errorf("child %d did not finish:\n%s", i, c.stderr.String())
		}
		if s := c.stderr.String(); s != "" {
			t.Errorf("child %d logged:\n%s", i, s)
		}
	}
	close(stop)
	noLocked(t, "sync", syncErrs())
	ctx := context.Background()
	published := 0
	for id := int64(1); id <= int64(posts); id++ {
		if tg, err := h.r.db.Target(ctx, id); err == nil && tg.Status == social.StatusPublished {
			published++
		}
	}
	if published != posts {
		t.Errorf("%d of %d targets published", published, posts)
	}
	checkOnce(t, h.r, texts)
	t.Logf("the sync stored %d inbox items meanwhile", items.Load())
}
