package engine

import (
	"context"
	"sync"
	"time"

	"github.com/chorus-social/chorus/store"
)

// holdings are the claims a run holds and has not finished with: the ones whose leases it
// keeps extending.
type holdings struct {
	mu sync.Mutex
	m  map[int64]store.Claim
}

// add holds the new claims and returns those to send. A target the run already holds is
// one whose lease ran out while a lane still has it (a starved writer): that lane goes on
// with it, and the new claim is left to run out (its send, if any, is recovered then).
func (h *holdings) add(cs []store.Claim) []store.Claim {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := cs[:0]
	for _, c := range cs {
		if _, ok := h.m[c.Target.ID]; ok {
			continue
		}
		h.m[c.Target.ID] = c
		out = append(out, c)
	}
	return out
}

func (h *holdings) drop(cs ...store.Claim) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range cs {
		delete(h.m, c.Target.ID)
	}
}

func (h *holdings) all() []store.Claim {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]store.Claim, 0, len(h.m))
	for _, c := range h.m {
		out = append(out, c)
	}
	return out
}

// keepClaims extends the leases of every claim the run holds, a third of a lease before
// they run out, so no other process takes a target that waits for a worker or is being
// sent (a thread with media can outlast one lease). It returns the function that stops it.
func (p *Publisher) keepClaims(snd *store.Sender, held *holdings) func() {
	lease := p.lease()
	ctx, cancel := context.WithCancel(context.Background())
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
				cs := held.all()
				if len(cs) == 0 {
					continue
				}
				lost, err := snd.ExtendClaims(ctx, cs, p.now().Add(lease))
				if err != nil && ctx.Err() == nil {
					p.log().Error("extend leases", "err", err)
				}
				for _, c := range lost {
					p.log().Warn("claim no longer ours (claimed elsewhere, or paused)", "target", c.Target.ID)
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}
