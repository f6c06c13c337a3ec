package engine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chorus-social/chorus/internal/benchstat"
	"github.com/chorus-social/chorus/platforms/mastodon"
	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
)

// BenchmarkPublishLag: 1,000 posts of 25 accounts (5 clients) due at the same instant,
// published by one PublishDue started at that instant through the real Mastodon adapter
// and a local instance. Each post's lag runs from its due time to its request reaching
// the instance; p50/p95/p99 over every post of every iteration.
//
//	go test -run x -bench PublishLag -benchtime 1x ./engine/
func BenchmarkPublishLag(b *testing.B) {
	const posts, clients, perClient = 1000, 5, 5
	var lag benchstat.Latencies
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		r := newRig(b, clients, perClient, mastodon.Name, mastodontest.Options{})
		pub := r.publisher(b, r.db)
		due := time.Now().Add(time.Second).Truncate(time.Millisecond)
		specs := make([]postSpec, posts)
		for i := range specs {
			specs[i] = postSpec{acct: r.accts[i%len(r.accts)], texts: []string{fmt.Sprintf("post %d, on time", i)}, due: due}
		}
		r.schedule(b, specs)
		time.Sleep(time.Until(due))
		b.StartTimer()
		rep, err := pub.PublishDue(ctx)
		b.StopTimer()
		if err != nil || rep.Published != posts {
			b.Fatalf("published %d of %d (%d failed, %d retrying): %v", rep.Published, posts, rep.Failed, rep.Retrying, err)
		}
		n := 0
		for _, req := range r.srv.Requests("/api/v1/statuses") {
			if req.IdemKey != "" {
				lag.Add(req.At.Sub(due))
				n++
			}
		}
		if n != posts {
			b.Fatalf("%d requests with a key reached the instance, want %d", n, posts)
		}
		b.StartTimer()
	}
	lag.Report(b)
}
