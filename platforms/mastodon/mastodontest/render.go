package mastodontest

import (
	"html"
	"regexp"
	"strings"
	"time"
)

// timeFormat is how Mastodon writes datetimes (https://docs.joinmastodon.org/api/datetime-format/).
const timeFormat = "2006-01-02T15:04:05.000Z"

// accountJSON renders an Account.
func (s *Server) accountJSON(a *acct) map[string]any {
	statuses := 0
	for _, id := range s.order {
		if s.statuses[id].account == a {
			statuses++
		}
	}
	followers := 0
	if a == s.self() {
		followers = 100 + s.follows
	}
	return map[string]any{
		"id":              idString(a.id),
		"username":        a.username,
		"acct":            a.acctName(),
		"display_name":    a.display,
		"url":             s.accountURL(a),
		"followers_count": followers,
		"following_count": 10,
		"statuses_count":  statuses,
		"created_at":      "2022-11-01T00:00:00.000Z",
		"last_status_at":  "2026-11-23", // a date, not a datetime, as Mastodon sends it
		"emojis":          []any{},
		"fields":          []any{},
	}
}

func (s *Server) accountURL(a *acct) string {
	if a.domain != "" {
		return "https://" + a.domain + "/@" + a.username
	}
	return s.URL + "/@" + a.username
}

// statusJSON renders a Status as viewer sees it.
func (s *Server) statusJSON(st *stat, viewer *acct) map[string]any {
	replies := 0
	for _, id := range s.order {
		if s.statuses[id].replyTo == st.id {
			replies++
		}
	}
	favs := 0
	for k := range s.favourites {
		if k[1] == st.id {
			favs++
		}
	}
	var inReplyTo, inReplyToAccount any
	if parent := s.statuses[st.replyTo]; parent != nil {
		inReplyTo, inReplyToAccount = idString(parent.id), idString(parent.account.id)
	}
	mentions := []any{}
	for _, m := range st.mentions {
		mentions = append(mentions, map[string]any{"id": idString(m.id), "username": m.username, "acct": m.acctName(), "url": s.accountURL(m)})
	}
	media := []any{}
	for _, m := range st.media {
		media = append(media, s.mediaJSON(m))
	}
	var language any
	if st.language != "" {
		language = st.language
	}
	out := map[string]any{
		"id":                     idString(st.id),
		"created_at":             st.created.Format(timeFormat),
		"in_reply_to_id":         inReplyTo,
		"in_reply_to_account_id": inReplyToAccount,
		"sensitive":              st.spoiler != "",
		"spoiler_text":           st.spoiler,
		"visibility":             st.visibility,
		"language":               language,
		"uri":                    s.URL + "/users/" + st.account.username + "/statuses/" + idString(st.id),
		"url":                    s.statusURL(st),
		"replies_count":          replies,
		"reblogs_count":          st.reblogs,
		"favourites_count":       favs,
		"quotes_count":           s.quotesOf(st),
		"favourited":             s.favourites[[2]int64{viewer.id, st.id}],
		"reblogged":              false,
		"content":                s.renderHTML(st),
		"reblog":                 nil,
		"account":                s.accountJSON(st.account),
		"media_attachments":      media,
		"mentions":               mentions,
		"tags":                   []any{},
		"emojis":                 []any{},
		"card":                   nil,
		"poll":                   nil,
	}
	if q := s.statuses[st.quote]; q != nil {
		out["quote"] = map[string]any{"state": "accepted", "quoted_status": s.statusJSON(q, viewer)}
	}
	return out
}

func (s *Server) quotesOf(st *stat) int {
	n := 0
	for _, id := range s.order {
		if s.statuses[id].quote == st.id {
			n++
		}
	}
	return n
}

// mediaJSON renders a MediaAttachment; url is null while it is processing.
func (s *Server) mediaJSON(m *media) map[string]any {
	var u any
	if m.pollsLeft <= 0 {
		u = s.URL + "/system/media_attachments/files/" + idString(m.id) + "/original/file"
	}
	var desc any
	if m.desc != "" {
		desc = m.desc
	}
	return map[string]any{
		"id":          idString(m.id),
		"type":        m.kind,
		"url":         u,
		"preview_url": s.URL + "/system/media_attachments/files/" + idString(m.id) + "/small/file",
		"remote_url":  nil,
		"description": desc,
		"blurhash":    "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}",
	}
}

// entityRE finds what Mastodon links in a status: URLs with a scheme, @mentions
// (@user or @user@domain) and #hashtags.
var entityRE = regexp.MustCompile(`https?://[^\s<>"]+|@[A-Za-z0-9_]+(?:@[A-Za-z0-9.-]*[A-Za-z0-9])?|#[\p{L}\p{N}_]+`)

// mentionNames lists the accts a text mentions.
func mentionNames(text string) []string {
	var out []string
	for _, e := range entities(text) {
		if strings.HasPrefix(e.text, "@") {
			out = append(out, e.text[1:])
		}
	}
	return out
}

// entity is a linked piece of a text: text[start:end].
type entity struct {
	start, end int
	text       string
}

// entities finds the entities of text, skipping @ and # glued to a word (an e-mail
// address is not a mention) and punctuation after a URL.
func entities(text string) []entity {
	var out []entity
	for _, loc := range entityRE.FindAllStringIndex(text, -1) {
		t := text[loc[0]:loc[1]]
		if t[0] == '@' || t[0] == '#' {
			if loc[0] > 0 && isWordByte(text[loc[0]-1]) {
				continue
			}
		} else {
			t = strings.TrimRight(t, ".,;:!?)'")
			loc[1] = loc[0] + len(t)
		}
		out = append(out, entity{loc[0], loc[1], t})
	}
	return out
}

func isWordByte(b byte) bool {
	return b == '_' || b == '/' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// renderHTML renders a status's text as Mastodon's TextFormatter does: paragraphs in
// <p>, line breaks as <br />, links shortened with invisible spans, mentions as h-cards
// showing only @username, hashtags as tag links.
func (s *Server) renderHTML(st *stat) string {
	var b strings.Builder
	for _, para := range strings.Split(strings.TrimSpace(st.text), "\n\n") {
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br />")
			}
			b.WriteString(s.renderLine(line))
		}
		b.WriteString("</p>")
	}
	if q := s.statuses[st.quote]; q != nil {
		// The compatibility paragraph Mastodon 4.5 prepends for clients without quotes.
		link := s.statusURL(q)
		return `<p class="quote-inline">RE: <a href="` + link + `">` + html.EscapeString(link) + `</a></p>` + b.String()
	}
	return b.String()
}

func (s *Server) renderLine(line string) string {
	var b strings.Builder
	last := 0
	for _, e := range entities(line) {
		t := e.text
		b.WriteString(html.EscapeString(line[last:e.start]))
		last = e.end
		switch t[0] {
		case '@':
			a := s.byAcct(t[1:])
			if a == nil {
				b.WriteString(html.EscapeString(t))
				continue
			}
			b.WriteString(`<span class="h-card" translate="no"><a href="` + s.accountURL(a) + `" class="u-url mention">@<span>` +
				html.EscapeString(a.username) + `</span></a></span>`)
		case '#':
			b.WriteString(`<a href="` + s.URL + `/tags/` + strings.ToLower(t[1:]) + `" class="mention hashtag" rel="tag">#<span>` +
				html.EscapeString(t[1:]) + `</span></a>`)
		default:
			scheme, rest, _ := strings.Cut(t, "://")
			shown, hidden := rest, ""
			if len(rest) > 30 {
				shown, hidden = rest[:30], rest[30:]
			}
			class := ""
			if hidden != "" {
				class = "ellipsis"
			}
			b.WriteString(`<a href="` + html.EscapeString(t) + `" target="_blank" rel="nofollow noopener" translate="no">` +
				`<span class="invisible">` + scheme + `://</span><span class="` + class + `">` + html.EscapeString(shown) +
				`</span><span class="invisible">` + html.EscapeString(hidden) + `</span></a>`)
		}
	}
	b.WriteString(html.EscapeString(line[last:]))
	return b.String()
}

// iso renders a time as Mastodon does.
func iso(t time.Time) string { return t.UTC().Format(timeFormat) }
