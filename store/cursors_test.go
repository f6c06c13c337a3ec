package store

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestCursorRoundTrips(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	got, err := db.Cursor(ctx, a.ID, "inbox")
	if err != nil || got != (social.SyncCursor{AccountID: a.ID, Stream: "inbox"}) {
		t.Fatalf("never-run cursor: %+v %v", got, err)
	}
	in := social.SyncCursor{AccountID: a.ID, Stream: "inbox", Cursor: "max_id=123", NextAt: t0.Add(time.Minute), LastOK: t0, LastError: ""}
	if err := db.SaveCursor(ctx, in); err != nil {
		t.Fatal(err)
	}
	in2 := social.SyncCursor{AccountID: a.ID, Stream: "dms", Cursor: "abc", LastError: "429 rate limited", NextAt: t0.Add(time.Hour)}
	if err := db.SaveCursor(ctx, in2); err != nil {
		t.Fatal(err)
	}
	for _, want := range []social.SyncCursor{in, in2} {
		got, err := db.Cursor(ctx, a.ID, want.Stream)
		if err != nil || got != want {
			t.Fatalf("got %+v %v, want %+v", got, err, want)
		}
	}
	in.Cursor, in.LastError = "max_id=456", "boom"
	db.SaveCursor(ctx, in)
	if got, _ := db.Cursor(ctx, a.ID, "inbox"); got != in {
		t.Fatalf("update: %+v", got)
	}
	wantErr(t, db.SaveCursor(ctx, social.SyncCursor{AccountID: "ghost", Stream: "inbox"}), "inbox cursor", `no account "ghost"`)
}

func TestMetaSettings(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	if v, err := db.Meta(ctx, "first_run_done"); v != "" || err != nil {
		t.Fatalf("unset: %q %v", v, err)
	}
	for _, v := range []string{"1", "2", ""} {
		if err := db.SetMeta(ctx, "first_run_done", v); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Meta(ctx, "first_run_done"); got != v {
			t.Fatalf("got %q, want %q", got, v)
		}
	}
}
