package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// acmeWithAccounts adds client acme in Berlin (with extra flags) and accounts acme-a, acme-b.
func acmeWithAccounts(t *testing.T, clientFlags ...string) {
	t.Helper()
	args := append([]string{"clients", "add", "acme", "--name", "Acme", "--tz", "Europe/Berlin"}, clientFlags...)
	if _, e, code := chorus(t, "", args...); code != 0 {
		t.Fatalf("clients add: %s", e)
	}
	for _, id := range []string{"acme-a", "acme-b"} {
		if _, e, code := chorus(t, "", "accounts", "add", "--client", "acme", "--platform", "demo", "--handle", id, "--id", id); code != 0 {
			t.Fatalf("accounts add %s: %s", id, e)
		}
	}
}

func queueList(t *testing.T, args ...string) []queueRow {
	t.Helper()
	out, e, code := chorus(t, "", append([]string{"queue", "list", "--json"}, args...)...)
	var rows []queueRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil || code != 0 {
		t.Fatalf("queue list --json %v: exit %d, %v: %s %s", args, code, err, out, e)
	}
	return rows
}

// wantSlotTimes checks that ts are ascending, in the future, and each on one of the
// weekday/clock pairs in Berlin.
func wantSlotTimes(t *testing.T, ts []time.Time, n int, slots ...string) {
	t.Helper()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if len(ts) != n {
		t.Fatalf("%d times, want %d: %v", len(ts), n, ts)
	}
	for i, ts1 := range ts {
		if i > 0 && !ts1.After(ts[i-1]) || ts1.Before(time.Now().Add(-time.Minute)) {
			t.Fatalf("times not ascending and ahead: %v", ts)
		}
		local := strings.ToLower(ts1.In(berlin).Format("Mon 15:04"))
		ok := false
		for _, s := range slots {
			ok = ok || local == s
		}
		if !ok {
			t.Fatalf("%v (%s in Berlin) is none of the slots %v", ts1, local, slots)
		}
	}
}

func TestQueueSetListClear(t *testing.T) {
	sandbox(t)
	acmeWithAccounts(t)

	out, e, code := chorus(t, "", "queue", "set", "--account", "acme-a", "wed 12:00", "Monday 9:30", "mon 09:30")
	if code != 0 || !strings.HasPrefix(out, "acme-a: mon 09:30, wed 12:00 (Europe/Berlin)\nnext free slot: ") {
		t.Fatalf("queue set: %d %q %s", code, out, e)
	}
	rows := queueList(t, "--client", "acme")
	if len(rows) != 2 || rows[0].Account != "acme-a" || rows[0].TZ != "Europe/Berlin" || rows[0].FromConfig ||
		strings.Join(rows[0].Slots, ",") != "mon 09:30,wed 12:00" || len(rows[1].Slots) != 0 || len(rows[1].Next) != 0 {
		t.Fatalf("queue list: %+v", rows)
	}
	wantSlotTimes(t, rows[0].Next, 3, "mon 09:30", "wed 12:00")

	out, e, code = chorus(t, "", "queue", "list")
	if code != 0 || !strings.HasPrefix(out, "ACCOUNT") || !strings.Contains(out, "mon 09:30, wed 12:00") ||
		!strings.Contains(e, "1 accounts have no slots: set them with chorus queue set") {
		t.Fatalf("queue list: %d\n%s%s", code, out, e)
	}
	if rows := queueList(t, "--account", "acme-b"); len(rows) != 1 || rows[0].Account != "acme-b" {
		t.Fatalf("--account: %+v", rows)
	}

	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"queue", "set", "--account", "acme-a", "mon 09:30", "mon 25:00"}, 2, `"mon 25:00" is not a slot`},
		{[]string{"queue", "set", "--account", "acme-a"}, 2, "name at least one slot"},
		{[]string{"queue", "set", "mon 09:30"}, 2, "--account is required"},
		{[]string{"queue", "set", "--account", "ghost", "mon 09:30"}, 1, `no account "ghost"`},
		{[]string{"queue", "list", "--client", "acme", "--account", "acme-a"}, 2, "not both"},
		{[]string{"queue", "list", "--client", "nope"}, 1, `no client "nope"`},
		{[]string{"queue", "clear"}, 2, "--account is required"},
	} {
		if _, e, code := chorus(t, "", tc.args...); code != tc.code || !strings.Contains(e, tc.msg) {
			t.Errorf("chorus %v: exit %d (want %d), stderr %q (want %q)", tc.args, code, tc.code, e, tc.msg)
		}
	}
	// A refused set changes nothing.
	if rows := queueList(t, "--account", "acme-a"); len(rows[0].Slots) != 2 {
		t.Fatalf("after a bad set: %+v", rows)
	}

	if out, _, code := chorus(t, "", "queue", "clear", "--account", "acme-a"); code != 0 || out != "acme-a: no slots\n" {
		t.Fatalf("clear: %d %q", code, out)
	}
	if rows := queueList(t, "--account", "acme-a"); len(rows[0].Slots) != 0 {
		t.Fatalf("after clear: %+v", rows)
	}
}

type targetJSON struct {
	Target  int64  `json:"target"`
	Post    int64  `json:"post"`
	Account string `json:"account"`
	Status  string `json:"status"`
	Due     string `json:"due"`
}

func postJSON(t *testing.T, args ...string) []targetJSON {
	t.Helper()
	out, e, code := chorus(t, "", append([]string{"post", "--json"}, args...)...)
	var res []targetJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("post %v: exit %d, %v: %s %s", args, code, err, out, e)
	}
	return res
}

func dueOf(t *testing.T, tg targetJSON) time.Time {
	t.Helper()
	d, err := time.Parse(time.RFC3339, tg.Due)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestPostQueueUsesEachAccountsNextFreeSlot(t *testing.T) {
	sandbox(t)
	acmeWithAccounts(t)
	chorus(t, "", "queue", "set", "--account", "acme-a", "mon 09:30", "thu 14:00")
	chorus(t, "", "queue", "set", "--account", "acme-b", "sat 18:00")
	free := queueList(t, "--client", "acme")

	first := postJSON(t, "--account", "acme-a", "--account", "acme-b", "--text", "queued", "--queue")
	if len(first) != 2 || first[0].Status != "scheduled" || !dueOf(t, first[0]).Equal(free[0].Next[0]) ||
		!dueOf(t, first[1]).Equal(free[1].Next[0]) {
		t.Fatalf("first queued post: %+v, free slots %+v", first, free)
	}
	// Those slots are taken now: the next post goes into the following ones.
	_, e, code := chorus(t, "", "post", "--account", "acme-a", "--text", "queued again", "--queue")
	if code != 0 || !strings.Contains(e, "acme-a: due ") || !strings.Contains(e, "its next free slot") {
		t.Fatalf("second: %d %s", code, e)
	}
	if rows := queueList(t, "--account", "acme-a"); !rows[0].Next[0].Equal(free[0].Next[2]) {
		t.Fatalf("after two posts the next free slot is %v, want %v", rows[0].Next[0], free[0].Next[2])
	}

	chorus(t, "", "queue", "clear", "--account", "acme-b")
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"post", "--account", "acme-a", "--text", "x", "--queue", "--at", "tue 9:00"}, 2, "--at and --queue cannot be used together"},
		{[]string{"post", "--platform", "demo", "--dry-run", "--text", "x", "--queue"}, 2, "--queue needs --account"},
		{[]string{"post", "--account", "acme-a", "--account", "acme-b", "--text", "x", "--queue"}, 1,
			"account acme-b has no queue slots: set them with `chorus queue set --account acme-b"},
	} {
		if _, e, code := chorus(t, "", tc.args...); code != tc.code || !strings.Contains(e, tc.msg) {
			t.Errorf("chorus %v: exit %d (want %d), stderr %q (want %q)", tc.args, code, tc.code, e, tc.msg)
		}
	}
}

func TestApprovalKeepsPostsInReviewUntilApproved(t *testing.T) {
	sandbox(t)
	acmeWithAccounts(t, "--approval")
	chorus(t, "", "queue", "set", "--account", "acme-a", "tue 10:00", "fri 16:00")

	out, e, code := chorus(t, "", "post", "--account", "acme-a", "--account", "acme-b", "--text", "needs a yes", "--at", "+2h")
	if code != 0 || !strings.Contains(e, "due today") && !strings.Contains(e, "due tomorrow") {
		t.Fatalf("post: %d %s", code, e)
	}
	fields := strings.Fields(strings.Split(out, "\n")[1])
	if fields[2] != "review" {
		t.Fatalf("not in review:\n%s", out)
	}
	postID := strings.TrimSuffix(e[strings.Index(e, "chorus approve ")+len("chorus approve "):], "`\n")
	if !strings.Contains(e, "client acme needs approval: saved for review; approve with `chorus approve "+postID+"`") {
		t.Fatalf("stderr %q", e)
	}
	if _, e, _ := chorus(t, "", "publish", "--due"); !strings.Contains(e, "0 published") {
		t.Fatalf("a post in review went out: %s", e)
	}

	// Queued posts of a client that needs approval keep their slot while in review.
	q1 := postJSON(t, "--account", "acme-a", "--text", "queued, in review", "--queue")
	q2 := postJSON(t, "--account", "acme-a", "--text", "queued next", "--queue")
	if q1[0].Status != "review" || q2[0].Status != "review" || !dueOf(t, q2[0]).After(dueOf(t, q1[0])) {
		t.Fatalf("queued for review: %+v %+v", q1, q2)
	}

	out, e, code = chorus(t, "", "approve", strconv.FormatInt(q1[0].Post, 10), "--json")
	var res []targetJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || res[0].Status != "scheduled" || res[0].Due != q1[0].Due {
		t.Fatalf("approve: %d %v %s %s", code, err, out, e)
	}
	out, e, code = chorus(t, "", "approve", postID)
	if code != 0 || !strings.Contains(e, "post "+postID+" approved") || strings.Count(out, "scheduled") != 2 {
		t.Fatalf("approve: %d\n%s%s", code, out, e)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"approve", postID}, 1, "is scheduled, not in review: there is nothing to approve"},
		{[]string{"approve", "999"}, 1, "no post 999"},
		{[]string{"approve", "x"}, 2, `"x" is not a post id`},
		{[]string{"approve"}, 2, "name one post"},
		{[]string{"queue", "list", "extra"}, 2, "takes no arguments"},
	} {
		if _, e, code := chorus(t, "", tc.args...); code != tc.code || !strings.Contains(e, tc.msg) {
			t.Errorf("chorus %v: exit %d (want %d), stderr %q (want %q)", tc.args, code, tc.code, e, tc.msg)
		}
	}
}

func TestApprovingAnOverduePostSaysWhenItGoesOut(t *testing.T) {
	sandbox(t)
	acmeWithAccounts(t, "--approval")
	res := postJSON(t, "--account", "acme-a", "--text", "right away")
	if res[0].Status != "review" {
		t.Fatalf("%+v", res)
	}
	_, e, code := chorus(t, "", "approve", strconv.FormatInt(res[0].Post, 10))
	if code != 0 || !strings.Contains(e, "acme-a was due ") || !strings.Contains(e, "it goes out with the next publish run") {
		t.Fatalf("%d %s", code, e)
	}
	if _, e, _ := chorus(t, "", "publish", "--due"); !strings.Contains(e, "1 published") {
		t.Fatalf("publish --due: %s", e)
	}
}

func TestConfigQueueSlotsWinAndAreSyncedOnStart(t *testing.T) {
	home := sandbox(t)
	cfg := filepath.Join(home, "config.yaml")
	write := func(queue string) {
		t.Helper()
		body := "clients:\n  acme:\n    name: Acme\n    tz: Europe/Berlin\n    queue:\n" + queue
		if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// acme-a is not added yet: starting must still work, so that it can be added.
	write("      acme-a: [\"tue 10:00\", \"thu 15:30\"]\n")
	if _, e, code := chorus(t, "", "--config", cfg, "accounts", "add", "--client", "acme", "--platform", "demo", "--handle", "a", "--id", "acme-a"); code != 0 {
		t.Fatalf("accounts add with slots of a missing account in the config: %s", e)
	}
	rows := queueList(t, "--config", cfg)
	if len(rows) != 1 || !rows[0].FromConfig || strings.Join(rows[0].Slots, ",") != "tue 10:00,thu 15:30" {
		t.Fatalf("from config: %+v", rows)
	}
	wantSlotTimes(t, rows[0].Next, 3, "tue 10:00", "thu 15:30")
	_, e, code := chorus(t, "", "--config", cfg, "queue", "set", "--account", "acme-a", "mon 08:00")
	if code != 1 || !strings.Contains(e, "the slots of acme-a come from the config file "+cfg+" (clients.acme.queue.acme-a): change them there") {
		t.Fatalf("set over config: %d %s", code, e)
	}

	write("      acme-a: [\"sun 20:00\"]\n")
	if rows := queueList(t, "--config", cfg); strings.Join(rows[0].Slots, ",") != "sun 20:00" {
		t.Fatalf("after editing the config: %+v", rows)
	}
	// Without the config the slots stay as last synced and may be changed here.
	if rows := queueList(t); rows[0].FromConfig || strings.Join(rows[0].Slots, ",") != "sun 20:00" {
		t.Fatalf("without the config: %+v", rows)
	}

	chorus(t, "", "clients", "add", "bloom", "--tz", "UTC")
	chorus(t, "", "accounts", "add", "--client", "bloom", "--platform", "demo", "--handle", "b", "--id", "bloom-b")
	write("      bloom-b: [\"mon 09:00\"]\n")
	_, e, code = chorus(t, "", "--config", cfg, "queue", "list")
	if code != 1 || !strings.Contains(e, "clients.acme.queue.bloom-b: account bloom-b belongs to client bloom: move its slots under clients.bloom.queue") {
		t.Fatalf("slots under the wrong client: %d %s", code, e)
	}
}
