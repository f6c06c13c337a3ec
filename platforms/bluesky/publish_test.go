package bluesky

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/bluesky/blueskytest"
	"github.com/chorus-social/chorus/social"
)

// stored decodes a post record as the server keeps it.
func stored(t *testing.T, e *env, uri string) blueskytest.Post {
	t.Helper()
	raw := e.srv.Record(uri)
	if raw == nil {
		t.Fatalf("no record %s on the server", uri)
	}
	var p blueskytest.Post
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// cid returns a record's CID as getRecord tells it.
func cid(t *testing.T, e *env, ad *Adapter, uri string) string {
	t.Helper()
	u, _ := parseATURI(uri)
	rec, err := ad.getRecord(ctxT(t), e.acct, u)
	if err != nil {
		t.Fatal(err)
	}
	return rec.CID
}

func TestThreadPartsReplyToThePartBeforeWithTheFirstAsRoot(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	pub, err := ad.Publish(ctxT(t), e.acct, post("one", "two", "three"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pub.Parts) != 3 || pub.RemoteID != pub.Parts[0] {
		t.Fatalf("Published %+v", pub)
	}
	if !strings.HasPrefix(pub.URL, "https://bsky.app/profile/acme.test/post/") {
		t.Errorf("URL %q", pub.URL)
	}
	if r := stored(t, e, pub.Parts[0]).Reply; r != nil {
		t.Errorf("the first part replies to %+v", r)
	}
	for i := 1; i < 3; i++ {
		r := stored(t, e, pub.Parts[i]).Reply
		if r == nil || r.Root.URI != pub.Parts[0] || r.Parent.URI != pub.Parts[i-1] ||
			r.Root.CID != cid(t, e, ad, pub.Parts[0]) || r.Parent.CID != cid(t, e, ad, pub.Parts[i-1]) {
			t.Errorf("part %d reply refs %+v", i+1, r)
		}
	}
}

func TestReplyToAReplyKeepsTheThreadRoot(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	root := e.srv.Post(e.stranger, "what do you think?", "")
	mid := e.srv.Post(e.stranger, "anyone?", root)
	pub, err := ad.Reply(ctxT(t), e.acct, mid, post("we love it"))
	if err != nil {
		t.Fatal(err)
	}
	r := stored(t, e, pub.RemoteID).Reply
	if r == nil || r.Root.URI != root || r.Parent.URI != mid {
		t.Errorf("reply refs %+v, want root %s parent %s", r, root, mid)
	}
	// The web link people copy works as well as the AT-URI.
	u, _ := parseATURI(mid)
	link := "https://bsky.app/profile/fan.test/post/" + u.RKey
	again, err := ad.Reply(ctxT(t), e.acct, link, post("by link"))
	if err != nil {
		t.Fatal(err)
	}
	if r := stored(t, e, again.RemoteID).Reply; r == nil || r.Parent.URI != mid {
		t.Errorf("reply by link: refs %+v", r)
	}
	if _, err := ad.Reply(ctxT(t), e.acct, strings.Replace(mid, "app.bsky.feed.post", "app.bsky.feed.like", 1), post("x")); err == nil {
		t.Error("replying to a like record was accepted")
	}
}

func TestSamePostKeyTwiceReturnsTheFirstPost(t *testing.T) {
	for _, status := range []int{500, 400} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			e := newEnv(t)
			e.srv.Set(func(s *blueskytest.Server) { s.ConflictStatus = status })
			ad := e.adapter(t, nil)
			p := post("once", "only")
			first, err := ad.Publish(ctxT(t), e.acct, p)
			if err != nil {
				t.Fatal(err)
			}
			// A new adapter: nothing remembered in memory, only the record keys decide.
			again, err := e.adapter(t, nil).Publish(ctxT(t), e.acct, p)
			if err != nil {
				t.Fatalf("second publish: %v", err)
			}
			if fmt.Sprint(again.Parts) != fmt.Sprint(first.Parts) {
				t.Errorf("second publish made %q, first %q", again.Parts, first.Parts)
			}
			if n := len(e.srv.Records(e.brand.DID, collPost)); n != 2 {
				t.Errorf("%d posts on the server, want 2", n)
			}
		})
	}
}

func TestThreadFailingMidwayReportsThePartsThatWentOut(t *testing.T) {
	e := newEnv(t)
	e.srv.Set(func(s *blueskytest.Server) { s.ImageMaxSize = 100 }) // the server will refuse part 2's image
	ad := e.adapter(t, nil)
	p := post("part one", "part two", "part three")
	p.Parts[1].Media = []social.Media{writePNG(t, 40, 20, "a gradient")}
	pub, err := ad.Publish(ctxT(t), e.acct, p)
	var rej *platforms.RejectedError
	if !errors.As(err, &rej) {
		t.Fatalf("Publish = %v, want a RejectedError from the server", err)
	}
	if len(pub.Parts) != 1 || pub.RemoteID != pub.Parts[0] {
		t.Fatalf("Published after the failure = %+v, want the first part", pub)
	}
	// The publisher records the part and retries, after the image problem is fixed.
	e.srv.Set(func(s *blueskytest.Server) { s.ImageMaxSize = 2_000_000 })
	p.Sent = pub.Parts
	done, err := ad.Publish(ctxT(t), e.acct, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(done.Parts) != 3 || done.Parts[0] != pub.Parts[0] {
		t.Fatalf("resumed thread %q", done.Parts)
	}
	if n := len(e.srv.Records(e.brand.DID, collPost)); n != 3 {
		t.Errorf("%d posts on the server, want 3: a part went out twice", n)
	}
	r := stored(t, e, done.Parts[1]).Reply
	if r == nil || r.Root.URI != done.Parts[0] || r.Parent.URI != done.Parts[0] {
		t.Errorf("resumed part 2 refs %+v", r)
	}
}

func TestImagesCarryAltTextAndAspectRatio(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	p := post("two pictures")
	img := writePNG(t, 40, 20, "A red kayak on a fjord")
	noDims := writePNG(t, 30, 60, "Sizes read from the file")
	noDims.Width, noDims.Height, noDims.Mime = 0, 0, ""
	p.Parts[0].Media = []social.Media{img, noDims}
	pub, err := ad.Publish(ctxT(t), e.acct, p)
	if err != nil {
		t.Fatal(err)
	}
	emb := stored(t, e, pub.RemoteID).Embed
	if emb == nil || emb.Type != "app.bsky.embed.images" || len(emb.Images) != 2 {
		t.Fatalf("embed %+v", emb)
	}
	for i, want := range []struct {
		alt  string
		w, h int
	}{{"A red kayak on a fjord", 40, 20}, {"Sizes read from the file", 30, 60}} {
		im := emb.Images[i]
		if im.Alt == nil || *im.Alt != want.alt || im.AspectRatio == nil || im.AspectRatio.Width != want.w || im.AspectRatio.Height != want.h {
			t.Errorf("image %d: alt %v ratio %+v", i+1, im.Alt, im.AspectRatio)
		}
		if im.Image.MimeType != "image/png" {
			t.Errorf("image %d mime %q", i+1, im.Image.MimeType)
		}
	}
}

func TestImageOverTheLimitIsRefusedBeforeAnythingIsSent(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	p := post("too big", "second")
	p.Parts[1].Media = []social.Media{writeBytes(t, DefaultMaxImageBytes+1, "image/jpeg")}
	_, err := ad.Publish(ctxT(t), e.acct, p)
	var rej *platforms.RejectedError
	if !errors.As(err, &rej) || !strings.Contains(rej.Reason, "1000000") || !strings.Contains(rej.Reason, "image 1 of part 2") {
		t.Fatalf("Publish = %v, want a RejectedError naming the image and the limit", err)
	}
	if n := e.srv.Calls("com.atproto.repo.uploadBlob") + e.srv.Calls("com.atproto.repo.createRecord"); n != 0 {
		t.Errorf("%d calls went out for a post that was refused", n)
	}
	if ad.Info().Caps.MaxImageBytes != DefaultMaxImageBytes {
		t.Errorf("Caps.MaxImageBytes = %d", ad.Info().Caps.MaxImageBytes)
	}
}

func TestPDSBlobLimitIsAClearRefusal(t *testing.T) {
	e := newEnv(t)
	e.srv.Set(func(s *blueskytest.Server) { s.BlobLimit = 1000 })
	ad := e.adapter(t, map[string]any{"max_image_bytes": 2_000_000})
	p := post("pds limit")
	p.Parts[0].Media = []social.Media{writeBytes(t, 5000, "image/png")}
	_, err := ad.Publish(ctxT(t), e.acct, p)
	var rej *platforms.RejectedError
	if !errors.As(err, &rej) || rej.Status != http.StatusRequestEntityTooLarge || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("Publish = %v, want a 413 RejectedError saying the image is too large", err)
	}
}

func TestMediaRules(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	img := writePNG(t, 4, 4, "x")
	for name, media := range map[string][]social.Media{
		"five images":   {img, img, img, img, img},
		"video":         {{Path: img.Path, Mime: "video/mp4", Alt: "x"}},
		"alt too long":  {{Path: img.Path, Mime: "image/png", Alt: strings.Repeat("é", MaxAltText+1)}},
		"missing file":  {{Path: "/nonexistent/pic.png", Mime: "image/png"}},
		"no file given": {{Mime: "image/png"}},
	} {
		p := post(name)
		p.Parts[0].Media = media
		_, err := ad.Publish(ctxT(t), e.acct, p)
		var rej *platforms.RejectedError
		if !errors.As(err, &rej) {
			t.Errorf("%s: %v, want RejectedError", name, err)
		}
	}
}

func TestTextLimits(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	family := "👨‍👩‍👧" // one grapheme, 18 bytes
	for name, tc := range map[string]struct {
		text    string
		tooLong bool
	}{
		"301 graphemes":                 {strings.Repeat("a", 301), true},
		"300 graphemes over 3000 bytes": {strings.Repeat(family, 200), false},
		"invalid UTF-8":                 {"bad \xff byte", false},
		"blank":                         {" \n ", false},
	} {
		_, err := ad.Publish(ctxT(t), e.acct, post(tc.text))
		var long *platforms.TooLongError
		var rej *platforms.RejectedError
		if tc.tooLong && !errors.As(err, &long) || !tc.tooLong && !errors.As(err, &rej) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// 300 family emoji are 300 graphemes: the counter agrees with the limit.
	if n := ad.Info().Caps.Count(strings.Repeat(family, 300)); n != 300 {
		t.Errorf("Count = %d, want 300", n)
	}
}

func TestMentionsResolveToDIDsAndUnknownHandlesStayText(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	text := "🎉 thanks @fan.test and @ghost.test! #launch https://acme.example.com/new."
	pub, err := ad.Publish(ctxT(t), e.acct, post(text))
	if err != nil {
		t.Fatal(err) // the server checks every facet covers what it claims
	}
	p := stored(t, e, pub.RemoteID)
	var got []string
	for _, f := range p.Facets {
		ft := f.Features[0]
		got = append(got, fmt.Sprintf("%s=%s%s%s", text[f.Index.ByteStart:f.Index.ByteEnd], ft.DID, ft.Tag, ft.URI))
	}
	want := []string{"@fan.test=" + e.stranger.DID, "#launch=launch", "https://acme.example.com/new=https://acme.example.com/new"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("facets %q\nwant %q", got, want)
	}
	if p.Embed == nil || p.Embed.External == nil || *p.Embed.External.URI != "https://acme.example.com/new" {
		t.Errorf("no link card for the first link: %+v", p.Embed)
	}
	// The mentioned account hears about it.
	in, err := e.adapterFor(t, e.stranger).FetchInbox(ctxT(t), e.strangerAcct(), "")
	if err != nil || len(in.Items) != 1 || in.Items[0].Kind != social.InboxMention {
		t.Errorf("the mentioned account's inbox: %+v, %v", in.Items, err)
	}
}

func TestLinkCardFromOpenGraph(t *testing.T) {
	img := writePNG(t, 30, 20, "")
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/og.png" {
			w.Header().Set("Content-Type", "image/png")
			http.ServeFile(w, r, img.Path)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Fallback</title>
<meta property="og:title" content="Spring &amp; Summer Kayaks">
<meta name="description" content="Plain description">
<meta content="Paddle further this year." property="og:description">
<meta property="og:image" content="https://shop.example.com/og.png"></head><body>hi</body></html>`)
	}))
	t.Cleanup(page.Close)
	e := newEnv(t)
	// shop.example.com is the page server; everything else goes where it is addressed.
	pageURL, _ := url.Parse(page.URL)
	e.transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Host == "shop.example.com" {
			r = r.Clone(r.Context())
			r.URL.Scheme, r.URL.Host = "http", pageURL.Host
		}
		return http.DefaultTransport.RoundTrip(r)
	})
	ad := e.adapter(t, map[string]any{"link_cards": "fetch"})
	pub, err := ad.Publish(ctxT(t), e.acct, post("new range: https://shop.example.com/kayaks"))
	if err != nil {
		t.Fatal(err)
	}
	x := stored(t, e, pub.RemoteID).Embed.External
	if *x.Title != "Spring & Summer Kayaks" || *x.Description != "Paddle further this year." || x.Thumb == nil {
		t.Errorf("card title %q description %q thumb %v", *x.Title, *x.Description, x.Thumb)
	}
	// A page that cannot be read gives a plain card, and the post still goes out.
	page.Close()
	pub, err = ad.Publish(ctxT(t), e.acct, post("gone: https://shop.example.com/x"))
	if err != nil {
		t.Fatal(err)
	}
	if x := stored(t, e, pub.RemoteID).Embed.External; *x.Title != "https://shop.example.com/x" {
		t.Errorf("plain card title %q", *x.Title)
	}
	// With an image the post shows the image, not a card.
	p := post("pic and link https://example.com")
	p.Parts[0].Media = []social.Media{writePNG(t, 4, 4, "x")}
	pub, err = ad.Publish(ctxT(t), e.acct, p)
	if err != nil {
		t.Fatal(err)
	}
	if emb := stored(t, e, pub.RemoteID).Embed; emb.Type != "app.bsky.embed.images" {
		t.Errorf("post with an image and a link has embed %s", emb.Type)
	}
}

func TestLanguageAndContentWarning(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	p := post("Hei!")
	p.Lang, p.ContentWarning = "nb_NO", "graphic-media"
	pub, err := ad.Publish(ctxT(t), e.acct, p)
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Langs  []string
		Labels struct{ Values []struct{ Val string } }
	}
	json.Unmarshal(e.srv.Record(pub.RemoteID), &rec)
	if fmt.Sprint(rec.Langs) != "[nb-NO]" || len(rec.Labels.Values) != 1 || rec.Labels.Values[0].Val != "graphic-media" {
		t.Errorf("langs %v labels %+v", rec.Langs, rec.Labels)
	}
	for name, p := range map[string]platforms.Publishable{
		"free-text warning": {Parts: []social.Part{{Text: "x"}}, ContentWarning: "spoilers for the finale"},
		"private":           {Parts: []social.Part{{Text: "x"}}, Visibility: "private"},
		"bad language":      {Parts: []social.Part{{Text: "x"}}, Lang: "english please"},
	} {
		var rej *platforms.RejectedError
		if _, err := ad.Publish(ctxT(t), e.acct, p); !errors.As(err, &rej) {
			t.Errorf("%s: %v, want RejectedError", name, err)
		}
	}
}

func TestFindPublishedFindsEveryPartOfAThread(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	p := post("a", "b", "c")
	pub, err := ad.Publish(ctxT(t), e.acct, p)
	if err != nil {
		t.Fatal(err)
	}
	got, ok, err := e.adapter(t, nil).FindPublished(ctxT(t), e.acct, p.IdemKey, pub.At)
	if err != nil || !ok || fmt.Sprint(got.Parts) != fmt.Sprint(pub.Parts) || got.At.IsZero() {
		t.Errorf("FindPublished = %+v, %v, %v; want %q", got, ok, err, pub.Parts)
	}
	if _, ok, err := ad.FindPublished(ctxT(t), e.acct, "never-used", pub.At); ok || err != nil {
		t.Errorf("FindPublished(unknown) = %v, %v", ok, err)
	}
}

func TestLikeTwiceMakesOneLike(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	target := e.srv.Post(e.stranger, "look at this", "")
	u, _ := parseATURI(target)
	for _, id := range []string{target, "https://bsky.app/profile/fan.test/post/" + u.RKey} {
		if err := ad.Like(ctxT(t), e.acct, id); err != nil {
			t.Fatalf("Like(%s): %v", id, err)
		}
	}
	if n := len(e.srv.Records(e.brand.DID, collLike)); n != 1 {
		t.Errorf("%d like records, want 1", n)
	}
	if err := ad.Like(ctxT(t), e.acct, "at://"+e.stranger.DID+"/app.bsky.feed.post/3aaaaaaaaaaaa"); err == nil {
		t.Error("liking a post that does not exist succeeded")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
