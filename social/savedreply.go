package social

import (
	"regexp"
	"slices"
	"strings"
)

// ReplyVars are the variables a saved reply may use, written {{name}}: "author" is the
// handle of whoever wrote the item being answered, "client" the client's name. The CLI
// refuses a reply using any other, and the inbox fills in exactly these, so both read
// this one list.
var ReplyVars = []string{"author", "client"}

// replyVar is one {{…}} in a body. The inside is taken verbatim, so "{{ author }}" is a
// variable nobody fills in, and is reported rather than sent to a customer as typed.
var replyVar = regexp.MustCompile(`\{\{(.*?)\}\}`)

// UnknownReplyVars returns the variables body uses that are not in ReplyVars, each once,
// in the order they first appear; nil when all are known.
func UnknownReplyVars(body string) []string {
	var out []string
	for _, m := range replyVar.FindAllStringSubmatch(body, -1) {
		if !slices.Contains(ReplyVars, m[1]) && !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// FillReplyVars replaces each known {{name}} in body with vals[name] (empty when vals has
// none); unknown ones stay as written.
func FillReplyVars(body string, vals map[string]string) string {
	var pairs []string
	for _, v := range ReplyVars {
		pairs = append(pairs, "{{"+v+"}}", vals[v])
	}
	return strings.NewReplacer(pairs...).Replace(body)
}
