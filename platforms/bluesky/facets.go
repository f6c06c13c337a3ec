package bluesky

import (
	"context"
	"errors"
	"sort"
	"strings"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/text"
)

// Rich text. Bluesky does not link anything by itself: the client marks links, mentions
// and hashtags as facets, each covering a range of the text in UTF-8 bytes, end exclusive
// (https://docs.bsky.app/docs/advanced-guides/post-richtext,
// lexicons/app/bsky/richtext/facet.json). Go strings index bytes, so text's spans are
// already in the right unit.

// facet is app.bsky.richtext.facet.
type facet struct {
	Index    byteSlice `json:"index"`
	Features []feature `json:"features"`
}

// byteSlice is app.bsky.richtext.facet#byteSlice.
type byteSlice struct {
	ByteStart int `json:"byteStart"`
	ByteEnd   int `json:"byteEnd"`
}

// feature is one of app.bsky.richtext.facet#link, #mention and #tag.
type feature struct {
	Type string `json:"$type"`
	URI  string `json:"uri,omitempty"`
	DID  string `json:"did,omitempty"`
	Tag  string `json:"tag,omitempty"`
}

// Facet feature types.
const (
	featLink    = "app.bsky.richtext.facet#link"
	featMention = "app.bsky.richtext.facet#mention"
	featTag     = "app.bsky.richtext.facet#tag"
)

// Tag limits of app.bsky.richtext.facet#tag: 64 graphemes, 640 bytes.
const (
	maxTagGraphemes = 64
	maxTagBytes     = 640
)

// candidate is a facet found in the text before mentions are resolved: Value is the
// link's URI, the mentioned handle or the tag.
type candidate struct {
	Start, End int
	Type       string
	Value      string
}

// detectFacets finds links, mentions and hashtags in s, by byte offsets, without overlaps
// and in text order. It is pure: mentions still carry handles, not DIDs.
//
// Links are those text.URLs finds (with or without scheme; a bare domain gets https://,
// as the Bluesky app does; trailing punctuation stays out). Mentions are @handle with a
// valid handle (a domain name: "@alice.bsky.social", "@bob.test"); "@name" alone or
// Mastodon's "@user@domain" is no Bluesky handle and stays text. Tags are text.Hashtags,
// without the "#".
func detectFacets(s string) []candidate {
	var out []candidate
	for _, u := range text.URLs(s) {
		uri := u.Text
		if lower := strings.ToLower(uri); !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") {
			uri = "https://" + uri
		}
		out = append(out, candidate{u.Start, u.End, featLink, uri})
	}
	for _, m := range text.Mentions(s) {
		handle, ok := strings.CutPrefix(m.Text, "@")
		if !ok || strings.Contains(handle, "@") || !validHandle(handle) {
			continue
		}
		out = append(out, candidate{m.Start, m.End, featMention, strings.ToLower(handle)})
	}
	for _, h := range text.Hashtags(s) {
		tag := strings.TrimPrefix(strings.TrimPrefix(h.Text, "#"), "＃")
		if tag == "" || text.Graphemes(tag) > maxTagGraphemes || len(tag) > maxTagBytes {
			continue
		}
		out = append(out, candidate{h.Start, h.End, featTag, tag})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	// Facets must not overlap; text's finders already avoid it, this keeps it so.
	kept := out[:0]
	end := 0
	for _, c := range out {
		if c.Start < end || c.Start >= c.End || c.End > len(s) {
			continue
		}
		kept = append(kept, c)
		end = c.End
	}
	return kept
}

// buildFacets turns the candidates of s into facets, resolving each mentioned handle to
// its DID with resolve. A handle that does not exist stays plain text, as in the Bluesky
// app; any other failure (network, rate limit) is returned, since dropping the mention
// would publish a different post.
func buildFacets(ctx context.Context, s string, resolve func(ctx context.Context, handle string) (string, error)) ([]facet, error) {
	var out []facet
	for _, c := range detectFacets(s) {
		f := feature{Type: c.Type}
		switch c.Type {
		case featLink:
			f.URI = c.Value
		case featTag:
			f.Tag = c.Value
		case featMention:
			did, err := resolve(ctx, c.Value)
			var nf *platforms.NotFoundError
			if errors.As(err, &nf) {
				continue
			}
			if err != nil {
				return nil, err
			}
			f.DID = did
		}
		out = append(out, facet{Index: byteSlice{c.Start, c.End}, Features: []feature{f}})
	}
	return out, nil
}

// firstLink returns the URI of the first link facet, or "".
func firstLink(fs []facet) string {
	for _, f := range fs {
		for _, ft := range f.Features {
			if ft.Type == featLink {
				return ft.URI
			}
		}
	}
	return ""
}
