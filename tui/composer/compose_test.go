package composer

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

// tick puts the To cursor on account id (from the top of the list) and ticks it.
func (h *harness) tick(ids ...string) {
	h.t.Helper()
	for _, id := range ids {
		h.toAccount(id)
		h.press("space")
	}
}

// toAccount focuses the account list with its cursor on id.
func (h *harness) toAccount(id string) {
	h.t.Helper()
	h.m.setFocus(field{kind: fieldTo})
	for i, t := range h.m.targets {
		if t.acct.ID == id {
			h.m.toAt = i
			h.m.layout()
			return
		}
	}
	h.t.Fatalf("no account %s", id)
}

// when types s into the when field and accepts it.
func (h *harness) when(s string) {
	h.t.Helper()
	h.m.setFocus(field{kind: fieldWhen})
	h.m.when.input.SetValue("")
	h.typ(s)
	h.press("enter")
}

// The first case: one post for two platforms, Mastodon with a text of its own,
// each counted by its platform's rule, refused while one is over its limit.
func TestComposeForTwoPlatformsWithAVariantAndTheirCounters(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	link := "https://acme.example/winter-blend-2026-is-back"
	h.typ("Winter blend is back ☕ " + link)
	h.tick("acme-bsky", "acme-masto")
	h.press("v") // Mastodon gets its own text, a copy to start from
	h.typ(" #coffee")

	bsky := h.m.targetOf("acme-bsky")
	masto := h.m.targetOf("acme-masto")
	if bsky.variant != nil || masto.variant == nil {
		t.Fatalf("variants: bsky %v, masto %v", bsky.variant, masto.variant)
	}
	main := "Winter blend is back ☕ " + link
	if got := masto.variant.texts(); !slices.Equal(got, []string{main + " #coffee"}) {
		t.Errorf("mastodon's own text %q", got)
	}
	if got := h.m.main.texts(); !slices.Equal(got, []string{main}) {
		t.Errorf("main text %q: editing the variant changed it", got)
	}
	// Bluesky counts graphemes, the link in full; Mastodon counts any link as 23.
	f := h.frame()
	wantB := fmt.Sprintf("%d/300", len([]rune(main)))
	wantM := fmt.Sprintf("%d/500", len([]rune("Winter blend is back ☕ "))+23+len(" #coffee"))
	if row := rowOf(f, "acme.bsky.social"); !strings.Contains(row, wantB) || !strings.Contains(row, "same as main") {
		t.Errorf("bluesky row %q, want %s and the main text", row, wantB)
	}
	if row := rowOf(f, "acme@mastodon.social"); !strings.Contains(row, wantM) || !strings.Contains(row, "own text") {
		t.Errorf("mastodon row %q, want %s and its own text", row, wantM)
	}
	if !strings.Contains(f, "own text of mastodon acme@mastodon.social") {
		t.Errorf("the text shown does not say it is mastodon's own:\n%s", f)
	}

	// Over Bluesky's 300: marked "!" (readable without colour) and refused.
	h.toAccount("acme-bsky")
	h.press("enter")
	h.typ(" " + strings.Repeat("a", 300-len([]rune(main))))
	row := rowOf(h.frame(), "acme.bsky.social")
	if !strings.Contains(row, "! 301/300") {
		t.Errorf("bluesky row over the limit: %q", row)
	}
	if row := rowOf(h.frame(), "acme@mastodon.social"); strings.Contains(row, "!") {
		t.Errorf("mastodon's own text is not over its limit: %q", row)
	}
	h.when("fri 10:00")
	h.press("ctrl+p")
	if !strings.Contains(h.m.err, "can't schedule: bluesky acme.bsky.social: the text is 301/300, 1 over") {
		t.Errorf("error %q", h.m.err)
	}
	if h.m.Done() {
		t.Fatal("the composer closed on a refused schedule")
	}
	if !strings.Contains(h.frame(), "! can't schedule: bluesky") {
		t.Errorf("the refusal is not on screen:\n%s", h.frame())
	}

	h.m.setFocus(field{kind: fieldPart})
	h.press("backspace")
	h.press("ctrl+p")
	if !h.m.Done() {
		t.Fatalf("not scheduled: %s", h.m.err)
	}
	got := h.stored(h.m.PostID())
	if got.Post.Status != social.StatusScheduled || len(got.Post.Targets) != 2 {
		t.Fatalf("stored %+v", got.Post)
	}
	fri := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC) // 10:00 in Berlin
	for _, tg := range got.Post.Targets {
		if tg.Status != social.StatusScheduled || !tg.DueAt.Equal(fri) {
			t.Errorf("target %s: %s at %v, want scheduled at %v", tg.AccountID, tg.Status, tg.DueAt, fri)
		}
		if (tg.AccountID == "acme-masto") != (len(tg.Variant) > 0) {
			t.Errorf("target %s variant %q", tg.AccountID, tg.Variant)
		}
	}
	if n := h.lastSaved().Note; !strings.Contains(n, "scheduled on bluesky and mastodon: Fri 4 Dec 10:00 CET") {
		t.Errorf("note %q", n)
	}
}

// Each account's counter follows its platform's rule: X weighs links as 23 and CJK as 2.
func TestCountersFollowEachPlatformsRule(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	s := "新しいブレンド https://acme.example/a/very/long/path/to/the/winter/blend ☕"
	h.typ(s)
	for _, id := range []string{"acme-bsky", "acme-masto", "acme-x"} {
		tg := h.m.targetOf(id)
		count, mx := counters(tg.acct.Platform)
		got, over := h.m.counterText(tg)
		if want := fmt.Sprintf("%d/%d", count(s), mx); got != want || over {
			t.Errorf("%s counter %q (over %v), want %s", id, got, over, want)
		}
	}
	if c, _ := counters("x"); c(s) == len([]rune(s)) {
		t.Fatal("the case does not tell X's weighting from runes")
	}
}

func TestWithoutACounterRunesAreCountedAndNothingIsOver(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{Counter: func(social.Platform) (func(string) int, int) { return nil, 0 }},
		Request{ClientID: "acme"})
	h.typ(strings.Repeat("é", 320)) // over every limit the counters above know
	if got, over := h.m.counterText(h.m.targetOf("acme-bsky")); got != "320" || over {
		t.Errorf("counter %q over %v", got, over)
	}
}

func TestThreadPartsAreTheirOwnTextAreasAndNavigable(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("Q4 results are in. A thread:")
	h.press("ctrl+t")
	h.typ("Revenue is up 12%.")
	h.press("ctrl+t")
	h.typ("Thanks to our team.")
	if got := h.m.main.texts(); !slices.Equal(got, []string{"Q4 results are in. A thread:", "Revenue is up 12%.", "Thanks to our team."}) {
		t.Fatalf("parts %q", got)
	}
	f := h.frame()
	if !strings.Contains(f, "part 3 of 3") || !strings.Contains(f, "│ Q4 results are in. A thread:") {
		t.Errorf("the other parts are not listed:\n%s", f)
	}
	// shift+tab goes back a part; typing goes there.
	h.press("shift+tab")
	if h.m.focus != (field{kind: fieldPart, part: 1}) {
		t.Fatalf("focus %+v after shift+tab", h.m.focus)
	}
	h.typ(" Profit too.")
	if got := h.m.main.texts()[1]; got != "Revenue is up 12%. Profit too." {
		t.Errorf("part 2 = %q", got)
	}
	// ctrl+x asks before removing a part with text; a second ctrl+x removes it.
	h.press("ctrl+x")
	if len(h.m.main.parts) != 3 || !strings.Contains(h.m.note, "ctrl+x again removes part 2") {
		t.Fatalf("first ctrl+x: %d parts, note %q", len(h.m.main.parts), h.m.note)
	}
	h.press("ctrl+x")
	if got := h.m.main.texts(); !slices.Equal(got, []string{"Q4 results are in. A thread:", "Thanks to our team."}) {
		t.Fatalf("parts after removing the second: %q", got)
	}
	// Any other key in between cancels.
	h.press("ctrl+x", "a")
	if len(h.m.main.parts) != 2 {
		t.Error("a key between the two ctrl+x still removed the part")
	}

	h.tick("acme-bsky")
	h.press("esc")
	got := h.stored(h.lastSaved().PostID)
	if len(got.Post.Parts) != 2 || got.Post.Parts[1].Text != "Thanks to our team.a" {
		t.Errorf("stored parts %+v", got.Post.Parts)
	}
}

// An account's own text may be a thread where the main text is one post.
func TestAVariantCanHaveItsOwnThreadParts(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("One long post for Mastodon")
	h.tick("acme-masto", "acme-x")
	h.press("v")
	h.press("ctrl+t")
	h.typ("and a second part on X")
	h.press("esc")
	got := h.stored(h.lastSaved().PostID)
	for _, tg := range got.Post.Targets {
		want := []string(nil)
		if tg.AccountID == "acme-x" {
			want = []string{"One long post for Mastodon", "and a second part on X"}
		}
		if !slices.Equal(tg.Variant, want) {
			t.Errorf("%s variant %q, want %q", tg.AccountID, tg.Variant, want)
		}
	}
	if len(got.Post.Parts) != 1 {
		t.Errorf("main parts %+v", got.Post.Parts)
	}
}

func TestUntickingAnAccountWithItsOwnTextAsksFirst(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("hello")
	h.tick("acme-x")
	h.press("v")
	h.typ(" X")
	h.toAccount("acme-x")
	h.press("space")
	if x := h.m.targetOf("acme-x"); !x.on || x.variant == nil {
		t.Fatal("one space took the account off with its text")
	}
	h.press("space")
	if x := h.m.targetOf("acme-x"); x.on || x.variant != nil {
		t.Error("space twice did not take it off")
	}
	// d drops an own text (asking too); the account keeps going with the main text.
	h.press("space", "v", "shift+tab", "d", "d")
	if x := h.m.targetOf("acme-x"); !x.on || x.variant != nil {
		t.Errorf("after d d: on %v variant %v", x.on, x.variant)
	}
}

func TestNewPostStartsAsAnIdeaAndBecomesADraftWithAccounts(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("an idea")
	if h.m.status != social.StatusIdea || h.stored(h.m.PostID()).Post.Status != social.StatusIdea {
		t.Fatalf("status %s", h.m.status)
	}
	h.tick("acme-bsky")
	h.fire()
	if got := h.stored(h.m.PostID()); got.Post.Status != social.StatusDraft || got.Post.Targets[0].Status != social.StatusDraft {
		t.Errorf("stored %s / %+v", got.Post.Status, got.Post.Targets)
	}
}

func TestAClientWithOneAccountHasItTicked(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "globex"})
	if ts := h.m.ticked(); len(ts) != 1 || h.m.status != social.StatusDraft {
		t.Errorf("ticked %d, status %s", len(ts), h.m.status)
	}
}

func TestScheduleRefusesWithoutAccountsTextOrTime(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.press("ctrl+p")
	if !strings.Contains(h.m.err, "tick at least one account") {
		t.Errorf("no accounts: %q", h.m.err)
	}
	h.tick("acme-bsky")
	h.press("ctrl+p")
	if !strings.Contains(h.m.err, "the text for acme-bsky is empty") {
		t.Errorf("no text: %q", h.m.err)
	}
	h.press("enter")
	h.typ("hello")
	h.press("ctrl+p")
	if !strings.Contains(h.m.err, "say when first") {
		t.Errorf("no time: %q", h.m.err)
	}
	h.when("2026-11-30 09:00")
	h.press("ctrl+p")
	if !strings.Contains(h.m.err, "has passed; write now") {
		t.Errorf("past: %q", h.m.err)
	}
}
