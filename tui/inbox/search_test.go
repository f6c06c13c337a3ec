package inbox

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
)

var now0 = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// searchModel is an inbox over a real store with a few items, first page loaded.
func searchModel(t *testing.T) *Model {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "inbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.PutClient(ctx, social.Client{ID: "acme", Name: "Acme", TZ: "UTC"}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutAccount(ctx, social.Account{ID: "acme-masto", ClientID: "acme", Platform: "mastodon", Handle: "acme"}); err != nil {
		t.Fatal(err)
	}
	var items []social.InboxItem
	for i, text := range []string{"coffee beans", "cold brew", "coffee cups", "tea time"} {
		items = append(items, social.InboxItem{AccountID: "acme-masto", RemoteID: fmt.Sprint(i), Kind: social.InboxMention,
			AuthorHandle: "fan", Text: text, CreatedAt: now0.Add(time.Duration(i) * time.Minute)})
	}
	if _, err := db.UpsertInbox(ctx, items); err != nil {
		t.Fatal(err)
	}
	st := theme.New(true)
	m := New(db, pane.Env{Ctx: ctx, Styles: &st, Now: func() time.Time { return now0 }})
	m.SetSize(100, 20)
	settle(t, m, m.Reload())
	return m
}

// settle runs cmd and what follows from it (step), then the debounce timers it left, and
// returns their messages for the test to deliver when it wants.
func settle(t *testing.T, m *Model, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return fire(step(t, m, cmd))
}

func keyPress(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

func typeKeys(t *testing.T, m *Model, s string) (fired []tea.Msg) {
	for _, r := range s {
		fired = append(fired, settle(t, m, m.Update(keyPress(r)))...)
	}
	return fired
}

func texts(m *Model) []string {
	var out []string
	for _, it := range m.Items() {
		out = append(out, it.Text)
	}
	return out
}

func TestSearchWaitsForTheDebounceAndRunsOnlyTheNewest(t *testing.T) {
	m := searchModel(t)
	settle(t, m, m.Update(keyPress('/')))
	fired := typeKeys(t, m, "cof")
	if len(fired) != 3 || len(m.Items()) != 4 || m.Searching() {
		t.Fatalf("searched before the debounce: %d timers, %v", len(fired), texts(m))
	}
	// The first two keystrokes' timers are stale when they fire: no search.
	for _, msg := range fired[:2] {
		settle(t, m, m.Update(msg))
	}
	if m.Searching() || m.loading {
		t.Fatal("a stale debounce ran a search")
	}
	settle(t, m, m.Update(fired[2]))
	if got := texts(m); len(got) != 2 || got[0] != "coffee cups" || got[1] != "coffee beans" {
		t.Fatalf("after the debounce: %v", got)
	}
	// esc while a debounce is pending: the timer fires into nothing.
	more := typeKeys(t, m, "fee")
	settle(t, m, m.Update(tea.KeyPressMsg{Code: tea.KeyEscape}))
	for _, msg := range more {
		settle(t, m, m.Update(msg))
	}
	if m.Searching() || len(m.Items()) != 4 {
		t.Fatalf("a debounce after esc searched: %v", texts(m))
	}
}

func TestStaleSearchResultsAreDropped(t *testing.T) {
	m := searchModel(t)
	settle(t, m, m.Update(keyPress('/')))
	typeKeys(t, m, "cold")
	first := m.runSearch() // "cold", still on its way
	typeKeys(t, m, "x")
	m.search.input.SetValue("tea")
	second := m.runSearch()
	settle(t, m, second)
	settle(t, m, first) // arrives last, for an older query
	if got := texts(m); len(got) != 1 || got[0] != "tea time" {
		t.Fatalf("shown %v, want the newest query's match", got)
	}
}
