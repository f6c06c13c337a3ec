package seed

import (
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// SampleWidth and SampleHeight are the sample images' size: 16:9 at the width the
// platforms show a single image at full size.
const (
	SampleWidth  = 1200
	SampleHeight = 675
)

// sample is one of the demo's images: the client's colour as a gradient, with a figure
// that gives alt text something to describe.
type sample struct {
	name   string
	client int                      // index into fixedClients, for the colour
	figure func(x, y float64) uint8 // 0 background, 1 figure, 2 highlight; x, y in [0,1)
}

var samples = []sample{
	{"acme-trail.png", 0, mountains},
	{"bloom-bread.jpg", 1, loaf},
	{"nova-chart.png", 2, bars},
}

// SampleImages writes the demo's sample images into dir, made on first use, so ctrl+a in
// the demo has something to attach. Images already there are left alone. It returns
// every sample's path.
func SampleImages(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sample images: %w", err)
	}
	var paths []string
	for _, s := range samples {
		path := filepath.Join(dir, s.name)
		paths = append(paths, path)
		if _, err := os.Stat(path); err == nil {
			continue
		}
		if err := writeSample(path, s); err != nil {
			return nil, fmt.Errorf("sample image %s: %w", path, err)
		}
	}
	return paths, nil
}

// writeSample writes through a temporary file, so a crash never leaves half an image
// that the next run would take as done.
func writeSample(path string, s sample) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".sample-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := encode(f, s); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil { // an image, not a secret
		return err
	}
	return os.Rename(f.Name(), path)
}

func encode(w io.Writer, s sample) error {
	img := draw(s)
	if strings.HasSuffix(s.name, ".jpg") {
		return jpeg.Encode(w, img, &jpeg.Options{Quality: 85})
	}
	return png.Encode(w, img)
}

// draw paints the gradient, pale at the top to the client's colour at the bottom, and
// the figure in a darker shade.
func draw(s sample) *image.RGBA {
	base := hexColor(fixedClients[s.client].client.Color)
	img := image.NewRGBA(image.Rect(0, 0, SampleWidth, SampleHeight))
	for py := range SampleHeight {
		y := float64(py) / SampleHeight
		for px := range SampleWidth {
			x := float64(px) / SampleWidth
			var c color.RGBA
			switch s.figure(x, y) {
			case 1:
				c = shade(base, 0, 0.45+0.15*y)
			case 2:
				c = shade(base, 0.9, 1)
			default:
				c = shade(base, 0.75*(1-y)+0.1*x, 1)
			}
			img.SetRGBA(px, py, c)
		}
	}
	return img
}

// shade mixes c towards white by light, then darkens it by dark (1: as it is).
func shade(c color.RGBA, light, dark float64) color.RGBA {
	f := func(v uint8) uint8 {
		m := float64(v) + (255-float64(v))*light
		return uint8(math.Min(255, m*dark))
	}
	return color.RGBA{f(c.R), f(c.G), f(c.B), 255}
}

// hexColor reads "#rrggbb"; anything else is grey.
func hexColor(s string) color.RGBA {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil || len(s) != 7 {
		return color.RGBA{128, 128, 128, 255}
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

// mountains: a ridge of three peaks under a low sun, for an outdoor brand.
func mountains(x, y float64) uint8 {
	ridge := 0.45 + 0.3*math.Abs(math.Mod(x*3, 1)*2-1)
	if y > ridge {
		return 1
	}
	if dx, dy := (x-0.78)*16/9, y-0.22; dx*dx+dy*dy < 0.01 {
		return 2
	}
	return 0
}

// loaf: a round loaf with three cuts across its top, for a bakery.
func loaf(x, y float64) uint8 {
	dx, dy := (x-0.5)/0.3, (y-0.6)/0.25
	if dx*dx+dy*dy >= 1 {
		return 0
	}
	if cut := math.Mod(x+y*0.5, 0.12); dy < 0 && cut < 0.012 {
		return 2
	}
	return 1
}

// bars: five bars rising left to right, for a fintech's quarter.
func bars(x, y float64) uint8 {
	for i := range 5 {
		left := 0.15 + float64(i)*0.15
		top := 0.85 - 0.12*float64(i+1)
		if x >= left && x < left+0.09 && y >= top && y < 0.85 {
			return 1
		}
	}
	return 0
}
