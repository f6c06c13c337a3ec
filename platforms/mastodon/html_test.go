package mastodon

import "testing"

func TestHTMLToText(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"plain", "just text", "just text"},
		{"empty", "", ""},
		{"paragraph", "<p>Hello world</p>", "Hello world"},
		{"paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"line breaks", "<p>a<br>b<br />c</p>", "a\nb\nc"},
		{"double break", "<p>a<br><br>b</p>", "a\n\nb"},
		{"entities", "<p>Fish &amp; chips &lt;3 &quot;yes&quot; &#39;ok&#39; caf&eacute; &#x1F600;</p>", `Fish & chips <3 "yes" 'ok' café 😀`},
		{"whitespace collapses", "<p>a   b\n c</p>", "a b c"},
		{"mention", `<p><span class="h-card" translate="no"><a href="https://mastodon.social/@trwnh" class="u-url mention">@<span>trwnh</span></a></span> sup!</p>`, "@trwnh sup!"},
		{"hashtag", `<p>Spring <a href="https://x.example/tags/sale" class="mention hashtag" rel="tag">#<span>sale</span></a>!</p>`, "Spring #sale!"},
		{
			"shortened link keeps the hidden parts",
			`<p>See <a href="https://shop.example/spring-collection-2026/shoes" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">shop.example/spring-collectio</span><span class="invisible">n-2026/shoes</span></a> now</p>`,
			"See https://shop.example/spring-collection-2026/shoes now",
		},
		{"link with other text shows its address", `<p>Read <a href="https://docs.example/guide">the guide</a>.</p>`, "Read the guide (https://docs.example/guide)."},
		{"link text without scheme", `<p><a href="https://example.com/">example.com</a></p>`, "example.com"},
		{"ellipsis link text", `<p><a href="https://example.com/a/very/long/path">example.com/a/very/lo…</a></p>`, "example.com/a/very/lo…"},
		{"mailto is not expanded", `<p><a href="mailto:a@b.example">write us</a></p>`, "write us"},
		{"quote-inline dropped", `<p class="quote-inline">RE: <a href="https://x.example/@a/1">https://x.example/@a/1</a></p><p>So true</p>`, "So true"},
		{"blockquote and lists", "<blockquote><p>quoted</p></blockquote><ul><li>one</li><li>two</li></ul><p>end</p>", "quoted\n\n• one\n• two\n\nend"},
		{"pre keeps spaces", "<pre><code>a  b\n  c</code></pre>", "a  b\n  c"},
		{"inline formatting", "<p><strong>bold</strong> and <em>em</em>, <del>gone</del></p>", "bold and em, gone"},
		{"comment", "<p>a<!-- hidden -->b</p>", "ab"},
		{"attribute with >", `<p><a href="https://e.example/?q=a>b" title="x > y">e.example/?q=a&gt;b</a></p>`, "e.example/?q=a>b"},
		{"trailing spaces trimmed", "<p>a <br> b </p>", "a\nb"},
		{"unclosed tag", "<p>a <b", "a <b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := htmlToText(tc.in); got != tc.want {
				t.Errorf("htmlToText(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzHTMLToText(f *testing.F) {
	for _, s := range []string{"<p>a<br>b</p>", `<a href="x">y</a>`, "<pre>x</pre>", "&amp;<", "<p class='quote-inline'>x</p>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		htmlToText(s) // must not panic or hang
	})
}
