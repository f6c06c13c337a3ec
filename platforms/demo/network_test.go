package demo

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

var acmePhotos = social.Account{ID: "acme-photos", ClientID: "acme", Platform: MicroName,
	Handle: "acme@photos.demo", DisplayName: "Acme Outdoor Co."}

func microAdapter(t *testing.T, now *time.Time) *Adapter {
	t.Helper()
	a, err := NewMicro(platforms.Env{Now: func() time.Time { return *now }})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// The two networks differ where the composer shows it: the limit and how a link counts.
func TestNetworksCountByTheirOwnRules(t *testing.T) {
	now := day
	main, micro := testAdapter(t, &now, nil).Info(), microAdapter(t, &now).Info()
	if main.Name != Name || micro.Name != MicroName || micro.DisplayName != "Demo Micro" {
		t.Fatalf("names: %q %q %q", main.Name, micro.Name, micro.DisplayName)
	}
	if main.Caps.MaxLength != 500 || micro.Caps.MaxLength != 300 || micro.Caps.MaxImages != 4 || micro.Caps.MaxAltText != 1000 {
		t.Fatalf("limits: %+v / %+v", main.Caps, micro.Caps)
	}
	link := "see https://acme.example/a/very/long/path/to/the/spring/catalogue"
	for _, tc := range []struct {
		s           string
		main, micro int
	}{
		{"hello", 5, 5},
		{"👍🏽 👨‍👩‍👧", 3, 3},
		{link, len("see ") + 23, len(link)},
		{"hi @acme@social.demo", 8, 20},
	} {
		if got := main.Caps.Count(tc.s); got != tc.main {
			t.Errorf("demo Count(%q) = %d, want %d", tc.s, got, tc.main)
		}
		if got := micro.Caps.Count(tc.s); got != tc.micro {
			t.Errorf("demo-micro Count(%q) = %d, want %d", tc.s, got, tc.micro)
		}
	}
}

func TestMicroRefusesWhatDemoTakes(t *testing.T) {
	now := day
	main, micro := testAdapter(t, &now, nil), microAdapter(t, &now)
	ctx := context.Background()
	long := platforms.Publishable{Parts: parts(strings.Repeat("a", 301)), IdemKey: "long"}
	if _, err := main.Publish(ctx, acme, long); err != nil {
		t.Fatalf("demo refused 301 letters: %v", err)
	}
	var tl *platforms.TooLongError
	if _, err := micro.Publish(ctx, acmePhotos, long); !errors.As(err, &tl) || tl.Limit != 300 || tl.Length != 301 {
		t.Fatalf("demo-micro: got %v, want TooLongError 301/300", err)
	}
	alt := platforms.Publishable{IdemKey: "alt", Parts: []social.Part{{Text: "x",
		Media: []social.Media{{Path: "/tmp/x.png", Alt: strings.Repeat("a", 1001)}}}}}
	if _, err := main.Publish(ctx, acme, alt); err != nil {
		t.Fatalf("demo refused 1001 letters of alt text: %v", err)
	}
	var rej *platforms.RejectedError
	if _, err := micro.Publish(ctx, acmePhotos, alt); !errors.As(err, &rej) {
		t.Fatalf("demo-micro took 1001 letters of alt text: %v", err)
	}
}

// Everything a demo-micro account gets says demo-micro, so the inbox filters and the
// thread view keep the two networks apart.
func TestMicroItemsCarryTheirPlatform(t *testing.T) {
	now := day
	a := microAdapter(t, &now)
	ctx := context.Background()
	page, err := a.FetchInbox(ctx, acmePhotos, "")
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("FetchInbox: %d items, %v", len(page.Items), err)
	}
	dms, err := a.FetchDMs(ctx, acmePhotos, "")
	if err != nil || len(dms.Items) == 0 {
		t.Fatalf("FetchDMs: %d items, %v", len(dms.Items), err)
	}
	var reply social.InboxItem
	for _, it := range append(page.Items, dms.Items...) {
		if it.Platform != MicroName {
			t.Fatalf("item %s is on %q", it.RemoteID, it.Platform)
		}
		if it.Kind == social.InboxReply {
			reply = it
		}
	}
	thread, err := a.Thread(ctx, acmePhotos, reply.RemoteID)
	if err != nil || len(thread) < 2 {
		t.Fatalf("Thread: %d entries, %v", len(thread), err)
	}
	for _, it := range thread {
		if it.Platform != MicroName {
			t.Errorf("thread entry %s is on %q", it.RemoteID, it.Platform)
		}
	}
	if _, err := a.Reply(ctx, acmePhotos, reply.RemoteID, platforms.Publishable{Parts: parts("thanks!"), IdemKey: "r"}); err != nil {
		t.Errorf("Reply: %v", err)
	}
	if err := a.Like(ctx, acmePhotos, reply.RemoteID); err != nil || !a.Liked(acmePhotos, reply.RemoteID) {
		t.Errorf("Like: %v", err)
	}
	if ms, err := a.AccountMetrics(ctx, acmePhotos); err != nil || len(ms) != 3 {
		t.Errorf("AccountMetrics: %v, %v", ms, err)
	}
}

func TestBothNetworksAreRegistered(t *testing.T) {
	for _, p := range Platforms() {
		r, err := platforms.Lookup(p)
		if err != nil {
			t.Fatal(err)
		}
		ad, err := r.New(platforms.Env{})
		if err != nil || ad.Info().Name != p || r.DisplayName != ad.Info().DisplayName {
			t.Errorf("%s: registry builds %v (%v)", p, ad.Info().Name, err)
		}
	}
}
