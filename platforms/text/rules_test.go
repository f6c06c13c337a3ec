package text

import (
	"strings"
	"testing"
)

// The rules the expected counts below follow, each from the platform's own source:
//
//   - X: twitter-text v3 (twitter/twitter-text config/v3.json, conformance/validate.yml
//     WeightedTweetsWithDiscountedEmojiCounterTest): NFC first; code points in U+0000–U+10FF,
//     U+2000–U+200D, U+2010–U+201F, U+2032–U+2037 weigh 1, all others 2; an emoji sequence
//     (skin tone, ZWJ, flag, keycap) weighs 2; every URL, with or without scheme, weighs 23
//     unless its host has a label over 63 octets once punycoded.
//   - Mastodon: StatusLengthValidator (platforms.md §1 [len]): grapheme clusters; a URL with
//     a scheme weighs 23 however long; a bare domain is not linked and counts in full;
//     @user@domain counts as @user.
//   - Bluesky: app.bsky.feed.post text maxGraphemes 300: grapheme clusters, URLs in full.
//   - Threads: 500 characters, "emojis are counted as the number of UTF-8 bytes"
//     (platforms.md §4 [posts]); URLs in full.
//   - LinkedIn: 3000 characters (platforms.md §6, UNVERIFIED), counted as graphemes.
func TestPlatformRulesOnTrickyText(t *testing.T) {
	var (
		label63  = strings.Repeat("abcdefghi", 7)                    // 63 letters: the longest DNS label
		label64  = label63 + "j"                                     // one too many
		kana     = strings.Repeat("あいうえおかきくけこ", 5)                   // 50 kana
		longPath = "https://example.com/" + strings.Repeat("a", 300) // 320 characters
		bigURL   = "https://blog.example.co.uk/2026/11/the-long-slug-about-things?utm_source=chorus&utm_medium=social#top"
	)
	cases := []struct {
		name                                 string
		in                                   string
		plain, mastodon, bluesky, x, threads int
	}{
		// Emoji: one grapheme each; X weighs a whole sequence 2; Threads counts its bytes.
		{"ZWJ + skin tone (woman technologist)", "👩🏽‍💻", 1, 1, 1, 2, 15},
		{"ZWJ family of four", "👨‍👩‍👧‍👦", 1, 1, 1, 2, 25},
		{"rainbow flag (VS16 + ZWJ)", "🏳️‍🌈", 1, 1, 1, 2, 14},
		{"skin tone in a sentence", "Hi 👋🏿!", 5, 5, 5, 6, 12},
		{"three sequences among text", "Go 👩🏽‍💻 + 🏳️‍🌈 = 🎉", 12, 12, 12, 9 + 3*2, 9 + 15 + 14 + 4},
		{"regional-indicator flag", "🇯🇵", 1, 1, 1, 2, 8},
		{"keycap", "#\ufe0f\u20e3", 1, 1, 1, 2, 7},

		// CJK: X weighs every character 2; the others count characters.
		{"Japanese", "東京で会いましょう", 9, 9, 9, 18, 9},
		{"Korean with punctuation", "안녕하세요, 세계!", 10, 10, 10, 7*2 + 3, 10},
		{"halfwidth katakana is past U+10FF", "ｶﾀｶﾅ", 4, 4, 4, 8, 4},
		{"CJK over X's limit", strings.Repeat("漢", 150), 150, 150, 150, 300, 150},
		{"URL right after CJK", "詳しくはhttps://example.com/a まで", 28, 4 + 23 + 3, 28, 8 + 23 + 1 + 4, 28},

		// URLs.
		{"bare domain with path", "example.com/path", 16, 16, 16, 23, 16},
		{"bare www domain", "www.example.org", 15, 15, 15, 23, 15},
		{"URL with scheme", "https://example.com/path", 24, 23, 24, 23, 24},
		{"very long URL", longPath, 320, 23, 320, 23, 320},
		{"long URL with query and fragment, sentence period", "see " + bigURL + ".",
			4 + len(bigURL) + 1, 4 + 23 + 1, 4 + len(bigURL) + 1, 4 + 23 + 1, 4 + len(bigURL) + 1},
		{"two URLs", "a https://x.example/1 b https://y.example/2", 43, 2 + 23 + 3 + 23, 43, 2 + 23 + 3 + 23, 43},
		{"63-letter label is a domain", label63 + ".com", 67, 67, 67, 23, 67},
		{"64-letter label is no domain", label64 + ".com", 68, 68, 68, 68, 68},
		{"64-letter label after a scheme is no URL", "https://" + label64 + ".com/foo", 80, 80, 80, 80, 80},
		// Punycode: 52 kana make a 63-octet label ("xn--" + 59), 53 one too long.
		{"IDN label within 63 octets", "http://" + kana + "あい.com", 63, 23, 63, 23, 63},
		{"IDN label over 63 octets", "http://" + kana + "あいう.com", 64, 64, 64, 7 + 53*2 + 4, 64},
		{"e-mail address is neither URL nor mention", "mail me@example.com", 19, 19, 19, 19, 19},

		// Mentions: Mastodon counts a remote mention as its @username only.
		{"remote mention", "@alice@mastodon.social hi", 25, len("@alice hi"), 25, 25, 25},
		{"remote and local mention", "cc @bob@fosstodon.org and @carol", 32, len("cc @bob and @carol"), 32, 32, 32},
		{"Bluesky handle is a local mention", "@alice.bsky.social", 18, 18, 18, 18, 18},

		// Long words and combining marks.
		{"very long word", "Donaudampfschifffahrtsgesellschaftskapitän", 42, 42, 42, 42, 42},
		{"1000-letter word", strings.Repeat("a", 1000), 1000, 1000, 1000, 1000, 1000},
		{"decomposed umlaut (NFC for X)", "Zoe\u0308", 3, 3, 3, 3, 3},
		{"decomposed accent (NFC for X)", "A\u0301B", 2, 2, 2, 2, 2},
		{"stacked combining marks", "Z\u0351\u0352\u0353", 1, 1, 1, 4, 1},
		// U+FB2C is excluded from composition: NFC makes it three code points of weight 1.
		{"Hebrew presentation form", "A\uFB2C", 2, 2, 2, 4, 2},

		// X's weight-1 punctuation ranges end at U+201F: the ellipsis weighs 2.
		{"em dash weighs 1, ellipsis 2", "a — b…", 6, 6, 6, 5 + 2, 6},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []struct {
				rule      string
				got, want int
			}{
				{"LinkedIn (PlainCount)", PlainCount(tc.in), tc.plain},
				{"Mastodon", MastodonCount(tc.in), tc.mastodon},
				{"Bluesky", BlueskyCount(tc.in), tc.bluesky},
				{"X", XCount(tc.in), tc.x},
				{"Threads", ThreadsCount(tc.in), tc.threads},
			} {
				if c.got != c.want {
					t.Errorf("%s(%q) = %d, want %d", c.rule, tc.in, c.got, c.want)
				}
			}
		})
	}
}
