package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ical "github.com/emersion/go-ical"

	"github.com/chorus-social/chorus/store"
)

func TestExportICSOfSeededDemo(t *testing.T) {
	home := sandbox(t)
	db := filepath.Join(home, "x.db")
	if _, e, code := chorus(t, "", "demo", "seed", "--db", db, "--inbox", "10", "--posts", "150", "--metrics", "2000"); code != 0 {
		t.Fatalf("seed: %s", e)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	want, err := st.ExportPosts(context.Background(), "acme")
	st.Close()
	if err != nil || len(want) == 0 {
		t.Fatalf("nothing to export: %v", err)
	}

	file := filepath.Join(home, "acme.ics")
	_, e, code := chorus(t, "", "--db", db, "export", "ics", "--client", "acme", "-o", file)
	if code != 0 || !strings.Contains(e, " posts written to "+file) {
		t.Fatalf("export: %d %s", code, e)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file: %v %v", fi, err)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := ical.NewDecoder(f).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if name, _ := cal.Props.Text("X-WR-CALNAME"); name != "chorus: Acme Outdoor Co." {
		t.Fatalf("calendar name %q", name)
	}
	events := cal.Events()
	if len(events) != len(want) {
		t.Fatalf("%d events, want one per exported post: %d", len(events), len(want))
	}
	uids := map[string]bool{}
	for i, ev := range events {
		uid, _ := ev.Props.Text(ical.PropUID)
		desc, _ := ev.Props.Text(ical.PropDescription)
		status, _ := ev.Props.Text(ical.PropStatus)
		if _, err := ev.DateTimeStart(nil); err != nil || uids[uid] || !strings.HasPrefix(uid, "post-") ||
			!strings.Contains(desc, want[i].Post.Parts[0].Text) || !strings.Contains(desc, want[i].Post.Targets[0].AccountID) ||
			(status != "CONFIRMED" && status != "TENTATIVE") {
			t.Fatalf("event %d: uid %q status %q desc %q: %v", i, uid, status, desc, err)
		}
		uids[uid] = true
	}

	// The same calendar on standard output, with - or without -o; UIDs are stable.
	for _, args := range [][]string{{"-o", "-"}, {}} {
		out, e, code := chorus(t, "", append([]string{"--db", db, "export", "ics", "--client", "acme"}, args...)...)
		if code != 0 || e != "" || !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n") || strings.Count(out, "BEGIN:VEVENT") != len(want) {
			t.Fatalf("export %v: %d %s", args, code, e)
		}
		for uid := range uids {
			if !strings.Contains(out, "UID:"+uid+"\r\n") {
				t.Fatalf("UID %s changed between exports", uid)
			}
		}
	}
	// Every client: more events, each title led by its client's name.
	out, _, code := chorus(t, "", "--db", db, "export", "ics")
	if code != 0 || strings.Count(out, "BEGIN:VEVENT") <= len(want) {
		t.Fatalf("all clients: %d events", strings.Count(out, "BEGIN:VEVENT"))
	}
	if _, e, code := chorus(t, "", "--db", db, "export", "ics", "--client", "nope"); code != 1 || !strings.Contains(e, `no client "nope"`) {
		t.Fatalf("unknown client: %d %s", code, e)
	}
}
