package engine

import (
	"context"
	"errors"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// laneResult is what a worker reports after sending one lane: one account's claims of a
// batch, in due order.
type laneResult struct {
	claims   int
	outcomes []TargetOutcome
	err      error // the store failed
}

// lane sends one account's claims in order, recording each send's completion together
// with the begin of the next.
type lane struct {
	p            *Publisher
	ctx, sendCtx context.Context
	lg           *ledger
	held         *holdings
	r            laneResult
	done         *store.Completion // the last send that went out, not yet recorded
	doneOut      TargetOutcome
}

// runLane sends claims in order. When ctx ends or the store fails it gives back the claims
// not begun.
func (p *Publisher) runLane(ctx, sendCtx context.Context, lg *ledger, held *holdings, claims []store.Claim) laneResult {
	l := &lane{p: p, ctx: ctx, sendCtx: sendCtx, lg: lg, held: held, r: laneResult{claims: len(claims)}}
	for i, c := range claims {
		if ctx.Err() != nil || l.r.err != nil {
			l.record(nil)
			p.release(ctx, claims[i:])
			held.drop(claims[i:]...)
			return l.r
		}
		l.send(c)
	}
	l.record(nil)
	return l.r
}

// send begins, sends and records one claim.
func (l *lane) send(c store.Claim) {
	p, t := l.p, c.Target
	log := p.log().With("target", t.ID, "account", t.AccountID, "attempt", t.Attempts)
	if err := l.record(&c); err != nil {
		l.held.drop(c)
		if errors.Is(err, store.ErrLeaseLost) {
			log.Warn("not sent: the claim is no longer ours (claimed elsewhere, or paused)", "err", err)
			return
		}
		l.r.err = err
		return
	}
	reach(pointBegun)
	res, err := p.send(l.sendCtx, c)
	keep := context.WithoutCancel(l.ctx)
	if len(res.Parts) > 0 && err != nil {
		// Part of a thread went out: remember it before anything else can fail.
		if rerr := p.DB.RecordSentParts(keep, t.ID, res.Parts); rerr != nil {
			log.Error("record sent thread parts", "err", rerr)
		}
	}
	out := TargetOutcome{TargetID: t.ID, AccountID: t.AccountID}
	if err == nil {
		reach(pointSent)
		r := resultOf(res)
		if r.At.IsZero() {
			r.At = p.now()
		}
		log.Info("published", "remote_id", res.RemoteID)
		out.Status, out.RemoteURL = social.StatusPublished, res.URL
		l.done, l.doneOut = &store.Completion{ID: t.ID, Result: r}, out
		return
	}
	defer l.held.drop(c)
	f := p.judge(l.sendCtx, c, err)
	out.Status, out.Error = social.StatusFailed, f.msg
	if !f.retryAt.IsZero() {
		out.Status = social.StatusScheduled
		log.Warn("publish failed, will retry", "err", err, "retry_at", f.retryAt)
	} else {
		log.Error("publish failed", "err", err)
	}
	flagLogin(l.ctx, p.DB, log, t.AccountID, err)
	if ferr := p.DB.FailAttempt(keep, c, f.msg, f.retryAt, f.maybeOut); ferr != nil {
		if errors.Is(ferr, store.ErrLeaseLost) {
			log.Warn("failure not recorded: the claim is no longer ours", "err", ferr)
			return
		}
		l.r.err = ferr
	}
	l.r.outcomes = append(l.r.outcomes, out)
}

// record writes the last send's completion, and the begin of c's send when c is not nil;
// it returns the begin's error.
func (l *lane) record(c *store.Claim) error {
	doneErr, beginErr := l.lg.record(l.done, c)
	if l.done != nil {
		id := l.done.ID
		l.done = nil
		l.held.drop(store.Claim{Target: social.Target{ID: id}})
		switch {
		case errors.Is(doneErr, store.ErrNotFound):
			l.p.log().Warn("published, but the target is gone", "target", id)
		case doneErr != nil:
			// Out but not recorded: the target is recovered after its lease and re-sent
			// with its key, or found on the platform.
			l.p.log().Error("record publish", "target", id, "err", doneErr)
			l.doneOut.Error = doneErr.Error()
			l.r.err = doneErr
		}
		l.r.outcomes = append(l.r.outcomes, l.doneOut)
	}
	return beginErr
}
