package store

import (
	"errors"
	"maps"
	"path/filepath"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestReplyDraftSaveReplaceAndDelete(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	mustUpsert(t, db, item(a, "1", social.InboxMention, t0, "hi"), item(a, "2", social.InboxMention, t0, "yo"))
	one, two := byRemote(t, db, a.ID, "1"), byRemote(t, db, a.ID, "2")

	if _, found, err := db.ReplyDraft(ctx, one.ID); found || err != nil {
		t.Fatalf("draft before any: found %v, err %v", found, err)
	}
	for _, text := range []string{"thanks", "thanks a lot"} {
		if err := db.SaveReplyDraft(ctx, one.ID, text); err != nil {
			t.Fatal(err)
		}
	}
	if text, found, err := db.ReplyDraft(ctx, one.ID); !found || err != nil || text != "thanks a lot" {
		t.Fatalf("draft = %q, found %v, err %v; want the newer text", text, found, err)
	}
	var updated int64
	if err := db.r.QueryRow(`SELECT updated_at FROM reply_drafts WHERE item_id=?`, one.ID).Scan(&updated); err != nil ||
		time.Since(fromMs(updated)).Abs() > time.Minute {
		t.Errorf("updated_at %d (%v), want unix ms of now", updated, err)
	}

	// Only white space is no draft: saving it deletes.
	if err := db.SaveReplyDraft(ctx, one.ID, " \n "); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := db.ReplyDraft(ctx, one.ID); found {
		t.Error("a blank save kept the draft")
	}

	if err := db.SaveReplyDraft(ctx, two.ID, "see you"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteReplyDraft(ctx, two.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteReplyDraft(ctx, two.ID); err != nil {
		t.Errorf("deleting no draft: %v", err)
	}
	if _, found, _ := db.ReplyDraft(ctx, two.ID); found {
		t.Error("deleted draft still there")
	}
}

func TestReplyDraftsOfAPage(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	var ids []int64
	for _, r := range []string{"1", "2", "3"} {
		mustUpsert(t, db, item(a, r, social.InboxReply, t0, "text "+r))
		ids = append(ids, byRemote(t, db, a.ID, r).ID)
	}
	for _, i := range []int{0, 2} {
		if err := db.SaveReplyDraft(ctx, ids[i], "draft "+string(rune('a'+i))); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.ReplyDrafts(ctx, ids[1:])
	if err != nil {
		t.Fatal(err)
	}
	if want := map[int64]string{ids[2]: "draft c"}; !maps.Equal(got, want) {
		t.Errorf("drafts of items 2 and 3 = %v, want %v", got, want)
	}
	if got, err := db.ReplyDrafts(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no ids: %v, %v", got, err)
	}
}

func TestReplyDraftNeedsItsItemAndGoesWithIt(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	if err := db.SaveReplyDraft(ctx, 12345, "to nothing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("draft of a missing item: %v, want not found", err)
	}
	mustUpsert(t, db, item(a, "1", social.InboxDM, t0, "hello"))
	it := byRemote(t, db, a.ID, "1")
	if err := db.SaveReplyDraft(ctx, it.ID, "hi back"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteAccount(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, found, err := db.ReplyDraft(ctx, it.ID); found || err != nil {
		t.Errorf("draft outlived its item: found %v, err %v", found, err)
	}
}

// A draft is on disk once saved: a second connection, as a restarted chorus, reads it.
func TestReplyDraftSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	db := openAt(t, path)
	a := seedClientAccount(t, db)
	mustUpsert(t, db, item(a, "1", social.InboxMention, t0, "hi"))
	it := byRemote(t, db, a.ID, "1")
	if err := db.SaveReplyDraft(t.Context(), it.ID, "half a thought"); err != nil {
		t.Fatal(err)
	}
	if text, found, err := openAt(t, path).ReplyDraft(t.Context(), it.ID); !found || err != nil || text != "half a thought" {
		t.Errorf("after reopen: %q, found %v, err %v", text, found, err)
	}
}
