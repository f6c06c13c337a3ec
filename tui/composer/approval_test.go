package composer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/social"
)

// storedStatus is the post's status and its targets', as stored.
func (h *harness) storedStatus() (social.Status, []social.Status) {
	h.t.Helper()
	c := h.stored(h.m.PostID())
	var ts []social.Status
	for _, t := range c.Post.Targets {
		ts = append(ts, t.Status)
	}
	return c.Post.Status, ts
}

// For a client that approves posts: idea → draft → in review → approved → scheduled,
// each step refused until the one before it is done, each stored as it happens.
func TestApprovalFlowBeforeScheduling(t *testing.T) {
	db := openDB(t, social.Client{ApprovalRequired: true})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("Needs the client's OK")
	if h.m.status != social.StatusIdea {
		t.Errorf("status %s, want idea", h.m.status)
	}
	h.tick("acme-bsky")
	h.when("fri 10:00")
	if h.m.status != social.StatusDraft {
		t.Errorf("status %s, want draft", h.m.status)
	}
	if !strings.Contains(helpLine(h), "ctrl+r submit for review") {
		t.Errorf("help does not offer review: %q", helpLine(h))
	}
	h.press("ctrl+p")
	if !strings.Contains(h.m.err, "Acme Coffee approves posts first: ctrl+r submits it for review") {
		t.Errorf("schedule a draft: %q", h.m.err)
	}
	h.press("ctrl+o")
	if !strings.Contains(h.m.err, "can't approve a draft: submit it for review first (ctrl+r)") {
		t.Errorf("approve a draft: %q", h.m.err)
	}

	h.press("ctrl+r")
	if st, ts := h.storedStatus(); st != social.StatusReview || ts[0] != social.StatusReview {
		t.Fatalf("after ctrl+r: %s %v", st, ts)
	}
	if !strings.Contains(h.frame(), "? review") || !strings.Contains(helpLine(h), "ctrl+o approve") {
		t.Errorf("review not shown:\n%s\n%s", h.frame(), helpLine(h))
	}
	h.press("ctrl+p")
	if !strings.Contains(h.m.err, "it waits in review: ctrl+o approves it") {
		t.Errorf("schedule in review: %q", h.m.err)
	}

	h.press("ctrl+o")
	if st, _ := h.storedStatus(); st != social.StatusApproved {
		t.Fatalf("after ctrl+o: %s", st)
	}
	h.press("ctrl+p")
	if !h.m.Done() {
		t.Fatalf("not scheduled: %s", h.m.err)
	}
	if st, ts := h.storedStatus(); st != social.StatusScheduled || ts[0] != social.StatusScheduled {
		t.Errorf("after ctrl+p: %s %v", st, ts)
	}
}

// An approval was given to a text: changing the text needs a new one. Moving the time
// of a scheduled post keeps it; either way the post is no longer scheduled until ctrl+p.
func TestEditingAnApprovedOrScheduledPost(t *testing.T) {
	db := openDB(t, social.Client{ApprovalRequired: true})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("Approved text")
	h.tick("acme-bsky")
	h.when("fri 10:00")
	h.press("ctrl+r", "ctrl+o", "ctrl+p")
	id := h.m.PostID()

	h = newHarness(t, db, Options{}, Request{PostID: id})
	if h.m.status != social.StatusScheduled {
		t.Fatalf("reopened as %s", h.m.status)
	}
	h.when("fri 11:00")
	if h.m.status != social.StatusApproved || !strings.Contains(h.m.note, "no longer scheduled, now approved") {
		t.Errorf("after a time change: %s, note %q", h.m.status, h.m.note)
	}
	h.press("ctrl+p")
	if !h.m.Done() {
		t.Fatalf("rescheduling an approved post: %s", h.m.err)
	}

	h = newHarness(t, db, Options{}, Request{PostID: id})
	h.typ("!")
	if h.m.status != social.StatusDraft || !strings.Contains(h.m.note, "no longer scheduled, now draft") {
		t.Errorf("after a text change: %s, note %q", h.m.status, h.m.note)
	}
	h.fire()
	if st, ts := h.storedStatus(); st != social.StatusDraft || ts[0] != social.StatusDraft {
		t.Errorf("stored %s %v", st, ts)
	}
}

// Without approval, ctrl+p schedules a draft directly, and review is optional.
func TestWithoutApprovalADraftIsScheduledDirectly(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("Straight out")
	h.tick("acme-bsky")
	h.when("fri 10:00")
	if !strings.Contains(helpLine(h), "ctrl+p schedule") {
		t.Errorf("help %q", helpLine(h))
	}
	h.press("ctrl+p")
	if !h.m.Done() {
		t.Fatalf("not scheduled: %s", h.m.err)
	}
}

// helpLine is the composer's short help as the root shows it.
func helpLine(h *harness) string {
	var parts []string
	for _, b := range h.m.Keys().ShortHelp() {
		parts = append(parts, b.Help().Key+" "+b.Help().Desc)
	}
	return strings.Join(parts, " • ")
}

// An account paused in the calendar stays paused while the post is only looked at or its
// when typed in; a change that moves the post moves it too.
func TestAPausedAccountStaysPausedUntilThePostMoves(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("Two accounts")
	h.tick("acme-bsky", "acme-masto")
	h.when("fri 10:00")
	h.press("ctrl+p")
	id := h.m.PostID()
	got := h.stored(id)
	if err := db.SetTargetStatus(context.Background(), got.Post.Targets[0].ID, social.StatusPaused); err != nil {
		t.Fatal(err)
	}

	h = newHarness(t, db, Options{}, Request{PostID: id})
	if row := rowOf(h.frame(), "acme.bsky.social"); !strings.Contains(row, "‖ paused") {
		t.Errorf("the paused account's row: %q", row)
	}
	h.m.setFocus(field{kind: fieldWhen})
	h.typ(" ")
	h.press("esc")
	if _, ts := h.storedStatusOf(id); !slices.Equal(ts, []social.Status{social.StatusPaused, social.StatusScheduled}) {
		t.Errorf("after typing in when: %v", ts)
	}

	h = newHarness(t, db, Options{}, Request{PostID: id})
	h.typ("!")
	h.press("esc")
	if st, ts := h.storedStatusOf(id); st != social.StatusDraft || !slices.Equal(ts, []social.Status{social.StatusDraft, social.StatusDraft}) {
		t.Errorf("after a text change: %s %v", st, ts)
	}
}

func (h *harness) storedStatusOf(id int64) (social.Status, []social.Status) {
	h.t.Helper()
	c := h.stored(id)
	var ts []social.Status
	for _, t := range c.Post.Targets {
		ts = append(ts, t.Status)
	}
	return c.Post.Status, ts
}
