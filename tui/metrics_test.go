package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// seedPostMetrics publishes posts on acme's accounts over the last 60 days, one every
// three days, and records their numbers: acme-bsky with impressions and clicks, so its
// engagement rate is per impression and it has a CTR; acme-masto without either, as
// Mastodon reports them.
func seedPostMetrics(t testing.TB, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	var posts []*social.Post
	for i := range 20 {
		acct := "acme-bsky"
		if i%3 == 2 {
			acct = "acme-masto"
		}
		// Mornings and afternoons on different weekdays, so the heatmap has a best time.
		due := fixedNow.Add(-time.Duration(i*3+2)*24*time.Hour + time.Duration(i%4)*3*time.Hour)
		posts = append(posts, post("acme", acct, social.StatusScheduled, due,
			fmt.Sprintf("Coffee note %02d: %s", i, []string{"single origin", "cold brew", "latte art", "decaf"}[i%4])))
	}
	if err := db.CreatePosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	var pts []social.MetricPoint
	for {
		c, ok, err := db.ClaimDue(ctx, fixedNow, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		var n int
		if _, err := fmt.Sscanf(c.Parts[0].Text, "Coffee note %d", &n); err != nil {
			t.Fatalf("unexpected due post %q", c.Parts[0].Text)
		}
		remote := fmt.Sprintf("m%02d", n)
		if err := db.CompletePublish(ctx, c.Target.ID, store.Result{RemoteID: remote, At: c.Target.DueAt}); err != nil {
			t.Fatal(err)
		}
		at := c.Target.DueAt.Add(6 * time.Hour)
		e := int64(10 + (n*37)%50)
		add := func(name string, v int64) {
			pts = append(pts, social.MetricPoint{AccountID: c.Target.AccountID, PostRemoteID: remote, Name: name, Value: v, At: at})
		}
		add(social.MetricLikes, e)
		add(social.MetricReposts, e/4)
		add(social.MetricReplies, e/10)
		if c.Target.AccountID == "acme-bsky" {
			add(social.MetricImpressions, e*30)
			add(social.MetricClicks, e/3)
		}
	}
	if len(pts) == 0 {
		t.Fatal("no post published")
	}
	if err := db.AppendMetrics(ctx, pts); err != nil {
		t.Fatal(err)
	}
}

// metricsApp opens the metrics pane on the fixture with post metrics, for client (""
// for all) at w×h.
func metricsApp(t *testing.T, client string, w, h int) *App {
	t.Helper()
	db := openStore(t)
	fixture(t, db)
	seedPostMetrics(t, db)
	a := newApp(t, Deps{DB: db})
	start(t, a, w, h)
	drive(t, a, press("3"))
	if client != "" {
		drive(t, a, press("c"))
		drive(t, a, typing(client)...)
		drive(t, a, press("enter"))
	}
	return a
}

// paneBody is the frame above the status bar.
func paneBody(a *App) string {
	f := frame(a)
	lines := strings.Split(f, "\n")
	return strings.Join(lines[:max(len(lines)-2, 0)], "\n")
}

// card returns the text of the KPI card line holding title's value: the line under the
// titles, cut to the card's column.
func cardValue(t *testing.T, a *App, title string) string {
	t.Helper()
	lines := strings.Split(frame(a), "\n")
	for i, l := range lines {
		if j := strings.Index(l, "│ "+title); j >= 0 && i+1 < len(lines) {
			r := []rune(lines[i+1])
			start := len([]rune(l[:j]))
			end := min(start+16, len(r))
			return strings.TrimSpace(strings.TrimPrefix(string(r[start:end]), "│"))
		}
	}
	t.Fatalf("no card %q:\n%s", title, frame(a))
	return ""
}

func TestMetricsPeriodKeysMoveAndResizeThePeriod(t *testing.T) {
	a := metricsApp(t, "acme", 100, 30)
	want := func(header string) {
		t.Helper()
		if f := frame(a); !strings.Contains(f, header) {
			t.Fatalf("header lacks %q:\n%s", header, f)
		}
	}
	want("Acme Coffee · 2 Nov – 1 Dec 2026 · 30d · vs previous 30d · all accounts")
	posts30 := cardValue(t, a, "Posts")

	drive(t, a, press("["))
	want("3 Oct – 1 Nov 2026 · 30d · vs previous 30d")
	if got := cardValue(t, a, "Posts"); got == posts30 {
		t.Errorf("the previous period shows the same posts card %q", got)
	}
	drive(t, a, press("]"))
	want("2 Nov – 1 Dec 2026 · 30d")
	if got := cardValue(t, a, "Posts"); got != posts30 {
		t.Errorf("back to the current period: posts %q, want %q", got, posts30)
	}
	// Not past today.
	drive(t, a, press("]"))
	want("2 Nov – 1 Dec 2026 · 30d")

	drive(t, a, press("p"))
	want("3 Sep – 1 Dec 2026 · 90d · vs previous 90d")
	if got := cardValue(t, a, "Posts"); got == posts30 {
		t.Errorf("90 days show the posts of 30: %q", got)
	}
	drive(t, a, press("p"))
	want("25 Nov – 1 Dec 2026 · 7d · vs previous 7d")
	drive(t, a, press("["))
	want("18 Nov – 24 Nov 2026 · 7d")
	drive(t, a, press("p"))
	want("26 Oct – 24 Nov 2026 · 30d")
}

func TestMetricsScopeCyclesAccountsThenPlatforms(t *testing.T) {
	a := metricsApp(t, "acme", 100, 30)
	if f := paneBody(a); !strings.Contains(f, "acme.bsky.social") || !strings.Contains(f, "acme@mastodon.social") ||
		!strings.Contains(f, "per follower") {
		t.Fatalf("all accounts: want both accounts, rate per follower:\n%s", f)
	}
	steps := []struct {
		scope       string
		want, avoid []string
	}{
		{"account acme.bsky.social", []string{"per impression", "clicks/impr."}, []string{"acme@mastodon.social"}},
		{"account acme@mastodon.social", []string{"per follower", "no clicks"}, []string{"acme.bsky.social "}},
		{"platform bluesky", []string{"acme.bsky.social", "per impression"}, []string{"acme@mastodon.social"}},
		{"platform mastodon", []string{"acme@mastodon.social"}, []string{"acme.bsky.social "}},
		{"all accounts", []string{"acme.bsky.social", "acme@mastodon.social"}, nil},
	}
	for _, s := range steps {
		drive(t, a, press("a"))
		f := paneBody(a)
		if !strings.Contains(strings.SplitN(f, "\n", 3)[1], s.scope) {
			t.Fatalf("header does not say %q:\n%s", s.scope, f)
		}
		body := f[strings.Index(f, "PLATFORM"):]
		for _, w := range s.want {
			if !strings.Contains(f, w) {
				t.Errorf("%s: lacks %q:\n%s", s.scope, w, f)
			}
		}
		for _, w := range s.avoid {
			if strings.Contains(body, w) {
				t.Errorf("%s: shows %q:\n%s", s.scope, w, f)
			}
		}
	}
}

func TestMetricsClientSwitchReloads(t *testing.T) {
	a := metricsApp(t, "acme", 100, 30)
	if f := paneBody(a); !strings.Contains(f, "Coffee note") || !strings.Contains(f, "acme.bsky.social") {
		t.Fatalf("acme lacks its posts:\n%s", f)
	}
	drive(t, a, press("a")) // a scope of acme's …
	drive(t, a, press("c"))
	drive(t, a, typing("glob")...)
	drive(t, a, press("enter"))
	f := paneBody(a)
	for _, w := range []string{"Globex Corp · 2 Nov – 1 Dec 2026", "all accounts", "globex.bsky.social", "14,300", "No measured posts"} {
		if !strings.Contains(f, w) {
			t.Errorf("globex lacks %q:\n%s", w, f)
		}
	}
	for _, w := range []string{"acme", "Coffee note"} {
		if strings.Contains(f, w) {
			t.Errorf("globex shows %q of acme:\n%s", w, f)
		}
	}
}

func TestMetricsStaleResultIsDropped(t *testing.T) {
	a := metricsApp(t, "acme", 100, 30)
	stale := a.metrics.Reload() // a 30-day load, overtaken by the key below
	_, cmd := a.Update(press("p"))
	drive(t, a, runCmd(t, cmd))
	want := frame(a)
	if !strings.Contains(want, "90d") {
		t.Fatalf("p did not load 90 days:\n%s", want)
	}
	posts90 := cardValue(t, a, "Posts")
	drive(t, a, runCmd(t, stale))
	if got := frame(a); got != want || cardValue(t, a, "Posts") != posts90 {
		t.Errorf("a stale load changed the pane:\n%s\nwant:\n%s", got, want)
	}
}

func TestMetricsBodyScrollsAt80x24(t *testing.T) {
	a := metricsApp(t, "acme", 80, 24)
	requireFits(t, a, 80, 24)
	if f := frame(a); !strings.HasSuffix(strings.Split(f, "\n")[1], " ↓") || strings.Contains(f, "TOP POSTS") {
		t.Fatalf("80×24 should start at the top with more below:\n%s", f)
	}
	for range 6 {
		drive(t, a, ctrlKey("ctrl+d"))
	}
	requireFits(t, a, 80, 24)
	f := frame(a)
	if !strings.Contains(f, "BOTTOM POSTS") || !strings.Contains(f, "★ best") {
		t.Fatalf("scrolled to the end, no heatmap legend and bottom posts:\n%s", f)
	}
	if !strings.Contains(f, "Followers") {
		t.Errorf("the cards should stay while the body scrolls:\n%s", f)
	}
	// j brings the selected account back into view.
	drive(t, a, press("k"))
	if f := frame(a); !strings.Contains(f, "› bluesky") {
		t.Errorf("k did not scroll the selection back:\n%s", f)
	}
	drive(t, a, ctrlKey("ctrl+u"), ctrlKey("ctrl+u"), ctrlKey("ctrl+u"))
	if f := frame(a); !strings.Contains(f, "PLATFORM") {
		t.Errorf("ctrl+u did not scroll back up:\n%s", f)
	}
}

func TestMetricsWideAndLight(t *testing.T) {
	db := openStore(t)
	fixture(t, db)
	seedPostMetrics(t, db)
	a := newApp(t, Deps{DB: db, Theme: "light"})
	start(t, a, 140, 40)
	drive(t, a, press("3"))
	requireFits(t, a, 140, 40)
	f := frame(a)
	for _, w := range []string{"FOLLOWERS", "ENGAGEMENT BY POST", "BEST TIME", "TOP POSTS"} {
		if !strings.Contains(f, w) {
			t.Errorf("140×40 lacks %q:\n%s", w, f)
		}
	}
	// Side by side: the followers table and the bar chart share a line.
	for _, l := range strings.Split(f, "\n") {
		if strings.Contains(l, "PLATFORM") && !strings.Contains(l, "ENGAGEMENT BY POST") {
			t.Errorf("not side by side at 140 columns:\n%s", f)
		}
	}
}

// TestMetricsGolden snapshots the pane with post metrics at 100×30 and 80×24.
// Regenerate with: go test ./tui -run TestMetricsGolden -update
func TestMetricsGolden(t *testing.T) {
	for _, s := range []struct {
		name string
		w, h int
		keys []string
	}{
		{"100x30", 100, 30, nil},
		{"80x24", 80, 24, nil},
		{"80x24Scrolled", 80, 24, []string{"ctrl+d", "ctrl+d"}},
		{"100x30Bluesky7d", 100, 30, []string{"a", "p", "p"}},
	} {
		t.Run(s.name, func(t *testing.T) {
			a := metricsApp(t, "acme", s.w, s.h)
			for _, k := range s.keys {
				drive(t, a, ctrlKey(k))
			}
			golden.RequireEqual(t, plainFrame(a))
		})
	}
}

// ctrlKey is press with ctrl+d and ctrl+u too.
func ctrlKey(k string) tea.KeyPressMsg {
	if c, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	return press(k)
}

// A period seen before comes from the pane's cache; a Reload (after a sync) reads the
// store again.
func TestMetricsReloadReadsWhatTheCacheHides(t *testing.T) {
	a := metricsApp(t, "acme", 100, 30)
	if f := frame(a); !strings.Contains(f, "1,620") {
		t.Fatalf("acme-bsky followers missing:\n%s", f)
	}
	// A sync stores a newer count.
	if err := a.d.DB.AppendMetrics(context.Background(), []social.MetricPoint{{AccountID: "acme-bsky",
		Name: social.MetricFollowers, Value: 1700, At: fixedNow.Add(-time.Minute)}}); err != nil {
		t.Fatal(err)
	}
	drive(t, a, press("["), press("]"))
	if f := frame(a); !strings.Contains(f, "1,620") {
		t.Fatalf("back to the period: want the cached count:\n%s", f)
	}
	drive(t, a, runCmd(t, a.metrics.Reload()))
	if f := frame(a); !strings.Contains(f, "1,700") || !strings.Contains(f, "+440") {
		t.Errorf("Reload kept the old count:\n%s", f)
	}
}

// While a period's load is on its way the header says so over the old figures.
func TestMetricsHeaderSaysLoadingUntilTheResultArrives(t *testing.T) {
	a := metricsApp(t, "acme", 100, 30)
	_, cmd := a.Update(press("p"))
	if f := frame(a); !strings.Contains(f, "90d") || !strings.Contains(f, "loading") {
		t.Fatalf("header during the load:\n%s", f)
	}
	drive(t, a, runCmd(t, cmd))
	if f := frame(a); strings.Contains(f, "loading") {
		t.Fatalf("header after the load:\n%s", f)
	}
}
