// Package conformance is the contract every platform adapter must pass, run against the
// platform's local test server: the same subtests, with the same names, for every adapter
// (as rclone's fstests are for its backends). An adapter is done when
//
//	func TestConformance(t *testing.T) { conformance.Run(t, harness) }
//
// passes. Subtests for capabilities an adapter does not have (no InboxReader, Caps.Threads
// false, …) skip themselves and say why; anything else the platform cannot do is listed
// in Harness.Unimplementable with a reason.
package conformance

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// Harness connects the suite to one adapter and its test server.
type Harness struct {
	// New returns an adapter wired to the platform's local test server, and an account
	// that exists there. It is called once per subtest.
	New func(t *testing.T) (platforms.Adapter, social.Account)
	// Faulty returns an adapter whose server answers every call with the given fault
	// ("rate", "auth", "transient"); nil skips the fault matrix.
	Faulty func(t *testing.T, fault string) (platforms.Adapter, social.Account)
	// Incoming makes the server produce n new inbox items for the account (mentions or
	// replies) and returns; nil skips the inbox paging checks that need it.
	Incoming func(t *testing.T, a social.Account, n int)
	// Unimplementable lists subtests to skip, each "Path/Of/Subtest: reason" (the path as
	// t.Run names it below Run, e.g. "Thread/ResumeThread"). A skipped parent skips its
	// children.
	Unimplementable []string
}

// Faults are the fault names Harness.Faulty must understand.
var Faults = []string{"rate", "auth", "transient"}

// callTimeout bounds every adapter call, so a hang fails its subtest instead of the run.
const callTimeout = 30 * time.Second

// Run runs the whole suite as subtests of t.
func Run(t *testing.T, h Harness) {
	if h.New == nil {
		t.Fatal("conformance: Harness.New is nil")
	}
	s := &suite{h: h, root: t.Name()}
	s.run(t, "Info", s.info)
	s.run(t, "Publish", s.publish)
	s.run(t, "PublishTooLong", s.publishTooLong)
	s.run(t, "PublishEmpty", s.publishEmpty)
	s.run(t, "Thread", s.thread)
	s.run(t, "Media", s.media)
	s.run(t, "InboxPaging", s.inboxPaging)
	s.run(t, "Reply", s.reply)
	s.run(t, "Like", s.like)
	s.run(t, "DMs", s.dms)
	s.run(t, "Metrics", s.metrics)
	s.run(t, "Reconcile", s.reconcile)
	s.run(t, "Faults", s.faults)
	s.run(t, "ContextCancelled", s.contextCancelled)
}

type suite struct {
	h    Harness
	root string // the name of the test that called Run
}

// run is t.Run that honours Harness.Unimplementable.
func (s *suite) run(t *testing.T, name string, fn func(t *testing.T)) bool {
	return t.Run(name, func(t *testing.T) {
		path := strings.TrimPrefix(t.Name(), s.root+"/")
		for _, u := range s.h.Unimplementable {
			sub, reason, _ := strings.Cut(u, ":")
			if strings.TrimSpace(sub) == path {
				t.Skipf("unimplementable on this platform: %s", strings.TrimSpace(reason))
			}
		}
		fn(t)
	})
}

// ctx returns a context that ends with the subtest or after callTimeout.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), callTimeout)
	t.Cleanup(cancel)
	return c
}

// newKey returns an idempotency key shaped like the store's: 128 random bits in hex.
func newKey() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// text returns a short unique post text, so platforms that refuse duplicate content
// (X, for one) accept every post of a run.
func text(what string) string {
	return "chorus conformance: " + what + " " + newKey()[:8]
}

// post is a one-part Publishable with a fresh key.
func post(what string) platforms.Publishable {
	return platforms.Publishable{Parts: []social.Part{{Text: text(what)}}, IdemKey: newKey()}
}

// mustPublish publishes a one-part post and checks the answer's shape.
func mustPublish(t *testing.T, ad platforms.Adapter, a social.Account, what string) (platforms.Published, platforms.Publishable) {
	t.Helper()
	p := post(what)
	pub, err := ad.Publish(ctx(t), a, p)
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	if pub.RemoteID == "" {
		t.Fatalf("Publish returned no RemoteID: %+v", pub)
	}
	return pub, p
}

// since returns the lower bound to give FindPublished for a post: shortly before it went
// out by the adapter's own clock (test servers may run on an injected one).
func since(pub platforms.Published) time.Time {
	if pub.At.IsZero() {
		return time.Now().Add(-time.Hour)
	}
	return pub.At.Add(-time.Hour)
}
