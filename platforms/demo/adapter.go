// Package demo is a simulated social network for the first-run demo, the benchmarks' seed
// data and many tests. It is deterministic: everything it shows is a pure function of a
// seed, an account id, an index and the time, so two processes with the same seed see the
// same network. Incoming mentions, replies and DMs arrive over time at a few an hour per
// account; follower counts and post metrics evolve smoothly.
//
// It registers two platforms, "demo" and "demo-micro", that differ only in their rules.
// Configure each under platforms.<name>: "seed" (a whole number, default 1) and, for
// tests, "fail" ("rate", "auth" or "transient") to make every call fail with that typed
// error.
package demo

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/rivo/uniseg"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// The interfaces the demo network implements; the compiler checks the list.
var (
	_ platforms.Adapter        = (*Adapter)(nil)
	_ platforms.InboxReader    = (*Adapter)(nil)
	_ platforms.DirectMessager = (*Adapter)(nil)
	_ platforms.Replier        = (*Adapter)(nil)
	_ platforms.Liker          = (*Adapter)(nil)
	_ platforms.ThreadReader   = (*Adapter)(nil)
	_ platforms.MetricsReader  = (*Adapter)(nil)
	_ platforms.Reconciler     = (*Adapter)(nil)
)

// Adapter serves the demo network. Posts it publishes live in memory, so FindPublished and
// Thread know them within one process; across processes publishing stays idempotent
// because a post's id is derived from its account and idempotency key alone.
type Adapter struct {
	net  *network // nil: the demo one
	gen  *Generator
	now  func() time.Time
	fail string // "", "rate", "auth" or "transient"

	mu    sync.Mutex
	byKey map[string]platforms.Published // account id + "\x00" + idempotency key
	posts map[string]sentPost            // remote id → what went out
	likes map[string]bool                // account id + "\x00" + remote id
	auto  int                            // counter for publishes without a key
}

// sentPost is one part published through the adapter.
type sentPost struct {
	acct    string
	at      time.Time
	text    string
	replyTo string
}

// New builds the demo adapter from env.Options ("seed", "fail") and env's clock.
func New(env platforms.Env) (*Adapter, error) { return newAdapter(env, mainNet) }

func newAdapter(env platforms.Env, net network) (*Adapter, error) {
	seed, err := SeedOption(env.Options["seed"])
	if err != nil {
		return nil, err
	}
	a := &Adapter{
		net:   &net,
		gen:   NewGenerator(seed),
		now:   env.Clock(),
		byKey: map[string]platforms.Published{},
		posts: map[string]sentPost{},
		likes: map[string]bool{},
	}
	if f, ok := env.Options["fail"]; ok && f != nil {
		s, _ := f.(string)
		switch s {
		case "", "rate", "auth", "transient":
			a.fail = s
		default:
			return nil, fmt.Errorf("demo option fail=%v: want rate, auth or transient", f)
		}
	}
	return a, nil
}

// Generator returns the generator behind the network, for tests that need to know what
// it will serve.
func (a *Adapter) Generator() *Generator { return a.gen }

func (a *Adapter) network() *network {
	if a.net == nil {
		return &mainNet
	}
	return a.net
}

// Info describes the network the adapter plays.
func (a *Adapter) Info() platforms.Info {
	n := a.network()
	return platforms.Info{
		Name:        n.name,
		DisplayName: n.display,
		Caps: platforms.Capabilities{
			MaxLength:         n.maxLen,
			Count:             n.count,
			MaxImages:         n.maxImg,
			MaxImageBytes:     8 << 20,
			MaxAltText:        n.maxAlt,
			Threads:           true,
			IdempotentPublish: true,
			Impressions:       true,
			Metrics:           MetricNames,
		},
	}
}

// check runs before every call: a cancelled context wins, then an injected fault.
func (a *Adapter) check(ctx context.Context, acct social.Account) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	switch a.fail {
	case "rate":
		return &platforms.RateLimitedError{RetryAfter: 2 * time.Second, Limit: 300}
	case "auth":
		return &platforms.AuthExpiredError{AccountID: acct.ID, Detail: "the demo network refuses every login (fail=auth)"}
	case "transient":
		return &platforms.TransientError{Status: 503, Err: errors.New("the demo network fails every call (fail=transient)")}
	}
	return nil
}

// Publish posts p (every part after p.Sent) from the account. The same idempotency key
// always yields the same ids, so a retry never makes a second post.
func (a *Adapter) Publish(ctx context.Context, acct social.Account, p platforms.Publishable) (platforms.Published, error) {
	return a.send(ctx, acct, 'k', p)
}

// validate applies the network's rules to what is about to be sent.
func (n *network) validate(p platforms.Publishable) error {
	if len(p.Parts) == 0 {
		return &platforms.RejectedError{Reason: "nothing to publish"}
	}
	if len(p.Sent) > len(p.Parts) {
		return &platforms.RejectedError{Reason: fmt.Sprintf("%d parts already sent of a %d-part thread", len(p.Sent), len(p.Parts))}
	}
	for i, part := range p.Parts {
		if c := n.count(part.Text); c > n.maxLen {
			return &platforms.TooLongError{Length: c, Limit: n.maxLen}
		}
		if isBlank(part.Text) && len(part.Media) == 0 {
			return &platforms.RejectedError{Reason: fmt.Sprintf("part %d has no text and no media", i+1)}
		}
		if len(part.Media) > n.maxImg {
			return &platforms.RejectedError{Reason: fmt.Sprintf("part %d has %d images; at most %d", i+1, len(part.Media), n.maxImg)}
		}
		for j, m := range part.Media {
			if m.Path == "" {
				return &platforms.RejectedError{Reason: fmt.Sprintf("image %d of part %d has no file", j+1, i+1)}
			}
			if c := uniseg.GraphemeClusterCount(m.Alt); c > n.maxAlt {
				return &platforms.RejectedError{Reason: fmt.Sprintf("alt text of image %d is %d long; at most %d", j+1, c, n.maxAlt)}
			}
		}
	}
	return nil
}

func isBlank(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}

// send publishes a post ('k'), reply ('r') or DM ('m'); p.ReplyTo holds what a reply
// answers or the DM's conversation. The kind letter keeps the three id spaces apart.
func (a *Adapter) send(ctx context.Context, acct social.Account, kind byte, p platforms.Publishable) (platforms.Published, error) {
	if err := a.check(ctx, acct); err != nil {
		return platforms.Published{}, err
	}
	if err := a.network().validate(p); err != nil {
		return platforms.Published{}, err
	}
	now := a.now().UTC().Truncate(time.Second)
	a.mu.Lock()
	defer a.mu.Unlock()
	key := p.IdemKey
	if key == "" {
		// No key: nothing to deduplicate on, so every call is a new post.
		a.auto++
		key = fmt.Sprintf("auto-%d-%d", now.UnixNano(), a.auto)
	} else if prev, ok := a.byKey[acct.ID+"\x00"+key]; ok {
		return prev, nil
	}
	base := fmt.Sprintf("demo-%s-%c%012x", acct.ID, kind, a.gen.hash(acct.ID+"\x00"+key, saltIdem, int64(kind))>>16)
	ids := append([]string(nil), p.Sent...)
	for i := len(p.Sent); i < len(p.Parts); i++ {
		id := base
		if i > 0 {
			id += "-" + strconv.Itoa(i+1)
		}
		replyTo := p.ReplyTo
		if i > 0 {
			replyTo = ids[i-1] // a thread is each part answering the one before
		}
		a.posts[id] = sentPost{acct: acct.ID, at: now, text: p.Parts[i].Text, replyTo: replyTo}
		ids = append(ids, id)
	}
	pub := platforms.Published{RemoteID: ids[0], URL: PostURL(acct, ids[0]), At: now, Parts: ids}
	if p.IdemKey != "" {
		a.byKey[acct.ID+"\x00"+p.IdemKey] = pub
	}
	return pub, nil
}
