package bluesky

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/rivo/uniseg"

	"github.com/chorus-social/chorus/platforms/httpx"
	"github.com/chorus-social/chorus/platforms/text"
	"github.com/chorus-social/chorus/social"
)

// Link cards. Bluesky shows no preview for a link by itself: the post must carry an
// app.bsky.embed.external with the card's URI, title, description and optional thumbnail
// (https://docs.bsky.app/docs/advanced-guides/posts#website-card-embeds). A post gets a
// card for its first link when it has no image (a post has one embed). With link_cards:
// fetch the title, description and image come from the page's OpenGraph tags; when the
// page cannot be read in time the card is plain, its URL as title.

// cardTimeout bounds each request a card makes (the page, its image).
const cardTimeout = 5 * time.Second

// maxCardDescription keeps descriptions to what the Bluesky app shows.
const maxCardDescription = 300

// externalEmbed is app.bsky.embed.external.
type externalEmbed struct {
	Type     string   `json:"$type"`
	External external `json:"external"`
}

type external struct {
	URI         string          `json:"uri"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Thumb       json.RawMessage `json:"thumb,omitempty"`
}

// linkCard returns the card for link. It never fails: a card is a nicety, and the post
// must go out without one rather than not at all.
func (ad *Adapter) linkCard(ctx context.Context, acct social.Account, link string) *externalEmbed {
	card := &externalEmbed{Type: "app.bsky.embed.external", External: external{URI: link, Title: link}}
	if ad.opt.linkCards != "fetch" {
		return card
	}
	cctx, cancel := context.WithTimeout(ctx, 2*cardTimeout)
	defer cancel()
	resp, err := ad.cards.Do(cctx, &httpx.Request{URL: link, Header: http.Header{"Accept": {"text/html"}}})
	if err != nil || !strings.Contains(resp.Header.Get("Content-Type"), "html") {
		return card
	}
	og := parseOpenGraph(resp.Body)
	if og.title != "" {
		card.External.Title = og.title
	}
	card.External.Description = og.description
	if og.image != "" {
		if thumb := ad.cardThumb(cctx, acct, og.image); thumb != nil {
			card.External.Thumb = thumb
		}
	}
	return card
}

// cardThumb uploads the page's image as the card's thumbnail, or returns nil.
func (ad *Adapter) cardThumb(ctx context.Context, acct social.Account, src string) json.RawMessage {
	resp, err := ad.cards.Do(ctx, &httpx.Request{URL: src, Header: http.Header{"Accept": {"image/*"}}})
	if err != nil || int64(len(resp.Body)) > ad.opt.maxImage {
		return nil
	}
	mime := resp.Header.Get("Content-Type")
	if !strings.HasPrefix(mime, "image/") {
		mime = http.DetectContentType(resp.Body)
	}
	if !strings.HasPrefix(mime, "image/") {
		return nil
	}
	blob, err := ad.uploadBlob(ctx, acct, resp.Body, mime)
	if err != nil {
		return nil
	}
	return blob
}

// openGraph is what a page says about itself.
type openGraph struct{ title, description, image string }

// maxHead is how much of a page is searched for its tags: they sit in <head>.
const maxHead = 512 << 10

var (
	metaRE  = regexp.MustCompile(`(?is)<meta\s[^>]*>`)
	attrRE  = regexp.MustCompile(`(?is)([a-z:_-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+))`)
	titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
)

// parseOpenGraph reads og:title, og:description and og:image (falling back to
// twitter:*, description and <title>) from the start of an HTML page.
func parseOpenGraph(page []byte) openGraph {
	if len(page) > maxHead {
		page = page[:maxHead]
	}
	tags := map[string]string{}
	for _, m := range metaRE.FindAll(page, -1) {
		attrs := map[string]string{}
		for _, a := range attrRE.FindAllSubmatch(m, -1) {
			v := string(a[3]) + string(a[4]) + string(a[5])
			attrs[strings.ToLower(string(a[1]))] = v
		}
		key := strings.ToLower(attrs["property"])
		if key == "" {
			key = strings.ToLower(attrs["name"])
		}
		if _, seen := tags[key]; key != "" && !seen {
			tags[key] = clean(attrs["content"])
		}
	}
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := tags[k]; v != "" {
				return v
			}
		}
		return ""
	}
	og := openGraph{
		title:       first("og:title", "twitter:title"),
		description: first("og:description", "twitter:description", "description"),
		image:       first("og:image", "og:image:url", "twitter:image"),
	}
	if og.title == "" {
		if m := titleRE.FindSubmatch(page); m != nil {
			og.title = clean(string(m[1]))
		}
	}
	if text.Graphemes(og.description) > maxCardDescription {
		og.description = truncateGraphemes(og.description, maxCardDescription-1) + "…"
	}
	if !strings.HasPrefix(og.image, "https://") && !strings.HasPrefix(og.image, "http://") {
		og.image = "" // relative or data: URLs are not worth resolving for a thumbnail
	}
	return og
}

// clean unescapes HTML entities and collapses white space.
func clean(s string) string { return strings.Join(strings.Fields(html.UnescapeString(s)), " ") }

// truncateGraphemes keeps the first n graphemes of s.
func truncateGraphemes(s string, n int) string {
	rest, state := s, -1
	for i := 0; i < n && rest != ""; i++ {
		_, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
	}
	return s[:len(s)-len(rest)]
}
