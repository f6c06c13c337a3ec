package mastodon

import (
	"html"
	"strings"
)

// htmlToText turns a status's HTML content into the plain text the inbox shows.
// Mastodon sanitizes content to a small set of tags (p, br, a, span, and from remote
// servers also blockquote, pre, code, lists, headings, b/i/em/strong/del…; see
// https://docs.joinmastodon.org/spec/activitypub/#sanitization), so a small tokenizer
// is enough and no HTML library is needed:
//
//   - paragraphs are separated by a blank line, <br> breaks the line;
//   - entities are decoded; runs of white space collapse except inside <pre>;
//   - a link shows its text. Mastodon shortens long URLs by hiding parts of them in
//     <span class="invisible">, whose text is kept, so the full URL comes back. A link
//     whose text is neither a URL, a @mention nor a #hashtag gets its address in
//     parentheses after it ("docs (https://…)"), so nothing clickable is lost;
//   - the "RE: <link>" paragraph Mastodon 4.5 prepends to quote posts for older clients
//     (class "quote-inline") is dropped, as Mastodon's own UI hides it;
//   - list items start on their own line with "• ".
func htmlToText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	c := converter{}
	c.run(s)
	return c.finish()
}

type converter struct {
	b      strings.Builder
	pre    int // depth of <pre>
	skip   int // depth inside an element being dropped
	links  []linkState
	space  bool // a collapsed space is pending
	breaks int  // newlines pending before the next text (2 = paragraph)
}

type linkState struct {
	href  string
	start int // where the link's text starts in b
}

// blocks are the elements that stand on lines of their own.
var blocks = map[string]bool{
	"p": true, "div": true, "blockquote": true, "pre": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
}

func (c *converter) run(s string) {
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			c.text(s)
			return
		}
		c.text(s[:lt])
		s = s[lt:]
		if strings.HasPrefix(s, "<!--") {
			end := strings.Index(s, "-->")
			if end < 0 {
				return
			}
			s = s[end+3:]
			continue
		}
		end := tagEnd(s)
		if end < 0 {
			c.text(s) // a lone '<' is text
			return
		}
		c.tag(s[1:end])
		s = s[end+1:]
	}
}

// tagEnd finds the '>' closing the tag at s[0], skipping quoted attribute values.
func tagEnd(s string) int {
	var quote byte
	for i := 1; i < len(s); i++ {
		switch ch := s[i]; {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '"' || ch == '\'':
			quote = ch
		case ch == '>':
			return i
		case ch == '<' && i == 1:
			return -1
		}
	}
	return -1
}

func (c *converter) tag(raw string) {
	closing := strings.HasPrefix(raw, "/")
	raw = strings.TrimPrefix(raw, "/")
	raw = strings.TrimSuffix(strings.TrimSpace(raw), "/")
	name, attrs, _ := strings.Cut(raw, " ")
	if i := strings.IndexAny(name, "\t\n\r"); i >= 0 {
		name, attrs = name[:i], name[i:]+" "+attrs
	}
	name = strings.ToLower(name)
	if name == "" {
		return
	}
	if c.skip > 0 {
		switch {
		case closing && blocks[name]:
			c.skip--
		case !closing && blocks[name]:
			c.skip++
		}
		return
	}
	if closing {
		c.close(name)
		return
	}
	if blocks[name] && strings.Contains(" "+attr(attrs, "class")+" ", " quote-inline ") {
		c.skip = 1
		return
	}
	switch {
	case name == "br":
		c.newline(1)
	case name == "li":
		c.breaks, c.space = max(c.breaks, 1), false // each item on its own line
		c.write("• ")
	case name == "a":
		c.links = append(c.links, linkState{href: attr(attrs, "href"), start: c.b.Len()})
	case blocks[name]:
		c.newline(2)
		if name == "pre" {
			c.pre++
		}
	}
}

func (c *converter) close(name string) {
	switch {
	case name == "a":
		if n := len(c.links); n > 0 {
			l := c.links[n-1]
			c.links = c.links[:n-1]
			c.linkEnd(l)
		}
	case blocks[name]:
		if name == "pre" && c.pre > 0 {
			c.pre--
		}
		c.newline(2)
	}
}

// linkEnd adds the address after a link whose text hides it.
func (c *converter) linkEnd(l linkState) {
	if l.href == "" || l.start > c.b.Len() {
		return
	}
	shown := strings.TrimSpace(c.b.String()[l.start:])
	if shown == "" || strings.HasPrefix(shown, "@") || strings.HasPrefix(shown, "#") || sameURL(shown, l.href) {
		return
	}
	if !strings.HasPrefix(l.href, "http://") && !strings.HasPrefix(l.href, "https://") {
		return
	}
	c.write(" (" + l.href + ")")
}

// sameURL reports whether the text shown for a link is its address, give or take the
// scheme, "www." and a trailing slash, or a shortened start of it ("example.com/lo…").
func sameURL(shown, href string) bool {
	norm := func(s string) string {
		s = strings.ToLower(s)
		for _, p := range []string{"https://", "http://", "www."} {
			s = strings.TrimPrefix(s, p)
		}
		return strings.TrimSuffix(s, "/")
	}
	a, b := norm(shown), norm(href)
	if a == b {
		return true
	}
	if cut, ok := strings.CutSuffix(a, "…"); ok && strings.HasPrefix(b, cut) {
		return true
	}
	return false
}

func (c *converter) text(s string) {
	if s == "" || c.skip > 0 {
		return
	}
	s = html.UnescapeString(s)
	if c.pre > 0 {
		c.flush()
		c.b.WriteString(s)
		return
	}
	for i, word := range strings.Fields(s) {
		if i > 0 || startsSpace(s) {
			c.space = true
		}
		c.write(word)
	}
	if strings.TrimSpace(s) == "" || endsSpace(s) {
		c.space = true
	}
}

func startsSpace(s string) bool { return s != "" && strings.ContainsRune(" \t\r\n\f", rune(s[0])) }
func endsSpace(s string) bool {
	return s != "" && strings.ContainsRune(" \t\r\n\f", rune(s[len(s)-1]))
}

// write adds visible text, first emitting pending breaks or a pending space.
func (c *converter) write(s string) {
	c.flush()
	c.b.WriteString(s)
}

func (c *converter) flush() {
	switch {
	case c.b.Len() == 0:
		// No breaks or spaces before the first text.
	case c.breaks > 0:
		c.b.WriteString(strings.Repeat("\n", c.breaks))
	case c.space:
		c.b.WriteByte(' ')
	}
	c.breaks, c.space = 0, false
}

// newline asks for n line breaks before the next text (2 separates paragraphs); <br>s
// add up, block edges do not.
func (c *converter) newline(n int) {
	if n == 1 {
		c.breaks++
	} else {
		c.breaks = max(c.breaks, n)
	}
	c.space = false
}

func (c *converter) finish() string {
	lines := strings.Split(c.b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// attr returns the value of attribute name in a tag's attribute text, entities decoded.
func attr(attrs, name string) string {
	s := attrs
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \t\r\n")
		i := strings.IndexAny(s, "= \t\r\n")
		var key, val string
		if i < 0 {
			key, s = s, ""
		} else {
			key = s[:i]
			rest := strings.TrimLeft(s[i:], " \t\r\n")
			if strings.HasPrefix(rest, "=") {
				rest = strings.TrimLeft(rest[1:], " \t\r\n")
				switch {
				case rest == "":
				case rest[0] == '"' || rest[0] == '\'':
					if end := strings.IndexByte(rest[1:], rest[0]); end >= 0 {
						val, rest = rest[1:1+end], rest[end+2:]
					} else {
						val, rest = rest[1:], ""
					}
				default:
					end := strings.IndexAny(rest, " \t\r\n")
					if end < 0 {
						end = len(rest)
					}
					val, rest = rest[:end], rest[end:]
				}
			}
			s = rest
		}
		if strings.EqualFold(key, name) {
			return html.UnescapeString(val)
		}
	}
	return ""
}
