package thread

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"

	"github.com/chorus-social/chorus/social"
)

func TestLocalThreadInOrderWithFocusAndHistory(t *testing.T) {
	s := seed(t)
	m, cmd := New(env(t), s.db, nil, s.focus, "Acme Coffee")
	m.SetSize(100, 60)
	if !strings.Contains(page(m), "Loading the conversation") {
		t.Fatalf("before the load:\n%s", page(m))
	}
	run(t, m, cmd)
	p := page(m)
	inOrder(t, p,
		"Ann @ann@fosstodon.org · 2d ago · mention", "Thinking of ordering a bag.",
		"› Bean Lover @bean@fosstodon.org · 20h ago · comment  ♥ like queued  ↩ answered",
		"┃ Is the winter blend available online too?", "┃ Also: is there a decaf version?",
		"↳ Cara @cara@fosstodon.org · 3h ago · reply", "│ Yes! I ordered mine online",
		"  ↳ Bean Lover @bean@fosstodon.org · 30m ago · reply", "Thanks Cara!",
		"↳ Dan @dan@fosstodon.org · 1h ago · reply", "Seconding the decaf question.",
		"── Bean Lover with Acme Coffee ──",
		"on mastodon since 10d ago · last seen 30m ago · 6 items with Acme Coffee",
		"   30m reply    ○ open     Thanks Cara!",
		"›  20h comment  ○ open     Is the winter blend",
		"    2d dm       ○ open     Asking for a friend red.",
		"    5d comment  ✓ done     What time do you open on Sundays?",
		"   10d mention  ✓ done",
	)
	for _, unwanted := range []string{"fetching", "could not", "Loading", "elsewhere"} {
		if strings.Contains(p, unwanted) {
			t.Errorf("page says %q:\n%s", unwanted, p)
		}
	}
	if strings.Contains(p, "\x1b") || strings.Contains(page(m), "[31m") {
		t.Errorf("escape sequence from a message reached the page")
	}
	head := strings.SplitN(plain(m), "\n", 3)
	if want := "Thread  mastodon · acme-masto · comment from Bean Lover @bean@fosstodon.org · 20h ago"; head[0] != want {
		t.Errorf("header %q, want %q", head[0], want)
	}
}

func TestDMShowsItsConversationInTimeOrder(t *testing.T) {
	s := seed(t)
	m, cmd := New(env(t), s.db, nil, s.byID["d2"], "Acme Coffee")
	m.SetSize(80, 40)
	run(t, m, cmd)
	// Control characters and escape sequences from the network never reach the terminal.
	inOrder(t, page(m), "  Bean Lover", "│ Hi! Do you ship to Austria?", "› Bean Lover", "┃ Asking for a friend red.")
	if strings.Contains(m.View(), "\x1b[31m") {
		t.Fatal("a message's escape sequence reached the view")
	}
}

func TestCloseEmitsClosedMsg(t *testing.T) {
	s := seed(t)
	for _, k := range []string{"esc", "q"} {
		m, cmd := New(env(t), s.db, nil, s.focus, "Acme Coffee")
		m.SetSize(80, 24)
		run(t, m, cmd)
		out := run(t, m, m.Update(press(k)))
		if len(out) != 1 {
			t.Fatalf("%s: messages %v", k, out)
		}
		if c, ok := out[0].(ClosedMsg); !ok || c.Thread != m {
			t.Fatalf("%s: %#v, want ClosedMsg of this view", k, out[0])
		}
		if cmd := m.Update(press("j")); cmd != nil {
			t.Fatalf("%s: a closed view still acts on keys", k)
		}
	}
}

func TestFetchMergesRemoteRepliesAndDedupes(t *testing.T) {
	s := seed(t)
	var asked social.InboxItem
	fetch := func(ctx context.Context, it social.InboxItem) ([]social.InboxItem, error) {
		asked = it
		return s.remoteThread(), nil
	}
	m, cmd := New(env(t), s.db, fetch, s.focus, "Acme Coffee")
	m.SetSize(100, 80)
	if !strings.Contains(plain(m), "fetching the conversation from mastodon…") {
		t.Fatalf("no fetching line while waiting:\n%s", plain(m))
	}
	run(t, m, cmd)
	if asked.RemoteID != "f1" || asked.AccountID != "acme-masto" {
		t.Fatalf("fetched for %+v", asked)
	}
	p := page(m)
	inOrder(t, p,
		"Acme Coffee @acmecoffee@mastodon.social · 3d ago", "The winter blend is here",
		"Ann @ann", "› Bean Lover", "┃ Is the winter blend available online too?",
		"↳ Cara", "  ↳ Bean Lover", "↳ Eve @eve@mastodon.social · 2h ago · reply", "only in the shop.", "↳ Dan",
		"── Bean Lover with Acme Coffee")
	for remote, text := range map[string]string{"p1": "Thinking of ordering a bag.", "c1": "Yes! I ordered mine"} {
		if n := strings.Count(p, text); n != 1 {
			t.Errorf("%s shown %d times", remote, n)
		}
	}
	if strings.Contains(p, "edited on the platform") || strings.Contains(plain(m), "fetching") {
		t.Errorf("the stored focus (with its like and reply) should stay, the fetch be over:\n%s", plain(m))
	}
	if !strings.Contains(p, "♥ like queued  ↩ answered") {
		t.Errorf("focus lost its marks:\n%s", p)
	}
}

func TestFailedFetchShowsWhyAndKeepsLocal(t *testing.T) {
	s := seed(t)
	fetch := func(ctx context.Context, it social.InboxItem) ([]social.InboxItem, error) {
		return nil, errors.New("temporary server error (HTTP 503)")
	}
	m, cmd := New(env(t), s.db, fetch, s.focus, "Acme Coffee")
	m.SetSize(100, 60)
	run(t, m, cmd)
	v := strings.ReplaceAll(plain(m), "\n", " ")
	if !strings.Contains(v, "! could not fetch the conversation from mastodon: temporary server error (HTTP 503); showing what is stored") {
		t.Fatalf("no fetch error line:\n%s", v)
	}
	inOrder(t, page(m), "Ann", "› Bean Lover", "↳ Cara", "↳ Dan", "Bean Lover with Acme Coffee")
}

func TestUnsupportedFetchIsQuiet(t *testing.T) {
	s := seed(t)
	fetch := func(ctx context.Context, it social.InboxItem) ([]social.InboxItem, error) {
		return nil, fmt.Errorf("demo: %w", errors.ErrUnsupported)
	}
	m, cmd := New(env(t), s.db, fetch, s.focus, "Acme Coffee")
	m.SetSize(100, 60)
	run(t, m, cmd)
	if v := plain(m); strings.Contains(v, "could not") || strings.Contains(v, "fetching") {
		t.Fatalf("an unsupported fetch is no failure:\n%s", v)
	}
}

func TestStaleResultsAreDropped(t *testing.T) {
	s := seed(t)
	fetchOf := func(text string) FetchFunc {
		return func(ctx context.Context, it social.InboxItem) ([]social.InboxItem, error) {
			return []social.InboxItem{{AccountID: it.AccountID, RemoteID: "x-" + text, ParentRemoteID: it.RemoteID,
				Text: text, CreatedAt: now}}, nil
		}
	}
	// The first view's results arrive at the second: the parent routes everything to the
	// view open now.
	_, first := New(env(t), s.db, fetchOf("from the first view"), s.focus, "Acme Coffee")
	second, cmd := New(env(t), s.db, fetchOf("from the second view"), s.byID["o2"], "Acme Coffee")
	second.SetSize(100, 60)
	for _, msg := range collect(first) {
		second.Update(msg)
	}
	if p := page(second); strings.Contains(p, "from the first view") || strings.Contains(p, "Ann @ann") {
		t.Fatalf("a result of another view landed:\n%s", p)
	}
	run(t, second, cmd)
	if p := page(second); !strings.Contains(p, "from the second view") || !strings.Contains(p, "Sundays") {
		t.Fatalf("own results missing:\n%s", p)
	}

	// A reload replaces a database read still out.
	m, cmd := New(env(t), s.db, nil, s.focus, "Acme Coffee")
	m.SetSize(100, 60)
	old := collect(cmd) // read while the item is open
	if err := s.db.SetDone(t.Context(), true, s.focus.ID); err != nil {
		t.Fatal(err)
	}
	run(t, m, m.Reload())
	for _, msg := range old {
		m.Update(msg)
	}
	if !strings.Contains(page(m), "›  20h comment  ✓ done") {
		t.Fatalf("an older read replaced a newer one:\n%s", page(m))
	}
}

func TestScrollKeys(t *testing.T) {
	s := seed(t)
	m, cmd := New(env(t), s.db, nil, s.focus, "Acme Coffee")
	m.SetSize(80, 12)
	run(t, m, cmd)
	top := m.vp.YOffset()
	m.Update(press("j"))
	if m.vp.YOffset() != top+1 {
		t.Fatalf("j: offset %d, was %d", m.vp.YOffset(), top)
	}
	m.Update(press("G"))
	if !m.vp.AtBottom() || !strings.Contains(plain(m), "mention  ✓ done") {
		t.Fatalf("G: not at the bottom:\n%s", plain(m))
	}
	m.Update(press("ctrl+u"))
	if m.vp.AtBottom() {
		t.Fatal("ctrl+u did not move up")
	}
	m.Update(press("g"))
	if !m.vp.AtTop() {
		t.Fatal("g: not at the top")
	}
	m.Update(press("ctrl+d"))
	if m.vp.YOffset() == 0 {
		t.Fatal("ctrl+d did not move down")
	}
	// Once the user has scrolled, a late result does not move the page under them.
	at := m.vp.YOffset()
	run(t, m, m.Reload())
	if m.vp.YOffset() != at {
		t.Fatalf("reload moved the page from %d to %d", at, m.vp.YOffset())
	}
	var _ help.KeyMap = m.Keys()
}

// TestFocusInViewOnOpen: a long parent chain does not push the item off the first screen.
func TestFocusInViewOnOpen(t *testing.T) {
	s := seed(t)
	var chain []social.InboxItem
	parent := ""
	for i := range 8 {
		id := fmt.Sprintf("a%d", i)
		chain = append(chain, social.InboxItem{AccountID: s.acct.ID, RemoteID: id, ParentRemoteID: parent,
			Kind: social.InboxReply, AuthorName: "Someone", Text: "a message up the chain",
			CreatedAt: ago(30 * 24 * time.Hour).Add(time.Duration(i) * time.Minute)})
		parent = id
	}
	// An item not stored (id 0): the chain comes from the platform alone.
	focus := s.focus
	focus.ID, focus.RemoteID, focus.ParentRemoteID = 0, "new", parent
	fetch := func(ctx context.Context, it social.InboxItem) ([]social.InboxItem, error) { return chain, nil }
	m, cmd := New(env(t), s.db, fetch, focus, "Acme Coffee")
	m.SetSize(80, 24)
	run(t, m, cmd)
	if !strings.Contains(plain(m), "› Bean Lover") {
		t.Fatalf("focus not in view:\n%s", plain(m))
	}
}

// TestArrangeOtherBranches: a reply to a parent (a sibling of the item) is neither above
// nor below it, and comes after the replies; an item the platform lacks stays.
func TestArrangeOtherBranches(t *testing.T) {
	at := func(m int) time.Time { return now.Add(time.Duration(m) * time.Minute) }
	it := func(remote, parent string, m int) social.InboxItem {
		return social.InboxItem{RemoteID: remote, ParentRemoteID: parent, Kind: social.InboxReply, CreatedAt: at(m)}
	}
	focus := it("f", "p", 2)
	got := arrange(focus, nil, []social.InboxItem{it("sib", "p", 1), it("c", "f", 3), it("p", "", 0), it("c", "f", 3)})
	var s []string
	for _, e := range got {
		s = append(s, fmt.Sprintf("%s/%d/%d", e.it.RemoteID, e.role, e.depth))
	}
	want := fmt.Sprintf("p/%d/0 f/%d/0 c/%d/1 sib/%d/0", roleAncestor, roleFocus, roleReply, roleOther)
	if strings.Join(s, " ") != want {
		t.Fatalf("arranged %v, want %s", s, want)
	}
}
