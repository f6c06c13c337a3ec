package seed

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSampleImages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo-media")
	paths, err := SampleImages(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 3 {
		t.Fatalf("%d samples", len(paths))
	}
	formats := map[string]bool{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// Small enough for every platform's upload limit, large enough to look like a photo.
		if len(data) > 1<<20 {
			t.Errorf("%s is %d bytes", p, len(data))
		}
		img, format, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		formats[format] = true
		if b := img.Bounds(); b.Dx() != SampleWidth || b.Dy() != SampleHeight {
			t.Errorf("%s is %v", p, b)
		}
		// The gradient: the top is paler than the bottom, and the figure is there.
		top, bottom := luma(img, 10, 5), luma(img, 10, SampleHeight-5)
		if top <= bottom {
			t.Errorf("%s: top %d not paler than bottom %d", p, top, bottom)
		}
	}
	if !formats["png"] || !formats["jpeg"] {
		t.Errorf("formats %v, want png and jpeg among them", formats)
	}
	// A second run leaves what is there alone: a user's edits to a sample stay.
	if err := os.WriteFile(paths[0], []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(paths[1], old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := SampleImages(dir); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(paths[0]); string(data) != "mine" {
		t.Error("an existing sample was overwritten")
	}
	if st, _ := os.Stat(paths[1]); !st.ModTime().Equal(old) {
		t.Error("an existing sample was rewritten")
	}
	// A missing one comes back.
	if err := os.Remove(paths[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := SampleImages(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(paths[2]); err != nil {
		t.Errorf("a deleted sample did not come back: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".sample-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func luma(img image.Image, x, y int) uint32 {
	r, g, b, _ := img.At(x, y).RGBA()
	return (299*r + 587*g + 114*b) / 1000
}
