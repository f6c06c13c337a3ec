package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestCreatePostRoundTripsPartsMediaAndTargets(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-bsky", "acme", "bluesky")
	camp, err := db.PutCampaign(ctx, social.Campaign{ClientID: "acme", Name: "launch"})
	if err != nil {
		t.Fatal(err)
	}
	p := &social.Post{ClientID: "acme", CampaignID: camp, Notes: "check with legal",
		Parts: []social.Part{
			{Text: "one", Media: []social.Media{{Path: "/img/a.png", Mime: "image/png", Alt: "a cat", Width: 10, Height: 20, Size: 300}}},
			{Text: "two"},
		},
		Targets: []social.Target{
			{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0},
			{AccountID: b.ID, Variant: []string{"one, shorter", "two"}},
		}}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if p.ID == 0 || p.Parts[0].Media[0].ID == 0 || p.Targets[0].ID == 0 || p.Targets[1].ID == 0 {
		t.Fatalf("ids not filled: %+v", p)
	}
	got, err := db.Post(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ClientID != "acme" || got.CampaignID != camp || got.Status != social.StatusDraft || got.Notes != p.Notes {
		t.Fatalf("post: %+v", got)
	}
	if !reflect.DeepEqual(got.Parts, p.Parts) {
		t.Fatalf("parts %+v, want %+v", got.Parts, p.Parts)
	}
	t1, t2 := got.Targets[0], got.Targets[1]
	if t1.Kind != social.KindPost || t1.Status != social.StatusScheduled || !t1.DueAt.Equal(t0) || t1.Variant != nil {
		t.Fatalf("target 1: %+v", t1)
	}
	if t2.Status != social.StatusDraft || !t2.DueAt.IsZero() || !reflect.DeepEqual(t2.Variant, []string{"one, shorter", "two"}) {
		t.Fatalf("target 2: %+v", t2)
	}
	if len(t1.IdemKey) != 32 || t1.IdemKey == t2.IdemKey || t1.IdemKey != p.Targets[0].IdemKey {
		t.Fatalf("idempotency keys %q %q", t1.IdemKey, t2.IdemKey)
	}
	if _, err := db.Post(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing post: %v", err)
	}
	if _, err := db.Target(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing target: %v", err)
	}
}

func TestCreatePostRejectsWithClearMessages(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	mustClient(t, db, "beta")
	other := mustAccount(t, db, "beta-demo", "beta", "demo")
	betaCamp, _ := db.PutCampaign(ctx, social.Campaign{ClientID: "beta", Name: "b"})
	parts := []social.Part{{Text: "hi"}}
	for _, tc := range []struct {
		name string
		p    social.Post
		want []string
	}{
		{"no text", social.Post{ClientID: "acme"}, []string{"no text"}},
		{"unknown client", social.Post{ClientID: "ghost", Parts: parts}, []string{`no client "ghost"`}},
		{"no client", social.Post{Parts: parts}, []string{"no client"}},
		{"unknown status", social.Post{ClientID: "acme", Parts: parts, Status: "someday"}, []string{"unknown status", "someday"}},
		{"unknown campaign", social.Post{ClientID: "acme", Parts: parts, CampaignID: 42}, []string{"no campaign 42"}},
		{"other client's campaign", social.Post{ClientID: "acme", Parts: parts, CampaignID: betaCamp}, []string{"belongs to client \"beta\""}},
		{"unknown account", social.Post{ClientID: "acme", Parts: parts, Targets: []social.Target{{AccountID: "ghost"}}},
			[]string{`no account "ghost"`}},
		{"other client's account", social.Post{ClientID: "acme", Parts: parts, Targets: []social.Target{{AccountID: other.ID}}},
			[]string{`account "beta-demo" belongs to client "beta"`, `"acme"`}},
		{"scheduled without time", social.Post{ClientID: "acme", Parts: parts, Targets: []social.Target{{AccountID: a.ID, Status: social.StatusScheduled}}},
			[]string{a.ID, "scheduled without a due time"}},
		{"publishing", social.Post{ClientID: "acme", Parts: parts, Targets: []social.Target{{AccountID: a.ID, Status: social.StatusPublishing}}},
			[]string{"set by the publisher only"}},
		{"reply without target", social.Post{ClientID: "acme", Parts: parts, Targets: []social.Target{{AccountID: a.ID, Kind: social.KindReply}}},
			[]string{"reply needs the remote id"}},
		{"unknown kind", social.Post{ClientID: "acme", Parts: parts, Targets: []social.Target{{AccountID: a.ID, Kind: "boost"}}},
			[]string{`unknown kind "boost"`}},
		{"reused idempotency key", social.Post{ClientID: "acme", Parts: parts, Targets: []social.Target{
			{AccountID: a.ID, IdemKey: "k1"}, {AccountID: a.ID, IdemKey: "k1"}}}, []string{"idempotency key k1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			wantErr(t, db.CreatePost(ctx, &p), tc.want...)
		})
	}
	if n := count(t, db, `SELECT count(*) FROM posts`); n != 0 {
		t.Fatalf("%d posts saved by failed creates", n)
	}
}

func TestCreatePostsIsAllOrNothing(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	good := &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "ok"}}, Targets: []social.Target{{AccountID: a.ID}}}
	bad := &social.Post{ClientID: "acme"}
	wantErr(t, db.CreatePosts(t.Context(), []*social.Post{good, bad}), "no text")
	if n := count(t, db, `SELECT count(*) FROM posts`); n != 0 {
		t.Fatalf("%d posts kept from a failed batch", n)
	}
	created := t0.Add(-time.Hour)
	p1 := &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "1"}}, CreatedAt: created}
	p2 := &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "2"}}}
	if err := db.CreatePosts(t.Context(), []*social.Post{p1, p2}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Post(t.Context(), p1.ID)
	if !got.CreatedAt.Equal(created) || !got.UpdatedAt.Equal(created) || p2.ID == 0 {
		t.Fatalf("batch: %+v %+v", got, p2)
	}
}

func TestUpdatePostReplacesPartsMediaCampaignAndNotes(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	camp, _ := db.PutCampaign(ctx, social.Campaign{ClientID: "acme", Name: "c"})
	p := &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "old", Media: []social.Media{{Path: "a.png"}}}, {Text: "old 2"}},
		Targets: []social.Target{{AccountID: a.ID}}}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	edit, _ := db.Post(ctx, p.ID)
	edit.Parts = []social.Part{{Text: "new", Media: []social.Media{{Path: "b.png", Alt: "b"}}}}
	edit.Notes, edit.CampaignID, edit.Status = "n", camp, ""
	if err := db.UpdatePost(ctx, &edit); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Post(ctx, p.ID)
	if len(got.Parts) != 1 || got.Parts[0].Text != "new" || len(got.Parts[0].Media) != 1 || got.Parts[0].Media[0].Path != "b.png" {
		t.Fatalf("parts %+v", got.Parts)
	}
	if got.Notes != "n" || got.CampaignID != camp || got.Status != social.StatusDraft {
		t.Fatalf("post %+v", got)
	}
	if n := count(t, db, `SELECT count(*) FROM media`); n != 1 {
		t.Fatalf("%d media rows, want 1", n)
	}
	wantErr(t, db.UpdatePost(ctx, &social.Post{ID: 999, Parts: edit.Parts}), "post 999", "not found")
	wantErr(t, db.UpdatePost(ctx, &social.Post{ID: p.ID}), "no text")
}

func TestUpdatePostSavesVariantsOfEditableTargetsAndAddsNewOnes(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-b", "acme", "bluesky")
	c := mustAccount(t, db, "acme-c", "acme", "mastodon")
	p := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID}, {AccountID: b.ID, Status: social.StatusScheduled, DueAt: t0}}, "text")
	claim, ok, err := db.ClaimDue(ctx, t0, time.Minute)
	if !ok || err != nil {
		t.Fatal(ok, err)
	}
	if err := db.CompletePublish(ctx, claim.Target.ID, Result{RemoteID: "r"}); err != nil {
		t.Fatal(err)
	}
	edit, _ := db.Post(ctx, p.ID)
	edit.Targets[0].Variant = []string{"for a"}
	edit.Targets[1].Variant = []string{"too late for b"}
	edit.Targets = append(edit.Targets, social.Target{AccountID: c.ID, Variant: []string{"for c"}})
	if err := db.UpdatePost(ctx, &edit); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Post(ctx, p.ID)
	if len(got.Targets) != 3 {
		t.Fatalf("targets %+v", got.Targets)
	}
	if !reflect.DeepEqual(got.Targets[0].Variant, []string{"for a"}) {
		t.Errorf("editable target's variant not saved: %+v", got.Targets[0])
	}
	if got.Targets[1].Variant != nil {
		t.Errorf("published target's variant changed: %+v", got.Targets[1])
	}
	if got.Targets[2].AccountID != c.ID || !reflect.DeepEqual(got.Targets[2].Variant, []string{"for c"}) || edit.Targets[2].ID == 0 {
		t.Errorf("new target not added: %+v", got.Targets[2])
	}
}

func TestUpdatePostRefusedWhilePublishing(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	id := scheduled(t, db, a, t0, "original")
	if _, ok, _ := db.ClaimDue(t.Context(), t0, time.Minute); !ok {
		t.Fatal("no claim")
	}
	p, _ := db.Post(t.Context(), mustTarget(t, db, id).PostID)
	p.Parts[0].Text = "changed"
	wantErr(t, db.UpdatePost(t.Context(), &p), "being published")
	got, _ := db.Post(t.Context(), p.ID)
	if got.Parts[0].Text != "original" {
		t.Fatal("text changed under the publisher")
	}
}

func TestDeletePostRefusesWhilePublishingThenCascades(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	p := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0}}, "a", "b")
	c, ok, _ := db.ClaimDue(ctx, t0, time.Minute)
	if !ok {
		t.Fatal("no claim")
	}
	wantErr(t, db.DeletePost(ctx, p.ID), "being published")
	if err := db.FailPublish(ctx, c.Target.ID, "nope", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"posts", "post_parts", "targets"} {
		if n := count(t, db, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%s: %d rows left", table, n)
		}
	}
	if err := db.DeletePost(ctx, p.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
}

func TestDeleteTargetKeepsPublishedAndPublishing(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-b", "acme", "bluesky")
	p := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0}, {AccountID: b.ID}}, "x")
	if _, ok, _ := db.ClaimDue(ctx, t0, time.Minute); !ok {
		t.Fatal("no claim")
	}
	wantErr(t, db.DeleteTarget(ctx, p.Targets[0].ID), "being published")
	if err := db.CompletePublish(ctx, p.Targets[0].ID, Result{RemoteID: "r"}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, db.DeleteTarget(ctx, p.Targets[0].ID), "is published")
	if err := db.DeleteTarget(ctx, p.Targets[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteTarget(ctx, p.Targets[1].ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
}

func TestJSONListsRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     []string
		stored string
		want   []string
	}{
		{"nil", nil, "", nil},
		{"empty", []string{}, "", nil},
		{"one", []string{"a"}, `["a"]`, []string{"a"}},
		{"quotes and unicode", []string{`say "hi"`, "ünïcödé 🎉", ""}, `["say \"hi\"","ünïcödé 🎉",""]`, []string{`say "hi"`, "ünïcödé 🎉", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := jsonList(tc.in)
			if err != nil || s != tc.stored {
				t.Fatalf("jsonList = %q, %v; want %q", s, err, tc.stored)
			}
			got, err := parseList(s)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("parseList = %#v, %v; want %#v", got, err, tc.want)
			}
		})
	}
	if got, err := parseList("null"); err != nil || got != nil {
		t.Fatalf("null: %v %v", got, err)
	}
	wantErr(t, func() error { _, err := parseList("[1,"); return err }(), "stored list")
}

func TestCorruptStoredListNamesTheTarget(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	id := scheduled(t, db, a, t0)
	if _, err := db.w.ExecContext(t.Context(), `UPDATE targets SET variant='not json' WHERE id=?`, id); err != nil {
		t.Fatal(err)
	}
	_, err := db.Target(t.Context(), id)
	wantErr(t, err, "variant", "not json")
}

func TestCancelledWriteNamesWhatFailedAndFreesTheWriter(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := db.CreatePost(ctx, &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "x"}}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	wantErr(t, err, "save post")
	scheduled(t, db, a, t0) // the writer still works
}

func TestImportedHistoryKeepsPublisherFields(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	p := mustPost(t, db, "acme", []social.Target{
		{AccountID: a.ID, Status: social.StatusPublished, DueAt: at, PublishedAt: at, Attempts: 1,
			RemoteID: "r1", RemoteURL: "https://x/r1", SentParts: []string{"r1", "r2"}},
		{AccountID: a.ID, Status: social.StatusFailed, DueAt: at, Attempts: 5, LastError: "rejected"},
	}, "one", "two")
	got, err := db.Post(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	pub, failed := got.Targets[0], got.Targets[1]
	if pub.RemoteID != "r1" || pub.RemoteURL != "https://x/r1" || !pub.PublishedAt.Equal(at) || len(pub.SentParts) != 2 || pub.Attempts != 1 {
		t.Errorf("published target %+v", pub)
	}
	if failed.LastError != "rejected" || failed.Attempts != 5 {
		t.Errorf("failed target %+v", failed)
	}
	if err := db.CreatePost(t.Context(), &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "x"}},
		Targets: []social.Target{{AccountID: a.ID, Status: social.StatusPublished}}}); err == nil {
		t.Error("a published target without a remote id was accepted")
	}
}

func TestPostOptionsRoundTripAndReachTheClaim(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	p := &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "hallo"}}, Lang: "de",
		ContentWarning: "spoilers", Visibility: "unlisted",
		Targets: []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0}}}
	if err := db.CreatePost(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Post(t.Context(), p.ID)
	if got.Lang != "de" || got.ContentWarning != "spoilers" || got.Visibility != "unlisted" {
		t.Fatalf("post %+v", got)
	}
	c, ok, err := db.ClaimDue(t.Context(), t0, time.Minute)
	if err != nil || !ok || c.Lang != "de" || c.ContentWarning != "spoilers" || c.Visibility != "unlisted" {
		t.Fatalf("claim %+v %v %v", c, ok, err)
	}
}
