package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

// composed is a post of acme's with one part per text and a target per account.
func composed(status social.Status, when string, accounts []string, texts ...string) *Composed {
	c := &Composed{Post: social.Post{ClientID: "acme", Status: status}, When: when}
	for _, s := range texts {
		c.Post.Parts = append(c.Post.Parts, social.Part{Text: s})
	}
	for _, a := range accounts {
		c.Post.Targets = append(c.Post.Targets, social.Target{AccountID: a})
	}
	return c
}

func mustSaveComposed(t *testing.T, db *DB, c *Composed) {
	t.Helper()
	if err := db.SaveComposed(t.Context(), c); err != nil {
		t.Fatal(err)
	}
}

func TestSaveComposedCreatesThePostAndItsWhen(t *testing.T) {
	db := openTest(t)
	mustClient(t, db, "acme")
	mustAccount(t, db, "acme-bsky", "acme", "bluesky")
	c := composed(social.StatusDraft, "fri 10:00", []string{"acme-bsky"}, "hello", "part two")
	c.Post.Parts[0].Media = []social.Media{{Path: "/tmp/cup.png", Mime: "image/png", Alt: "a cup", Size: 10}}
	c.Post.Targets[0].Variant = []string{"hi bluesky"}
	c.Post.Targets[0].DueAt = t0
	mustSaveComposed(t, db, c)
	if c.Post.ID == 0 || c.Post.Targets[0].ID == 0 || c.Post.Targets[0].IdemKey == "" {
		t.Fatalf("ids not filled in: %+v", c.Post)
	}

	got, err := db.Composed(t.Context(), c.Post.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.When != "fri 10:00" {
		t.Errorf("when = %q", got.When)
	}
	tg := got.Post.Targets[0]
	if got.Post.Status != social.StatusDraft || tg.Status != social.StatusDraft || !tg.DueAt.Equal(t0) ||
		!slices.Equal(tg.Variant, []string{"hi bluesky"}) {
		t.Errorf("read back %+v, target %+v", got.Post, tg)
	}
	if len(got.Post.Parts) != 2 || got.Post.Parts[0].Media[0].Alt != "a cup" {
		t.Errorf("parts read back: %+v", got.Post.Parts)
	}
}

// The composer's target set is the truth: a ticked-off account loses its target, a new
// one gets a fresh key, and a kept one keeps its id and key whatever else changes.
func TestSaveComposedMatchesTargetsByAccountAndKeepsTheirKeys(t *testing.T) {
	db := openTest(t)
	mustClient(t, db, "acme")
	for _, id := range []string{"acme-bsky", "acme-masto", "acme-x"} {
		mustAccount(t, db, id, "acme", "demo")
	}
	c := composed(social.StatusDraft, "", []string{"acme-bsky", "acme-masto"}, "hello")
	mustSaveComposed(t, db, c)
	kept, dropped := c.Post.Targets[0], c.Post.Targets[1]

	next := composed(social.StatusScheduled, "tomorrow 9am", []string{"acme-x", "acme-bsky"}, "hello again")
	next.Post.ID = c.Post.ID
	next.Post.Targets[0].DueAt = t0.Add(time.Hour)
	next.Post.Targets[1].DueAt = t0
	next.Post.Targets[1].Variant = []string{"bsky text"}
	mustSaveComposed(t, db, next)

	got, err := db.Composed(t.Context(), c.Post.ID)
	if err != nil {
		t.Fatal(err)
	}
	byAccount := map[string]social.Target{}
	for _, tg := range got.Post.Targets {
		byAccount[tg.AccountID] = tg
	}
	if _, ok := byAccount[dropped.AccountID]; ok || len(byAccount) != 2 {
		t.Fatalf("targets after the save: %+v", got.Post.Targets)
	}
	b := byAccount["acme-bsky"]
	if b.ID != kept.ID || b.IdemKey != kept.IdemKey || b.Status != social.StatusScheduled || !b.DueAt.Equal(t0) ||
		!slices.Equal(b.Variant, []string{"bsky text"}) {
		t.Errorf("kept target %+v, was %+v", b, kept)
	}
	x := byAccount["acme-x"]
	if x.IdemKey == "" || x.IdemKey == kept.IdemKey || x.Status != social.StatusScheduled {
		t.Errorf("new target %+v", x)
	}
	if got.Post.Text() != "hello again" || got.When != "tomorrow 9am" || got.Post.Status != social.StatusScheduled {
		t.Errorf("post %+v, when %q", got.Post, got.When)
	}

	// An empty when drops the stored one.
	next.When = ""
	next.Post.Status = social.StatusDraft
	mustSaveComposed(t, db, next)
	if got, _ := db.Composed(t.Context(), c.Post.ID); got.When != "" {
		t.Errorf("when %q after saving none", got.When)
	}
}

func TestSaveComposedSchedulingClearsAnEarlierFailure(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	c := composed(social.StatusScheduled, "", []string{a.ID}, "hello")
	c.Post.Targets[0].DueAt = t0
	mustSaveComposed(t, db, c)
	claim, ok, err := db.ClaimDue(t.Context(), t0, time.Minute)
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := db.FailPublish(t.Context(), claim.Target.ID, "rejected: too long", time.Time{}); err != nil {
		t.Fatal(err)
	}
	c.Post.Targets[0].DueAt = t0.Add(time.Hour)
	mustSaveComposed(t, db, c)
	tg := mustTarget(t, db, claim.Target.ID)
	if tg.Status != social.StatusScheduled || tg.LastError != "" || !tg.DueAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("rescheduled target %+v", tg)
	}
}

func TestSaveComposedRefusesWhatWentOut(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	c := composed(social.StatusScheduled, "", []string{a.ID}, "hello")
	c.Post.Targets[0].DueAt = t0
	mustSaveComposed(t, db, c)
	claim, _, err := db.ClaimDue(t.Context(), t0, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	c.Post.Parts[0].Text = "changed while publishing"
	wantErr(t, db.SaveComposed(t.Context(), c), "being published")
	if err := db.CompletePublish(t.Context(), claim.Target.ID, Result{RemoteID: "r1", At: t0}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, db.SaveComposed(t.Context(), c), "went out on acme-demo")
	if p, _ := db.Post(t.Context(), c.Post.ID); p.Text() != "hello" {
		t.Errorf("text became %q", p.Text())
	}
}

func TestSaveComposedRefusesStatusesOfThePublisherAndScheduleWithoutTime(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	wantErr(t, db.SaveComposed(t.Context(), composed(social.StatusPublished, "", []string{a.ID}, "x")), "cannot be set")
	wantErr(t, db.SaveComposed(t.Context(), composed(social.StatusScheduled, "", []string{a.ID}, "x")), "without a due time")

	c := composed(social.StatusDraft, "", []string{a.ID}, "x")
	mustSaveComposed(t, db, c)
	c.Post.Status, c.Post.Targets[0].Status = social.StatusScheduled, ""
	wantErr(t, db.SaveComposed(t.Context(), c), "without a due time")
}

// A create that fails must not leave the caller holding ids of rows that were rolled back.
func TestSaveComposedFailedCreateLeavesNoIDs(t *testing.T) {
	db := openTest(t)
	mustClient(t, db, "acme")
	mustClient(t, db, "globex")
	mustAccount(t, db, "acme-bsky", "acme", "demo")
	mustAccount(t, db, "globex-bsky", "globex", "demo")
	c := composed(social.StatusDraft, "", []string{"acme-bsky", "globex-bsky"}, "hello")
	wantErr(t, db.SaveComposed(t.Context(), c), "belongs to client")
	if c.Post.ID != 0 || c.Post.Targets[0].ID != 0 || c.Post.Targets[0].IdemKey != "" {
		t.Errorf("ids kept after a failed create: %+v", c.Post)
	}
	c.Post.Targets = c.Post.Targets[:1]
	mustSaveComposed(t, db, c)
	if _, err := db.Post(t.Context(), c.Post.ID); err != nil {
		t.Fatal(err)
	}
}

func TestSaveComposedOnAMissingPost(t *testing.T) {
	db := openTest(t)
	seedClientAccount(t, db)
	c := composed(social.StatusDraft, "", nil, "x")
	c.Post.ID = 999
	if err := db.SaveComposed(t.Context(), c); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want not found", err)
	}
}

func TestPlanningPostsListsTheClientsUnscheduledPostsLastEditedFirst(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	mustClient(t, db, "globex")
	idea := composed(social.StatusIdea, "", nil, "an idea")
	mustSaveComposed(t, db, idea)
	draft := composed(social.StatusDraft, "", []string{a.ID}, "a draft", "two")
	mustSaveComposed(t, db, draft)
	sched := composed(social.StatusScheduled, "", []string{a.ID}, "scheduled")
	sched.Post.Targets[0].DueAt = t0
	mustSaveComposed(t, db, sched)
	mustSaveComposed(t, db, &Composed{Post: social.Post{ClientID: "globex", Status: social.StatusIdea,
		Parts: []social.Part{{Text: "not acme's"}}}})
	// A reply from the inbox is a post too, but not one to compose.
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Kind: social.KindReply, ReplyTo: "r1"}}, "a reply")
	time.Sleep(2 * time.Millisecond) // updated_at is in milliseconds
	idea.Post.Parts[0].Text = "an idea, edited"
	mustSaveComposed(t, db, idea)

	rows, err := db.PlanningPosts(t.Context(), "acme", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows %+v, want the idea and the draft", rows)
	}
	if r := rows[0]; r.PostID != idea.Post.ID || r.Text != "an idea, edited" || r.Status != social.StatusIdea || r.Targets != 0 {
		t.Errorf("first row %+v, want the idea edited last", r)
	}
	if r := rows[1]; r.PostID != draft.Post.ID || r.Parts != 2 || r.Targets != 1 || r.UpdatedAt.IsZero() {
		t.Errorf("second row %+v", r)
	}
}

func TestPlanningPostsUsesItsIndex(t *testing.T) {
	db := openTest(t)
	var plan string
	rows, err := db.r.Query(`EXPLAIN QUERY PLAN SELECT p.id FROM posts p WHERE p.client_id=?
		AND p.status IN ('idea', 'draft', 'review', 'approved') ORDER BY p.updated_at DESC, p.id DESC LIMIT 5`, "acme")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "\n"
	}
	if !strings.Contains(plan, "posts_planning") {
		t.Errorf("plan does not use posts_planning:\n%s", plan)
	}
}

// A paused or failed target keeps its status through saves that do not move it: the
// composer writes the text without resuming what the calendar paused.
func TestSaveComposedKeepsATargetsOwnStatus(t *testing.T) {
	db := openTest(t)
	mustClient(t, db, "acme")
	mustAccount(t, db, "acme-bsky", "acme", "demo")
	mustAccount(t, db, "acme-masto", "acme", "demo")
	c := composed(social.StatusScheduled, "", []string{"acme-bsky", "acme-masto"}, "hello")
	for i := range c.Post.Targets {
		c.Post.Targets[i].DueAt = t0
	}
	mustSaveComposed(t, db, c)
	paused := c.Post.Targets[0].ID
	if err := db.SetTargetStatus(t.Context(), paused, social.StatusPaused); err != nil {
		t.Fatal(err)
	}
	c.Post.Targets[0].Status = social.StatusPaused
	c.Post.Targets[1].Status = ""
	mustSaveComposed(t, db, c)
	if tg := mustTarget(t, db, paused); tg.Status != social.StatusPaused {
		t.Errorf("paused target became %s", tg.Status)
	}
	if tg := mustTarget(t, db, c.Post.Targets[1].ID); tg.Status != social.StatusScheduled {
		t.Errorf("the other target became %s", tg.Status)
	}
	// Failed is the publisher's to set, but a failed target may stay failed.
	c.Post.Targets[1].Status = social.StatusFailed
	wantErr(t, db.SaveComposed(t.Context(), c), "status \"failed\" cannot be set")
}
