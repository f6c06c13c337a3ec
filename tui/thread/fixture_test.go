package thread

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
)

// now is the tests' clock: a Tuesday morning.
var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func ago(d time.Duration) time.Time { return now.Add(-d) }

// seeded is a store file with a conversation on acme-masto: Ann asks, Bean (the focus)
// answers her, Cara and Dan answer Bean, Bean thanks Cara; Bean also has older items
// with Acme, two of them done and two a DM conversation.
type seeded struct {
	db    *store.DB
	acct  social.Account
	byID  map[string]social.InboxItem // by remote id, as stored
	focus social.InboxItem
}

func seed(t *testing.T) *seeded {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.PutClient(ctx, social.Client{ID: "acme", Name: "Acme Coffee", TZ: "UTC"}); err != nil {
		t.Fatal(err)
	}
	acct := social.Account{ID: "acme-masto", ClientID: "acme", Platform: "mastodon", Handle: "acmecoffee"}
	if err := db.PutAccount(ctx, acct); err != nil {
		t.Fatal(err)
	}
	msg := func(remote, parent string, kind social.InboxKind, who string, at time.Time, text string) social.InboxItem {
		name := strings.ToUpper(who[:1]) + who[1:]
		if who == "bean" {
			name = "Bean Lover"
		}
		return social.InboxItem{AccountID: acct.ID, RemoteID: remote, ParentRemoteID: parent, Kind: kind,
			AuthorID: "u-" + who, AuthorHandle: who + "@fosstodon.org", AuthorName: name, Text: text, CreatedAt: at,
			URL: "https://fosstodon.org/@" + who + "/" + remote}
	}
	dm := func(remote string, at time.Time, text string) social.InboxItem {
		it := msg(remote, "", social.InboxDM, "bean", at, text)
		it.ConversationID = "conv-bean"
		return it
	}
	items := []social.InboxItem{
		msg("p1", "root0", social.InboxMention, "ann", ago(48*time.Hour),
			"Has anyone tried the new winter blend from @acmecoffee? Thinking of ordering a bag."),
		msg("f1", "p1", social.InboxComment, "bean", ago(20*time.Hour),
			"Is the winter blend available online too? I would love to order a bag for my sister, "+
				"she lives too far from the shop.\n\nAlso: is there a decaf version?"),
		msg("c1", "f1", social.InboxReply, "cara", ago(3*time.Hour), "Yes! I ordered mine online last week, arrived in two days."),
		msg("c2", "f1", social.InboxReply, "dan", ago(time.Hour), "Seconding the decaf question."),
		msg("g1", "c1", social.InboxReply, "bean", ago(30*time.Minute), "Thanks Cara!"),
		msg("o1", "", social.InboxMention, "bean", ago(10*24*time.Hour), "Loving the autumn roast @acmecoffee"),
		msg("o2", "", social.InboxComment, "bean", ago(5*24*time.Hour), "What time do you open on Sundays?"),
		dm("d1", ago(3*24*time.Hour), "Hi! Do you ship to Austria?"),
		dm("d2", ago(71*time.Hour), "Asking for a friend \x1b[31mred\x1b[0m."),
	}
	if _, err := db.UpsertInbox(ctx, items); err != nil {
		t.Fatal(err)
	}
	s := &seeded{db: db, acct: acct, byID: map[string]social.InboxItem{}}
	all, err := db.Inbox(ctx, store.InboxQuery{All: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range all {
		s.byID[it.RemoteID] = it
	}
	if err := db.SetDone(ctx, true, s.byID["o1"].ID, s.byID["o2"].ID); err != nil {
		t.Fatal(err)
	}
	// A like queued and a reply sent from here, in answer to the focus.
	for _, tg := range []social.Target{
		{AccountID: acct.ID, Kind: social.KindLike, ReplyTo: "f1", Status: social.StatusScheduled, DueAt: now},
		{AccountID: acct.ID, Kind: social.KindReply, ReplyTo: "f1", Status: social.StatusPublished, DueAt: now,
			RemoteID: "ours-1", PublishedAt: now},
	} {
		p := &social.Post{ClientID: "acme", Status: social.StatusScheduled, Parts: []social.Part{{Text: "x"}},
			Targets: []social.Target{tg}}
		if err := db.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	s.focus = s.byID["f1"]
	return s
}

// remoteThread is what the platform returns for f1: our own post at the root, the
// messages we have, and a reply from Eve we have not synced.
func (s *seeded) remoteThread() []social.InboxItem {
	root := social.InboxItem{AccountID: s.acct.ID, Platform: "mastodon", RemoteID: "root0",
		AuthorID: "u-acme", AuthorHandle: "acmecoffee@mastodon.social", AuthorName: "Acme Coffee",
		Text: "The winter blend is here: cardamom, orange peel and a dark roast.", CreatedAt: ago(72 * time.Hour)}
	eve := social.InboxItem{AccountID: s.acct.ID, Platform: "mastodon", RemoteID: "c3", ParentRemoteID: "f1",
		Kind: social.InboxReply, AuthorID: "u-eve", AuthorHandle: "eve@mastodon.social", AuthorName: "Eve",
		Text: "There is a decaf, but only in the shop.", CreatedAt: ago(2 * time.Hour)}
	p1, f1, c1 := s.byID["p1"], s.byID["f1"], s.byID["c1"]
	f1.Text = "edited on the platform"
	return []social.InboxItem{root, p1, f1, c1, eve}
}

func env(t *testing.T) pane.Env {
	st := theme.New(true)
	return pane.Env{Ctx: t.Context(), Styles: &st, Now: func() time.Time { return now }}
}

// run runs cmd and every command its messages lead to, synchronously, feeding the
// view's own messages back to m; it returns the messages meant for the parent.
func run(t *testing.T, m *Model, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case localMsg, fetchedMsg:
			queue = append(queue, m.Update(msg))
		default:
			out = append(out, msg)
		}
	}
	return out
}

// collect runs cmd and returns the messages it makes, without feeding them anywhere.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, collect(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// plain is the view without colour and trailing blanks.
func plain(m *Model) string {
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

// page is the whole scrollable content without colour, whatever is in view.
func page(m *Model) string { return ansi.Strip(m.vp.GetContent()) }

func press(s string) tea.KeyPressMsg {
	switch s {
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "ctrl+d":
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// inOrder fails unless s holds every part, in order.
func inOrder(t *testing.T, s string, parts ...string) {
	t.Helper()
	rest := s
	for _, p := range parts {
		i := strings.Index(rest, p)
		if i < 0 {
			t.Fatalf("%q missing or out of order in:\n%s", p, s)
		}
		rest = rest[i+len(p):]
	}
}
