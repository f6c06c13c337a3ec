package daemon

import (
	"context"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

// maxLag is the promise: a post goes out within a second of its time. The runner's own
// share is a timer firing (~1ms) or, for a post scheduled by another process, one poll
// of data_version (100ms); the rest of the second is slack for -race on two busy cores.
const maxLag = time.Second

// checkLag fails unless text went out at or after due, and within maxLag of due or of
// when it was saved, whichever came later (saved: zero when it was saved before due).
func checkLag(t *testing.T, f *fake, text string, due, saved time.Time) {
	t.Helper()
	at := waitSent(t, f, text, time.Until(due)+5*time.Second)
	if at.Before(due) {
		t.Errorf("%s went out %v early", text, due.Sub(at))
	}
	lag := at.Sub(due)
	if saved.After(due) {
		lag = at.Sub(saved)
	}
	t.Logf("%s: published %v after its time", text, lag)
	if lag > maxLag {
		t.Errorf("%s went out %v after its time, want within %v", text, lag, maxLag)
	}
}

// due is a time d from now, at the store's millisecond precision.
func due(d time.Duration) time.Time { return time.Now().Add(d).Truncate(time.Millisecond) }

func TestPublishesOnTime(t *testing.T) {
	t.Parallel()
	_, db := tempDB(t)
	f := newFake()
	at := due(2 * time.Second)
	id := schedule(t, db, "on time", at)
	start(t, config(db, f, nil))
	checkLag(t, f, "on time", at, time.Time{})
	waitStatus(t, db, id, social.StatusPublished)
}

// A post scheduled by another process (another *store.DB on the file, as the TUI or
// `chorus post`) wakes the runner: with an hour between passes only the wake-up can
// get it out on time.
func TestWakesForPostsScheduledElsewhere(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		first time.Duration // a post already waiting when the runner starts; 0: none
		in    time.Duration // the other process's post, due this long after it is saved
	}{
		{"asleep with nothing to do, post due now", 0, 0},
		{"asleep with nothing to do, post due soon", 0, 400 * time.Millisecond},
		{"asleep until an hour away, post due now", time.Hour, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path, db := tempDB(t)
			f := newFake()
			if tc.first > 0 {
				schedule(t, db, "later", due(tc.first))
			}
			cfg := config(db, f, nil)
			cfg.PublishInterval = time.Hour
			start(t, cfg)
			time.Sleep(300 * time.Millisecond) // the runner's first pass is over: it sleeps
			other := openDB(t, path)
			at := due(tc.in)
			schedule(t, other, "elsewhere", at)
			checkLag(t, f, "elsewhere", at, time.Now())
			if _, ok := f.sentAt("later"); ok {
				t.Error("the post due in an hour went out")
			}
		})
	}
}

func TestSyncsOnInterval(t *testing.T) {
	t.Parallel()
	_, db := tempDB(t)
	f := newFake()
	cfg := config(db, f, nil)
	cfg.SyncInterval = 200 * time.Millisecond
	stop := start(t, cfg)
	time.Sleep(1100 * time.Millisecond) // syncs at 0, 200, … 1000ms
	stop()
	n, _ := f.counts()
	if n < 4 || n > 7 {
		t.Errorf("%d syncs in 1.1s with a 200ms interval, want about 6", n)
	}
	time.Sleep(300 * time.Millisecond)
	if m, _ := f.counts(); m != n {
		t.Errorf("%d syncs after Run returned", m-n)
	}
}

func TestNoSyncWithoutInterval(t *testing.T) {
	t.Parallel()
	_, db := tempDB(t)
	f := newFake()
	start(t, config(db, f, nil)) // SyncInterval 0: sync.interval turned off
	time.Sleep(300 * time.Millisecond)
	if n, _ := f.counts(); n != 0 {
		t.Errorf("%d syncs with syncing off", n)
	}
}

// A post a platform holds stays due in NextDue until the platform says it published it;
// the runner asks about it with growing gaps rather than in a loop, even while another
// process keeps changing the database.
func TestHeldPostDoesNotSpin(t *testing.T) {
	t.Parallel()
	path, db := tempDB(t)
	f := newFake()
	id := schedule(t, db, "held", due(-time.Second))
	if err := db.SetServerRef(context.Background(), id, "sched-1"); err != nil {
		t.Fatal(err)
	}
	cfg := config(db, f, nil)
	cfg.PublishInterval = time.Hour
	start(t, cfg)
	other := openDB(t, path)
	for i := range 20 { // 3.5s of another process writing
		schedule(t, other, "far", due(time.Hour+time.Duration(i)*time.Minute))
		time.Sleep(175 * time.Millisecond)
	}
	// Passes at 0, 1, 3s (then 7s): three questions.
	if _, asks := f.counts(); asks < 2 || asks > 4 {
		t.Errorf("the platform was asked %d times in 3.5s about the post it holds, want 3", asks)
	}
}

// A standing-by runner (the TUI's) leaves due posts to the daemon holding the lock and
// takes over once the daemon is gone.
func TestStandbyLeavesWorkToDaemon(t *testing.T) {
	t.Parallel()
	path, db := tempDB(t)
	lock, err := Acquire(path)
	if err != nil {
		t.Fatal(err)
	}
	f := newFake()
	cfg := config(db, f, nil)
	cfg.Standby, cfg.SyncInterval = true, 100*time.Millisecond
	start(t, cfg)
	schedule(t, db, "mine", due(0))
	time.Sleep(500 * time.Millisecond)
	if _, ok := f.sentAt("mine"); ok {
		t.Fatal("the standing-by runner published while a daemon held the lock")
	}
	if n, _ := f.counts(); n != 0 {
		t.Fatalf("the standing-by runner synced %d times while a daemon held the lock", n)
	}
	released := time.Now()
	if err := lock.Release(); err != nil {
		t.Fatal(err)
	}
	at := waitSent(t, f, "mine", 3*time.Second)
	t.Logf("taken over %v after the daemon stopped", at.Sub(released))
	if d := at.Sub(released); d > standbyPoll+maxLag {
		t.Errorf("took over %v after the daemon stopped, want within %v", d, standbyPoll+maxLag)
	}
}

func TestRunNeedsDBAndPublisher(t *testing.T) {
	if err := Run(context.Background(), Config{}); err == nil {
		t.Fatal("Run without DB and Publisher: no error")
	}
}

// waitStatus waits for target id to reach status s.
func waitStatus(t *testing.T, db interface {
	Target(context.Context, int64) (social.Target, error)
}, id int64, s social.Status) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		tg, err := db.Target(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if tg.Status == s {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("target %d is %s, want %s", id, tg.Status, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestClockJumped(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		d    time.Duration
		want bool
	}{{100 * time.Millisecond, false}, {900 * time.Millisecond, false}, {8 * time.Hour, true}, {-time.Minute, true}} {
		if got := clockJumped(t0, t0.Add(c.d), 100*time.Millisecond); got != c.want {
			t.Errorf("a tick %v after the last: jumped = %v, want %v", c.d, got, c.want)
		}
	}
}
