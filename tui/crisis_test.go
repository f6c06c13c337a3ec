package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
)

// crisisApp opens the fixture on acme (two scheduled posts: in 3h and in 50h).
func crisisApp(t *testing.T, d Deps) *App {
	t.Helper()
	db := openStore(t)
	fixture(t, db)
	d.DB = db
	a := newApp(t, d)
	start(t, a, 120, 30)
	drive(t, a, a.selectClient("acme")().(tea.BatchMsg))
	return a
}

func statuses(t *testing.T, a *App, client string) map[social.Status]int {
	t.Helper()
	c, err := a.db.PostCounts(context.Background(), client, a.now())
	if err != nil {
		t.Fatal(err)
	}
	return map[social.Status]int{social.StatusScheduled: c.Scheduled, social.StatusPaused: c.Paused, social.StatusFailed: c.Failed}
}

func TestCrisisSwitchAsksThenPauses(t *testing.T) {
	var called []string
	a := crisisApp(t, Deps{Pause: func(ctx context.Context, clientID string) (int, []string, error) {
		called = append(called, clientID)
		return 2, []string{"target 9: too close to its time to take back"}, nil
	}})
	drive(t, a, press("!"))
	if f := frame(a); !strings.Contains(f, "Pause all 2 scheduled posts of Acme Coffee? y/n") {
		t.Fatalf("no question after !:\n%s", f)
	}
	// While it asks, other keys do nothing: "2" does not switch panes.
	drive(t, a, press("2"))
	if a.active != paneCalendar || len(called) != 0 {
		t.Fatalf("a key went past the question: pane %d, pause calls %v", a.active, called)
	}
	drive(t, a, press("y"))
	if len(called) != 1 || called[0] != "acme" {
		t.Fatalf("Pause called with %v, want [acme]", called)
	}
	f := frame(a)
	if !strings.Contains(f, "paused 2 posts of Acme Coffee") || !strings.Contains(f, "1 still with the platform, may go out: target 9") {
		t.Errorf("status after y:\n%s", f)
	}
	if a.crisis != nil {
		t.Error("the question stayed open")
	}
}

func TestCrisisSwitchNCancels(t *testing.T) {
	a := crisisApp(t, Deps{Pause: func(context.Context, string) (int, []string, error) {
		t.Error("Pause called after n")
		return 0, nil, nil
	}})
	drive(t, a, press("!"))
	drive(t, a, press("n"))
	if a.crisis != nil || !strings.Contains(frame(a), "nothing paused or resumed") {
		t.Errorf("after ! n:\n%s", frame(a))
	}
	if got := statuses(t, a, "acme"); got[social.StatusScheduled] != 2 {
		t.Errorf("acme after n: %v", got)
	}
}

// Without Deps.Pause/Resume the store does the work: pause, then resume with one post
// missed while paused, first leaving it paused, then sending it with s.
func TestCrisisSwitchResumeSkipsMissedUnlessS(t *testing.T) {
	a := crisisApp(t, Deps{})
	drive(t, a, press("!"))
	drive(t, a, press("y"))
	if got := statuses(t, a, "acme"); got[social.StatusPaused] != 2 || got[social.StatusScheduled] != 0 {
		t.Fatalf("acme after pause: %v", got)
	}
	if f := frame(a); !strings.Contains(f, "2 paused") {
		t.Errorf("status bar does not show the paused posts:\n%s", f)
	}
	// Four hours later the first post (due in 3h) missed its time.
	later := fixedNow.Add(4 * time.Hour)
	a.now = func() time.Time { return later }

	drive(t, a, press("!"))
	want := "Resume 2 paused posts? 1 missed their time while paused and stay paused (s sends them now) y/s/n"
	if f := frame(a); !strings.Contains(f, want) {
		t.Fatalf("resume question:\n%s", f)
	}
	drive(t, a, press("y"))
	if got := statuses(t, a, "acme"); got[social.StatusPaused] != 1 || got[social.StatusScheduled] != 1 {
		t.Fatalf("acme after y: %v", got)
	}
	if f := frame(a); !strings.Contains(f, "resumed 1 post of Acme Coffee · 1 missed stay paused") {
		t.Errorf("status after y:\n%s", f)
	}

	drive(t, a, press("!"))
	if f := frame(a); !strings.Contains(f, "Resume 1 paused post? 1 missed") {
		t.Fatalf("second resume question:\n%s", f)
	}
	drive(t, a, press("s"))
	if got := statuses(t, a, "acme"); got[social.StatusPaused] != 0 || got[social.StatusScheduled] != 2 {
		t.Fatalf("acme after s: %v", got)
	}
	if f := frame(a); !strings.Contains(f, "missed ones go out now") {
		t.Errorf("status after s:\n%s", f)
	}
}

func TestCrisisSwitchResumeThroughDeps(t *testing.T) {
	type call struct {
		client string
		send   bool
	}
	var calls []call
	a := crisisApp(t, Deps{Resume: func(_ context.Context, id string, send bool) (int, int, error) {
		calls = append(calls, call{id, send})
		return 2, 0, nil
	}})
	drive(t, a, press("!"))
	drive(t, a, press("y")) // the store pauses
	drive(t, a, press("!"))
	if f := frame(a); !strings.Contains(f, "Resume 2 paused posts? y/n") {
		t.Fatalf("resume question with nothing missed:\n%s", f)
	}
	drive(t, a, press("s")) // nothing missed: s is no answer
	if len(calls) != 0 || a.crisis == nil {
		t.Fatalf("s answered a question without missed posts: %v", calls)
	}
	drive(t, a, press("y"))
	if len(calls) != 1 || calls[0] != (call{"acme", false}) {
		t.Fatalf("Resume calls %v", calls)
	}
}

// With "All clients" the switch applies to every client, and says so with the total.
func TestCrisisSwitchAllClients(t *testing.T) {
	var called []string
	a := crisisApp(t, Deps{Pause: func(ctx context.Context, clientID string) (int, []string, error) {
		called = append(called, clientID)
		return 1, nil, nil
	}})
	drive(t, a, a.selectClient("")().(tea.BatchMsg))
	drive(t, a, press("!"))
	if f := frame(a); !strings.Contains(f, "Pause all 3 scheduled posts of all 3 clients? y/n") {
		t.Fatalf("question for all clients:\n%s", f)
	}
	drive(t, a, press("y"))
	if strings.Join(called, ",") != "acme,globex,initech" {
		t.Fatalf("Pause called for %v", called)
	}
	if !strings.Contains(frame(a), "paused 3 posts of all 3 clients") {
		t.Errorf("status:\n%s", frame(a))
	}
}

func TestCrisisSwitchErrorShows(t *testing.T) {
	a := crisisApp(t, Deps{Pause: func(context.Context, string) (int, []string, error) {
		return 0, nil, errors.New("database is locked")
	}})
	drive(t, a, press("!"))
	drive(t, a, press("y"))
	if f := frame(a); !strings.Contains(f, "pause: database is locked") {
		t.Errorf("status:\n%s", f)
	}
}

func TestStatusBarShowsDaemonAndFailedPosts(t *testing.T) {
	state := DaemonState{Running: true, PID: 1234}
	a := crisisApp(t, Deps{Daemon: func() (DaemonState, error) { return state, nil }})
	if f := frame(a); !strings.Contains(f, "daemon pid 1234") {
		t.Errorf("daemon running:\n%s", f)
	}
	state = DaemonState{}
	drive(t, a, daemonTickMsg{})
	if f := frame(a); !strings.Contains(f, "engine in TUI") || strings.Contains(f, "daemon pid") {
		t.Errorf("no daemon:\n%s", f)
	}
	if f := frame(a); strings.Contains(f, "failed") {
		t.Errorf("acme has no failed post:\n%s", f)
	}
	drive(t, a, a.selectClient("globex")().(tea.BatchMsg))
	if f := frame(a); !strings.Contains(f, "1 failed · p retries on the calendar") {
		t.Errorf("globex's failed post:\n%s", f)
	}
}

// The engine beside the TUI reports publishes and syncs: the status bar says so and the
// panes read again.
func TestEngineMessagesShowAndReload(t *testing.T) {
	a := crisisApp(t, Deps{Sync: func(context.Context, string) (string, error) { return "", nil }})
	drive(t, a, PublishedMsg{Published: 2, Failed: 1})
	if f := frame(a); !strings.Contains(f, "2 published, 1 failed (p on the calendar retries)") {
		t.Errorf("after a publish pass:\n%s", f)
	}
	drive(t, a, SyncedMsg{Summary: "2 accounts, 3 new items, 0 metric points"})
	if f := frame(a); !strings.Contains(f, "synced just now") {
		t.Errorf("after a sync:\n%s", f)
	}
	drive(t, a, SyncedMsg{Err: errors.New("bluesky: 503")})
	if f := frame(a); !strings.Contains(f, "sync failed: bluesky: 503") {
		t.Errorf("after a failed sync:\n%s", f)
	}
}
