package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// ErrNotHeld: Withdraw was asked for a target no platform holds.
var ErrNotHeld = errors.New("the platform does not hold this post")

// schedulers returns the platforms whose adapters can publish at a set time themselves.
func (p *Publisher) schedulers() map[social.Platform]platforms.ServerScheduler {
	out := map[social.Platform]platforms.ServerScheduler{}
	for _, name := range p.Platforms.Platforms() {
		ad, err := p.Platforms.Get(name)
		if err != nil {
			continue // a platform that cannot start here has nothing to hand off to
		}
		if s, ok := ad.(platforms.ServerScheduler); ok {
			out[name] = s
		}
	}
	return out
}

// HandOff gives single posts of clients that allow server-side scheduling to platforms
// that can publish them at their time, so they go out with chorus closed. A hand-off that
// fails leaves the post with chorus, which publishes it itself when it is due.
func (p *Publisher) HandOff(ctx context.Context) (int, error) {
	n := 0
	for name, s := range p.schedulers() {
		for ctx.Err() == nil {
			// A minute beyond the platform's minimum: uploads take time, and a post the
			// platform refuses as too soon would only fall back to chorus.
			c, ok, err := p.DB.ClaimHandOff(ctx, p.now(), s.MinLead()+time.Minute, p.lease(), []social.Platform{name})
			if err != nil {
				return n, err
			}
			if !ok {
				break
			}
			t := c.Target
			pub := publishable(c)
			ref, err := s.ScheduleOnServer(ctx, c.Account, pub, t.DueAt)
			if err != nil {
				p.log().Warn("hand-off failed; chorus will publish it itself", "target", t.ID, "err", err)
				flagLogin(ctx, p.DB, p.log(), t.AccountID, err)
				msg := "not handed to the platform (chorus will publish it itself): " + err.Error()
				retry := p.now().Add(Backoff(1, platforms.RetryAfter(err)))
				if rerr := p.DB.ReleaseHandOff(context.WithoutCancel(ctx), t.ID, msg, retry); rerr != nil {
					return n, rerr
				}
				continue
			}
			if err := p.DB.SetServerRef(context.WithoutCancel(ctx), t.ID, ref); err != nil {
				return n, err
			}
			p.log().Info("handed to the platform", "target", t.ID, "ref", ref, "due", t.DueAt)
			n++
		}
	}
	return n, ctx.Err()
}

// CheckHandedOff looks at the posts the platforms held whose time has come and records
// what became of them: published (with its id and address), or gone without being
// published, which stops for a person rather than publishing what someone may have
// cancelled on the platform on purpose.
func (p *Publisher) CheckHandedOff(ctx context.Context) (int, error) {
	due, err := p.DB.ServerScheduledDue(ctx, p.now())
	if err != nil {
		return 0, err
	}
	scheds := p.schedulers()
	n := 0
	for _, c := range due {
		t := c.Target
		s, ok := scheds[c.Account.Platform]
		if !ok {
			continue
		}
		pub := publishable(c)
		res, done, err := s.ScheduledState(ctx, c.Account, t.ServerRef, pub, t.DueAt)
		var nf *platforms.NotFoundError
		switch {
		case errors.As(err, &nf):
			msg := fmt.Sprintf("the platform no longer holds this post and did not publish it (%v); check the account, then reschedule", err)
			if err := p.DB.FailServerScheduled(context.WithoutCancel(ctx), t.ID, msg); err != nil {
				return n, err
			}
		case err != nil:
			p.log().Warn("check a post held by the platform", "target", t.ID, "err", err)
			flagLogin(ctx, p.DB, p.log(), t.AccountID, err)
		case done:
			r := resultOf(res)
			if err := p.DB.CompleteServerScheduled(context.WithoutCancel(ctx), t.ID, r); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// withdrawMargin: closer than this to its time, a post is left with the platform: it may
// be publishing it already, and taking it back then could post it twice.
const withdrawMargin = 2 * time.Minute

// Withdraw takes a post back from the platform that holds it, so it can be edited, moved,
// paused or deleted; chorus then publishes it itself unless it is handed over again.
func (p *Publisher) Withdraw(ctx context.Context, targetID int64) error {
	t, err := p.DB.Target(ctx, targetID)
	if err != nil {
		return err
	}
	if t.ServerRef == "" {
		return fmt.Errorf("target %d: %w", targetID, ErrNotHeld)
	}
	if p.now().After(t.DueAt.Add(-withdrawMargin)) {
		return fmt.Errorf("target %d is due at %s: too close to its time to take it back from the platform safely",
			targetID, t.DueAt.Format(time.RFC3339))
	}
	c, err := p.DB.Held(ctx, t.ID)
	if err != nil {
		return err
	}
	s, ok := p.schedulers()[c.Account.Platform]
	if !ok {
		return fmt.Errorf("target %d: %s cannot withdraw scheduled posts", targetID, c.Account.Platform)
	}
	if err := s.CancelScheduled(ctx, c.Account, t.ServerRef); err != nil {
		return fmt.Errorf("withdraw target %d from %s: %w", targetID, c.Account.Platform, err)
	}
	// A cancel of something already gone succeeds: make sure it was not published.
	pub := publishable(c)
	res, done, err := s.ScheduledState(ctx, c.Account, t.ServerRef, pub, t.DueAt)
	var nf *platforms.NotFoundError
	switch {
	case done:
		r := resultOf(res)
		if err := p.DB.CompleteServerScheduled(ctx, targetID, r); err != nil {
			return err
		}
		return fmt.Errorf("target %d: the platform had already published it (%s)", targetID, res.URL)
	case err != nil && !errors.As(err, &nf):
		return fmt.Errorf("target %d: withdrawn, but whether it went out cannot be checked: %w", targetID, err)
	}
	return p.DB.ClearServerRef(ctx, targetID)
}
