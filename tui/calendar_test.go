package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/pane"
)

// calendarDay is Friday 4 December 2026, where calendarFixture puts a post of each
// status for acme (Europe/Berlin), an hour apart from 08:00.
var calendarDay = time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)

// calendarFixture is fixture plus a post in every status on calendarDay, one being
// published right now (claimed, due a minute ago), and the day's texts by status.
func calendarFixture(t testing.TB, db *store.DB) map[social.Status]string {
	t.Helper()
	fixture(t, db)
	ctx := context.Background()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	texts := map[social.Status]string{}
	var posts []*social.Post
	for i, st := range []social.Status{social.StatusIdea, social.StatusDraft, social.StatusReview, social.StatusApproved,
		social.StatusScheduled, social.StatusPaused, social.StatusFailed, social.StatusPublished} {
		text := "Friday " + string(st) + " post"
		texts[st] = text
		due := time.Date(2026, 12, 4, 8+i, 0, 0, 0, berlin)
		tg := social.Target{AccountID: "acme-masto", Status: st, DueAt: due}
		switch st {
		case social.StatusFailed:
			tg.LastError = "rejected by the platform: duplicate post"
		case social.StatusPublished:
			tg.RemoteID = "r-friday"
		}
		posts = append(posts, &social.Post{ClientID: "acme", Status: st, Parts: []social.Part{{Text: text}}, Targets: []social.Target{tg}})
	}
	going := &social.Post{ClientID: "acme", Status: social.StatusScheduled, Parts: []social.Part{{Text: "Going out right now"}},
		Targets: []social.Target{{AccountID: "acme-bsky", Status: social.StatusScheduled, DueAt: fixedNow.Add(-time.Minute)}}}
	posts = append(posts, going)
	if err := db.CreatePosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.ClaimDue(ctx, fixedNow, time.Hour); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	texts[social.StatusPublishing] = "Going out right now"
	return texts
}

// calendarApp opens db at w×h with the calendar in front, in view v, showing client
// ("" for all).
func calendarApp(t testing.TB, db *store.DB, w, h int, client, v string) *App {
	t.Helper()
	a := newApp(t, Deps{DB: db})
	start(t, a, w, h)
	drive(t, a, press("1"))
	if client != "" {
		drive(t, a, runCmd(t, a.selectClient(client)))
	}
	setView(t, a, v)
	return a
}

// setView presses v until the calendar shows view v.
func setView(t testing.TB, a *App, v string) {
	t.Helper()
	for range 3 {
		if a.cal.ViewName() == v {
			return
		}
		drive(t, a, press("v"))
	}
	t.Fatalf("view %s, want %s", a.cal.ViewName(), v)
}

// collect runs cmd and the batches it returns, without handing their messages back to
// the app, and returns them: what a key asked for.
func collect(t testing.TB, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	msg := runCmd(t, cmd)
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, collect(t, c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// composeOf presses k and returns the ComposeMsg it asks the root for, if any.
func composeOf(t testing.TB, a *App, k string) (pane.ComposeMsg, bool) {
	t.Helper()
	_, cmd := a.Update(press(k))
	for _, m := range collect(t, cmd) {
		if c, ok := m.(pane.ComposeMsg); ok {
			return c, true
		}
	}
	return pane.ComposeMsg{}, false
}

// goToDay moves the calendar's cursor to date with h and l.
func goToDay(t testing.TB, a *App, date time.Time) {
	t.Helper()
	for range 400 {
		day := a.cal.Day()
		cur := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		switch {
		case cur.Equal(date):
			return
		case cur.Before(date):
			drive(t, a, press("l"))
		default:
			drive(t, a, press("h"))
		}
	}
	t.Fatalf("cursor did not reach %s", date.Format(time.DateOnly))
}

// selectPost moves the cursor to the post with text on the cursor's day (week, agenda
// or open day): back to the day's top (a day back and forth), then down.
func selectPost(t testing.TB, a *App, db *store.DB, text string) {
	t.Helper()
	want := targetOf(t, db, text).PostID
	drive(t, a, press("h"), press("l"))
	for range 30 {
		if id, ok := a.cal.Selected(); ok && id == want {
			return
		}
		drive(t, a, press("j"))
	}
	t.Fatalf("no post %q on the cursor's day:\n%s", text, frame(a))
}

// selectedLine is the frame's line with the cursor on a post (agenda or open day).
func selectedLine(a *App) string {
	for _, l := range strings.Split(frame(a), "\n") {
		if i := strings.Index(l, "› "); i >= 0 && strings.Contains(l[i:], ":") {
			return l
		}
	}
	return ""
}

func targetOf(t testing.TB, db *store.DB, text string) social.Target {
	t.Helper()
	rows, err := db.TargetRows(context.Background(), store.TargetQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Text == text {
			return r.Target
		}
	}
	t.Fatalf("no target of %q", text)
	return social.Target{}
}

func TestCalendarThreeViewsShowEveryStatusReadableWithoutColour(t *testing.T) {
	db := openStore(t)
	texts := calendarFixture(t, db)
	a := calendarApp(t, db, 100, 30, "", "agenda")
	f := frame(a)
	for _, want := range []string{"month week [agenda]", "each client's time", "Tue 01 Dec · today", "16:00 CET ● scheduled",
		"04:00 EST ! failed", "↳ auth expired", "globex", "Going out right now", "↑ publishing"} {
		if !strings.Contains(f, want) {
			t.Errorf("agenda lacks %q:\n%s", want, f)
		}
	}
	goToDay(t, a, calendarDay)
	drive(t, a, press("enter"))
	if !a.cal.DayOpen() {
		t.Fatal("enter on a day did not open it")
	}
	f = frame(a)
	for st, text := range texts {
		if st == social.StatusPublishing {
			continue
		}
		label := map[social.Status]string{social.StatusIdea: "· idea", social.StatusDraft: "○ draft", social.StatusReview: "? review",
			social.StatusApproved: "◆ approved", social.StatusScheduled: "● scheduled", social.StatusPaused: "‖ paused",
			social.StatusFailed: "! failed", social.StatusPublished: "✓ published"}[st]
		line := lineWith(f, text)
		if !strings.Contains(line, label) || !strings.Contains(line, "ma") {
			t.Errorf("%s post shows as %q, want its label %q and platform mark", st, line, label)
		}
	}
	drive(t, a, press("esc"), press("v"))
	if a.cal.ViewName() != "month" || a.cal.DayOpen() {
		t.Fatalf("view %s, open %v", a.cal.ViewName(), a.cal.DayOpen())
	}
	f = frame(a)
	for _, want := range []string{"[month] week agenda", "December 2026", " Mon ", " Sun", "› 4", "○09:00 ma", "+"} {
		if !strings.Contains(f, want) {
			t.Errorf("month lacks %q:\n%s", want, f)
		}
	}
	drive(t, a, press("v"))
	f = frame(a)
	for _, want := range []string{"month [week] agenda", "Week 49 · 30 Nov – 6 Dec 2026", "›Fri 4", "·08:00 ma", "✓15:00 ma"} {
		if !strings.Contains(f, want) {
			t.Errorf("week lacks %q:\n%s", want, f)
		}
	}
}

// arrow is the key message of a key press() does not name: arrows and page keys.
func arrow(k string) tea.KeyPressMsg {
	return tea.KeyPressMsg{Code: map[string]rune{"left": tea.KeyLeft, "right": tea.KeyRight, "up": tea.KeyUp,
		"down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown}[k]}
}

// lineWith is the first line of f holding s.
func lineWith(f, s string) string {
	for _, l := range strings.Split(f, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func TestCalendarViewIsKeptAcrossARestart(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	a := calendarApp(t, db, 100, 30, "", "agenda")
	setView(t, a, "week")
	b := newApp(t, Deps{DB: db})
	start(t, b, 100, 30)
	if b.cal.ViewName() != "week" || !strings.Contains(frame(b), "month [week] agenda") {
		t.Fatalf("after a restart the calendar shows %s:\n%s", b.cal.ViewName(), frame(b))
	}
}

func TestCalendarCursorCrossesMonthsAndTodayComesBack(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	a := calendarApp(t, db, 100, 30, "", "month")
	day := func() string { return a.cal.Day().Format("2006-01-02") }
	if day() != "2026-12-01" || !strings.Contains(frame(a), "December 2026") {
		t.Fatalf("starts on %s:\n%s", day(), frame(a))
	}
	drive(t, a, press("k")) // a week up: into November
	if day() != "2026-11-24" || !strings.Contains(frame(a), "November 2026") {
		t.Fatalf("k: %s\n%s", day(), frame(a))
	}
	drive(t, a, press("h"), arrow("left"), arrow("up"))
	if day() != "2026-11-15" {
		t.Fatalf("h, left, up: %s", day())
	}
	drive(t, a, press("]"), arrow("pgdown"))
	if day() != "2027-01-15" || !strings.Contains(frame(a), "January 2027") {
		t.Fatalf("two months ahead: %s\n%s", day(), frame(a))
	}
	for range 16 {
		drive(t, a, press("l"))
	}
	if day() != "2027-01-31" {
		t.Fatalf("l: %s", day())
	}
	drive(t, a, press("]")) // 31 January + a month is the last of February
	if day() != "2027-02-28" {
		t.Fatalf("]: %s", day())
	}
	drive(t, a, arrow("down"), arrow("right"))
	if day() != "2027-03-08" || !strings.Contains(frame(a), "March 2027") {
		t.Fatalf("down, right: %s", day())
	}
	drive(t, a, press("."))
	if day() != "2026-12-01" || !strings.Contains(frame(a), "› 1 Dec today") {
		t.Fatalf(". did not come back to today: %s\n%s", day(), frame(a))
	}
	// The week view pages by weeks, the agenda walks post by post into the next month.
	setView(t, a, "week")
	drive(t, a, press("]"))
	if day() != "2026-12-08" || !strings.Contains(frame(a), "Week 50") {
		t.Fatalf("week ]: %s\n%s", day(), frame(a))
	}
	setView(t, a, "agenda")
	drive(t, a, press("."))
	for range 50 {
		drive(t, a, press("j"))
	}
	if !strings.HasPrefix(day(), "2027-01") || !strings.Contains(frame(a), "January 2027") {
		t.Fatalf("agenda j past the month: %s\n%s", day(), frame(a))
	}
	for range 70 {
		drive(t, a, press("k"))
	}
	if !strings.HasPrefix(day(), "2026-11") {
		t.Fatalf("agenda k back past the month: %s", day())
	}
}

func TestCalendarZoneToggleShowsLocalTimeAndSays(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	a := calendarApp(t, db, 100, 30, "acme", "agenda")
	f := frame(a)
	if !strings.Contains(f, "Acme Coffee time (Europe/Berlin)") || !strings.Contains(f, "16:00 CET ● scheduled") {
		t.Fatalf("client's zone:\n%s", f)
	}
	if got := a.cal.Day(); got.Location().String() != "Europe/Berlin" || got.Hour() != 0 || got.Day() != 1 {
		t.Errorf("Day() = %v, want midnight of 1 December in Berlin", got)
	}
	drive(t, a, press("z"))
	f = frame(a)
	if !strings.Contains(f, "local time (UTC)") || !strings.Contains(f, "15:00 UTC ● scheduled") {
		t.Fatalf("local zone:\n%s", f)
	}
	if got := a.cal.Day(); got.Location() != time.UTC || got.Hour() != 0 {
		t.Errorf("Day() = %v, want midnight UTC", got)
	}
	// A Tokyo post at 21:00 on Sunday is 12:00 UTC: on the same day either way, at
	// another time; one at 01:00 Tokyo time falls on the day before in UTC.
	drive(t, a, press("z"))
	drive(t, a, runCmd(t, a.selectClient("initech")))
	if err := db.CreatePost(context.Background(), &social.Post{ClientID: "initech", Parts: []social.Part{{Text: "early bird"}},
		Targets: []social.Target{{AccountID: "initech-masto", Status: social.StatusScheduled,
			DueAt: time.Date(2026, 12, 2, 16, 0, 0, 0, time.UTC)}}}); err != nil {
		t.Fatal(err)
	}
	drive(t, a, runCmd(t, a.cal.Reload()))
	if l := lineWith(frame(a), "early bird"); !strings.Contains(l, "01:00 JST") || !strings.Contains(dayAbove(frame(a), "early bird"), "Thu 03 Dec") {
		t.Errorf("in Tokyo time: %q under %q\n%s", l, dayAbove(frame(a), "early bird"), frame(a))
	}
	drive(t, a, press("z"))
	if l := lineWith(frame(a), "early bird"); !strings.Contains(l, "16:00 UTC") || !strings.Contains(dayAbove(frame(a), "early bird"), "Wed 02 Dec") {
		t.Errorf("in local time: %q under %q\n%s", l, dayAbove(frame(a), "early bird"), frame(a))
	}
}

// dayAbove is the agenda's day heading above the line holding s.
func dayAbove(f, s string) string {
	heading := ""
	for _, l := range strings.Split(f, "\n") {
		if strings.Contains(l, " · ") && len(l) > 12 && !strings.Contains(l, ":") {
			heading = l
		}
		if strings.Contains(l, s) {
			return heading
		}
	}
	return ""
}

func TestCalendarEnterOpensTheDayThenThePostInTheComposer(t *testing.T) {
	db := openStore(t)
	calendarFixture(t, db)
	a := calendarApp(t, db, 100, 30, "", "month")
	goToDay(t, a, calendarDay)
	if _, ok := composeOf(t, a, "e"); ok {
		t.Fatal("e in the month with no post chosen asked for the composer")
	}
	drive(t, a, press("enter"))
	if !a.cal.DayOpen() || !strings.Contains(frame(a), "Friday 4 December 2026 · 8 posts") {
		t.Fatalf("day not open:\n%s", frame(a))
	}
	drive(t, a, press("j"), press("j"))
	want := targetOf(t, db, "Friday review post").PostID
	if id, ok := a.cal.Selected(); !ok || id != want {
		t.Fatalf("selected %d %v, want the review post %d", id, ok, want)
	}
	c, ok := composeOf(t, a, "enter")
	if !ok || c.PostID != want || !c.Day.IsZero() {
		t.Fatalf("enter on a post: %+v %v", c, ok)
	}
	if c, ok = composeOf(t, a, "e"); !ok || c.PostID != want {
		t.Fatalf("e on a post: %+v %v", c, ok)
	}
	drive(t, a, press("l")) // the next day, still open
	if !a.cal.DayOpen() || !strings.Contains(frame(a), "Saturday 5 December") {
		t.Fatalf("l in the open day:\n%s", frame(a))
	}
	drive(t, a, press("esc"))
	if a.cal.DayOpen() || a.cal.ViewName() != "month" {
		t.Fatal("esc did not close the day")
	}
	// In the week and the agenda, enter on a post composes straight away.
	setView(t, a, "week")
	drive(t, a, press("h"))
	selectPost(t, a, db, "Friday idea post")
	c, ok = composeOf(t, a, "enter")
	if !ok || c.PostID != targetOf(t, db, "Friday idea post").PostID {
		t.Fatalf("week enter: %+v %v\n%s", c, ok, frame(a))
	}
}

func TestCalendarShowsFreeSlotsGapsAndMore(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	ctx := context.Background()
	// acme posts on Wednesdays at 10:00 and 16:00 (Berlin) on Bluesky; nothing holds the
	// Wednesday 2 December slots, so both are free and the day is a gap.
	if err := db.SetQueueSlots(ctx, "acme-bsky", []store.QueueSlot{{Weekday: time.Wednesday, Minute: 600}, {Weekday: time.Wednesday, Minute: 960}}); err != nil {
		t.Fatal(err)
	}
	var many []*social.Post
	for i := range 12 {
		many = append(many, &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "busy day"}}, Targets: []social.Target{{
			AccountID: "acme-masto", Status: social.StatusScheduled, DueAt: time.Date(2026, 12, 9, 8, i*4, 0, 0, time.UTC)}}})
	}
	if err := db.CreatePosts(ctx, many); err != nil {
		t.Fatal(err)
	}
	a := calendarApp(t, db, 100, 30, "acme", "agenda")
	f := frame(a)
	if !strings.Contains(f, "Wed 02 Dec · nothing planned · ∅ gap") {
		t.Errorf("Wednesday is not a gap:\n%s", f)
	}
	for _, want := range []string{"10:00 CET □ free slot", "16:00 CET □ free slot", "queue slot of acme-bsky"} {
		if !strings.Contains(f, want) {
			t.Errorf("agenda lacks %q:\n%s", want, f)
		}
	}
	if strings.Contains(f, "Thu 03 Dec · 1 post · ∅") {
		t.Errorf("Thursday is no posting day of acme's, so no gap:\n%s", f)
	}
	setView(t, a, "week")
	if f := frame(a); !strings.Contains(f, "□10:00 free") || !strings.Contains(f, "∅ gap") {
		t.Errorf("week lacks the free slot or the gap:\n%s", f)
	}
	setView(t, a, "month")
	drive(t, a, press("j"))
	if f := frame(a); !strings.Contains(f, "+9 more") {
		t.Errorf("the busy Wednesday 9 December shows no \"+9 more\":\n%s", f)
	}
}
