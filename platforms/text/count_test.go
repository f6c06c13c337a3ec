package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

const (
	thumbsUpMedium = "👍🏽"            // U+1F44D U+1F3FD: base + skin tone
	family         = "👨‍👩‍👧‍👦"       // four people joined by three ZWJs, 25 bytes
	flagsJPUS      = "🇯🇵🇺🇸"          // two flags, four regional indicators
	keycapOne      = "1\ufe0f\u20e3" // 1️⃣
	heartEmoji     = "\u2764\ufe0f"  // ❤️
	smileAsText    = "\u263a\ufe0e"  // ☺︎, text presentation
	longURL        = "https://example.com/a/very/long/path/that/goes/on/and/on/and/on"
)

func TestCounts(t *testing.T) {
	cases := []struct {
		name                                   string
		in                                     string
		graphemes, mastodon, bluesky, x, thrds int
	}{
		{"empty", "", 0, 0, 0, 0, 0},
		{"ascii", "hello", 5, 5, 5, 5, 5},
		{"skin tone", thumbsUpMedium, 1, 1, 1, 2, 8},
		{"ZWJ family", family, 1, 1, 1, 2, 25},
		{"flags", flagsJPUS, 2, 2, 2, 4, 16},
		{"keycap", keycapOne, 1, 1, 1, 2, 7},
		{"heart with VS16", heartEmoji, 1, 1, 1, 2, 6},
		{"pictograph as text", smileAsText, 1, 1, 1, 4, 1},
		{"copyright as text", "©", 1, 1, 1, 1, 1},
		{"copyright as emoji", "©\ufe0f", 1, 1, 1, 2, 5},
		{"emoji in text", "I \u2764 Go", 6, 6, 6, 7, 8},
		{"CJK", "日本語", 3, 3, 3, 6, 3},
		{"Hangul", "한국어", 3, 3, 3, 6, 3},
		{"combining mark", "Cafe\u0301", 4, 4, 4, 4, 4},   // NFC makes é one code point for X
		{"stacked marks", "e\u0301\u0323", 1, 1, 1, 3, 1}, // NFC: U+1EB9 (weight 2, past U+10FF) + U+0301
		{"typographic punctuation", "“quoted” — ok", 13, 13, 13, 13, 13},
		{"URL with scheme", "Read " + longURL, 5 + utf8.RuneCountInString(longURL), 28, 5 + len(longURL), 28, 5 + len(longURL)},
		{"URL trailing period", "Go to https://x.com/a.", 22, 30, 22, 30, 22},
		{"bare domain", "see example.com", 15, 15, 15, 27, 15}, // Mastodon links only URLs with a scheme
		{"gemini link on Mastodon", "gemini://example.org/a/b/c/d/e", 30, 23, 30, 30, 30},
		{"mention with domain", "hi @alice@mastodon.social!", 26, 10, 26, 26, 26},
		{"mention and URL", "@bob see https://example.com/some/long/path ok", 46, 4 + 5 + 23 + 3, 46, 4 + 5 + 23 + 3, 46},
		{"very long word", strings.Repeat("a", 1000), 1000, 1000, 1000, 1000, 1000},
		{"newlines", "a\r\nb\n", 4, 4, 4, 5, 4}, // CRLF is one grapheme but two code points
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []struct {
				fn   string
				got  int
				want int
			}{
				{"Graphemes", Graphemes(tc.in), tc.graphemes},
				{"PlainCount", PlainCount(tc.in), tc.graphemes},
				{"MastodonCount", MastodonCount(tc.in), tc.mastodon},
				{"BlueskyCount", BlueskyCount(tc.in), tc.bluesky},
				{"XCount", XCount(tc.in), tc.x},
				{"ThreadsCount", ThreadsCount(tc.in), tc.thrds},
			} {
				if c.got != c.want {
					t.Errorf("%s(%q) = %d, want %d", c.fn, tc.in, c.got, c.want)
				}
			}
		})
	}
}

func TestMastodonCounterURLLength(t *testing.T) {
	count := MastodonCounter(30)
	if got := count("x https://a.example/p"); got != 32 {
		t.Fatalf("got %d, want 2 + 30", got)
	}
	if got := MastodonCounter(-1)("https://a.example/p"); got != MastodonURLLength {
		t.Fatalf("negative length should fall back to %d, got %d", MastodonURLLength, got)
	}
}

func TestXCountAtTheLimit(t *testing.T) {
	// 140 CJK characters fill a post exactly; one more is over.
	full := strings.Repeat("漢", 140)
	if got := XCount(full); got != 280 {
		t.Fatalf("XCount(140 CJK) = %d, want 280", got)
	}
	if got := XCount(full + "a"); got != 281 {
		t.Fatalf("got %d, want 281", got)
	}
}

// validSpans reports whether spans are ordered, non-overlapping, non-empty byte ranges of
// s on rune boundaries whose Text matches.
func validSpans(s string, spans []Span) bool {
	prev := 0
	for _, sp := range spans {
		if sp.Start < prev || sp.Start >= sp.End || sp.End > len(s) || s[sp.Start:sp.End] != sp.Text {
			return false
		}
		if !utf8.RuneStart(s[sp.Start]) || (sp.End < len(s) && !utf8.RuneStart(s[sp.End])) {
			return false
		}
		prev = sp.End
	}
	return true
}

func FuzzCounts(f *testing.F) {
	for _, s := range []string{
		"", "hello", thumbsUpMedium, family, flagsJPUS, keycapOne, smileAsText, "Cafe\u0301",
		"Read " + longURL + ".", "(https://en.wikipedia.org/wiki/Go_(lang))", "www.example.co.uk/path?q=1#x",
		"@alice@mastodon.social", "#tag #123 https://x.com/a#frag", "me@example.com", "&#39;",
		"https://", "http://a.b", "a.com.b.com.c..d", "@a.-b", "#\u200d", "\xff\xfe@x.com", "詳しくはhttps://example.comへ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		counts := map[string]int{
			"Graphemes": Graphemes(s), "Mastodon": MastodonCount(s), "Bluesky": BlueskyCount(s),
			"X": XCount(s), "Threads": ThreadsCount(s), "Plain": PlainCount(s),
		}
		for name, n := range counts {
			if n < 0 {
				t.Fatalf("%s(%q) = %d", name, s, n)
			}
			if s != "" && n == 0 {
				t.Fatalf("%s(%q) = 0 for non-empty text", name, s)
			}
		}
		if !utf8.ValidString(s) {
			return
		}
		if g := Graphemes(s); g > utf8.RuneCountInString(s) {
			t.Fatalf("Graphemes(%q) = %d, more than its runes", s, g)
		}
		for name, spans := range map[string][]Span{"URLs": URLs(s), "Mentions": Mentions(s), "Hashtags": Hashtags(s)} {
			if !validSpans(s, spans) {
				t.Fatalf("%s(%q) = %+v: not valid spans", name, s, spans)
			}
		}
	})
}
