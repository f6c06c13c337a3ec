package cli

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chorus-social/chorus/social"
)

type replyJSON struct {
	ID     int64  `json:"id"`
	Client string `json:"client"`
	Name   string `json:"name"`
	Body   string `json:"body"`
}

func listReplies(t *testing.T, args ...string) []replyJSON {
	t.Helper()
	out, e, code := chorus(t, "", append([]string{"replies", "list", "--json"}, args...)...)
	var rs []replyJSON
	if err := json.Unmarshal([]byte(out), &rs); err != nil || code != 0 {
		t.Fatalf("replies list --json %v: exit %d, %v: %s %s", args, code, err, out, e)
	}
	return rs
}

func TestRepliesAddListUpdateRemove(t *testing.T) {
	sandbox(t)
	chorus(t, "", "clients", "add", "acme", "--name", "Acme Co")
	chorus(t, "", "clients", "add", "bloom")

	out, e, code := chorus(t, "", "replies", "add", "--client", "acme", "thanks", "Thanks, {{author}}!")
	if code != 0 || !strings.HasPrefix(out, "added") {
		t.Fatalf("add: %d %q %s", code, out, e)
	}
	// A multi-line body comes from stdin, without the file's final newline.
	multi := "Hi {{author}},\n\nsorry about that: DM us and {{client}} sorts it out today."
	if out, e, code := chorus(t, multi+"\n", "replies", "add", "--client", "acme", "sorry"); code != 0 || !strings.HasPrefix(out, "added") {
		t.Fatalf("add from stdin: %d %q %s", code, out, e)
	}
	if _, e, code := chorus(t, "Danke!", "replies", "add", "--client", "bloom", "danke", "-"); code != 0 {
		t.Fatalf("add with -: %d %s", code, e)
	}

	rs := listReplies(t, "--client", "acme")
	if len(rs) != 2 || rs[0].Name != "sorry" || rs[0].Body != multi || rs[1].Client != "acme" {
		t.Fatalf("acme's replies: %+v", rs)
	}
	thanksID := rs[1].ID
	if all := listReplies(t); len(all) != 3 {
		t.Fatalf("all replies: %+v", all)
	}

	// The same name replaces the body and keeps the id; the same body changes nothing.
	out, _, code = chorus(t, "", "replies", "add", "--client", "acme", "thanks", "Thank you, {{author}}!")
	if code != 0 || !strings.HasPrefix(out, "updated") {
		t.Fatalf("update: %d %q", code, out)
	}
	if out, _, _ = chorus(t, "", "replies", "add", "--client", "acme", "thanks", "Thank you, {{author}}!"); !strings.HasPrefix(out, "unchanged") {
		t.Fatalf("same again: %q", out)
	}
	rs = listReplies(t, "--client", "acme")
	if len(rs) != 2 || rs[1].Body != "Thank you, {{author}}!" || rs[1].ID != thanksID {
		t.Fatalf("after update: %+v", rs)
	}

	if out, e, code := chorus(t, "", "replies", "remove", "--client", "acme", "thanks"); code != 0 || !strings.Contains(out, "removed") {
		t.Fatalf("remove by name: %d %q %s", code, out, e)
	}
	danke := listReplies(t, "--client", "bloom")[0]
	if out, e, code := chorus(t, "", "replies", "remove", strconv.FormatInt(danke.ID, 10)); code != 0 || !strings.Contains(out, "danke") {
		t.Fatalf("remove by id: %d %q %s", code, out, e)
	}
	if rs := listReplies(t); len(rs) != 1 || rs[0].Name != "sorry" {
		t.Fatalf("left: %+v", rs)
	}
}

func TestRepliesRefuseWhatCannotWork(t *testing.T) {
	sandbox(t)
	chorus(t, "", "clients", "add", "acme")
	chorus(t, "", "clients", "add", "bloom")
	chorus(t, "", "replies", "add", "--client", "acme", "thanks", "Thanks!")
	for _, tc := range []struct {
		stdin string
		args  []string
		code  int
		msg   string
	}{
		{"", []string{"add", "thanks", "hi"}, 2, "--client is required"},
		{"", []string{"add", "--client", "acme"}, 2, "arg"},
		{"", []string{"add", "--client", "ghost", "x", "hi"}, 1, `no client "ghost" (clients: acme, bloom)`},
		{"", []string{"add", "--client", "acme", "x", "  "}, 2, "body is empty"},
		{"\n\n", []string{"add", "--client", "acme", "x"}, 2, "body is empty"},
		{"", []string{"add", "--client", "acme", "x", "Hi {{name}} from {{ client }} {{name}}"}, 2,
			"unknown variables {{name}}, {{ client }} in the reply (known: {{author}}, {{client}})"},
		{"", []string{"add", "--client", "acme", " ", "hi"}, 2, "non-empty name"},
		{"", []string{"list", "--client", "ghost"}, 1, "clients: acme, bloom"},
		{"", []string{"remove", "--client", "acme", "nope"}, 1, `client acme has no saved reply "nope"`},
		{"", []string{"remove", "--client", "ghost", "thanks"}, 1, `no client "ghost"`},
		{"", []string{"remove", "thanks"}, 2, "pass --client"},
		{"", []string{"remove", "99"}, 1, "no saved reply with id 99"},
	} {
		_, e, code := chorus(t, tc.stdin, append([]string{"replies"}, tc.args...)...)
		if code != tc.code || !strings.Contains(e, tc.msg) {
			t.Errorf("chorus replies %v: exit %d (want %d), stderr %q (want it to say %q)", tc.args, code, tc.code, e, tc.msg)
		}
	}
	if rs := listReplies(t); len(rs) != 1 {
		t.Errorf("a refused add saved something: %+v", rs)
	}
}

func TestRepliesTableFitsTheWidth(t *testing.T) {
	sandbox(t)
	chorus(t, "", "clients", "add", "acme")
	long := strings.Repeat("Thanks so much {{author}}, ", 10) + "\nsecond line"
	chorus(t, "", "replies", "add", "--client", "acme", "thanks", long)
	out, _, code := chorus(t, "", "replies", "list")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if n := utf8.RuneCountInString(lines[1]); n > 80 || !strings.HasSuffix(lines[1], "…") {
		t.Errorf("row is %d wide, not cut to 80:\n%s", n, out)
	}

	// Narrow terminals still show some of the body.
	var b bytes.Buffer
	printReplies(&b, []social.SavedReply{{ID: 1, ClientID: "acme", Name: "thanks", Body: long}}, 10)
	if !strings.Contains(b.String(), "Thanks so") {
		t.Errorf("narrow:\n%s", b.String())
	}
}
