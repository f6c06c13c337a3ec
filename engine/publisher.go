// Package engine holds the jobs between the platforms and the store: the Publisher drains
// the outbox, the Syncer pulls inbox items and metrics. The daemon, the CLI and the TUI
// all run the same engine.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// Publisher sends due targets through their adapters, exactly once.
//
// It claims due targets in batches and sends them with Workers goroutines; one
// account's targets go one at a time, in due order, so a backlog never comes out
// shuffled. Every claim is leased and fenced, so two processes (the TUI and the daemon)
// never send the same target; a target whose earlier send may have reached the platform
// is re-sent only where that cannot post twice.
type Publisher struct {
	DB        *store.DB
	Platforms *platforms.Set
	Now       func() time.Time // nil: time.Now
	Lease     time.Duration    // how long a claim holds; 0: 2 minutes
	// MaxAttempts caps how often a target is claimed before a transient failure fails it
	// for good; 0: no cap, RetryFor alone decides.
	MaxAttempts int
	// RetryFor is how long transient failures (network, server errors, rate limits) are
	// retried with backoff, counted from the later of the target's due time and its first
	// attempt (a post due while the laptop was shut gets its full hour when it wakes): a
	// post due at 09:00 is retried until 10:00, then it fails with a message saying what
	// went wrong. 0: one hour.
	RetryFor time.Duration
	// Workers is how many targets are sent at once; 0: 8.
	Workers int
	// Grace is how long sends in flight may go on after ctx ends, so stopping does not cut
	// a post off mid-request and leave its outcome unknown; 0: 15 seconds. Claimed targets
	// not yet begun are given back at once.
	Grace time.Duration
	Log   *slog.Logger // nil: discard
}

// PublishReport counts what one PublishDue run did.
type PublishReport struct {
	Published, Retrying, Failed int
	// HandedOff counts posts given to platforms that publish them at their time
	// themselves; PublishedByPlatform those such platforms reported published.
	HandedOff, PublishedByPlatform int
	Targets                        []TargetOutcome
}

// TargetOutcome is what happened to one target.
type TargetOutcome struct {
	TargetID  int64
	AccountID string
	Status    social.Status
	RemoteURL string
	// Error is what went wrong and what to do, in words for the user (the same text the
	// target keeps as its last error).
	Error string
}

// Defaults of the Publisher's fields.
const (
	DefaultLease    = 2 * time.Minute
	DefaultRetryFor = time.Hour
	DefaultWorkers  = 8
	DefaultGrace    = 15 * time.Second
)

func (p *Publisher) now() time.Time    { return utcNow(p.Now) }
func (p *Publisher) log() *slog.Logger { return orDiscard(p.Log) }

// PublishDue sends every target due now, until none is left. It returns early only when
// ctx ends or the store fails; a target's own failure is recorded on the target and
// counted. When ctx ends, sends in flight get Grace to finish and the rest wait for the
// next run.
func (p *Publisher) PublishDue(ctx context.Context) (PublishReport, error) {
	var rep PublishReport
	var err error
	if rep.PublishedByPlatform, err = p.CheckHandedOff(ctx); err != nil {
		return rep, err
	}
	if rep.HandedOff, err = p.HandOff(ctx); err != nil {
		return rep, err
	}
	if err := p.drain(ctx, &rep); err != nil {
		return rep, err
	}
	return rep, ctx.Err()
}

func (p *Publisher) lease() time.Duration {
	if p.Lease > 0 {
		return p.Lease
	}
	return DefaultLease
}

// ErrMaybePublished stops a recovered target on a platform that can neither deduplicate
// nor be searched: sending again could post twice, so a person must look.
var ErrMaybePublished = errors.New("an earlier attempt may have published this post and the platform cannot tell: check the account; if it is not there, retry it (p on the calendar)")

// send picks the adapter call for the target's kind. A target whose earlier send may have
// gone out is only re-sent where that cannot post twice.
func (p *Publisher) send(ctx context.Context, c store.Claim) (platforms.Published, error) {
	t := c.Target
	ad, err := p.Platforms.Get(c.Account.Platform)
	if err != nil {
		return platforms.Published{}, fmt.Errorf("%w: %v", errNoAdapter, err)
	}
	caps := platforms.Fill(ad)
	if c.Recovered && t.Kind != social.KindLike { // liking twice is no harm
		found, done, err := p.recover(ctx, ad, caps, c)
		if err != nil || done {
			return found, err
		}
		if len(found.Parts) > len(t.SentParts) {
			c.Target.SentParts = found.Parts // resume the thread after the parts found
		}
	}
	pub := publishable(c)
	switch t.Kind {
	case social.KindPost, "":
		return ad.Publish(ctx, c.Account, pub)
	case social.KindReply:
		r, ok := ad.(platforms.Replier)
		if !ok {
			return platforms.Published{}, unsupported(c.Account, "replies")
		}
		return r.Reply(ctx, c.Account, t.ReplyTo, pub)
	case social.KindLike:
		l, ok := ad.(platforms.Liker)
		if !ok {
			return platforms.Published{}, unsupported(c.Account, "likes")
		}
		if err := l.Like(ctx, c.Account, t.ReplyTo); err != nil {
			return platforms.Published{}, err
		}
		return platforms.Published{RemoteID: t.ReplyTo, At: p.now()}, nil
	case social.KindDM:
		d, ok := ad.(platforms.DirectMessager)
		if !ok {
			return platforms.Published{}, unsupported(c.Account, "direct messages")
		}
		return d.SendDM(ctx, c.Account, t.ReplyTo, pub)
	}
	return platforms.Published{}, &platforms.RejectedError{Reason: fmt.Sprintf("unknown target kind %q", t.Kind)}
}

// recover decides what to do with a target whose earlier send may have gone out: re-send
// with the same key where the platform still remembers it; otherwise ask the platform
// (Reconciler) and take what it found (done when every part is out); where neither is
// possible, stop with ErrMaybePublished rather than risk a double post.
func (p *Publisher) recover(ctx context.Context, ad platforms.Adapter, caps platforms.Capabilities, c store.Claim) (found platforms.Published, done bool, err error) {
	t := c.Target
	if caps.IdempotentPublish {
		if caps.IdempotencyWindow > 0 {
			began := c.SendBegan
			if began.IsZero() {
				began = c.LostLease.Add(-p.lease())
			}
			if p.now().Sub(began) > caps.IdempotencyWindow {
				return found, false, ErrMaybePublished
			}
		}
		return found, false, nil
	}
	rec, ok := ad.(platforms.Reconciler)
	if !ok {
		return found, false, ErrMaybePublished
	}
	since := t.DueAt.Add(-time.Hour)
	found, ok, err = rec.FindPublished(ctx, c.Account, t.IdemKey, since)
	if err != nil {
		return platforms.Published{}, false, fmt.Errorf("check whether an earlier attempt went out: %w", err)
	}
	if !ok {
		return platforms.Published{}, false, nil
	}
	if len(found.Parts) == 0 {
		found.Parts = []string{found.RemoteID}
	}
	return found, len(found.Parts) >= len(c.Parts), nil
}

// errNoAdapter: the account's platform has no adapter here (unknown, or it failed to start).
var errNoAdapter = errors.New("chorus cannot reach this platform")

func unsupported(a social.Account, what string) error {
	return fmt.Errorf("%s does not support %s: %w", a.Platform, what, platforms.ErrUnsupported)
}

// Backoff is the wait before retry number attempt (1-based): the platform's Retry-After
// when it gave one, else 30s doubling per attempt, capped at one hour.
func Backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return retryAfter
	}
	d := 30 * time.Second
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}
