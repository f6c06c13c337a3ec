package ics

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	arran "github.com/arran4/golang-ical"
	emersion "github.com/emersion/go-ical"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

var (
	acme  = social.Client{ID: "acme", Name: "Acme, Inc.", TZ: "Europe/Berlin"}
	bsky  = social.Account{ID: "acme-bsky", ClientID: "acme", Platform: "bluesky", Handle: "acme.bsky.social"}
	masto = social.Account{ID: "acme-masto", ClientID: "acme", Platform: "mastodon", Handle: "@acme@mastodon.social"}
	t0    = time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)
	now   = time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC)
)

// Text that exercises escaping and folding: TEXT specials (, ; \), line breaks of every
// kind, emoji sequences and CJK (multi-byte characters at fold points), a long line.
const tricky = "Sale: 20% off, today only; really!\r\nBackslash \\ stays, \"quotes\" too.\n\n" +
	"Team 👩🏽‍💻👨‍👩‍👧‍👦🏳️‍🌈 says 東京で会いましょう — " +
	"and a very long line that goes on and on past seventy-five octets, well past them, with ümlauts and 🎉🎉🎉🎉🎉 " +
	"until a calendar app has to fold it several times\rover."

func published(a social.Account, at time.Time, url string) social.Target {
	return social.Target{AccountID: a.ID, Status: social.StatusPublished, DueAt: at, PublishedAt: at.Add(4 * time.Second),
		RemoteID: "r", RemoteURL: url}
}

func posts() []store.ExportPost {
	return []store.ExportPost{
		{
			Client: acme, Accounts: []social.Account{bsky, masto},
			Post: social.Post{ID: 7, ClientID: "acme", Status: social.StatusPublished, CreatedAt: t0.Add(-48 * time.Hour),
				UpdatedAt: t0.Add(-time.Hour), Parts: []social.Part{{Text: tricky}, {Text: "Part two, with; more"}},
				Targets: []social.Target{published(bsky, t0, "https://bsky.app/profile/acme.bsky.social/post/3k"),
					published(masto, t0, "https://mastodon.social/@acme/1")}},
		},
		{
			Client: acme, Accounts: []social.Account{bsky},
			Post: social.Post{ID: 8, ClientID: "acme", Status: social.StatusScheduled, Notes: "check the price",
				Parts:   []social.Part{{Text: "\n\n  Short one  \nsecond line"}},
				Targets: []social.Target{{AccountID: bsky.ID, Status: social.StatusScheduled, DueAt: t0.Add(24 * time.Hour)}}},
		},
		{
			Client: acme, Accounts: []social.Account{masto, bsky},
			Post: social.Post{ID: 9, ClientID: "acme", Status: social.StatusScheduled,
				Parts: []social.Part{{Text: strings.Repeat("Long title words ", 10)}},
				Targets: []social.Target{{AccountID: masto.ID, Status: social.StatusScheduled, DueAt: t0.Add(72 * time.Hour),
					Variant: []string{"Mastodon's own, text"}}, published(bsky, t0.Add(48*time.Hour), "https://bsky.app/x")}},
		},
	}
}

func TestWriteIsValidICalendarThatTwoParsersRead(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, posts(), Options{Name: "chorus: Acme, Inc.", Workspace: "ws1", Now: now}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	checkLines(t, out)

	want := []struct {
		uid, summary, status, url string
		start                     time.Time
	}{
		{"post-7.acme.ws1@chorus.invalid", "Sale: 20% off, today only; really!", "CONFIRMED",
			"https://bsky.app/profile/acme.bsky.social/post/3k", t0.Add(4 * time.Second)},
		{"post-8.acme.ws1@chorus.invalid", "Short one", "TENTATIVE", "", t0.Add(24 * time.Hour)},
		// Out on one account, still to go on the other: tentative, at the earlier time.
		{"post-9.acme.ws1@chorus.invalid", strings.Repeat("Long title words ", 3) + "Long tit…", "TENTATIVE",
			"https://bsky.app/x", t0.Add(48*time.Hour + 4*time.Second)},
	}

	// github.com/emersion/go-ical: a second, independent reader of the same bytes.
	cal, err := emersion.NewDecoder(strings.NewReader(out)).Decode()
	if err != nil {
		t.Fatalf("emersion/go-ical: %v\n%s", err, out)
	}
	if v, _ := cal.Props.Text(emersion.PropProductID); v != ProdID {
		t.Fatalf("PRODID %q", v)
	}
	if v, _ := cal.Props.Text(emersion.PropVersion); v != "2.0" {
		t.Fatalf("VERSION %q", v)
	}
	if v, _ := cal.Props.Text("X-WR-CALNAME"); v != "chorus: Acme, Inc." {
		t.Fatalf("X-WR-CALNAME %q", v)
	}
	events := cal.Events()
	if len(events) != len(want) {
		t.Fatalf("%d events, want %d", len(events), len(want))
	}
	for i, w := range want {
		e := events[i]
		text := func(name string) string {
			v, err := e.Props.Text(name)
			if err != nil {
				t.Fatalf("event %d %s: %v", i, name, err)
			}
			return v
		}
		p := posts()[i]
		if text(emersion.PropUID) != w.uid || text(emersion.PropSummary) != w.summary || text(emersion.PropStatus) != w.status {
			t.Errorf("event %d: UID %q SUMMARY %q STATUS %q", i, text(emersion.PropUID), text(emersion.PropSummary), text(emersion.PropStatus))
		}
		if got := text(emersion.PropDescription); got != description(p) {
			t.Errorf("event %d DESCRIPTION:\n%q\nwant\n%q", i, got, description(p))
		}
		start, err := e.DateTimeStart(nil)
		if err != nil || !start.Equal(w.start) || start.Location() != time.UTC {
			t.Errorf("event %d DTSTART %v %v, want %v", i, start, err, w.start)
		}
		end, err := e.DateTimeEnd(nil)
		if err != nil || !end.Equal(w.start.Add(Length)) {
			t.Errorf("event %d DTEND %v %v", i, end, err)
		}
		if stamp, err := e.Props.DateTime(emersion.PropDateTimeStamp, nil); err != nil || !stamp.Equal(now) {
			t.Errorf("event %d DTSTAMP %v %v", i, stamp, err)
		}
		gotURL := ""
		if u := e.Props.Get(emersion.PropURL); u != nil {
			gotURL = u.Value
		}
		if gotURL != w.url {
			t.Errorf("event %d URL %q, want %q", i, gotURL, w.url)
		}
	}

	// The description holds the whole text (line breaks normalised), every account with its
	// status and link, and a target's own text.
	d0, _ := events[0].Props.Text(emersion.PropDescription)
	wantText := strings.ReplaceAll(strings.ReplaceAll(tricky, "\r\n", "\n"), "\r", "\n")
	for _, s := range []string{wantText, "(2/2) Part two, with; more", "- acme-bsky (bluesky acme.bsky.social): published Tue 1 Dec 2026 09:30 CET https://bsky.app/profile/acme.bsky.social/post/3k",
		"- acme-masto (mastodon @acme@mastodon.social): published", "Client: Acme, Inc.", "Status: published"} {
		if !strings.Contains(d0, s) {
			t.Errorf("description of post 7 lacks %q:\n%s", s, d0)
		}
	}
	d2, _ := events[2].Props.Text(emersion.PropDescription)
	for _, s := range []string{"- acme-masto (mastodon @acme@mastodon.social): scheduled Fri 4 Dec 2026 09:30 CET\n  own text: Mastodon's own, text",
		"- acme-bsky (bluesky acme.bsky.social): published Thu 3 Dec 2026 09:30 CET https://bsky.app/x"} {
		if !strings.Contains(d2, s) {
			t.Errorf("description of post 9 lacks %q:\n%s", s, d2)
		}
	}

	// github.com/arran4/golang-ical reads it back the same way.
	acal, err := arran.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("arran4/golang-ical: %v", err)
	}
	aev := acal.Events()
	if len(aev) != len(want) {
		t.Fatalf("arran4: %d events", len(aev))
	}
	for i, w := range want {
		e := aev[i]
		start, err := e.GetStartAt()
		if e.Id() != w.uid || err != nil || !start.Equal(w.start) {
			t.Errorf("arran4 event %d: %q %v %v", i, e.Id(), start, err)
		}
		if got := e.GetProperty(arran.ComponentPropertyDescription).Value; got != description(posts()[i]) {
			t.Errorf("arran4 event %d DESCRIPTION %q", i, got)
		}
		if got := e.GetProperty(arran.ComponentPropertySummary).Value; got != w.summary {
			t.Errorf("arran4 event %d SUMMARY %q", i, got)
		}
	}
}

// checkLines checks the physical form RFC 5545 §3.1 asks for: CRLF line ends, lines of at
// most 75 octets, continuation lines starting with a space, and no character cut in two.
func checkLines(t *testing.T, out string) {
	t.Helper()
	if !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Fatalf("not one calendar:\n%s", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	folded := 0
	for i, l := range lines {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d holds a bare line break: %q", i+1, l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 5 {
		t.Errorf("only %d continuation lines: the long text was not folded", folded)
	}
}

func TestTitle(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Hello", "Hello"},
		{"\n \n  Hi there  \nmore", "Hi there"},
		{"   ", "(no text)"},
		{strings.Repeat("🏳️‍🌈", 70), strings.Repeat("🏳️‍🌈", 59) + "…"},
		{strings.Repeat("x", 60), strings.Repeat("x", 60)},
		{strings.Repeat("x", 61), strings.Repeat("x", 59) + "…"},
	} {
		if got := title(tc.in); got != tc.want {
			t.Errorf("title(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestClientInSummaryAndSkippedPosts(t *testing.T) {
	ps := posts()[:2]
	ps = append(ps, store.ExportPost{Client: acme, Post: social.Post{ID: 10, ClientID: "acme", Parts: []social.Part{{Text: "nothing to show"}}}})
	var buf bytes.Buffer
	if err := Write(&buf, ps, Options{Workspace: "w", ClientInSummary: true}); err != nil {
		t.Fatal(err)
	}
	cal, err := emersion.NewDecoder(&buf).Decode()
	if err != nil {
		t.Fatal(err)
	}
	ev := cal.Events()
	if len(ev) != 2 {
		t.Fatalf("%d events: a post without targets is no event", len(ev))
	}
	if s, _ := ev[1].Props.Text(emersion.PropSummary); s != "Acme, Inc.: Short one" {
		t.Fatalf("SUMMARY %q", s)
	}
	if stamp, err := ev[0].Props.DateTime(emersion.PropDateTimeStamp, nil); err != nil || time.Since(stamp) > time.Minute {
		t.Fatalf("DTSTAMP defaults to now: %v %v", stamp, err)
	}
}
