package demo

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

var (
	acme = social.Account{ID: "acme-social", ClientID: "acme", Platform: Name, Handle: "acme@social.demo", DisplayName: "Acme Outdoor Co."}
	nova = social.Account{ID: "nova-pro", ClientID: "nova", Platform: Name, Handle: "nova@pro.demo", DisplayName: "Nova Fintech"}
	day  = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
)

func TestSameSeedMakesSameNetwork(t *testing.T) {
	g1, g2 := NewGenerator(7), NewGenerator(7)
	for i := -300; i < 300; i++ {
		if a, b := g1.InboxItem(acme, i), g2.InboxItem(acme, i); !reflect.DeepEqual(a, b) {
			t.Fatalf("item %d differs:\n%+v\n%+v", i, a, b)
		}
	}
	c := social.Client{ID: "acme", Name: "Acme Outdoor Co."}
	for i := range 50 {
		if g1.PostText(c, i) != g2.PostText(c, i) {
			t.Fatalf("post text %d differs", i)
		}
	}
	if g1.Followers(acme.ID, day) != g2.Followers(acme.ID, day) ||
		g1.PostMetric(acme.ID, "x", social.MetricLikes, time.Hour) != g2.PostMetric(acme.ID, "x", social.MetricLikes, time.Hour) {
		t.Fatal("metrics differ")
	}
}

func TestDifferentSeedMakesDifferentNetwork(t *testing.T) {
	g1, g2 := NewGenerator(7), NewGenerator(8)
	same := 0
	for i := range 200 {
		a, b := g1.InboxItem(acme, i), g2.InboxItem(acme, i)
		if a.Text == b.Text && a.AuthorID == b.AuthorID && a.CreatedAt.Equal(b.CreatedAt) {
			same++
		}
	}
	if same > 10 {
		t.Fatalf("%d of 200 items equal across seeds", same)
	}
	if g1.Followers(acme.ID, day) == g2.Followers(acme.ID, day) {
		t.Fatal("followers equal across seeds")
	}
}

func TestArrivedBeforeInvertsArrivalTime(t *testing.T) {
	g := NewGenerator(3)
	for _, a := range []string{acme.ID, nova.ID} {
		prev := time.Time{}
		for i := -3000; i < 3000; i++ {
			at := g.ArrivalTime(a, i)
			if !at.After(prev) {
				t.Fatalf("%s: item %d at %v, not after item %d at %v", a, i, at, i-1, prev)
			}
			if at.Nanosecond() != 0 {
				t.Fatalf("%s: item %d has sub-second time %v", a, i, at)
			}
			if n := g.ArrivedBefore(a, at); n != i {
				t.Fatalf("%s: ArrivedBefore(arrival of %d) = %d, want %d", a, i, n, i)
			}
			if n := g.ArrivedBefore(a, at.Add(time.Nanosecond)); n != i+1 {
				t.Fatalf("%s: ArrivedBefore(just after %d) = %d, want %d", a, i, n, i+1)
			}
			prev = at
		}
	}
}

func TestArrivedBeforeAtArbitraryTimes(t *testing.T) {
	g := NewGenerator(5)
	base := g.ArrivedBefore(acme.ID, day)
	for m := 0; m < 48*60; m += 7 {
		at := day.Add(time.Duration(m)*time.Minute + 13*time.Second)
		n := g.ArrivedBefore(acme.ID, at)
		// Brute force: count from a known point.
		want := base
		for g.ArrivalTime(acme.ID, want).Before(at) {
			want++
		}
		if n != want {
			t.Fatalf("ArrivedBefore(%v) = %d, want %d", at, n, want)
		}
	}
}

func TestArrivalRateIsAFewAnHour(t *testing.T) {
	g := NewGenerator(1)
	for _, a := range []string{"a", "b", "c", "acme-social", "bloom-photos", "nova-pro"} {
		perDay := g.ArrivedBefore(a, day.Add(24*time.Hour)) - g.ArrivedBefore(a, day)
		if perDay < 48 || perDay > 144 {
			t.Errorf("%s: %d items a day, want 2 to 6 an hour", a, perDay)
		}
	}
}

func TestKindMix(t *testing.T) {
	g := NewGenerator(11)
	counts := map[social.InboxKind]int{}
	const n = 40000
	for i := range n {
		counts[g.kindOf(acme.ID, i)]++
	}
	want := map[social.InboxKind]float64{
		social.InboxMention: 0.35, social.InboxReply: 0.30, social.InboxComment: 0.10, social.InboxQuote: 0.05,
		social.InboxDM: 0.10, social.InboxLike: 0.05, social.InboxRepost: 0.03, social.InboxFollow: 0.02,
	}
	for k, share := range want {
		if got := float64(counts[k]) / n; math.Abs(got-share) > 0.015 {
			t.Errorf("%s: share %.3f, want %.2f", k, got, share)
		}
	}
}

func TestInboxItemShape(t *testing.T) {
	g := NewGenerator(2)
	authors := map[string]int{}
	convs := map[string]int{}
	angry, mentions, named := 0, 0, 0
	for i := range 3000 {
		it := g.InboxItem(acme, i)
		if it.RemoteID != "demo-acme-social-"+strconv.Itoa(i) || it.AccountID != acme.ID || it.Platform != Name {
			t.Fatalf("item %d ids: %+v", i, it)
		}
		if !strings.HasPrefix(it.URL, "https://demo.chorus.invalid/@"+it.AuthorHandle+"/") {
			t.Fatalf("item %d URL %q", i, it.URL)
		}
		if it.AuthorID == "" || it.AuthorHandle == "" || it.AuthorName == "" || it.CreatedAt.IsZero() {
			t.Fatalf("item %d author or time missing: %+v", i, it)
		}
		authors[it.AuthorID]++
		switch it.Kind {
		case social.InboxDM:
			if it.ConversationID == "" || it.Text == "" {
				t.Fatalf("DM %d without conversation or text: %+v", i, it)
			}
			convs[it.ConversationID]++
		case social.InboxReply, social.InboxComment:
			if it.ParentRemoteID == "" || it.ConversationID != it.ParentRemoteID {
				t.Fatalf("reply %d: parent %q conversation %q", i, it.ParentRemoteID, it.ConversationID)
			}
			fallthrough
		case social.InboxQuote, social.InboxLike, social.InboxRepost:
			if !strings.HasPrefix(it.ParentRemoteID, "demo-acme-social-p") {
				t.Fatalf("item %d parent %q is not one of the account's posts", i, it.ParentRemoteID)
			}
		case social.InboxMention:
			mentions++
			if strings.Contains(it.Text, "@acme@social.demo") {
				named++
			}
		}
		if strings.Contains(it.Text, "{") || strings.Contains(strings.ToLower(it.Text), "the the ") {
			t.Fatalf("item %d reads badly: %q", i, it.Text)
		}
		if strings.Contains(it.Text, "Really disappointed") || strings.Contains(it.Text, "Please fix this") {
			angry++
		}
	}
	if len(authors) < 100 || len(authors) > 400 {
		t.Errorf("%d distinct authors, want a pool of a few hundred", len(authors))
	}
	top := 0
	for _, n := range authors {
		top = max(top, n)
	}
	if top < 20 {
		t.Errorf("the most active author wrote %d items: no regulars", top)
	}
	multi := 0
	for _, n := range convs {
		if n > 1 {
			multi++
		}
	}
	if multi < 5 {
		t.Errorf("only %d DM conversations with more than one message", multi)
	}
	if angry == 0 {
		t.Error("no complaints at all")
	}
	// A few general remarks do not name the brand; most mentions do, by definition.
	if named < mentions*3/4 {
		t.Errorf("%d of %d mentions name the account", named, mentions)
	}
}

func TestOwnPostsAreOrderedAndCounted(t *testing.T) {
	g := NewGenerator(1)
	for k := -50; k < 50; k++ {
		at := g.OwnPostAt(acme.ID, k)
		if !at.After(g.OwnPostAt(acme.ID, k-1)) {
			t.Fatalf("own post %d not after %d", k, k-1)
		}
		if n := g.OwnPostsBefore(acme.ID, at); n != k {
			t.Fatalf("OwnPostsBefore(post %d) = %d", k, n)
		}
		if n := g.OwnPostsBefore(acme.ID, at.Add(time.Second)); n != k+1 {
			t.Fatalf("OwnPostsBefore(just after post %d) = %d", k, n)
		}
	}
}

func TestFollowersGrowSmoothly(t *testing.T) {
	g := NewGenerator(9)
	for _, a := range []string{acme.ID, nova.ID, "x", "y"} {
		first := g.Followers(a, day.Add(-90*24*time.Hour))
		prev := first
		for d := -89; d <= 0; d++ {
			v := g.Followers(a, day.Add(time.Duration(d)*24*time.Hour))
			if v < 0 {
				t.Fatalf("%s: negative followers", a)
			}
			if math.Abs(float64(v-prev)) > 0.02*float64(prev)+5 {
				t.Fatalf("%s: day %d jumps from %d to %d", a, d, prev, v)
			}
			prev = v
		}
		if prev <= first {
			t.Errorf("%s: followers fell over 90 days: %d → %d", a, first, prev)
		}
	}
}

func TestPostMetricGrowsAndSaturates(t *testing.T) {
	g := NewGenerator(4)
	for _, post := range []string{"demo-acme-social-p1", "demo-acme-social-p2", "k"} {
		if v := g.PostMetric(acme.ID, post, social.MetricImpressions, 0); v != 0 {
			t.Fatalf("impressions at age 0 = %d", v)
		}
		for _, name := range PostMetricNames {
			prev := int64(0)
			for h := 1; h < 24*14; h++ {
				v := g.PostMetric(acme.ID, post, name, time.Duration(h)*time.Hour)
				if v < prev {
					t.Fatalf("%s %s fell from %d to %d at %dh", post, name, prev, v, h)
				}
				prev = v
			}
		}
		week := g.PostMetric(acme.ID, post, social.MetricImpressions, 7*24*time.Hour)
		month := g.PostMetric(acme.ID, post, social.MetricImpressions, 30*24*time.Hour)
		if week == 0 || float64(month-week) > 0.01*float64(week) {
			t.Errorf("%s: impressions week %d month %d: not saturating", post, week, month)
		}
		if g.PostMetric(acme.ID, post, social.MetricLikes, 48*time.Hour) > week {
			t.Errorf("%s: more likes than impressions", post)
		}
	}
}

func TestPostTextIsPlausible(t *testing.T) {
	g := NewGenerator(1)
	for _, c := range []social.Client{{ID: "acme", Name: "Acme Outdoor Co."}, {ID: "bloom", Name: "Bloom Bakery"},
		{ID: "nova", Name: "Nova Fintech"}, {ID: "zz", Name: "Harbor Coffee Roasters"}} {
		tags, links := 0, 0
		for i := range 200 {
			s := g.PostText(c, i)
			if s == "" || strings.Contains(s, "{") || strings.Contains(strings.ToLower(s), "the the ") || len([]rune(s)) > MaxLength {
				t.Fatalf("%s post %d: %q", c.ID, i, s)
			}
			if strings.Contains(s, "#") {
				tags++
			}
			if strings.Contains(s, "https://") {
				links++
			}
		}
		if tags < 50 || links < 20 {
			t.Errorf("%s: %d posts with hashtags, %d with links of 200", c.ID, tags, links)
		}
	}
	// Each client talks about its own trade: a bakery never launches a tent.
	for i := range 300 {
		if s := g.PostText(social.Client{ID: "bloom", Name: "Bloom Bakery"}, i); strings.Contains(s, "tent") ||
			strings.Contains(s, "#hiking") {
			t.Fatalf("bakery post %d speaks outdoor: %q", i, s)
		}
	}
}

func TestSeedOption(t *testing.T) {
	for _, tc := range []struct {
		in      any
		want    int64
		wantErr bool
	}{
		{nil, 1, false}, {int64(5), 5, false}, {7, 7, false}, {float64(9), 9, false}, {"12", 12, false},
		{"-3", -3, false}, {1.5, 0, true}, {"seven", 0, true}, {true, 0, true},
	} {
		got, err := SeedOption(tc.in)
		if (err != nil) != tc.wantErr || (!tc.wantErr && got != tc.want) {
			t.Errorf("SeedOption(%#v) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}
