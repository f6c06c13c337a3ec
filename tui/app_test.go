package tui

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
)

func TestFirstFrameShowsEveryPaneFromOneRoundOfCommands(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	a := newApp(t, Deps{DB: db})
	drive(t, a, tea.WindowSizeMsg{Width: 100, Height: 30})
	// One round: run Init's commands and feed their results, but not what those return.
	batch, ok := runCmd(t, a.Init()).(tea.BatchMsg)
	if !ok {
		t.Fatal("Init does not batch its loads")
	}
	for _, c := range batch {
		a.Update(runCmd(t, c))
	}
	for pane, want := range map[int]string{paneCalendar: "winter blend", paneInbox: "latte.lover", paneMetrics: "globex.bsky.social"} {
		a.active = pane
		if !strings.Contains(frame(a), want) {
			t.Errorf("after one round, pane %d lacks %q:\n%s", pane, want, frame(a))
		}
	}
	if a.status.counts == nil || len(a.clients) != 3 {
		t.Errorf("counts %v, clients %d: want both loaded", a.status.counts, len(a.clients))
	}
}

func TestPanesSwitchWithDigitsAndTab(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	a := newApp(t, Deps{DB: db})
	start(t, a, 100, 30)
	steps := []struct {
		key    string
		active int
		shows  string
	}{
		{"2", paneInbox, "Best coffee in town"},
		{"3", paneMetrics, "FOLLOWERS"},
		{"1", paneCalendar, "Our winter blend"},
		{"tab", paneInbox, "Best coffee in town"},
		{"tab", paneMetrics, "FOLLOWERS"},
		{"tab", paneCalendar, "Our winter blend"},
		{"shift+tab", paneMetrics, "FOLLOWERS"},
		{"shift+tab", paneInbox, "Best coffee in town"},
	}
	for _, s := range steps {
		drive(t, a, press(s.key))
		if a.active != s.active {
			t.Fatalf("after %s: active pane %d, want %d", s.key, a.active, s.active)
		}
		if f := frame(a); !strings.Contains(f, s.shows) {
			t.Fatalf("after %s: frame lacks %q:\n%s", s.key, s.shows, f)
		}
	}
}

func TestClientSwitcherFiltersEveryPane(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	a := newApp(t, Deps{DB: db})
	start(t, a, 100, 30)
	drive(t, a, press("c"))
	if !a.switcher.open || !strings.Contains(frame(a), "All clients") {
		t.Fatalf("switcher did not open:\n%s", frame(a))
	}
	drive(t, a, typing("glob")...)
	drive(t, a, press("enter"))
	if a.clientID != "globex" || a.switcher.open {
		t.Fatalf("client %q, switcher open %v; want globex, closed", a.clientID, a.switcher.open)
	}
	checks := []struct {
		pane        int
		want, avoid []string
	}{
		{paneCalendar, []string{"Q4 results", "new office"}, []string{"winter blend", "cover sheets", "acme"}},
		{paneInbox, []string{"Congrats on the results", "any comment"}, []string{"latte.lover", "stapler", "acme-bsky"}},
		{paneMetrics, []string{"globex.bsky.social", "14,300"}, []string{"acme.bsky.social", "mastodon"}},
	}
	for _, c := range checks {
		a.active = c.pane
		a.layout()
		f := frame(a)
		body := f[:strings.LastIndex(f, "Globex Corp")] // the status bar names the client
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("pane %d lacks %q:\n%s", c.pane, w, f)
			}
		}
		for _, w := range c.avoid {
			if strings.Contains(body, w) {
				t.Errorf("pane %d shows %q of another client:\n%s", c.pane, w, f)
			}
		}
	}
	if !strings.Contains(frame(a), "Globex Corp") {
		t.Errorf("status bar does not name the client:\n%s", frame(a))
	}

	// Back to every client: the first entry, chosen with nothing typed.
	drive(t, a, press("c"), press("enter"))
	a.active = paneInbox
	if a.clientID != "" || !strings.Contains(frame(a), "latte.lover") || !strings.Contains(frame(a), "All clients") {
		t.Errorf("All clients not restored (client %q):\n%s", a.clientID, frame(a))
	}
}

func TestClientSwitcherEscClosesWithoutChange(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	a := newApp(t, Deps{DB: db})
	start(t, a, 100, 30)
	drive(t, a, press("c"))
	drive(t, a, typing("ini")...)
	if got := a.switcher.choices; len(got) != 1 || got[0].id != "initech" {
		t.Fatalf("filter ini = %+v, want only initech", got)
	}
	drive(t, a, press("esc"))
	if a.switcher.open || a.clientID != "" {
		t.Errorf("esc: open %v, client %q", a.switcher.open, a.clientID)
	}
}

func TestInboxCursorMovesAndLoadsNextPageByKeyset(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	bulkInbox(t, db, 120) // 6 fixture items + 120: three pages of 50
	a := newApp(t, Deps{DB: db})
	start(t, a, 100, 30)
	drive(t, a, press("2"))
	in := a.inbox
	if len(in.Items()) != 50 {
		t.Fatalf("first page holds %d items, want 50", len(in.Items()))
	}
	drive(t, a, keys("j", "j", "down")...)
	if in.Cursor() != 3 {
		t.Fatalf("cursor %d after j j down, want 3", in.Cursor())
	}
	drive(t, a, keys("k", "up")...)
	if in.Cursor() != 1 {
		t.Fatalf("cursor %d after k up, want 1", in.Cursor())
	}
	drive(t, a, press("G"))
	if len(in.Items()) != 100 {
		t.Fatalf("after G: %d items loaded, want the next page too (100)", len(in.Items()))
	}
	if in.Cursor() != 49 {
		t.Fatalf("after G: cursor %d, want 49 (the last loaded before paging)", in.Cursor())
	}
	// Walk past the window: every item comes exactly once, in id order, and paging stops
	// at the end.
	for range 200 {
		drive(t, a, press("j"))
	}
	items := in.Items()
	if len(items) != 126 || in.Cursor() != 125 {
		t.Fatalf("after walking down: %d items, cursor %d; want 126, 125", len(items), in.Cursor())
	}
	for i := 1; i < len(items); i++ {
		if items[i].ID >= items[i-1].ID {
			t.Fatalf("item %d id %d after %d: pages overlap or are out of order", i, items[i].ID, items[i-1].ID)
		}
	}
	if f := frame(a); !strings.Contains(f, "stapler") {
		t.Errorf("the oldest item is not shown at the bottom:\n%s", f)
	}
	drive(t, a, press("g"))
	if in.Cursor() != 0 || !strings.Contains(frame(a), "message number 119") {
		t.Errorf("g: cursor %d, frame:\n%s", in.Cursor(), frame(a))
	}
}

func TestStaleLoadResultsAreDropped(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	a := newApp(t, Deps{DB: db})
	start(t, a, 100, 30)
	old := a.inbox.Reload() // an all-clients load, overtaken by the client change below
	stale := runCmd(t, old)
	drive(t, a, a.selectClient("globex")().(tea.BatchMsg))
	drive(t, a, stale)
	for _, it := range a.inbox.Items() {
		if it.ClientID != "globex" {
			t.Fatalf("a stale all-clients page replaced the globex items: %+v", it)
		}
	}
}

func TestWelcomeLoadsDemoThenShowsPanes(t *testing.T) {
	db := openStore(t)
	called := 0
	a := newApp(t, Deps{DB: db, FirstRun: true, LoadDemo: func(ctx context.Context) error {
		called++
		return fill(ctx, db)
	}})
	start(t, a, 100, 30)
	f := frame(a)
	for _, want := range []string{"chorus", "Load the demo workspace", "Add a client and account", "Quit"} {
		if !strings.Contains(f, want) {
			t.Fatalf("welcome lacks %q:\n%s", want, f)
		}
	}
	drive(t, a, press("enter")) // the first choice: the demo
	if called != 1 || a.screen != screenPanes {
		t.Fatalf("LoadDemo called %d times, screen %v", called, a.screen)
	}
	if f := frame(a); !strings.Contains(f, "Our winter blend") || !strings.Contains(f, "Acme Coffee") && !strings.Contains(f, "acme") {
		t.Errorf("panes do not show the demo data:\n%s", f)
	}
}

func TestWelcomeShowsDemoFailure(t *testing.T) {
	a := newApp(t, Deps{DB: openStore(t), FirstRun: true, LoadDemo: func(context.Context) error {
		return errors.New("disk full")
	}})
	start(t, a, 100, 30)
	drive(t, a, press("1"))
	if a.screen != screenWelcome || !strings.Contains(frame(a), "disk full") {
		t.Errorf("screen %v; frame:\n%s", a.screen, frame(a))
	}
}

func TestWelcomeQuitChoiceQuits(t *testing.T) {
	a := newApp(t, Deps{DB: openStore(t), FirstRun: true})
	start(t, a, 100, 30)
	a.Update(press("j"))
	a.Update(press("j"))
	_, cmd := a.Update(press("enter"))
	if _, ok := runCmd(t, cmd).(tea.QuitMsg); !ok || !a.quitting {
		t.Error("the Quit choice did not quit")
	}
}

func TestAddAccountFormCreatesClientAndAccount(t *testing.T) {
	db := openStore(t)
	var saved [2]string
	a := newApp(t, Deps{DB: db, FirstRun: true, Platforms: []string{"bluesky", "mastodon"},
		SaveSecret: func(id, secret string) error { saved = [2]string{id, secret}; return nil }})
	start(t, a, 100, 30)
	drive(t, a, press("2"))
	if a.screen != screenForm || !strings.Contains(frame(a), "Client id") {
		t.Fatalf("form not shown:\n%s", frame(a))
	}
	// A bad zone keeps the form on its page.
	drive(t, a, typing("acme")...)
	drive(t, a, press("enter"))
	drive(t, a, typing("Acme Coffee")...)
	drive(t, a, press("enter"))
	drive(t, a, keys(strings.Split(strings.Repeat("backspace ", 3), " ")[:3]...)...) // clear "UTC"
	drive(t, a, typing("Mars/Olympus")...)
	drive(t, a, press("enter"))
	if f := frame(a); !strings.Contains(f, "unknown zone") {
		t.Fatalf("bad zone not reported:\n%s", f)
	}
	for range len("Mars/Olympus") {
		drive(t, a, press("backspace"))
	}
	drive(t, a, typing("Europe/Berlin")...)
	drive(t, a, press("enter"))
	if f := frame(a); !strings.Contains(f, "Platform") {
		t.Fatalf("second page not shown:\n%s", f)
	}
	drive(t, a, press("j"), press("enter")) // mastodon
	drive(t, a, typing("https://mastodon.social")...)
	drive(t, a, press("enter"))
	drive(t, a, typing("@Acme@mastodon.social")...)
	drive(t, a, press("enter"))
	drive(t, a, typing("s3cret")...)
	if strings.Contains(frame(a), "s3cret") {
		t.Fatalf("the secret is echoed:\n%s", frame(a))
	}
	drive(t, a, press("enter"))

	if a.screen != screenPanes {
		t.Fatalf("screen %v after submit; frame:\n%s", a.screen, frame(a))
	}
	ctx := context.Background()
	c, err := db.Client(ctx, "acme")
	if err != nil || c.Name != "Acme Coffee" || c.TZ != "Europe/Berlin" {
		t.Fatalf("client = %+v, %v", c, err)
	}
	acct, err := db.Account(ctx, "mastodon-acme-mastodon.social")
	if err != nil || acct.ClientID != "acme" || acct.Server != "https://mastodon.social" || acct.Handle != "@Acme@mastodon.social" {
		t.Fatalf("account = %+v, %v", acct, err)
	}
	if saved != [2]string{"mastodon-acme-mastodon.social", "s3cret"} {
		t.Errorf("SaveSecret got %q", saved)
	}
	if f := frame(a); !strings.Contains(f, "Acme Coffee") && !strings.Contains(f, "acme") {
		t.Errorf("panes do not show the new client:\n%s", f)
	}
}

func TestAddAccountFormEscGoesBack(t *testing.T) {
	a := newApp(t, Deps{DB: openStore(t), FirstRun: true, Platforms: []string{"bluesky"}})
	start(t, a, 100, 30)
	drive(t, a, press("2"), press("esc"))
	if a.screen != screenWelcome || a.form != nil {
		t.Errorf("esc: screen %v, form %v", a.screen, a.form)
	}
}

func TestSaveAccountSkipsEmptySecretAndDerivesID(t *testing.T) {
	db := openStore(t)
	called := false
	msg := saveAccount(context.Background(), db, func(string, string) error { called = true; return nil },
		accountValues{ClientID: "globex", Name: "Globex", TZ: "UTC", Platform: "bluesky", Handle: "@Globex.bsky.social"})()
	got := msg.(accountSavedMsg)
	if got.err != nil || got.accountID != "bluesky-globex.bsky.social" || called {
		t.Fatalf("saved %+v, secret called %v", got, called)
	}
	if _, err := db.Account(context.Background(), got.accountID); err != nil {
		t.Fatal(err)
	}
}

func TestFailingSyncShowsInStatusBar(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	var asked []string
	a := newApp(t, Deps{DB: db, Sync: func(_ context.Context, client string) (string, error) {
		asked = append(asked, client)
		return "", errors.New("bluesky: rate limited, retry in 5m")
	}})
	start(t, a, 100, 30)
	if !strings.Contains(frame(a), "not synced yet") {
		t.Errorf("no sync state before the first sync:\n%s", frame(a))
	}
	drive(t, a, press("c"))
	drive(t, a, typing("acme")...)
	drive(t, a, press("enter"), press("R"))
	if len(asked) != 1 || asked[0] != "acme" {
		t.Fatalf("Sync asked for %q, want [acme]", asked)
	}
	if f := frame(a); !strings.Contains(f, "sync failed: bluesky: rate limited") {
		t.Errorf("status bar lacks the sync error:\n%s", f)
	}
}

func TestSyncShowsSyncingThenReloadsPanes(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	a := newApp(t, Deps{DB: db, Sync: func(ctx context.Context, _ string) (string, error) {
		_, err := db.UpsertInbox(ctx, []social.InboxItem{{AccountID: "acme-bsky", RemoteID: "new", Kind: social.InboxMention,
			AuthorHandle: "newfan", Text: "Just arrived from the sync", CreatedAt: fixedNow}})
		return "1 new item", err
	}})
	start(t, a, 100, 30)
	drive(t, a, press("2"))
	_, cmd := a.Update(press("R"))
	if f := frame(a); !strings.Contains(f, "syncing…") {
		t.Errorf("no syncing state:\n%s", f)
	}
	drive(t, a, runCmd(t, cmd))
	f := frame(a)
	if !strings.Contains(f, "Just arrived from the sync") || !strings.Contains(f, "synced just now") {
		t.Errorf("after sync:\n%s", f)
	}
}

func TestCommandErrorShowsInStatusBar(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	a := newApp(t, Deps{DB: db})
	start(t, a, 100, 30)
	db.Close() // every read fails from now on
	drive(t, a, a.reloadAll()().(tea.BatchMsg))
	if f := frame(a); !strings.Contains(f, "! ") || !strings.Contains(f, "closed") {
		t.Errorf("no error in the status bar:\n%s", f)
	}
}

func TestEveryScreenFitsIn80x24(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	bulkInbox(t, db, 60)
	a := newApp(t, Deps{DB: db, Sync: func(context.Context, string) (string, error) {
		return "", errors.New(strings.Repeat("a very long error message ", 10))
	}})
	start(t, a, 80, 24)
	check := func(what string) {
		t.Helper()
		t.Run(what, func(t *testing.T) { requireFits(t, a, 80, 24) })
	}
	for _, p := range []string{"1", "2", "3"} {
		drive(t, a, press(p))
		check("pane " + p)
		drive(t, a, press("?"))
		check("pane " + p + " full help")
		drive(t, a, press("?"))
	}
	drive(t, a, press("R"))
	check("sync error")
	drive(t, a, press("c"))
	check("switcher")
	drive(t, a, press("esc"))

	w := newApp(t, Deps{DB: openStore(t), FirstRun: true, Platforms: []string{"bluesky", "mastodon"}})
	start(t, w, 80, 24)
	t.Run("welcome", func(t *testing.T) { requireFits(t, w, 80, 24) })
	drive(t, w, press("2"))
	t.Run("form", func(t *testing.T) { requireFits(t, w, 80, 24) })
}

func TestTooSmallTerminalSaysSo(t *testing.T) {
	a := newApp(t, Deps{DB: openStore(t)})
	for _, size := range [][2]int{{79, 24}, {80, 23}, {40, 10}, {12, 3}} {
		start(t, a, size[0], size[1])
		f := frame(a)
		if size[0] >= 31 && !strings.Contains(f, "terminal too small (need 80×24)") {
			t.Errorf("%v: %q", size, f)
		}
		requireFits(t, a, size[0], size[1])
	}
	drive(t, a, tea.WindowSizeMsg{Width: 80, Height: 24})
	if strings.Contains(frame(a), "too small") {
		t.Error("80×24 is big enough")
	}
}

func TestThemeFollowsTerminalUnlessForced(t *testing.T) {
	light := tea.BackgroundColorMsg{Color: theme.Background(false)}
	a := newApp(t, Deps{DB: openStore(t)})
	if !a.styles.Dark {
		t.Fatal("auto theme should start dark")
	}
	drive(t, a, light)
	if a.styles.Dark {
		t.Error("auto theme ignored a light background")
	}
	forced := newApp(t, Deps{DB: openStore(t), Theme: "dark"})
	drive(t, forced, light)
	if !forced.styles.Dark {
		t.Error("a forced dark theme followed the terminal")
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		a := newApp(t, Deps{DB: openStore(t)})
		start(t, a, 100, 30)
		_, cmd := a.Update(press(k))
		if _, ok := runCmd(t, cmd).(tea.QuitMsg); !ok || a.ctx.Err() == nil {
			t.Errorf("%s did not quit and cancel", k)
		}
	}
}

func TestPeriodicSyncRunsOnTickAndReschedules(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	runs := 0
	a := newApp(t, Deps{DB: db, SyncInterval: time.Minute, Sync: func(context.Context, string) (string, error) {
		runs++
		return "ok", nil
	}})
	start(t, a, 100, 30)
	_, cmd := a.Update(syncTickMsg{})
	batch, ok := runCmd(t, cmd).(tea.BatchMsg)
	if !ok {
		t.Fatal("tick did not start a sync and schedule the next tick")
	}
	timers := 0
	for _, c := range batch {
		if isTimer(c) {
			timers++
		}
	}
	if timers != 1 {
		t.Errorf("%d next ticks scheduled, want 1", timers)
	}
	drive(t, a, batch)
	if runs != 1 || !strings.Contains(frame(a), "synced just now") {
		t.Errorf("runs %d, frame:\n%s", runs, frame(a))
	}
}

func TestFailedSaveReopensFormWithAnswersAndError(t *testing.T) {
	a := newApp(t, Deps{DB: openStore(t), FirstRun: true, Platforms: []string{"bluesky"}})
	start(t, a, 100, 30)
	drive(t, a, press("2"))
	a.form.values.ClientID, a.form.values.Name = "acme", "Acme Coffee"
	a.form.saving = true
	drive(t, a, accountSavedMsg{err: errors.New("database is locked")})
	if a.screen != screenForm || a.form == nil || a.form.saving {
		t.Fatalf("screen %v, form %+v", a.screen, a.form)
	}
	f := frame(a)
	if !strings.Contains(f, "database is locked") || !strings.Contains(f, "acme") {
		t.Errorf("form after a failed save:\n%s", f)
	}
}

func TestViewUsesAltScreen(t *testing.T) {
	a := newApp(t, Deps{DB: openStore(t)})
	start(t, a, 100, 30)
	if v := a.View(); !v.AltScreen {
		t.Error("View does not ask for the alternate screen")
	}
}

func TestAccountThatNeedsLoginIsFlaggedAndLHandsOverTheTerminal(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	accts, _ := db.Accounts(context.Background(), "initech")
	if err := db.SetNeedsLogin(context.Background(), accts[0].ID, true, "token revoked"); err != nil {
		t.Fatal(err)
	}
	var asked string
	a := newApp(t, Deps{DB: db, Login: func(id string) *exec.Cmd { asked = id; return exec.Command("true") }})
	start(t, a, 100, 30)
	drive(t, a, press("3"), press("c"))
	drive(t, a, typing("initech")...)
	drive(t, a, press("enter"))
	if !strings.Contains(frame(a), "! login (L)") {
		t.Fatalf("needs-login mark missing:\n%s", frame(a))
	}
	drive(t, a, press("1"))
	if !strings.Contains(frame(a), "at risk: "+accts[0].ID+" needs a login") {
		t.Fatalf("calendar does not flag the post at risk:\n%s", frame(a))
	}
	drive(t, a, press("3"))
	_, cmd := a.Update(press("L"))
	msg := runCmd(t, cmd)
	if _, ok := msg.(pane.LoginMsg); !ok {
		t.Fatalf("L gave %T", msg)
	}
	_, cmd = a.Update(msg)
	if cmd == nil || asked != accts[0].ID {
		t.Fatalf("login not started for %s (asked %q)", accts[0].ID, asked)
	}
	// Without a Login hook the status bar names the command to run.
	b := newApp(t, Deps{DB: db})
	start(t, b, 100, 30)
	drive(t, b, pane.LoginMsg{AccountID: accts[0].ID})
	if !strings.Contains(frame(b), "chorus accounts login "+accts[0].ID) {
		t.Fatalf("no hint:\n%s", frame(b))
	}
}
