package composer

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// countingSource counts the composer's writes.
type countingSource struct {
	*store.DB
	writes atomic.Int32
}

func (c *countingSource) SaveComposed(ctx context.Context, p *store.Composed) error {
	c.writes.Add(1)
	return c.DB.SaveComposed(ctx, p)
}

// The first keystroke creates the post; later ones are written once typing pauses for
// the debounce, in one write however many keys came.
func TestAutosaveCreatesOnTheFirstKeyThenDebounces(t *testing.T) {
	db := openDB(t, social.Client{})
	src := &countingSource{DB: db}
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.m.src = src
	h.typ("O")
	id := h.m.PostID()
	if id == 0 || src.writes.Load() != 1 {
		t.Fatalf("after the first key: post %d, %d writes", id, src.writes.Load())
	}
	if got := h.stored(id).Post.Text(); got != "O" {
		t.Fatalf("stored %q", got)
	}
	h.typ("ur winter blend")
	if n := src.writes.Load(); n != 1 {
		t.Errorf("%d writes while typing, want none until the pause", n)
	}
	if !strings.Contains(h.frame(), "· unsaved") {
		t.Errorf("the title does not say unsaved:\n%s", h.frame())
	}
	start := time.Now()
	h.fire() // every key's tick; only the last one writes
	if d := time.Since(start); d < debounce-50*time.Millisecond {
		t.Errorf("the write came %v after the last key, want about %v", d, debounce)
	}
	if n := src.writes.Load(); n != 2 {
		t.Errorf("%d writes after the pause, want 2", n)
	}
	if got := h.stored(id).Post.Text(); got != "Our winter blend" {
		t.Errorf("stored %q", got)
	}
	if !strings.Contains(h.frame(), "· saved") {
		t.Errorf("the title does not say saved:\n%s", h.frame())
	}
}

// Everything the composer holds comes back after a restart: accounts, own texts,
// thread parts, images with alt text, the when as typed and the due times.
func TestDraftIsRestoredExactlyAfterARestart(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("Part one")
	img := writePNG(t, "cup.png", 4, 3)
	h.attach(img, "a cup")
	h.press("ctrl+t")
	h.typ("Part two")
	h.tick("acme-bsky", "acme-masto")
	h.press("v")
	h.typ(" for mastodon")
	h.when("tomorrow 18:00")
	h.fire()
	id := h.m.PostID()
	before := h.frame()

	// A new composer on the file, as after quitting or a crash, a day later: the stored
	// time holds, not "tomorrow" read again.
	db2, err := store.Open(context.Background(), db.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	h2 := newHarness(t, db2, Options{}, Request{PostID: id})
	h2.now = fixedNow.Add(24 * time.Hour)
	m := h2.m
	if !slices.Equal(m.main.texts(), []string{"Part one", "Part two"}) {
		t.Errorf("parts %q", m.main.texts())
	}
	if ms := m.mediaOf(0); len(ms) != 1 || ms[0].Path != img || ms[0].Alt != "a cup" || ms[0].Width != 4 {
		t.Errorf("media %+v", ms)
	}
	var ticked []string
	for _, tg := range m.ticked() {
		ticked = append(ticked, tg.acct.ID)
	}
	if !slices.Equal(ticked, []string{"acme-bsky", "acme-masto"}) {
		t.Errorf("ticked %q", ticked)
	}
	if v := m.targetOf("acme-masto").variant; v == nil || !slices.Equal(v.texts(), []string{"Part one for mastodon", "Part two"}) {
		t.Errorf("mastodon's own text %v", v)
	}
	want := time.Date(2026, 12, 2, 17, 0, 0, 0, time.UTC) // 18:00 in Berlin
	if got := m.when.input.Value(); got != "tomorrow 18:00" {
		t.Errorf("when input %q", got)
	}
	for _, tg := range m.ticked() {
		if !tg.due.Equal(want) {
			t.Errorf("%s due %v, want %v", tg.acct.ID, tg.due, want)
		}
	}
	if m.status != social.StatusDraft || m.PostID() != id {
		t.Errorf("status %s, post %d", m.status, m.PostID())
	}
	// The same screen, with the cursor where it was (on Mastodon, showing its own text)
	// and the clock back where it was.
	h2.now = fixedNow
	h2.toAccount("acme-masto")
	h2.m.note, h.m.note = "", ""
	if a, b := normalize(before), normalize(h2.frame()); a != b {
		t.Errorf("the restored composer looks different:\n%s\n%s", before, h2.frame())
	}
}

// normalize blanks what may differ between a session and its restoration: the focus,
// which opens on the text, and whether the post is known saved.
func normalize(f string) string {
	f = strings.ReplaceAll(f, "›", " ")
	f = strings.ReplaceAll(f, "· unsaved", "· saved  ")
	lines := strings.Split(f, "\n")
	return strings.Join(lines[:len(lines)-2], "\n") // the status line
}

// A time typed and not accepted is kept as typed, and still waits for enter.
func TestAWhenTypedButNotAcceptedIsKept(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("x")
	h.m.setFocus(field{kind: fieldWhen})
	h.typ("fri 10am")
	h.press("esc")
	h2 := newHarness(t, db, Options{}, Request{PostID: h.lastSaved().PostID})
	if got := h2.m.when.input.Value(); got != "fri 10am" {
		t.Errorf("when %q", got)
	}
	if !strings.Contains(h2.frame(), "enter accepts") {
		t.Errorf("the time is shown as accepted:\n%s", h2.frame())
	}
}

func TestEscWritesWhatWasNotWrittenYetAndSaysSo(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("Hello world")
	h.tick("acme-bsky")
	h.press("esc")
	if !h.m.Done() {
		t.Fatal("esc did not close")
	}
	s := h.lastSaved()
	if s.Note != "draft saved" || s.Err != nil || s.PostID == 0 {
		t.Errorf("saved %+v", s)
	}
	if got := h.stored(s.PostID); got.Post.Text() != "Hello world" || len(got.Post.Targets) != 1 {
		t.Errorf("stored %+v", got.Post)
	}
}

func TestCtrlSSavesAtOnce(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.press("ctrl+s")
	if h.m.note != "nothing to save yet" {
		t.Errorf("ctrl+s on nothing: %q", h.m.note)
	}
	h.typ("an idea worth keeping")
	h.press("ctrl+s")
	if h.m.note != "idea saved" || h.stored(h.m.PostID()).Post.Text() != "an idea worth keeping" {
		t.Errorf("note %q, stored %q", h.m.note, h.stored(h.m.PostID()).Post.Text())
	}
}

// A post begun and emptied again is not left behind as an empty draft.
func TestAnEmptiedNewPostIsDiscardedOnClose(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("x")
	id := h.m.PostID()
	h.press("backspace", "esc")
	if s := h.lastSaved(); s.Note != "empty draft discarded" || s.Err != nil {
		t.Errorf("saved %+v", s)
	}
	if _, err := db.Post(context.Background(), id); err == nil {
		t.Error("the empty post is still stored")
	}
}

func TestClosingAnUntouchedPostSaysItIsUnchanged(t *testing.T) {
	db := openDB(t, social.Client{})
	c := &store.Composed{Post: social.Post{ClientID: "acme", Status: social.StatusDraft, Parts: []social.Part{{Text: "old"}}}}
	if err := db.SaveComposed(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, db, Options{}, Request{PostID: c.Post.ID})
	h.press("esc")
	if s := h.lastSaved(); !strings.Contains(s.Note, "unchanged") {
		t.Errorf("saved %+v", s)
	}
}

func TestAPostThatWentOutIsNotOpened(t *testing.T) {
	db := openDB(t, social.Client{})
	ctx := context.Background()
	c := &store.Composed{Post: social.Post{ClientID: "acme", Status: social.StatusScheduled, Parts: []social.Part{{Text: "out"}},
		Targets: []social.Target{{AccountID: "acme-bsky", DueAt: fixedNow}}}}
	if err := db.SaveComposed(ctx, c); err != nil {
		t.Fatal(err)
	}
	claim, _, err := db.ClaimDue(ctx, fixedNow, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CompletePublish(ctx, claim.Target.ID, store.Result{RemoteID: "r1", At: fixedNow}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, db, Options{}, Request{PostID: c.Post.ID})
	if s := h.lastSaved(); !h.m.Done() || s.Err == nil || !strings.Contains(s.Err.Error(), "went out on acme-bsky") {
		t.Errorf("done %v, saved %+v", h.m.Done(), s)
	}
}

// The drafts list (ctrl+l) opens another draft of the client; the one being written is
// saved first.
func TestDraftsListOpensAnotherDraft(t *testing.T) {
	db := openDB(t, social.Client{})
	old := &store.Composed{Post: social.Post{ClientID: "acme", Status: social.StatusIdea, Parts: []social.Part{{Text: "an older idea"}}}}
	if err := db.SaveComposed(context.Background(), old); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	if !strings.Contains(h.frame(), "1 draft of Acme Coffee waiting · ctrl+l lists them") {
		t.Errorf("no hint of the waiting draft:\n%s", h.frame())
	}
	h.typ("a new one")
	newID := h.m.PostID()
	h.press("ctrl+l")
	f := h.frame()
	if !strings.Contains(f, "Drafts · Acme Coffee") || !strings.Contains(f, "an older idea") {
		t.Fatalf("drafts list:\n%s", f)
	}
	h.press("down", "enter")
	if h.m.PostID() != old.Post.ID || h.m.main.texts()[0] != "an older idea" {
		t.Fatalf("opened post %d %q", h.m.PostID(), h.m.main.texts())
	}
	if got := h.stored(newID).Post.Text(); got != "a new one" {
		t.Errorf("the draft left behind is stored as %q", got)
	}
}

func TestAllClientsAsksWhichClientFirst(t *testing.T) {
	db := openDB(t, social.Client{})
	clients, err := db.Clients(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, db, Options{}, Request{Clients: clients})
	if !strings.Contains(h.frame(), "Which client is this post for?") {
		t.Fatalf("no question:\n%s", h.frame())
	}
	h.press("down", "enter")
	if h.m.client.ID != clients[1].ID || h.m.stage != stageEdit {
		t.Errorf("client %q, stage %v", h.m.client.ID, h.m.stage)
	}
	h.typ("hi")
	if got := h.stored(h.m.PostID()); got.Post.ClientID != clients[1].ID {
		t.Errorf("stored for %q", got.Post.ClientID)
	}

	empty, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { empty.Close() })
	h = newHarness(t, empty, Options{}, Request{})
	if !strings.Contains(h.frame(), "No clients yet: add one with `chorus clients add") {
		t.Errorf("no clients:\n%s", h.frame())
	}
	h.press("esc")
	if !h.m.Done() {
		t.Error("esc did not close")
	}
}

func TestNextStatus(t *testing.T) {
	for _, c := range []struct {
		from              social.Status
		content, approval bool
		targets           bool
		want              social.Status
	}{
		{social.StatusIdea, true, false, false, social.StatusIdea},
		{social.StatusIdea, true, false, true, social.StatusDraft},
		{social.StatusDraft, true, false, false, social.StatusIdea},
		{social.StatusReview, true, true, true, social.StatusReview},
		{social.StatusApproved, true, true, true, social.StatusDraft},
		{social.StatusApproved, false, true, true, social.StatusApproved},
		{social.StatusScheduled, true, false, true, social.StatusDraft},
		{social.StatusScheduled, false, false, true, social.StatusDraft},
		{social.StatusScheduled, false, true, true, social.StatusApproved},
		{social.StatusScheduled, true, true, true, social.StatusDraft},
		{social.StatusPaused, false, false, true, social.StatusDraft},
	} {
		if got := nextStatus(c.from, c.content, c.approval, c.targets); got != c.want {
			t.Errorf("nextStatus(%s, content %v, approval %v, targets %v) = %s, want %s",
				c.from, c.content, c.approval, c.targets, got, c.want)
		}
	}
}

// failingSource refuses writes while fail is set, as a locked or full disk would.
type failingSource struct {
	*store.DB
	fail atomic.Bool
}

func (f *failingSource) SaveComposed(ctx context.Context, c *store.Composed) error {
	if f.fail.Load() {
		return errors.New("database is locked")
	}
	return f.DB.SaveComposed(ctx, c)
}

// A failed write is shown until one succeeds; the next change tries again and nothing
// typed in between is lost.
func TestAFailedSaveIsShownAndRetried(t *testing.T) {
	db := openDB(t, social.Client{})
	src := &failingSource{DB: db}
	src.fail.Store(true)
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.m.src = src
	h.typ("kept")
	if f := h.frame(); !strings.Contains(f, "! not saved") || !strings.Contains(f, "not saved: database is locked") {
		t.Fatalf("no failure shown:\n%s", f)
	}
	src.fail.Store(false)
	h.typ(" anyway")
	h.fire()
	if f := h.frame(); strings.Contains(f, "not saved") {
		t.Errorf("the failure is still shown:\n%s", f)
	}
	if got := h.stored(h.m.PostID()).Post.Text(); got != "kept anyway" {
		t.Errorf("stored %q", got)
	}
}
