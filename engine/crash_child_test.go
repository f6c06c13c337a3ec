package engine

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// The crash tests' child process is this test binary run again with crashChildEnv set:
// it publishes from the store file it is given until nothing is due, unless its parent
// kills it first. It says "READY" when it starts publishing, "STOPPED <point>" when it
// stops itself at a crash point for its parent to kill it there, and "DONE" at the end.
const (
	crashChildEnv    = "CHORUS_CRASH_CHILD"    // set: run as the child
	crashDBEnv       = "CHORUS_CRASH_DB"       // the store file
	crashTokenEnv    = "CHORUS_CRASH_TOKEN"    // the instance's token
	crashPlatformEnv = "CHORUS_CRASH_PLATFORM" // the accounts' platform
	crashLeaseEnv    = "CHORUS_CRASH_LEASE"    // the publisher's lease
	crashStopEnv     = "CHORUS_CRASH_STOP"     // "point:n": stop the nth time point is reached
)

// TestCrashChild is the child process of the crash tests; run alone it is skipped.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashChildEnv) == "" {
		t.Skip("the crash tests' child process: run by them")
	}
	if stop := os.Getenv(crashStopEnv); stop != "" {
		point, nth, _ := strings.Cut(stop, ":")
		n, _ := strconv.Atoi(nth)
		var seen atomic.Int32
		crashPoint = func(p string) {
			if p == point && int(seen.Add(1)) == n {
				fmt.Println("STOPPED", p)
				time.Sleep(time.Hour) // until the parent's SIGKILL
			}
		}
	}
	ctx := context.Background()
	db, err := store.Open(ctx, os.Getenv(crashDBEnv))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	accts, err := db.Accounts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	lease, err := time.ParseDuration(os.Getenv(crashLeaseEnv))
	if err != nil {
		t.Fatal(err)
	}
	platform := social.Platform(os.Getenv(crashPlatformEnv))
	pub := &Publisher{DB: db, Platforms: mastoSet(t, platform, accts, os.Getenv(crashTokenEnv)), Lease: lease, Workers: 4,
		Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	fmt.Println("READY")
	for {
		if _, err := pub.PublishDue(ctx); err != nil {
			t.Fatal(err)
		}
		next, err := db.NextDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if next.IsZero() {
			fmt.Println("DONE")
			return
		}
		// Claims a killed predecessor left behind come free when their leases run out.
		time.Sleep(min(max(time.Until(next), 5*time.Millisecond), 100*time.Millisecond))
	}
}
