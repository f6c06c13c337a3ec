package composer

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/theme"
)

// plain is the view without colour or trailing blanks: what NO_COLOR shows.
func (h *harness) plain() string {
	lines := strings.Split(h.frame(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestGolden snapshots the composer's other screens in the body of an 80×24 terminal
// (80×21), with the fixed clock. The main screen's snapshots are the root's
// (tui/testdata/TestComposerGolden). Regenerate with: go test ./tui/composer -run TestGolden -update
func TestGolden(t *testing.T) {
	db := openDB(t, social.Client{RequireAlt: true})
	clients, err := db.Clients(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"An idea for Monday", "Winter blend teaser"} {
		c := &store.Composed{Post: social.Post{ClientID: "acme", Status: social.StatusIdea, Parts: []social.Part{{Text: text}}}}
		if err := db.SaveComposed(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	size := func(h *harness) { h.m.SetSize(80, 21) }

	t.Run("ClientPicker", func(t *testing.T) {
		h := newHarness(t, db, Options{}, Request{Clients: clients})
		size(h)
		h.press("down")
		golden.RequireEqual(t, h.plain())
	})
	t.Run("Drafts", func(t *testing.T) {
		h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
		size(h)
		h.press("ctrl+l", "down")
		for i := range h.m.drafts { // the store stamps real time; the snapshot wants the test's
			h.m.drafts[i].UpdatedAt = fixedNow.Add(-time.Duration(i+1) * 26 * time.Hour)
		}
		golden.RequireEqual(t, h.plain())
	})
	t.Run("ImageWithoutAltRequired", func(t *testing.T) {
		h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
		size(h)
		h.typ("Look at our new cups")
		h.attach(writeGoldenPNG(t), "")
		h.press("ctrl+t")
		h.typ("Part two")
		h.press("shift+tab", "a")
		golden.RequireEqual(t, h.plain())
	})
}

// writeGoldenPNG writes cup.png under a name the snapshot can show.
func writeGoldenPNG(t *testing.T) string { return writePNG(t, "cup.png", 64, 48) }

// The composer draws with the styles of the terminal's background, and changes with
// them; its text areas too.
func TestLightAndDarkStyles(t *testing.T) {
	db := openDB(t, social.Client{})
	h := newHarness(t, db, Options{}, Request{ClientID: "acme"})
	h.typ("hello")
	dark := h.m.View()
	h.styles = theme.New(false)
	h.press("end")
	if h.m.dark {
		t.Fatal("the composer did not take the light styles")
	}
	light := h.m.View()
	if dark == light || ansi.Strip(dark) != ansi.Strip(light) {
		t.Error("light and dark should differ in colour only")
	}
}
