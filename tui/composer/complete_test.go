package composer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/social"
)

// tree makes files and folders (names ending in "/") under a temp dir.
func tree(t *testing.T, names ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, n := range names {
		p := filepath.Join(root, n)
		if strings.HasSuffix(n, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestCompletePath(t *testing.T) {
	root := tree(t, "photos/beach.png", "photos/beach2.jpg", "photos/notes.txt", "pictures/",
		"cat.PNG", "cat.gif", "readme.md", ".hidden.png", "my pics/a.webp", "é1.png", "è2.png")
	if err := os.Symlink(filepath.Join(root, "photos"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in, want string
		matches  []string
	}{
		// Only folders and images, hidden ones left out: the prompt wants an image.
		{"", "", []string{"cat.PNG", "cat.gif", "link/", "my pics/", "photos/", "pictures/", "è2.png", "é1.png"}},
		{"ca", "cat.", []string{"cat.PNG", "cat.gif"}},
		{"ph", "photos/", []string{"photos/"}},
		{"p", "p", []string{"photos/", "pictures/"}},
		{"photos/b", "photos/beach", []string{"beach.png", "beach2.jpg"}},
		{"photos/beach.", "photos/beach.png", []string{"beach.png"}},
		{"photos/n", "photos/n", nil}, // notes.txt is no image
		{"~/ph", "~/photos/", []string{"photos/"}},
		{"~", "~/", []string{"cat.PNG", "cat.gif", "link/", "my pics/", "photos/", "pictures/", "è2.png", "é1.png"}},
		{root + "/photos/beach2", root + "/photos/beach2.jpg", []string{"beach2.jpg"}},
		{".h", ".hidden.png", []string{".hidden.png"}},
		{"li", "link/", []string{"link/"}}, // a link to a folder is a folder
		{`my\ p`, "my pics/", []string{"my pics/"}},
		{"my pics/", "my pics/a.webp", []string{"a.webp"}},
		{"\xc3", "\xc3", []string{"è2.png", "é1.png"}}, // never cut inside a character
		{"nope/x", "nope/x", nil},
	} {
		got, matches := completePath(tc.in, root, root)
		if got != tc.want || !reflect.DeepEqual(matches, tc.matches) {
			t.Errorf("completePath(%q) = %q %q, want %q %q", tc.in, got, matches, tc.want, tc.matches)
		}
	}
}

func TestFitNames(t *testing.T) {
	names := []string{"aaaa", "bbbb", "cccc", "dddd"}
	for _, tc := range []struct {
		width int
		want  string
	}{
		{80, "aaaa  bbbb  cccc  dddd"},
		{20, "aaaa  bbbb  +2 more"},
		{8, "+4 more"},
	} {
		if got := fitNames(names, tc.width); got != tc.want {
			t.Errorf("fitNames at %d = %q, want %q", tc.width, got, tc.want)
		}
	}
}

// In the demo, ctrl+a points at the sample images and tab takes the user there: no path
// to know, none to type.
func TestPathPromptOffersTheSampleImages(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	db := openDB(t, social.Client{})
	samples := filepath.Join(filepath.Dir(db.Path()), SampleDirName)
	if err := os.Mkdir(samples, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"acme-trail.png", "bloom-bread.png"} {
		if err := os.Rename(writePNG(t, n, 64, 36), filepath.Join(samples, n)); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("Trail season")
	h.press("ctrl+a")
	if f := h.frame(); !strings.Contains(f, "tab: the demo's sample images, in "+samples[:20]) {
		t.Fatalf("no pointer to the samples:\n%s", f)
	}
	if help := h.m.keys.For(h.m).ShortHelp(); help[0].Help().Desc != "complete path" {
		t.Errorf("the prompt's help starts with %q", help[0].Help())
	}
	h.press("tab")
	if got := h.m.prompt.input.Value(); got != samples+"/" {
		t.Fatalf("tab on an empty line gave %q", got)
	}
	if row := rowOf(h.frame(), "acme-trail.png"); !strings.Contains(row, "bloom-bread.png") {
		t.Fatalf("the folder's images are not listed:\n%s", h.frame())
	}
	h.typ("a")
	h.press("tab")
	if got := h.m.prompt.input.Value(); got != samples+"/acme-trail.png" {
		t.Fatalf("tab after a gave %q", got)
	}
	h.press("enter")
	if h.m.prompt == nil || h.m.prompt.kind != promptAlt {
		t.Fatalf("the completed path was not taken:\n%s", h.frame())
	}
}

// Where there are no samples, tab still completes, and says so when nothing matches.
func TestPathPromptWithoutSamples(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("x")
	h.press("ctrl+a")
	if strings.Contains(h.frame(), "sample images") {
		t.Fatalf("samples offered where there are none:\n%s", h.frame())
	}
	dir := tree(t, "shots/one.jpg")
	h.typ(dir + "/sh")
	h.press("tab")
	if got := h.m.prompt.input.Value(); got != dir+"/shots/" || !strings.Contains(h.frame(), "one.jpg") {
		t.Fatalf("tab gave %q:\n%s", got, h.frame())
	}
	h.typ("zz")
	h.press("tab")
	if !strings.Contains(h.frame(), "no folder or image (png, jpg, gif, webp) matches") {
		t.Fatalf("no word when nothing matches:\n%s", h.frame())
	}
	h.press("z") // typing on clears it
	if strings.Contains(h.frame(), "no folder or image") {
		t.Fatalf("the complaint outlived the next key:\n%s", h.frame())
	}
}
