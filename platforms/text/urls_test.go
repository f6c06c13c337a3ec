package text

import (
	"slices"
	"strings"
	"testing"
)

func texts(spans []Span) []string {
	out := []string{}
	for _, s := range spans {
		out = append(out, s.Text)
	}
	return out
}

func TestURLs(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"https://x.com/a", []string{"https://x.com/a"}},
		{"http://example.com/path?q=1&r=2#frag", []string{"http://example.com/path?q=1&r=2#frag"}},
		{"HTTPS://EXAMPLE.COM/A", []string{"HTTPS://EXAMPLE.COM/A"}},
		{"Visit www.example.com/path.", []string{"www.example.com/path"}},
		{"example.com", []string{"example.com"}},
		{"see example.co.uk/path, then", []string{"example.co.uk/path"}},
		{"two: a.com,b.org", []string{"a.com", "b.org"}},
		{"bsky.app and user.github.io", []string{"bsky.app", "user.github.io"}},
		// Trailing punctuation ends the sentence, not the URL.
		{"Really? https://example.com!", []string{"https://example.com"}},
		{"done: https://example.com/a?", []string{"https://example.com/a"}},
		{"https://example.com/?q=a,b,", []string{"https://example.com/?q=a,b"}},
		{"'https://example.com/x'", []string{"https://example.com/x"}},
		{`<a href="https://example.com/x">`, []string{"https://example.com/x"}},
		// Parentheses: balanced ones belong to the URL, a lone closer does not.
		{"(see https://en.wikipedia.org/wiki/Go_(programming_language))", []string{"https://en.wikipedia.org/wiki/Go_(programming_language)"}},
		{"(https://example.com/a)", []string{"https://example.com/a"}},
		{"[example.com/x]", []string{"example.com/x"}},
		{"port example.com:8080/x", []string{"example.com:8080/x"}},
		{"https://bücher.de/straße", []string{"https://bücher.de/straße"}},
		{"https://xn--bcher-kva.example", []string{"https://xn--bcher-kva.example"}},
		{"詳しくはhttps://example.comへ", []string{"https://example.com"}},
		{"日本語example.com/x", []string{"example.com/x"}},
		{"詳しくはexample.comへ", []string{"example.com"}},
		{"https://example.com/パス。次", []string{"https://example.com/パス"}},
		// Not links.
		{"me@example.com", nil},
		{"@alice@mastodon.social", nil},
		{"readme.md and main.rs", nil}, // name.cc without a path is a file name
		{"file.txt e.g. 1.5 times Mr.Smith", nil},
		{"bücher.de", nil}, // bare domains are ASCII
		{"café.com", nil},
		{"xhttps://example.com", nil},
		{"ftp://example.com", nil},
		{"https://localhost:8080/", nil},
		{"https://", nil},
		{"example.comfy", nil},
		{"#example.com $example.com", nil},
		{"a_example.com", nil},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got := URLs(tc.in)
			if !slices.Equal(texts(got), append([]string{}, tc.want...)) {
				t.Fatalf("URLs(%q) = %q, want %q", tc.in, texts(got), tc.want)
			}
			if !validSpans(tc.in, got) {
				t.Fatalf("invalid spans %+v", got)
			}
		})
	}
}

func TestURLOffsetsAreBytes(t *testing.T) {
	s := "café → https://x.com/é ok"
	got := URLs(s)
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	start := strings.Index(s, "https")
	if got[0].Start != start || got[0].End != start+len("https://x.com/é") {
		t.Fatalf("span %+v, want [%d,%d)", got[0], start, start+len("https://x.com/é"))
	}
}

func TestMentions(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"@alice", []string{"@alice"}},
		{"hi @alice@mastodon.social!", []string{"@alice@mastodon.social"}},
		{"@alice.bsky.social.", []string{"@alice.bsky.social"}},
		{"cc @first-last, @x_y", []string{"@first-last", "@x_y"}},
		{"(@bob)", []string{"@bob"}},
		{"＠alice", []string{"＠alice"}},
		{"@user@例え.jp", []string{"@user@例え.jp"}},
		{"@bob@", []string{"@bob"}},
		{"me@example.com", nil},
		{"https://mastodon.social/@alice", nil},
		{"a=@bob", nil},
		{"@", nil},
		{"@ alice", nil},
		{"@-x", nil},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got := Mentions(tc.in)
			if !slices.Equal(texts(got), append([]string{}, tc.want...)) {
				t.Fatalf("Mentions(%q) = %q, want %q", tc.in, texts(got), tc.want)
			}
			if !validSpans(tc.in, got) {
				t.Fatalf("invalid spans %+v", got)
			}
		})
	}
}

func TestHashtags(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"#golang", []string{"#golang"}},
		{"I love #café and #日本語.", []string{"#café", "#日本語"}},
		{"#1a #a1 #_x", []string{"#1a", "#a1", "#_x"}},
		{"＃全角", []string{"＃全角"}},
		{"#one#two", []string{"#one"}},
		{"(#tag)", []string{"#tag"}},
		{"#123", nil},
		{"#", nil},
		{"a#b", nil},
		{"&#39;", nil},
		{"https://x.com/a#frag", nil},
		{"example.com/page#section", nil},
		{"#\u200d", nil},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got := Hashtags(tc.in)
			if !slices.Equal(texts(got), append([]string{}, tc.want...)) {
				t.Fatalf("Hashtags(%q) = %q, want %q", tc.in, texts(got), tc.want)
			}
			if !validSpans(tc.in, got) {
				t.Fatalf("invalid spans %+v", got)
			}
		})
	}
}

func TestLongInputStaysLinear(t *testing.T) {
	// Inputs that would be quadratic for a naive scanner must still finish quickly.
	for _, s := range []string{
		strings.Repeat("com.", 20000) + "x-",
		"https://example.com/" + strings.Repeat(")", 50000),
		strings.Repeat("@a.", 20000),
		strings.Repeat("#a", 20000),
	} {
		_ = URLs(s)
		_ = Mentions(s)
		_ = Hashtags(s)
		_ = XCount(s)
		_ = MastodonCount(s)
	}
}
