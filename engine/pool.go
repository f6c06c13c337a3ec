package engine

import (
	"context"
	"sync"
	"time"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// drain claims due targets in batches and sends them with the workers until none is
// left, ctx ends or the store fails. A batch never holds an account that has a send in
// flight (store.ClaimBatch), so each lane is an account's whole share of the work for now
// and the account's targets go out in order.
func (p *Publisher) drain(ctx context.Context, rep *PublishReport) error {
	workers := p.workers()
	// Claims wait for a worker under leases that keepClaims extends. A good many per
	// worker make long lanes (each send's completion is written with the next one's begin)
	// and few claims; the queue is topped up when half empty.
	batch := 16 * workers
	sendCtx, stopSends := p.sendContext(ctx)
	defer stopSends()

	snd, err := p.DB.NewSender(ctx)
	if err != nil {
		return err
	}
	defer snd.Close()
	lg := startLedger(snd, p.now, p.lease(), workers)
	held := &holdings{m: map[int64]store.Claim{}}
	stopKeeping := p.keepClaims(snd, held)
	lanes := make(chan []store.Claim)
	results := make(chan laneResult)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for l := range lanes {
				results <- p.runLane(ctx, sendCtx, lg, held, l)
			}
		})
	}
	defer func() { close(lanes); wg.Wait(); lg.stop(); stopKeeping() }()

	var (
		queue     [][]store.Claim
		n         int // claims queued or being sent
		running   int // lanes with a worker
		claimMore = true
		failed    error
		done      = ctx.Done()
	)
	for {
		if claimMore && failed == nil && ctx.Err() == nil && n <= batch/2 {
			cs, err := snd.ClaimBatch(ctx, p.now(), p.lease(), batch-n)
			switch {
			case err != nil && ctx.Err() == nil:
				failed = err
			case len(cs) > 0:
				cs = held.add(cs)
				reach(pointClaimed)
				queue = append(queue, byAccount(cs)...)
				n += len(cs)
			}
		}
		claimMore = false
		if (failed != nil || ctx.Err() != nil) && len(queue) > 0 {
			for _, l := range queue {
				held.drop(l...)
				n -= p.release(ctx, l)
			}
			queue = nil
		}
		if len(queue) == 0 && running == 0 {
			return failed
		}
		var send chan<- []store.Claim
		var next []store.Claim
		if len(queue) > 0 {
			send, next = lanes, queue[0]
		}
		select {
		case send <- next:
			queue = queue[1:]
			running++
		case r := <-results:
			running--
			n -= r.claims
			for _, o := range r.outcomes {
				rep.add(o)
			}
			if r.err != nil && failed == nil {
				failed = r.err
			}
			claimMore = true
		case <-done:
			done = nil // give back what waits in the queue, then wait for the lanes
		}
	}
}

// release gives back claims whose sends were not begun, and returns how many it was given.
func (p *Publisher) release(ctx context.Context, cs []store.Claim) int {
	for _, c := range cs {
		if err := p.DB.ReleaseClaim(context.WithoutCancel(ctx), c); err != nil {
			// It runs out with its lease and is claimed again then, as a fresh claim.
			p.log().Warn("give back a claim", "target", c.Target.ID, "err", err)
		}
	}
	return len(cs)
}

// byAccount splits a batch into lanes, one per account, each in the batch's due order.
func byAccount(cs []store.Claim) [][]store.Claim {
	idx := map[string]int{}
	var out [][]store.Claim
	for _, c := range cs {
		i, ok := idx[c.Target.AccountID]
		if !ok {
			i = len(out)
			idx[c.Target.AccountID] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], c)
	}
	return out
}

// sendContext is the context sends run under: it outlives ctx by Grace, so a send in
// flight when the publisher is stopped can finish and record its outcome.
func (p *Publisher) sendContext(ctx context.Context) (context.Context, context.CancelFunc) {
	sendCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	grace := p.Grace
	if grace <= 0 {
		grace = DefaultGrace
	}
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(grace, cancel) })
	return sendCtx, func() { stop(); cancel() }
}

func (p *Publisher) workers() int {
	if p.Workers > 0 {
		return p.Workers
	}
	return DefaultWorkers
}

// add counts one target's outcome.
func (r *PublishReport) add(o TargetOutcome) {
	switch o.Status {
	case social.StatusPublished:
		r.Published++
	case social.StatusScheduled:
		r.Retrying++
	default:
		r.Failed++
	}
	r.Targets = append(r.Targets, o)
}
