package conformance

import (
	"slices"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

func (s *suite) metrics(t *testing.T) {
	ad, a := s.h.New(t)
	mr, ok := ad.(platforms.MetricsReader)
	if !ok {
		t.Skip("not a MetricsReader")
	}
	names := ad.Info().Caps.Metrics
	pts, err := mr.AccountMetrics(ctx(t), a)
	if err != nil {
		t.Fatalf("AccountMetrics: %v", err)
	}
	followers := false
	for _, p := range pts {
		checkPoint(t, p, a, names)
		if p.PostRemoteID != "" {
			t.Errorf("account metric %s has PostRemoteID %q", p.Name, p.PostRemoteID)
		}
		followers = followers || p.Name == social.MetricFollowers
	}
	if !followers {
		t.Errorf("AccountMetrics has no %q point: %+v", social.MetricFollowers, pts)
	}

	pub, _ := mustPublish(t, ad, a, "metrics")
	// Some platforms index new posts asynchronously (Bluesky's AppView): ask a few times.
	var post []social.MetricPoint
	for try := range 5 {
		if post, err = mr.PostMetrics(ctx(t), a, []string{pub.RemoteID}); err != nil {
			t.Fatalf("PostMetrics for %s: %v", pub.RemoteID, err)
		}
		if len(post) > 0 {
			break
		}
		time.Sleep(time.Duration(try+1) * 200 * time.Millisecond)
	}
	if len(post) == 0 {
		t.Fatalf("PostMetrics for the just-published %s returned nothing", pub.RemoteID)
	}
	for _, p := range post {
		checkPoint(t, p, a, names)
		if p.PostRemoteID != pub.RemoteID {
			t.Errorf("post metric %s has PostRemoteID %q, want %q", p.Name, p.PostRemoteID, pub.RemoteID)
		}
	}
}

// checkPoint checks what the engine needs to store a snapshot.
func checkPoint(t *testing.T, p social.MetricPoint, a social.Account, names []string) {
	t.Helper()
	if p.Name == "" {
		t.Errorf("metric point without a name: %+v", p)
	} else if !slices.Contains(names, p.Name) {
		t.Errorf("metric %q is not listed in Caps.Metrics %q", p.Name, names)
	}
	if p.AccountID != a.ID {
		t.Errorf("metric %s has AccountID %q, want %q", p.Name, p.AccountID, a.ID)
	}
	if p.At.IsZero() {
		t.Errorf("metric %s has no At", p.Name)
	}
	if p.Value < 0 {
		t.Errorf("metric %s = %d, want >= 0", p.Name, p.Value)
	}
}

func (s *suite) reconcile(t *testing.T) {
	ad, a := s.h.New(t)
	rec, ok := ad.(platforms.Reconciler)
	if !ok {
		t.Skip("not a Reconciler")
	}
	pub, p := mustPublish(t, ad, a, "reconcile")
	got, found, err := rec.FindPublished(ctx(t), a, p.IdemKey, since(pub))
	if err != nil || !found {
		t.Fatalf("FindPublished(key of a published post) = %v, %v; want found", found, err)
	}
	if got.RemoteID != pub.RemoteID {
		t.Errorf("FindPublished found %q, the post is %q", got.RemoteID, pub.RemoteID)
	}
	_, found, err = rec.FindPublished(ctx(t), a, newKey(), since(pub))
	if err != nil || found {
		t.Fatalf("FindPublished(unknown key) = %v, %v; want false, nil", found, err)
	}
}
