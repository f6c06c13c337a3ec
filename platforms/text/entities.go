package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mentions finds @user and @user@domain, following Mastodon's MENTION_RE (app/models/
// account.rb): the @ follows no letter, digit, "_", "=" or "/" (so e-mail addresses and
// profile URLs are not mentions); the username is ASCII letters, digits and "_", with
// single dots or dashes inside ("@first.last", "@alice.bsky.social" for a Bluesky
// handle); the domain may be in any script. Mentions inside URLs are skipped.
func Mentions(s string) []Span { return findMentions(s, URLs(s)) }

func findMentions(s string, urls []Span) []Span {
	var out []Span
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '@' || r == '＠' {
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			if i == 0 || !(isWordRune(prev) || prev == '=' || prev == '/') {
				if end := mentionEnd(s, i+size); end > i+size && !overlaps(urls, i, end) {
					out = append(out, Span{Start: i, End: end, Text: s[i:end]})
					i = end
					continue
				}
			}
		}
		i += size
	}
	return out
}

// mentionEnd returns the end of a mention whose username starts at i, or i.
func mentionEnd(s string, i int) int {
	end := dottedName(s, i, func(r rune) bool { return r < utf8.RuneSelf && (isASCIIAlnum(byte(r)) || r == '_') })
	if end == i {
		return i
	}
	if end < len(s) && s[end] == '@' {
		if d := dottedName(s, end+1, isWordRune); d > end+1 {
			return d
		}
	}
	return end
}

// dottedName reads word+([.-]+word+)* from s[i:], where word runes satisfy ok.
func dottedName(s string, i int, ok func(rune) bool) int {
	end := i
	for p := i; p < len(s); {
		r, size := utf8.DecodeRuneInString(s[p:])
		switch {
		case ok(r):
			p += size
			end = p
		case (r == '.' || r == '-') && end == p && p > i:
			// Separators count only when a word rune follows them.
			q := p
			for q < len(s) && (s[q] == '.' || s[q] == '-') {
				q++
			}
			if next, _ := utf8.DecodeRuneInString(s[q:]); q < len(s) && ok(next) {
				p = q
				continue
			}
			return end
		default:
			return end
		}
	}
	return end
}

// isWordRune is Ruby's [[:word:]]: letters, marks, digits and connector punctuation.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || unicode.Is(unicode.Pc, r)
}

// Hashtags finds #tag: letters, marks, digits and "_" of any script (plus the joiners some
// scripts need inside words), with at least one letter or mark so "#1" stays a number. A #
// after a word character or "&" (an HTML entity) starts nothing, and a # inside a URL is a
// fragment, not a tag.
func Hashtags(s string) []Span {
	urls := URLs(s)
	var out []Span
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '#' || r == '＃' {
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			if i == 0 || !(isWordRune(prev) || prev == '&' || prev == '#' || prev == '＃') {
				if end, ok := tagEnd(s, i+size); ok && !overlaps(urls, i, end) {
					out = append(out, Span{Start: i, End: end, Text: s[i:end]})
					i = end
					continue
				}
			}
		}
		i += size
	}
	return out
}

func tagEnd(s string, i int) (end int, ok bool) {
	end = i
	hasLetter := false
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !isWordRune(r) && !strings.ContainsRune("\u200c\u200d\u00b7", r) {
			break
		}
		hasLetter = hasLetter || unicode.IsLetter(r) || unicode.IsMark(r)
		end += size
	}
	// A trailing joiner or middle dot is punctuation, not part of the tag.
	for end > i {
		r, size := utf8.DecodeLastRuneInString(s[i:end])
		if !strings.ContainsRune("\u200c\u200d\u00b7", r) {
			break
		}
		end -= size
	}
	return end, end > i && hasLetter
}
