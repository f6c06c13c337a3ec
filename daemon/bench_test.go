package daemon

import (
	"context"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

// The wake-up's price: what the runner pays every Poll (data_version on its own
// connection), against re-reading NextDue at the same rate, with 1,000 posts scheduled.
// On the 2-core dev machine: data_version ~9µs, NextDue ~180µs.

func benchDB(b *testing.B) (string, context.Context) {
	path, db := tempDB(b)
	var posts []*social.Post
	for i := range 1000 {
		posts = append(posts, &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "p"}},
			Targets: []social.Target{{AccountID: account, Status: social.StatusScheduled, DueAt: time.Now().Add(time.Duration(i+1) * time.Minute)}}})
	}
	if err := db.CreatePosts(context.Background(), posts); err != nil {
		b.Fatal(err)
	}
	return path, context.Background()
}

func BenchmarkDataVersion(b *testing.B) {
	path, ctx := benchDB(b)
	w, err := openWatcher(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer w.close()
	for b.Loop() {
		if _, err := w.changed(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNextDue(b *testing.B) {
	path, ctx := benchDB(b)
	db := openDB(b, path)
	for b.Loop() {
		if _, err := db.NextDue(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
