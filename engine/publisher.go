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
type Publisher struct {
	DB          *store.DB
	Platforms   *platforms.Set
	Now         func() time.Time // nil: time.Now
	Lease       time.Duration    // how long a claim holds; 0: 2 minutes
	MaxAttempts int              // transient failures retried this often; 0: 5
	Log         *slog.Logger     // nil: discard
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
	Error     string
}

func (p *Publisher) now() time.Time    { return utcNow(p.Now) }
func (p *Publisher) log() *slog.Logger { return orDiscard(p.Log) }

// PublishDue claims and sends every target due now, one at a time, until none is left.
// It returns early only when ctx ends or the store fails; a target's own failure is
// recorded on the target and counted.
func (p *Publisher) PublishDue(ctx context.Context) (PublishReport, error) {
	var rep PublishReport
	var err error
	if rep.PublishedByPlatform, err = p.CheckHandedOff(ctx); err != nil {
		return rep, err
	}
	if rep.HandedOff, err = p.HandOff(ctx); err != nil {
		return rep, err
	}
	for ctx.Err() == nil {
		c, ok, err := p.DB.ClaimDue(ctx, p.now(), p.lease())
		if err != nil {
			return rep, err
		}
		if !ok {
			return rep, nil
		}
		out := p.publish(ctx, c)
		switch out.Status {
		case social.StatusPublished:
			rep.Published++
		case social.StatusScheduled:
			rep.Retrying++
		default:
			rep.Failed++
		}
		rep.Targets = append(rep.Targets, out)
	}
	return rep, ctx.Err()
}

// publish sends one claimed target and records the result.
func (p *Publisher) publish(ctx context.Context, c store.Claim) TargetOutcome {
	t := c.Target
	out := TargetOutcome{TargetID: t.ID, AccountID: t.AccountID}
	log := p.log().With("target", t.ID, "account", t.AccountID, "attempt", t.Attempts)

	stop := p.keepClaim(ctx, c, log)
	res, err := p.send(ctx, c)
	stop()
	if len(res.Parts) > 0 && err != nil {
		// Part of a thread went out: remember it before anything else can fail.
		if rerr := p.DB.RecordSentParts(context.WithoutCancel(ctx), t.ID, res.Parts); rerr != nil {
			log.Error("record sent thread parts", "err", rerr)
		}
	}
	if err == nil {
		r := resultOf(res)
		if r.At.IsZero() {
			r.At = p.now()
		}
		// The post is out: record it even if ctx was cancelled meanwhile.
		if err := p.DB.CompletePublish(context.WithoutCancel(ctx), t.ID, r); err != nil {
			log.Error("record publish", "err", err)
			out.Error = err.Error()
		}
		log.Info("published", "remote_id", res.RemoteID)
		out.Status, out.RemoteURL = social.StatusPublished, res.URL
		return out
	}

	out.Error = err.Error()
	retryAt := time.Time{}
	max := p.MaxAttempts
	if max <= 0 {
		max = 5
	}
	if platforms.Retryable(err) && t.Attempts < max {
		retryAt = p.now().Add(Backoff(t.Attempts, platforms.RetryAfter(err)))
		out.Status = social.StatusScheduled
		log.Warn("publish failed, will retry", "err", err, "retry_at", retryAt)
	} else {
		out.Status = social.StatusFailed
		log.Error("publish failed", "err", err)
	}
	flagLogin(ctx, p.DB, log, t.AccountID, err)
	if ferr := p.DB.FailPublish(context.WithoutCancel(ctx), t.ID, err.Error(), retryAt); ferr != nil {
		log.Error("record failure", "err", ferr)
	}
	return out
}

// keepClaim extends the claim's lease while a send runs (a thread with media can outlast
// one lease), so no other process reclaims a target that is still being sent. It returns
// the function that stops it.
func (p *Publisher) keepClaim(ctx context.Context, c store.Claim, log *slog.Logger) func() {
	lease := p.lease()
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if err := p.DB.ExtendClaim(ctx, c, p.now().Add(lease)); err != nil && ctx.Err() == nil {
					log.Error("extend lease", "err", err)
					return
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}

func (p *Publisher) lease() time.Duration {
	if p.Lease > 0 {
		return p.Lease
	}
	return 2 * time.Minute
}

// ErrMaybePublished stops a recovered target on a platform that can neither deduplicate
// nor be searched: sending again could post twice, so a person must look.
var ErrMaybePublished = errors.New("an earlier attempt may have published this post and the platform cannot tell: check the account, then reschedule or mark it published")

// send picks the adapter call for the target's kind. A target recovered from an expired
// lease is only re-sent where that cannot post twice.
func (p *Publisher) send(ctx context.Context, c store.Claim) (platforms.Published, error) {
	t := c.Target
	ad, err := p.Platforms.Get(c.Account.Platform)
	if err != nil {
		return platforms.Published{}, &platforms.RejectedError{Reason: err.Error()}
	}
	caps := platforms.Fill(ad)
	if c.Recovered && caps.IdempotentPublish && caps.IdempotencyWindow > 0 {
		// The earlier attempt began when its lease did; once the platform has forgotten
		// its key, sending again could post twice, and so could trusting FindPublished.
		began := c.LostLease.Add(-p.lease())
		if p.now().Sub(began) > caps.IdempotencyWindow {
			return platforms.Published{}, ErrMaybePublished
		}
	}
	if c.Recovered && !caps.IdempotentPublish {
		rec, ok := ad.(platforms.Reconciler)
		if !ok {
			return platforms.Published{}, ErrMaybePublished
		}
		since := t.DueAt.Add(-time.Hour)
		found, ok, err := rec.FindPublished(ctx, c.Account, t.IdemKey, since)
		if err != nil {
			return platforms.Published{}, fmt.Errorf("check whether an earlier attempt went out: %w", err)
		}
		if ok {
			return found, nil
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

func unsupported(a social.Account, what string) error {
	return &platforms.RejectedError{Reason: fmt.Sprintf("%s does not support %s: %v", a.Platform, what, platforms.ErrUnsupported)}
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
