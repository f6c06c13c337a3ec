// Package text holds the text rules the platforms share: grapheme counting, finding URLs,
// mentions and hashtags, and each platform's way of counting a post against its limit.
// Counters take any string, valid UTF-8 or not, and never panic.
package text

import (
	"sort"
	"strings"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// Graphemes counts user-perceived characters (extended grapheme clusters, UAX #29): a
// family emoji, a flag, or "e" with a combining accent is one.
func Graphemes(s string) int { return uniseg.GraphemeClusterCount(s) }

// PlainCount counts graphemes; for platforms with no rule of their own (LinkedIn, whose
// 3000 limit is UNVERIFIED in platforms.md, and Facebook).
func PlainCount(s string) int { return Graphemes(s) }

// BlueskyCount counts graphemes, as app.bsky.feed.post's text maxGraphemes (300) does. The
// record also caps text at 3000 UTF-8 bytes, which len(s) measures.
func BlueskyCount(s string) int { return Graphemes(s) }

// MastodonURLLength is what every link costs on Mastodon (characters_reserved_per_url).
const MastodonURLLength = 23

// MastodonCount counts a status as Mastodon's StatusLengthValidator does: graphemes, with
// every URL with a scheme (http, https, and the others Mastodon links) costing 23 whatever
// its length, and @user@domain costing only "@user". Bare domains are not linked by
// Mastodon, so they count in full. A content warning counts too, in plain graphemes: add
// Graphemes(spoilerText).
func MastodonCount(s string) int { return mastodonCount(s, MastodonURLLength) }

// MastodonCounter returns MastodonCount for a server whose
// configuration.statuses.characters_reserved_per_url is urlLength (forks change it).
func MastodonCounter(urlLength int) func(string) int {
	if urlLength < 0 {
		urlLength = MastodonURLLength
	}
	return func(s string) int { return mastodonCount(s, urlLength) }
}

func mastodonCount(s string, urlLength int) int {
	type entity struct {
		Span
		url bool
	}
	var ents []entity
	for _, u := range findURLs(s, mastodonSchemes, false) {
		ents = append(ents, entity{u, true})
	}
	for _, m := range findMentions(s, nil) {
		ents = append(ents, entity{m, false})
	}
	if len(ents) == 0 {
		return Graphemes(s)
	}
	// Extractor.remove_overlapping_entities: by start, and a later entity overlapping a kept
	// one is dropped.
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Start < ents[j].Start })
	var b strings.Builder
	last := 0
	for _, e := range ents {
		if e.Start < last {
			continue
		}
		b.WriteString(s[last:e.Start])
		if e.url {
			b.WriteString(strings.Repeat("x", urlLength))
		} else {
			user, _, _ := strings.Cut(e.Text[1:], "@")
			b.WriteString("@" + user)
		}
		last = e.End
	}
	b.WriteString(s[last:])
	// Count the rewritten text as a whole, as Ruby does, so clusters form across the seams.
	return Graphemes(b.String())
}

// XURLLength is what every link costs on X (transformedURLLength): t.co wraps them all.
const XURLLength = 23

// XCount is twitter-text v3's weighted length (config/v3.json): text normalised to NFC;
// code points in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 weigh 1,
// everything else 2 (so CJK counts double); an emoji, however many code points its
// sequence has, weighs 2; a URL, with or without scheme, weighs 23. The limit is 280.
func XCount(s string) int {
	s = norm.NFC.String(s)
	n, last := 0, 0
	for _, u := range URLs(s) {
		n += weighText(s[last:u.Start]) + XURLLength
		last = u.End
	}
	return n + weighText(s[last:])
}

// weighText sums twitter-text weights grapheme by grapheme.
func weighText(s string) int {
	n, state := 0, -1
	for len(s) > 0 {
		var cluster string
		cluster, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
		if isEmoji(cluster) {
			n += 2
			continue
		}
		for _, r := range cluster {
			n += xWeight(r)
		}
	}
	return n
}

func xWeight(r rune) int {
	switch {
	case r <= 0x10FF, 0x2000 <= r && r <= 0x200D, 0x2010 <= r && r <= 0x201F, 0x2032 <= r && r <= 0x2037:
		return 1
	}
	return 2
}

// ThreadsCount counts graphemes, except that an emoji counts as many as its UTF-8 bytes:
// "Emojis are counted as the number of UTF-8 bytes" (developers.facebook.com/documentation/
// threads/posts, Limitations). So 😀 counts 4 and a ZWJ family 25.
func ThreadsCount(s string) int {
	n, state := 0, -1
	for len(s) > 0 {
		var cluster string
		cluster, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
		if isEmoji(cluster) {
			n += len(cluster)
		} else {
			n++
		}
	}
	return n
}
