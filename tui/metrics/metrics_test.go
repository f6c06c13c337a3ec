package metrics

import (
	"testing"
	"time"

	fig "github.com/chorus-social/chorus/metrics"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

func TestPeriodLabelNamesTheFirstAndLastDay(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		p    fig.Period
		want string
	}{
		{fig.Period{From: d(2026, 11, 1), To: d(2026, 12, 1)}, "1 Nov – 30 Nov 2026"},
		{fig.Period{From: d(2026, 12, 25), To: d(2027, 1, 1)}, "25 Dec – 31 Dec 2026"},
		{fig.Period{From: d(2026, 12, 30), To: d(2027, 1, 6)}, "30 Dec 2026 – 5 Jan 2027"},
	} {
		if got := periodLabel(c.p); got != c.want {
			t.Errorf("periodLabel(%v) = %q, want %q", c.p, got, c.want)
		}
	}
}

func TestPeriodDefaultsToThe30DaysEndingToday(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	m := &Model{length: defaultLength}
	m.env.Now = func() time.Time { return now }
	if p := m.Period(); periodLabel(p) != "2 Nov – 1 Dec 2026" {
		t.Fatalf("default period %s", periodLabel(p))
	}
	m.end = m.Period().To.AddDate(0, 0, -30)
	if p := m.Period(); periodLabel(p) != "3 Oct – 1 Nov 2026" {
		t.Errorf("previous period %s", periodLabel(p))
	}
}

func TestScopesAreAllThenAccountsThenPlatforms(t *testing.T) {
	acct := func(id, platform string) store.AccountHealth {
		return store.AccountHealth{Account: social.Account{ID: id, Platform: social.Platform(platform)}}
	}
	m := &Model{}
	m.data.accounts = []store.AccountHealth{acct("a1", "bluesky"), acct("a2", "mastodon"), acct("a3", "bluesky")}
	want := []scope{{}, {scopeAccount, "a1"}, {scopeAccount, "a2"}, {scopeAccount, "a3"},
		{scopePlatform, "bluesky"}, {scopePlatform, "mastodon"}}
	got := m.scopes()
	if len(got) != len(want) {
		t.Fatalf("scopes %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("scope %d = %v, want %v", i, got[i], want[i])
		}
	}
	if n := len(inScope(m.data.accounts, scope{scopePlatform, "bluesky"})); n != 2 {
		t.Errorf("platform bluesky covers %d accounts, want 2", n)
	}
	if n := len(inScope(m.data.accounts, scope{scopeAccount, "a2"})); n != 1 {
		t.Errorf("account a2 covers %d accounts, want 1", n)
	}
}

func TestPercent(t *testing.T) {
	for r, want := range map[float64]string{0.0192: "1.92%", 0.125: "12.5%", 0: "0.00%"} {
		if got := percent(r); got != want {
			t.Errorf("percent(%v) = %q, want %q", r, got, want)
		}
	}
}
