package conformance

import (
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

func (s *suite) info(t *testing.T) {
	ad, _ := s.h.New(t)
	info := ad.Info()
	c := info.Caps
	if info.Name == "" {
		t.Error("Info().Name is empty")
	}
	if info.DisplayName == "" {
		t.Error("Info().DisplayName is empty")
	}
	if !platforms.Has(info.Name) {
		t.Errorf("platform %q is not registered: call platforms.Register from the adapter package's init", info.Name)
	}
	if c.MaxLength <= 0 {
		t.Errorf("Caps.MaxLength = %d, want > 0", c.MaxLength)
	}
	if c.Count == nil {
		t.Fatal("Caps.Count is nil: the composer cannot count")
	}
	if n := c.Count(""); n != 0 {
		t.Errorf(`Caps.Count("") = %d, want 0`, n)
	}
	if n := c.Count("hello"); n != 5 {
		t.Errorf(`Caps.Count("hello") = %d, want 5`, n)
	}
	if c.MaxImages < 0 || c.MaxAltText < 0 {
		t.Errorf("negative media limits: MaxImages %d, MaxAltText %d", c.MaxImages, c.MaxAltText)
	}
	// Feature flags come from the interfaces (platforms.Fill); Info must not claim others.
	filled := platforms.Fill(ad)
	for _, f := range []struct {
		name        string
		claim, real bool
	}{
		{"Inbox", c.Inbox, filled.Inbox}, {"Replies", c.Replies, filled.Replies}, {"Likes", c.Likes, filled.Likes},
		{"DMs", c.DMs, filled.DMs}, {"MetricsRead", c.MetricsRead, filled.MetricsRead},
		{"Reconcile", c.Reconcile, filled.Reconcile}, {"ThreadRead", c.ThreadRead, filled.ThreadRead},
		{"Login", c.Login, filled.Login},
	} {
		if f.claim && !f.real {
			t.Errorf("Caps.%s is set but the adapter lacks the interface", f.name)
		}
	}
	if filled.MetricsRead && len(c.Metrics) == 0 {
		t.Error("the adapter is a MetricsReader but Caps.Metrics lists no metric names")
	}
}

func (s *suite) publish(t *testing.T) {
	ad, a := s.h.New(t)
	pub, p := mustPublish(t, ad, a, "publish")
	if len(pub.Parts) != 1 || pub.Parts[0] != pub.RemoteID {
		t.Errorf("Published.Parts = %q, want [%q]", pub.Parts, pub.RemoteID)
	}
	s.run(t, "PublishSameKeyTwice", func(t *testing.T) {
		if !ad.Info().Caps.IdempotentPublish {
			rec, ok := ad.(platforms.Reconciler)
			if !ok {
				t.Fatal("Caps.IdempotentPublish is false, so the adapter must implement platforms.Reconciler " +
					"(the publisher asks it before retrying)")
			}
			got, found, err := rec.FindPublished(ctx(t), a, p.IdemKey, since(pub))
			if err != nil || !found || got.RemoteID != pub.RemoteID {
				t.Fatalf("FindPublished after publish = %+v, %v, %v; want %q, true, nil", got, found, err, pub.RemoteID)
			}
			return
		}
		again, err := ad.Publish(ctx(t), a, p)
		if err != nil {
			t.Fatalf("second Publish with the same key: %v (it must return the first post)", err)
		}
		if again.RemoteID != pub.RemoteID {
			t.Fatalf("second Publish with the same key made %q, first was %q: a retry would post twice",
				again.RemoteID, pub.RemoteID)
		}
	})
}

// wantRefused checks err is one a person must fix: RejectedError or (if allowed) TooLongError.
func wantRefused(t *testing.T, err error, tooLongOK bool, what string) {
	t.Helper()
	var rej *platforms.RejectedError
	var long *platforms.TooLongError
	switch {
	case err == nil:
		t.Fatalf("%s was accepted", what)
	case errors.As(err, &rej), tooLongOK && errors.As(err, &long):
	default:
		t.Fatalf("%s: got %T %v, want *platforms.RejectedError or *platforms.TooLongError", what, err, err)
	}
	if platforms.Retryable(err) {
		t.Errorf("%s: error %v is retryable; retrying cannot fix it", what, err)
	}
}

func (s *suite) publishTooLong(t *testing.T) {
	ad, a := s.h.New(t)
	limit := ad.Info().Caps.MaxLength
	p := platforms.Publishable{Parts: []social.Part{{Text: strings.Repeat("a", limit+1)}}, IdemKey: newKey()}
	_, err := ad.Publish(ctx(t), a, p)
	wantRefused(t, err, true, "a text of MaxLength+1 letters")
}

func (s *suite) publishEmpty(t *testing.T) {
	ad, a := s.h.New(t)
	_, err := ad.Publish(ctx(t), a, platforms.Publishable{Parts: []social.Part{{Text: ""}}, IdemKey: newKey()})
	wantRefused(t, err, false, "an empty post")
}

func (s *suite) thread(t *testing.T) {
	ad, a := s.h.New(t)
	if !ad.Info().Caps.Threads {
		t.Skip("Caps.Threads is false")
	}
	parts := []social.Part{{Text: text("thread 1/3")}, {Text: text("thread 2/3")}, {Text: text("thread 3/3")}}
	pub, err := ad.Publish(ctx(t), a, platforms.Publishable{Parts: parts, IdemKey: newKey()})
	if err != nil {
		t.Fatalf("Publish thread: %v", err)
	}
	checkThreadIDs(t, pub, "")

	s.run(t, "ResumeThread", func(t *testing.T) {
		// An earlier attempt got part 1 out and died: publishing again continues after it.
		first, _ := mustPublish(t, ad, a, "resume 1/3")
		parts := []social.Part{{Text: text("resume 1/3")}, {Text: text("resume 2/3")}, {Text: text("resume 3/3")}}
		pub, err := ad.Publish(ctx(t), a, platforms.Publishable{Parts: parts, Sent: []string{first.RemoteID}, IdemKey: newKey()})
		if err != nil {
			t.Fatalf("Publish resumed thread: %v", err)
		}
		checkThreadIDs(t, pub, first.RemoteID)
	})
}

// checkThreadIDs checks a 3-part thread's ids: all there, distinct, the first being the
// post's id (and firstWant, when resuming).
func checkThreadIDs(t *testing.T, pub platforms.Published, firstWant string) {
	t.Helper()
	if len(pub.Parts) != 3 {
		t.Fatalf("Published.Parts = %q, want 3 ids", pub.Parts)
	}
	if pub.RemoteID != pub.Parts[0] {
		t.Errorf("RemoteID %q is not the first part's id %q", pub.RemoteID, pub.Parts[0])
	}
	if firstWant != "" && pub.Parts[0] != firstWant {
		t.Errorf("resumed thread starts with %q, want the part already sent, %q", pub.Parts[0], firstWant)
	}
	seen := map[string]bool{}
	for i, id := range pub.Parts {
		if id == "" {
			t.Errorf("part %d has no id", i+1)
		}
		if seen[id] {
			t.Errorf("part %d repeats id %q: a part went out twice or was not sent", i+1, id)
		}
		seen[id] = true
	}
}

func (s *suite) media(t *testing.T) {
	ad, a := s.h.New(t)
	c := ad.Info().Caps
	if c.MaxImages == 0 {
		t.Skip("Caps.MaxImages is 0")
	}
	img := testPNG(t)
	p := post("media")
	p.Parts[0].Media = []social.Media{img}
	pub, err := ad.Publish(ctx(t), a, p)
	if err != nil {
		t.Fatalf("Publish with an image and alt text: %v", err)
	}
	if pub.RemoteID == "" {
		t.Fatal("Publish with an image returned no RemoteID")
	}
	s.run(t, "AltTooLong", func(t *testing.T) {
		if c.MaxAltText == 0 {
			t.Skip("Caps.MaxAltText is 0 (no limit known)")
		}
		long := img
		long.Alt = strings.Repeat("a", c.MaxAltText+1)
		p := post("alt too long")
		p.Parts[0].Media = []social.Media{long}
		_, err := ad.Publish(ctx(t), a, p)
		wantRefused(t, err, true, "alt text of MaxAltText+1 letters")
	})
}

// testPNG writes a small PNG into the test's temp dir and describes it.
func testPNG(t *testing.T) social.Media {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for x := range 16 {
		for y := range 16 {
			m.Set(x, y, color.RGBA{R: 200, G: uint8(x * 16), B: uint8(y * 16), A: 255})
		}
	}
	path := filepath.Join(t.TempDir(), "square.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, m); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return social.Media{Path: path, Mime: "image/png", Alt: "A small square fading from red to blue, made by the chorus conformance suite",
		Width: 16, Height: 16, Size: fi.Size()}
}
