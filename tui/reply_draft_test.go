package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/inbox"
)

// rowOf returns the frame's line that shows text, "" if none does.
func rowOf(frame, text string) string {
	for _, l := range strings.Split(frame, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// reopen opens db's file again, as a new chorus process would.
func reopen(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	db2, err := store.Open(context.Background(), db.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	return db2
}

func storedDraft(t *testing.T, db *store.DB, id int64) (string, bool) {
	t.Helper()
	got, err := db.ReplyDrafts(context.Background(), []int64{id})
	if err != nil {
		t.Fatal(err)
	}
	text, ok := got[id]
	return text, ok
}

func TestReplyDraftSurvivesARestartUntilSent(t *testing.T) {
	a, db := replyApp(t, 100, 30, nil, 500)
	drive(t, a, keys("j", "j", "j")...)
	it := a.inbox.Items()[a.inbox.Cursor()]
	drive(t, a, press("r"))
	drive(t, a, typing("yes, in decaf too")...)
	drive(t, a, press("esc"))
	want := "@bean@fosstodon.org yes, in decaf too"
	if text, _ := storedDraft(t, db, it.ID); text != want {
		t.Fatalf("esc stored %q, want %q", text, want)
	}
	if row := rowOf(frame(a), it.Text[:20]); !strings.Contains(row, inbox.DraftMark) {
		t.Errorf("no draft mark on the row:\n%s", frame(a))
	}

	// A restart: a new app on the file, with no memory of the session before.
	db2 := reopen(t, db)
	b := newApp(t, Deps{DB: db2, Counter: fakeCounter(500), Publish: fakePublish(db2)})
	start(t, b, 100, 30)
	drive(t, b, press("2"))
	if row := rowOf(frame(b), it.Text[:20]); !strings.Contains(row, inbox.DraftMark+" ") {
		t.Errorf("no draft mark after a restart:\n%s", frame(b))
	}
	if n := strings.Count(frame(b), inbox.DraftMark); n != 1 {
		t.Errorf("%d draft marks, want the one item's", n)
	}
	drive(t, b, keys("j", "j", "j")...)
	drive(t, b, press("r"))
	if f := frame(b); !strings.Contains(f, want) {
		t.Fatalf("r after a restart does not bring the draft back:\n%s", f)
	}

	drive(t, b, ctrl('s'))
	if s := b.inbox.ReplyState(it.ID); s != "sent" {
		t.Errorf("reply state %q, want sent", s)
	}
	if text, ok := storedDraft(t, db2, it.ID); ok {
		t.Errorf("the draft %q outlived its send", text)
	}
	if row := rowOf(frame(b), it.Text[:20]); strings.Contains(row, inbox.DraftMark) || !strings.Contains(row, "↩ sent") {
		t.Errorf("row after the send: %q", row)
	}
}

func TestReplyDraftOpenedAndClosedUntouchedIsNoDraft(t *testing.T) {
	a, db := replyApp(t, 100, 30, nil, 500)
	drive(t, a, keys("j", "j", "j")...)
	it := a.inbox.Items()[a.inbox.Cursor()]
	drive(t, a, press("r"), press("esc"))
	if text, ok := storedDraft(t, db, it.ID); ok {
		t.Errorf("stored %q for a box opened and closed", text)
	}
	if f := frame(a); strings.Contains(f, inbox.DraftMark) || strings.Contains(f, "draft kept") {
		t.Errorf("a draft shown for a box opened and closed:\n%s", f)
	}
}

func TestReplyDraftEmptiedIsDeleted(t *testing.T) {
	a, db := replyApp(t, 100, 30, nil, 500)
	it := a.inbox.Items()[0] // on bluesky: no prefill
	drive(t, a, press("r"))
	drive(t, a, typing("hm")...)
	drive(t, a, press("esc"))
	if text, _ := storedDraft(t, db, it.ID); text != "hm" {
		t.Fatalf("stored %q", text)
	}
	drive(t, a, press("r"), press("backspace"), press("backspace"), press("esc"))
	if text, ok := storedDraft(t, db, it.ID); ok {
		t.Errorf("an emptied draft is still stored: %q", text)
	}
	if strings.Contains(frame(a), inbox.DraftMark) {
		t.Errorf("draft mark for an emptied draft:\n%s", frame(a))
	}
}

func TestReplyDraftIsWrittenWhenCtrlCQuitsWithTheBoxOpen(t *testing.T) {
	a, db := replyApp(t, 100, 30, nil, 500)
	it := a.inbox.Items()[a.inbox.Cursor()]
	drive(t, a, press("r"))
	drive(t, a, typing("on my way")...)
	drive(t, a, press("ctrl+c"))
	if !a.quitting {
		t.Fatal("ctrl+c did not quit")
	}
	if text, _ := storedDraft(t, db, it.ID); !strings.HasSuffix(text, "on my way") {
		t.Fatalf("stored %q after ctrl+c, want the typed text", text)
	}
}
