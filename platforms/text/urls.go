package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Span is a piece of a string: s[Start:End] == Text, with byte offsets (what Bluesky facets
// use, and what Go slices by).
type Span struct {
	Start, End int
	Text       string
}

// Schemes a URL may start with. Mastodon links more than the web's two; see
// config/initializers/twitter_regex.rb in mastodon/mastodon.
var (
	webSchemes      = []string{"https", "http"}
	mastodonSchemes = []string{"https", "http", "dat", "dweb", "ipfs", "ipns", "ssb", "gopher", "gemini"}
)

// URLs finds links the way twitter-text does, which is also how the Bluesky app and most
// composers find them: http(s) URLs, and bare domains ("www.example.com/path",
// "example.com") ending in a known TLD. Trailing punctuation (".", ",", "!", "?", an
// unbalanced ")") is left out; balanced parentheses stay, as in Wikipedia links.
func URLs(s string) []Span { return findURLs(s, webSchemes, true) }

func findURLs(s string, schemes []string, bare bool) []Span {
	var out []Span
	for i := 0; i < len(s); {
		if end := urlAt(s, i, schemes, bare); end > i {
			out = append(out, Span{Start: i, End: end, Text: s[i:end]})
			i = end
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return out
}

// urlAt returns the end of a URL starting at s[i], or i if none starts there.
func urlAt(s string, i int, schemes []string, bare bool) int {
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	if i > 0 && !urlMayFollow(prev) {
		return i
	}
	for _, sc := range schemes {
		if len(s)-i > len(sc)+3 && strings.EqualFold(s[i:i+len(sc)], sc) && s[i+len(sc):i+len(sc)+3] == "://" {
			hostStart := i + len(sc) + 3
			end, ok := schemeHost(s, hostStart)
			if !ok {
				return i
			}
			if tail := urlTail(s, i, end); validDomain(s[i:tail], s[hostStart:end], true) {
				return tail
			}
			return i
		}
	}
	// Bare domains are ASCII only and never follow "-", "_", ".", "/" (twitter-text's
	// invalidUrlWithoutProtocolPrecedingChars): that would be the middle of a path or word.
	if !bare || !isASCIIAlnum(s[i]) || (i > 0 && strings.ContainsRune("-_./", prev)) {
		return i
	}
	end, ok := bareHost(s, i)
	if !ok {
		return i
	}
	if tail := urlTail(s, i, end); tail > i && validDomain(s[i:tail], s[i:end], false) {
		return tail
	}
	return i
}

// maxURLLength is the longest URL twitter-text links (Extractor MAX_URL_LENGTH); t.co
// refuses longer ones.
const maxURLLength = 4096

// validDomain is twitter-text's is_valid_domain check (twitter/twitter-text rb/lib/
// twitter-text/extractor.rb), run on every URL it extracts: for X, and for Mastodon, whose
// Extractor (app/lib/extractor.rb) extends twitter-text's and keeps its URL extraction.
// The host must convert to ASCII (IDNA punycode) with every label at most 63 octets, as
// DNS allows (RFC 1035 §2.3.4), and the URL with its host so converted, and with
// "https://" added when it has no scheme, must be at most 4096 characters. So a
// 64-letter label is no domain and its text counts in full (conformance/validate.yml:
// "Handle a 64 character domain without protocol", weighted length 68).
func validDomain(url, host string, hasScheme bool) bool {
	ascii, err := idna.Punycode.ToASCII(host)
	if err != nil {
		return false
	}
	for _, label := range strings.Split(ascii, ".") {
		if len(label) > 63 {
			return false
		}
	}
	n := utf8.RuneCountInString(url) + max(0, len(ascii)-utf8.RuneCountInString(host))
	if !hasScheme {
		n += len("https://")
	}
	return n <= maxURLLength
}

// urlMayFollow reports whether a URL may start right after r: not inside a word, a mention
// (@), a cashtag ($) or a hashtag (#). Chinese, Japanese and Korean, written without
// spaces, may run straight into a URL, as twitter-text allows.
func urlMayFollow(r rune) bool {
	if strings.ContainsRune("_@＠$#＃", r) {
		return false
	}
	return !isWordRune(r) || isCJK(r)
}

// isCJK reports runes of scripts written without spaces between words.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// schemeHost reads the host after "scheme://": dot-separated labels of letters (any
// script), digits, "-" and "_", ending in a TLD of two or more letters.
func schemeHost(s string, i int) (end int, ok bool) {
	end = i
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '-' || r == '_' || r == '.') {
			break
		}
		end += size
	}
	end = trimHostEnd(s, i, end)
	labels := strings.Split(s[i:end], ".")
	if len(labels) < 2 || !validLabels(labels) {
		return i, false
	}
	tld := labels[len(labels)-1]
	if strings.HasPrefix(strings.ToLower(tld), "xn--") {
		return end, true
	}
	// "https://example.comへ": text in a script without spaces runs on after an ASCII TLD.
	if n := asciiLetterPrefix(tld); n >= 2 && n < len(tld) {
		return end - (len(tld) - n), true
	}
	if utf8.RuneCountInString(tld) < 2 {
		return i, false
	}
	for _, r := range tld {
		if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			return i, false
		}
	}
	return end, true
}

// bareHost reads an ASCII domain ending in a known TLD, the longest such prefix of the
// dotted run at s[i:].
func bareHost(s string, i int) (end int, ok bool) {
	run := i
	for run < len(s) && (isASCIIAlnum(s[run]) || s[run] == '-' || s[run] == '.') {
		run++
	}
	// A letter right after ("example.comé") means this is no domain, unless its script
	// goes without spaces ("example.comへ").
	if r, _ := utf8.DecodeRuneInString(s[run:]); run < len(s) && isWordRune(r) && !isCJK(r) {
		return i, false
	}
	run = trimHostEnd(s, i, run)
	labels := strings.Split(s[i:run], ".")
	// Only labels before the first malformed one can make a domain; ends[k] is where
	// label k ends.
	ends := make([]int, 0, len(labels))
	pos := i
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			break
		}
		pos += len(l)
		ends = append(ends, pos)
		pos++ // the dot
	}
	// Prefer the longest domain: "example.co.uk" over "example.co".
	for k := len(ends) - 1; k >= 1; k-- {
		if !tlds[strings.ToLower(labels[k])] {
			continue
		}
		end = ends[k]
		if end < len(s) && (s[end] == '@' || s[end] == '_') {
			return i, false // the local part of an e-mail address, or a word
		}
		return end, true
	}
	return i, false
}

func asciiLetterPrefix(s string) int {
	n := 0
	for n < len(s) && (('a' <= s[n] && s[n] <= 'z') || ('A' <= s[n] && s[n] <= 'Z')) {
		n++
	}
	return n
}

func trimHostEnd(s string, start, end int) int {
	for end > start && (s[end-1] == '.' || s[end-1] == '-') {
		end--
	}
	return end
}

func validLabels(labels []string) bool {
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
	}
	return true
}

// urlTail extends a URL from its host at hostEnd through port, path, query and fragment,
// and returns its end; start is where the URL begins. A bare "name.cc" with nothing after
// it is refused (see isShortCountryDomain).
func urlTail(s string, start, hostEnd int) int {
	end := hostEnd
	// Port.
	if end+1 < len(s) && s[end] == ':' && isDigit(s[end+1]) {
		p := end + 1
		for p < len(s) && p-end <= 5 && isDigit(s[p]) {
			p++
		}
		end = p
	}
	if end < len(s) && (s[end] == '/' || s[end] == '?' || s[end] == '#') {
		p := end
		for p < len(s) {
			r, size := utf8.DecodeRuneInString(s[p:])
			if !urlPathRune(r) {
				break
			}
			p += size
		}
		end = trimURLEnd(s, start, p)
	}
	if end == hostEnd && !hasScheme(s[start:hostEnd]) && isShortCountryDomain(s[start:hostEnd]) {
		return start
	}
	return end
}

// isShortCountryDomain reports a bare "name.cc" with a two-letter country TLD. twitter-text
// links those only with a path (its invalidShortDomain rule), since "readme.md",
// "main.rs" and "setup.py" are file names far more often than links.
func isShortCountryDomain(host string) bool {
	name, tld, ok := strings.Cut(host, ".")
	return ok && name != "" && !strings.Contains(tld, ".") && len(tld) == 2
}

func hasScheme(s string) bool { return strings.Contains(s, "://") }

// urlPathRune reports runes that may appear in a path, query or fragment. Spaces,
// controls, angle brackets, quotes and CJK punctuation end a URL, as they do in
// Mastodon's and twitter-text's patterns.
func urlPathRune(r rune) bool {
	if unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError {
		return false
	}
	switch r {
	case '<', '>', '"', '「', '」', '『', '』', '（', '）', '、', '。', '，', '！', '？', '\u3000', '\u200b':
		return false
	}
	return true
}

// trimURLEnd drops trailing punctuation that ends a sentence rather than a URL, and
// closing brackets that open nowhere inside the URL ("(see https://x.com/a)").
func trimURLEnd(s string, start, end int) int {
	// Open minus close for (), [] and {}; a closer is kept only while it has a partner.
	var depth [3]int
	const pairs = "()[]{}"
	for _, r := range s[start:end] {
		if i := strings.IndexRune(pairs, r); i >= 0 {
			if i%2 == 0 {
				depth[i/2]++
			} else {
				depth[i/2]--
			}
		}
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(s[start:end])
		if i := strings.IndexRune(pairs, r); i >= 0 && i%2 == 1 && depth[i/2] < 0 {
			depth[i/2]++
		} else if r == '[' {
			depth[1]--
		} else if !strings.ContainsRune(".,:;!?'*~|@$%", r) {
			return end
		}
		end -= size
	}
	return end
}

func isASCIIAlnum(b byte) bool {
	return isDigit(b) || ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z')
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// overlaps reports whether [start, end) meets any of the sorted spans.
func overlaps(spans []Span, start, end int) bool {
	for _, sp := range spans {
		if sp.Start >= end {
			return false
		}
		if sp.End > start {
			return true
		}
	}
	return false
}
