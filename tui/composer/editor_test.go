package composer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/social"
)

// fakeEditor writes a shell script that stands in for $EDITOR: it reads the file it is
// given and writes it back with changes, as a person in vi would, line end included.
func fakeEditor(t *testing.T, script string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fake-editor")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEditorRoundTripThroughVISUAL(t *testing.T) {
	t.Setenv("VISUAL", fakeEditor(t, `printf '%s, edited\nsecond line\n' "$(cat "$1")" > "$1"`))
	t.Setenv("EDITOR", "false") // VISUAL wins
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("written here")
	h.press("ctrl+e")
	if got := h.m.main.texts()[0]; got != "written here, edited\nsecond line" {
		t.Fatalf("text after the editor %q", got)
	}
	if !strings.Contains(h.m.note, "text back from the editor") {
		t.Errorf("note %q", h.m.note)
	}
	h.press("esc")
	if got := h.stored(h.lastSaved().PostID).Post.Text(); got != "written here, edited\nsecond line" {
		t.Errorf("stored %q", got)
	}
}

// The editor opens the part being edited, of the text shown: here X's own second part.
func TestEditorEditsThePartBeingEditedOfTheTextShown(t *testing.T) {
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", fakeEditor(t, `printf 'X only\n' > "$1"`))
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("main")
	h.tick("acme-x")
	h.press("v", "ctrl+t")
	h.press("ctrl+e")
	x := h.m.targetOf("acme-x").variant.texts()
	if !slices.Equal(x, []string{"main", "X only"}) || h.m.main.texts()[0] != "main" {
		t.Errorf("x %q, main %q", x, h.m.main.texts())
	}
}

func TestAFailingEditorLeavesTheTextAsItWas(t *testing.T) {
	t.Setenv("VISUAL", fakeEditor(t, `echo changed > "$1"; exit 3`))
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("keep me")
	h.press("ctrl+e")
	if got := h.m.main.texts()[0]; got != "keep me" {
		t.Errorf("text %q", got)
	}
	if !strings.Contains(h.m.err, "exit status 3") || !strings.Contains(h.m.err, "the text is as it was") {
		t.Errorf("error %q", h.m.err)
	}
}

func TestEditorCommandFallsBackToVi(t *testing.T) {
	env := map[string]string{}
	get := func(k string) string { return env[k] }
	if c := editorCommand(get, "/tmp/f"); c.Args[0] != "vi" || c.Args[1] != "/tmp/f" {
		t.Errorf("no VISUAL or EDITOR: %q", c.Args)
	}
	env["EDITOR"] = "code --wait"
	if c := editorCommand(get, "/tmp/f"); !slices.Equal(c.Args, []string{"code", "--wait", "/tmp/f"}) {
		t.Errorf("EDITOR with arguments: %q", c.Args)
	}
	env["VISUAL"] = "nano"
	if c := editorCommand(get, "/tmp/f"); !slices.Equal(c.Args, []string{"nano", "/tmp/f"}) {
		t.Errorf("VISUAL: %q", c.Args)
	}
}
