package bluesky

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chorus-social/chorus/platforms"
)

// f is a facet the table expects: its covered text and its value (URI, handle or tag).
type f struct {
	typ, covered, value string
	start, end          int
}

func link(covered, uri string, start, end int) f { return f{featLink, covered, uri, start, end} }
func mention(covered, handle string, start, end int) f {
	return f{featMention, covered, handle, start, end}
}
func tag(covered, value string, start, end int) f { return f{featTag, covered, value, start, end} }

// TestFacetByteOffsets checks facet ranges are UTF-8 byte offsets, whatever precedes them:
// emoji (4 bytes), ZWJ sequences (one grapheme, many code points), CJK (3 bytes a
// character, no spaces), combining marks. The offsets are written out by hand.
func TestFacetByteOffsets(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []f
	}{
		{"ascii link with scheme", "see https://example.com now",
			[]f{link("https://example.com", "https://example.com", 4, 23)}},
		{"link without scheme gets https", "see example.com/shop now",
			[]f{link("example.com/shop", "https://example.com/shop", 4, 20)}},
		{"www link", "go to www.example.org.",
			[]f{link("www.example.org", "https://www.example.org", 6, 21)}},
		{"http kept", "old http://example.net/x",
			[]f{link("http://example.net/x", "http://example.net/x", 4, 24)}},
		{"trailing period", "Read https://example.com/a.",
			[]f{link("https://example.com/a", "https://example.com/a", 5, 26)}},
		{"trailing comma and question mark", "https://example.com/a, or https://example.com/b?",
			[]f{link("https://example.com/a", "https://example.com/a", 0, 21), link("https://example.com/b", "https://example.com/b", 26, 47)}},
		{"closing paren outside", "(see https://example.com/x)",
			[]f{link("https://example.com/x", "https://example.com/x", 5, 26)}},
		{"balanced parens inside", "https://en.wikipedia.org/wiki/Go_(language)!",
			[]f{link("https://en.wikipedia.org/wiki/Go_(language)", "https://en.wikipedia.org/wiki/Go_(language)", 0, 43)}},
		{"query and fragment", "https://example.com/p?q=1&r=2#top.",
			[]f{link("https://example.com/p?q=1&r=2#top", "https://example.com/p?q=1&r=2#top", 0, 33)}},
		{"emoji before a link", "😀 https://example.com",
			[]f{link("https://example.com", "https://example.com", 5, 24)}},
		{"ZWJ family before a mention", "👨‍👩‍👧 @alice.bsky.social",
			[]f{mention("@alice.bsky.social", "alice.bsky.social", 19, 37)}},
		{"flag and skin tone before a tag", "🇳🇴👍🏽 #fjord",
			[]f{tag("#fjord", "fjord", 17, 23)}},
		{"CJK before a link", "詳しくは https://example.jp/ を見て",
			[]f{link("https://example.jp/", "https://example.jp/", 13, 32)}},
		// The Bluesky app's link pattern takes every non-space after the scheme (\S+ in
		// @atproto/api's URL_REGEX), so CJK text glued to a path is part of the link.
		{"CJK glued after a path stays in the link", "詳しくは https://example.jp/を見て",
			[]f{link("https://example.jp/を見て", "https://example.jp/を見て", 13, 41)}},
		{"CJK before a mention", "こんにちは @bob.test さん",
			[]f{mention("@bob.test", "bob.test", 16, 25)}},
		{"CJK hashtag", "旅行 #東京 楽しい",
			[]f{tag("#東京", "東京", 7, 14)}},
		{"combining accent before a tag", "cafe\u0301 #cafe\u0301",
			[]f{tag("#cafe\u0301", "cafe\u0301", 7, 14)}},
		{"mention at start", "@alice.bsky.social thanks!",
			[]f{mention("@alice.bsky.social", "alice.bsky.social", 0, 18)}},
		{"mention with trailing period", "thanks @bob.test.",
			[]f{mention("@bob.test", "bob.test", 7, 16)}},
		{"mention in parens", "(cc @carol.example.com)",
			[]f{mention("@carol.example.com", "carol.example.com", 4, 22)}},
		{"mention with uppercase is lowered", "hi @Alice.Bsky.Social",
			[]f{mention("@Alice.Bsky.Social", "alice.bsky.social", 3, 21)}},
		{"handle without @ is a link, not a mention", "follow alice.bsky.social today",
			[]f{link("alice.bsky.social", "https://alice.bsky.social", 7, 24)}},
		{"bare @name is no handle", "hi @alice and @bob", nil},
		{"mastodon address is no handle", "hi @alice@mastodon.social", nil},
		{"e-mail is no mention", "mail me@example.com", nil},
		{"tag with trailing punctuation", "#launch! and #sale.",
			[]f{tag("#launch", "launch", 0, 7), tag("#sale", "sale", 13, 18)}},
		{"numeric tag is no tag", "#1 fan", nil},
		{"all three, emoji between", "🎉 #launch @acme.test https://acme.example.com/new 🎉",
			[]f{tag("#launch", "launch", 5, 12), mention("@acme.test", "acme.test", 13, 23),
				link("https://acme.example.com/new", "https://acme.example.com/new", 24, 52)}},
		{"hash in a URL is no tag", "https://example.com/#top", []f{link("https://example.com/#top", "https://example.com/#top", 0, 24)}},
		{"mention in a URL is no mention", "https://example.com/@alice.test", []f{link("https://example.com/@alice.test", "https://example.com/@alice.test", 0, 31)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := detectFacets(tc.text)
			var gotF []f
			for _, c := range got {
				gotF = append(gotF, f{c.Type, tc.text[c.Start:c.End], c.Value, c.Start, c.End})
				if !utf8.RuneStart(tc.text[c.Start]) || (c.End < len(tc.text) && !utf8.RuneStart(tc.text[c.End])) {
					t.Errorf("facet [%d,%d) splits a character", c.Start, c.End)
				}
			}
			if !reflect.DeepEqual(gotF, tc.want) {
				t.Errorf("detectFacets(%q)\n got %v\nwant %v", tc.text, gotF, tc.want)
			}
		})
	}
}

func TestBuildFacetsResolvesMentionsAndDropsUnknownHandles(t *testing.T) {
	resolve := func(_ context.Context, h string) (string, error) {
		switch h {
		case "alice.test":
			return "did:plc:alice", nil
		case "down.test":
			return "", &platforms.TransientError{Status: 502}
		}
		return "", &platforms.NotFoundError{What: h}
	}
	fs, err := buildFacets(context.Background(), "@alice.test meet @ghost.test #tag", resolve)
	if err != nil {
		t.Fatal(err)
	}
	want := []facet{
		{Index: byteSlice{0, 11}, Features: []feature{{Type: featMention, DID: "did:plc:alice"}}},
		{Index: byteSlice{29, 33}, Features: []feature{{Type: featTag, Tag: "tag"}}},
	}
	if !reflect.DeepEqual(fs, want) {
		t.Errorf("facets = %+v\nwant %+v", fs, want)
	}
	// A failure that may pass must fail the publish: dropping the mention would post a
	// different text than the user wrote.
	if _, err := buildFacets(context.Background(), "hi @down.test", resolve); !platforms.Retryable(err) {
		t.Errorf("resolve failing transiently: err = %v, want a retryable error", err)
	}
}

func TestTagLimits(t *testing.T) {
	long := strings.Repeat("a", maxTagGraphemes+1)
	if got := detectFacets("#" + long); len(got) != 0 {
		t.Errorf("a %d-grapheme tag made facets %v", maxTagGraphemes+1, got)
	}
	ok := strings.Repeat("a", maxTagGraphemes)
	if got := detectFacets("#" + ok); len(got) != 1 {
		t.Errorf("a %d-grapheme tag made facets %v", maxTagGraphemes, got)
	}
}

func (x f) String() string {
	return fmt.Sprintf("%s[%d,%d)%q→%q", x.typ[len("app.bsky.richtext.facet#"):], x.start, x.end, x.covered, x.value)
}

// FuzzDetectFacets checks facets stay inside the text, on character boundaries, in order
// and without overlaps, for any valid UTF-8 input.
func FuzzDetectFacets(f *testing.F) {
	for _, s := range []string{"hi @alice.test https://x.com #tag", "👨‍👩‍👧 #家族", "@a.b.c.", "https://x.com/(a)]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("posts are valid UTF-8: validate refuses others")
		}
		end := 0
		for _, c := range detectFacets(s) {
			if c.Start < end || c.Start >= c.End || c.End > len(s) {
				t.Fatalf("bad range [%d,%d) after %d in %q", c.Start, c.End, end, s)
			}
			if !utf8.RuneStart(s[c.Start]) || (c.End < len(s) && !utf8.RuneStart(s[c.End])) {
				t.Fatalf("range [%d,%d) splits a character in %q", c.Start, c.End, s)
			}
			end = c.End
		}
	})
}
