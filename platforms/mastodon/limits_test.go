package mastodon

import (
	"errors"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
)

func TestCountWithInstanceLimits(t *testing.T) {
	stock := DefaultLimits
	fork := Limits{MaxCharacters: 5000, URLLength: 30}
	long := "https://shop.example/" + strings.Repeat("p", 80)
	for _, tc := range []struct {
		name     string
		l        Limits
		body, cw string
		want     int
	}{
		{"plain", stock, "hello", "", 5},
		{"graphemes, not bytes", stock, "👩‍👩‍👧 café", "", 6},
		{"a URL costs 23", stock, "see " + long, "", 4 + 23},
		{"a URL costs what the fork says", fork, "see " + long, "", 4 + 30},
		{"short URLs cost 23 too", stock, "https://a.io", "", 23},
		{"bare domains count in full", stock, "shop.example/x", "", 14},
		{"remote mention counts as @user", stock, "hi @ana@very-long-instance-name.example", "", 7},
		{"local mention", stock, "hi @ana", "", 7},
		{"content warning counts", stock, "body", "cw!", 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.l.Count(tc.body, tc.cw); got != tc.want {
				t.Errorf("Count(%q, %q) = %d, want %d", tc.body, tc.cw, got, tc.want)
			}
		})
	}
}

func TestLimitsFromTheInstance(t *testing.T) {
	f := newFixture(t, mastodontest.Options{MaxCharacters: 1000, URLLength: 30, MaxMedia: 2, DescriptionLimit: 800, ImageSizeLimit: 1 << 20})
	l, err := f.ad.Limits(ctx(t), f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if l.MaxCharacters != 1000 || l.URLLength != 30 || l.MaxMedia != 2 || l.MaxAltText != 800 || l.ImageBytes != 1<<20 || len(l.MimeTypes) == 0 {
		t.Errorf("Limits = %+v", l)
	}
	caps, err := f.ad.Capabilities(ctx(t), f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if caps.MaxLength != 1000 || caps.Count("https://example.com") != 30 || !caps.Inbox || !caps.Login || caps.Impressions {
		t.Errorf("Capabilities = %+v", caps)
	}
	// Publish enforces the instance's own limit, counting URLs its way: 970 letters and
	// a link of 30 fit in 1000; one more letter does not.
	ok := strings.Repeat("a", 969) + " https://shop.example/" + strings.Repeat("x", 200)
	if _, err := f.ad.Publish(ctx(t), f.acct, post("fits", ok)); err != nil {
		t.Errorf("a post of exactly 1000: %v", err)
	}
	var long *platforms.TooLongError
	if _, err := f.ad.Publish(ctx(t), f.acct, post("over", "a"+ok)); !errors.As(err, &long) || long.Limit != 1000 || long.Length != 1001 {
		t.Errorf("a post of 1001: %v", err)
	}
	// Asked once, then cached.
	if n := len(f.srv.Requests("/api/v2/instance")); n != 1 {
		t.Errorf("asked the instance %d times", n)
	}
}

func TestLimitsOfOlderInstances(t *testing.T) {
	f := newFixture(t, mastodontest.Options{V1Only: true, MaxCharacters: 640})
	l, err := f.ad.Limits(ctx(t), f.srv.URL)
	if err != nil || l.MaxCharacters != 640 {
		t.Fatalf("v1 fallback: %+v %v", l, err)
	}
	if n := len(f.srv.Requests("/api/v1/instance")); n != 1 {
		t.Errorf("v1 asked %d times", n)
	}
}

func TestLimitsWhenTheInstanceWillNotSay(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	f.srv.FailNext(2, 404, "") // neither v2 nor v1
	l, err := f.ad.Limits(ctx(t), f.srv.URL)
	if err != nil || l.MaxCharacters != DefaultLimits.MaxCharacters {
		t.Fatalf("defaults: %+v %v", l, err)
	}
	// An instance that is down is an error, not a guess.
	g := newFixture(t, mastodontest.Options{})
	g.srv.SetFault("transient")
	g.ad.http = newNoRetryClient()
	var tr *platforms.TransientError
	if _, err := g.ad.Limits(ctx(t), g.srv.URL); !errors.As(err, &tr) {
		t.Errorf("instance down: %v", err)
	}
}

func TestNormalizeServer(t *testing.T) {
	for in, want := range map[string]string{
		"":                         DefaultServer,
		"mastodon.social":          "https://mastodon.social",
		" https://fosstodon.org/ ": "https://fosstodon.org",
		"https://m.example/@me":    "https://m.example",
		"http://127.0.0.1:3000":    "http://127.0.0.1:3000",
		"ftp://m.example":          "",
		"https://":                 "",
	} {
		got, err := normalizeServer(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("normalizeServer(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestInfo(t *testing.T) {
	ad, err := New(platforms.Env{})
	if err != nil {
		t.Fatal(err)
	}
	info := ad.Info()
	c := info.Caps
	if info.Name != "mastodon" || info.DisplayName != "Mastodon" || c.MaxLength != 500 || c.MaxImages != 4 ||
		c.MaxAltText != 1500 || !c.Threads || !c.IdempotentPublish || c.Impressions {
		t.Errorf("Info = %+v", info)
	}
	if _, err := New(platforms.Env{Options: map[string]any{"login_timeout": "soon"}}); err == nil {
		t.Error("a bad login_timeout was accepted")
	}
	ad, err = New(platforms.Env{Options: map[string]any{"login_timeout": 90, "media_timeout": "3m"}})
	if err != nil || ad.loginTimeout.Seconds() != 90 || ad.mediaTimeout.Minutes() != 3 {
		t.Errorf("options: %v %v %v", err, ad.loginTimeout, ad.mediaTimeout)
	}
}
