package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

func ctrl(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }

// fakePublish drains the outbox as the engine would, every target succeeding.
func fakePublish(db *store.DB) func(context.Context) error {
	return func(ctx context.Context) error {
		for {
			c, ok, err := db.ClaimDue(ctx, fixedNow, time.Minute)
			if err != nil || !ok {
				return err
			}
			if err := db.CompletePublish(ctx, c.Target.ID, store.Result{RemoteID: "sent-" + c.Target.ReplyTo, At: fixedNow}); err != nil {
				return err
			}
		}
	}
}

// fakeCounter counts runes, with a limit per platform.
func fakeCounter(max int) func(social.Platform) (func(string) int, int) {
	return func(social.Platform) (func(string) int, int) { return utf8.RuneCountInString, max }
}

// replyApp starts the app in the inbox with the given outbox functions.
func replyApp(t *testing.T, w, h int, publish func(*store.DB) func(context.Context) error, max int) (*App, *store.DB) {
	t.Helper()
	db := openStore(t)
	fixture(t, db)
	d := Deps{DB: db, Counter: fakeCounter(max)}
	if publish != nil {
		d.Publish = publish(db)
	}
	a := newApp(t, d)
	start(t, a, w, h)
	drive(t, a, press("2"))
	return a, db
}

// claimOne takes the one due target from the outbox; it fails unless there is one.
func claimOne(t *testing.T, db *store.DB) social.Target {
	t.Helper()
	c, ok, err := db.ClaimDue(context.Background(), fixedNow, time.Minute)
	if err != nil || !ok {
		t.Fatalf("no due target in the outbox (err %v)", err)
	}
	if _, more, _ := db.ClaimDue(context.Background(), fixedNow, time.Minute); more {
		t.Error("more than one target queued")
	}
	return c.Target
}

func TestInboxLikeQueuesLike(t *testing.T) {
	a, db := replyApp(t, 100, 30, nil, 300)
	it := a.inbox.Items()[0]
	drive(t, a, press("l"))
	got := claimOne(t, db)
	if got.Kind != social.KindLike || got.ReplyTo != it.RemoteID || got.AccountID != it.AccountID {
		t.Errorf("queued %s to %q on %s, want like to %q on %s", got.Kind, got.ReplyTo, got.AccountID, it.RemoteID, it.AccountID)
	}
	if s := a.inbox.LikeState(it.ID); s != "queued" {
		t.Errorf("like state %q, want queued", s)
	}
	f := frame(a)
	if !strings.Contains(f, "♥") || !strings.Contains(f, "like queued") {
		t.Errorf("no like mark or note:\n%s", f)
	}
}

func TestInboxLikeIsSent(t *testing.T) {
	a, db := replyApp(t, 100, 30, fakePublish, 300)
	it := a.inbox.Items()[0]
	drive(t, a, press("l"))
	if s := a.inbox.LikeState(it.ID); s != "sent" {
		t.Errorf("like state %q, want sent", s)
	}
	if !strings.Contains(frame(a), "liked") {
		t.Errorf("status bar:\n%s", frame(a))
	}
	if _, ok, _ := db.ClaimDue(context.Background(), fixedNow, time.Minute); ok {
		t.Error("the like is still due after Publish")
	}
}

func TestInboxReplyOverLimitRefuses(t *testing.T) {
	a, db := replyApp(t, 100, 30, fakePublish, 10)
	drive(t, a, press("r"))
	if !a.inbox.Typing() {
		t.Fatal("r did not open the reply box")
	}
	drive(t, a, typing("this is far too long")...)
	f := frame(a)
	if !strings.Contains(f, "! 20/10") {
		t.Errorf("counter not marked over the limit:\n%s", f)
	}
	drive(t, a, ctrl('s'))
	if !a.inbox.Typing() || !strings.Contains(frame(a), "10 over the bluesky limit of 10") {
		t.Errorf("send over the limit not refused:\n%s", frame(a))
	}
	if _, ok, _ := db.ClaimDue(context.Background(), fixedNow, time.Minute); ok {
		t.Error("a reply over the limit was queued")
	}
}

func TestInboxReplySavedReplyAndSend(t *testing.T) {
	a, db := replyApp(t, 100, 30, fakePublish, 300)
	ctx := context.Background()
	for _, r := range []social.SavedReply{
		{ClientID: "acme", Name: "hours", Body: "We open at 7."},
		{ClientID: "acme", Name: "thanks", Body: "Thanks {{author}}, from all of us at {{client}}!"},
	} {
		if _, err := db.PutSavedReply(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	it := a.inbox.Items()[0] // latte.lover on bluesky: no "@author" prefill
	drive(t, a, press("r"), ctrl('r'))
	if f := frame(a); !strings.Contains(f, "hours") || !strings.Contains(f, "thanks") {
		t.Fatalf("picker does not list the saved replies:\n%s", f)
	}
	drive(t, a, typing("than")...)
	if f := frame(a); strings.Contains(f, "hours") {
		t.Errorf("filter kept a reply that does not match:\n%s", f)
	}
	drive(t, a, press("enter"))
	want := "Thanks latte.lover, from all of us at Acme Coffee!"
	if f := frame(a); !strings.Contains(f, want) {
		t.Fatalf("inserted reply missing %q:\n%s", want, f)
	}
	requireFits(t, a, 100, 30)

	drive(t, a, ctrl('s'))
	if a.inbox.Typing() {
		t.Fatal("the box is still open after ctrl+s")
	}
	if s := a.inbox.ReplyState(it.ID); s != "sent" {
		t.Errorf("reply state %q, want sent", s)
	}
	if f := frame(a); !strings.Contains(f, "↩ sent") {
		t.Errorf("row does not show the sent reply:\n%s", f)
	}
	// The outbox row: a reply to the item from its account, published.
	tg, err := db.Target(ctx, a.inbox.OutboxTarget(it.ID, social.KindReply))
	if err != nil {
		t.Fatal(err)
	}
	if tg.Kind != social.KindReply || tg.ReplyTo != it.RemoteID || tg.AccountID != it.AccountID || tg.Status != social.StatusPublished {
		t.Errorf("reply target %+v", tg)
	}
	p, err := db.Post(ctx, tg.PostID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Text() != want {
		t.Errorf("reply text %q, want %q", p.Text(), want)
	}
}

func TestInboxReplyOfflineStaysQueued(t *testing.T) {
	offline := func(*store.DB) func(context.Context) error {
		return func(context.Context) error { return errors.New("dial tcp: no route to host") }
	}
	a, db := replyApp(t, 80, 24, offline, 300)
	it := a.inbox.Items()[0]
	drive(t, a, press("r"))
	requireFits(t, a, 80, 24)
	drive(t, a, typing("on our way")...)
	drive(t, a, ctrl('s'))
	if s := a.inbox.ReplyState(it.ID); s != "queued" {
		t.Errorf("reply state %q, want queued", s)
	}
	f := frame(a)
	if !strings.Contains(f, "↩ queued") || !strings.Contains(f, "sent on the next sync") {
		t.Errorf("offline reply not shown as queued:\n%s", f)
	}
	requireFits(t, a, 80, 24)
	got := claimOne(t, db)
	if got.Kind != social.KindReply || got.ReplyTo != it.RemoteID || got.AccountID != it.AccountID {
		t.Errorf("queued %+v", got)
	}
}

func TestInboxReplyEscKeepsDraft(t *testing.T) {
	a, db := replyApp(t, 100, 30, fakePublish, 500)
	drive(t, a, keys("j", "j", "j")...)
	it := a.inbox.Items()[a.inbox.Cursor()]
	if it.Platform != "mastodon" {
		t.Fatalf("fixture: item %s on %s, want mastodon", it.AuthorHandle, it.Platform)
	}
	drive(t, a, press("r"))
	if f := frame(a); !strings.Contains(f, "@bean@fosstodon.org") || !strings.Contains(f, "19/500") {
		t.Fatalf("no @author prefill or counter:\n%s", f)
	}
	drive(t, a, typing("yes, in decaf too")...)
	drive(t, a, press("esc"))
	if a.inbox.Typing() {
		t.Fatal("esc did not close the box")
	}
	if !strings.Contains(frame(a), "draft kept") {
		t.Errorf("status bar:\n%s", frame(a))
	}
	drive(t, a, press("r"))
	if f := frame(a); !strings.Contains(f, "@bean@fosstodon.org yes, in decaf too") {
		t.Errorf("draft not restored:\n%s", f)
	}
	// Emptied and closed: nothing kept, nothing asked.
	if _, ok, _ := db.ClaimDue(context.Background(), fixedNow, time.Minute); ok {
		t.Error("esc queued the reply")
	}
}

func TestLikeAndReplyMarksSurviveARestartAndFollowTheOutbox(t *testing.T) {
	a, db := replyApp(t, 100, 30, nil, 300)
	it := a.inbox.Items()[0]
	drive(t, a, press("l"))
	// A later session (or sync) sends it; a new app reads the state back from the store.
	c := claimOne(t, db)
	if err := db.CompletePublish(context.Background(), c.ID, store.Result{RemoteID: "liked-1"}); err != nil {
		t.Fatal(err)
	}
	b := newApp(t, Deps{DB: db, Counter: fakeCounter(300)})
	start(t, b, 100, 30)
	drive(t, b, press("2"))
	if s := b.inbox.LikeState(it.ID); s != "sent" {
		t.Fatalf("after a restart the like reads %q, want sent", s)
	}
	if !strings.Contains(frame(b), "♥") {
		t.Fatalf("no like mark after a restart:\n%s", frame(b))
	}
}

// claimAll takes every due target from the outbox.
func claimAll(t *testing.T, db *store.DB) []social.Target {
	t.Helper()
	var out []social.Target
	for {
		c, ok, err := db.ClaimDue(context.Background(), fixedNow, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return out
		}
		out = append(out, c.Target)
	}
}

func TestInboxLikeAppliesToTheSelection(t *testing.T) {
	a, db := replyApp(t, 100, 30, nil, 300)
	its := a.inbox.Items()[:3]
	drive(t, a, press("l")) // the first is liked already: skipped below
	drive(t, a, press("x"), press("x"), press("x"), press("l"))
	if n := a.inbox.Selected(); n != 0 {
		t.Errorf("%d still selected after l", n)
	}
	if f := frame(a); !strings.Contains(f, "2 likes queued") {
		t.Errorf("no one note for the likes:\n%s", f)
	}
	got := claimAll(t, db)
	if len(got) != 3 {
		t.Fatalf("%d likes queued, want one per item: %+v", len(got), got)
	}
	for i, it := range its {
		tg := got[i]
		if tg.Kind != social.KindLike || tg.ReplyTo != it.RemoteID || tg.AccountID != it.AccountID {
			t.Errorf("target %d: %s to %q on %s, want like to %q on %s", i, tg.Kind, tg.ReplyTo, tg.AccountID, it.RemoteID, it.AccountID)
		}
		if s := a.inbox.LikeState(it.ID); s != "queued" {
			t.Errorf("item %d like state %q", i, s)
		}
	}
}

func TestInboxLikeSelectionSentInOneNote(t *testing.T) {
	a, db := replyApp(t, 100, 30, fakePublish, 300)
	its := a.inbox.Items()[:3]
	drive(t, a, press("x"), press("x"), press("x"), press("l"))
	if f := frame(a); !strings.Contains(f, "liked 3 items") {
		t.Errorf("status bar:\n%s", f)
	}
	for i, it := range its {
		if s := a.inbox.LikeState(it.ID); s != "sent" {
			t.Errorf("item %d like state %q, want sent", i, s)
		}
	}
	if got := claimAll(t, db); len(got) != 0 {
		t.Errorf("%d likes still due after Publish", len(got))
	}
	// Liked already, all of them: nothing queued again.
	drive(t, a, press("g"), press("x"), press("x"), press("x"), press("l"))
	if f := frame(a); !strings.Contains(f, "all 3 items liked already") {
		t.Errorf("status bar:\n%s", f)
	}
	if a.inbox.Selected() != 0 {
		t.Error("selection kept")
	}
}
