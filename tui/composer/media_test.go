package composer

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/social"
)

// writePNG writes a w×h PNG named name in a temp dir and returns its path.
func writePNG(t *testing.T, name string, w, h int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// attach adds the image at path with alt text to the part being edited.
func (h *harness) attach(path, alt string) {
	h.t.Helper()
	h.press("ctrl+a")
	h.typ(path)
	h.press("enter")
	if h.m.prompt == nil || h.m.prompt.kind != promptAlt {
		h.t.Fatalf("no alt prompt after the path; status: %q", h.frame())
	}
	h.typ(alt)
	h.press("enter")
}

func TestAttachAnImageWithAltText(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("Look at this cup")
	path := writePNG(t, "cup.png", 640, 480)
	h.press("ctrl+a")
	h.typ(path)
	h.press("enter")
	// The file is checked and described before the alt text is asked.
	f := h.frame()
	if !strings.Contains(f, "Alt text for cup.png:") || !strings.Contains(f, "cup.png · ") || !strings.Contains(f, "640×480") {
		t.Fatalf("no alt prompt with the image's name, size and pixels:\n%s", f)
	}
	h.typ("A white cup of black coffee on a wooden table")
	h.press("enter")
	if row := rowOf(h.frame(), "▣ cup.png"); !strings.Contains(row, "alt: A white cup of black coffee") {
		t.Errorf("image row %q", row)
	}
	h.tick("acme-bsky")
	h.press("esc")
	got := h.stored(h.lastSaved().PostID)
	ms := got.Post.Parts[0].Media
	if len(ms) != 1 || ms[0].Path != path || ms[0].Mime != "image/png" || ms[0].Width != 640 || ms[0].Height != 480 ||
		ms[0].Alt != "A white cup of black coffee on a wooden table" || ms[0].Size == 0 {
		t.Errorf("stored media %+v", ms)
	}
}

func TestAttachRefusesWhatIsNotAnImage(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("x")
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("just words"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "missing.png"), "no file at "},
		{notes, "notes.txt is not an image (text/plain)"},
		{dir, "is a folder, not an image"},
		{"", "type the path of an image file"},
	} {
		h.press("ctrl+a")
		h.typ(c.path)
		h.press("enter")
		if h.m.prompt == nil || !strings.Contains(h.m.prompt.err, c.want) {
			t.Errorf("%q: prompt %+v, want error %q", c.path, h.m.prompt, c.want)
		}
		if !strings.Contains(h.frame(), c.want) {
			t.Errorf("%q: the error is not shown", c.path)
		}
		h.press("esc")
	}
	if len(h.m.mediaOf(0)) != 0 {
		t.Error("an image was added")
	}
}

func TestPathsDroppedOnTheTerminalAreCleaned(t *testing.T) {
	home, _ := os.UserHomeDir()
	for in, want := range map[string]string{
		`'/tmp/my cup.png'`:  "/tmp/my cup.png",
		`"/tmp/my cup.png"`:  "/tmp/my cup.png",
		`/tmp/my\ cup.png`:   "/tmp/my cup.png",
		` /tmp/cup.png `:     "/tmp/cup.png",
		`~/Pictures/cup.png`: filepath.Join(home, "Pictures/cup.png"),
	} {
		if got := cleanPath(in); got != want {
			t.Errorf("cleanPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// A client that requires alt text: scheduling an image without one is refused, naming
// the image; adding the alt text on the image list lets it through.
func TestRequireAltRefusesSchedulingAndSaysWhichImage(t *testing.T) {
	db := openDB(t, social.Client{RequireAlt: true})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("First part")
	h.attach(writePNG(t, "beans.png", 10, 10), "Roasted beans")
	h.press("ctrl+t")
	h.typ("Second part")
	h.attach(writePNG(t, "cup.png", 10, 10), "")
	if row := rowOf(h.frame(), "▣ cup.png"); !strings.Contains(row, "! no alt text (required)") {
		t.Errorf("image row %q", row)
	}
	h.tick("acme-bsky")
	h.when("fri 10:00")
	h.press("ctrl+p")
	if want := "can't schedule: cup.png (part 2) has no alt text, which Acme Coffee requires"; !strings.Contains(h.m.err, want) {
		t.Fatalf("error %q, want %q", h.m.err, want)
	}
	if h.m.Done() {
		t.Fatal("scheduled anyway")
	}

	h.m.setFocus(field{kind: fieldPart, part: 1})
	h.press("tab") // the images of part 2
	if h.m.focus != (field{kind: fieldMedia, part: 1}) {
		t.Fatalf("focus %+v", h.m.focus)
	}
	h.press("a")
	h.typ("A cup of coffee")
	h.press("enter")
	h.press("ctrl+p")
	if !h.m.Done() {
		t.Fatalf("not scheduled: %s", h.m.err)
	}
	got := h.stored(h.m.PostID())
	if got.Post.Parts[1].Media[0].Alt != "A cup of coffee" || got.Post.Status != social.StatusScheduled {
		t.Errorf("stored %+v", got.Post)
	}
}

func TestAnImageIsRemovedFromTheListAfterAsking(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("two pictures")
	h.attach(writePNG(t, "a.png", 1, 1), "first")
	h.attach(writePNG(t, "b.png", 1, 1), "second")
	h.press("tab", "down")
	h.press("x")
	if len(h.m.mediaOf(0)) != 2 || !strings.Contains(h.m.note, "x again removes b.png") {
		t.Fatalf("first x: %d images, note %q", len(h.m.mediaOf(0)), h.m.note)
	}
	h.press("x")
	if ms := h.m.mediaOf(0); len(ms) != 1 || filepath.Base(ms[0].Path) != "a.png" {
		t.Errorf("images after removing b.png: %+v", ms)
	}
}

func TestImagesGoOnAPart(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.press("shift+tab", "ctrl+a")
	if h.m.prompt != nil || !strings.Contains(h.m.err, "images go on a part") {
		t.Errorf("ctrl+a on To: prompt %v, err %q", h.m.prompt, h.m.err)
	}
}
