package daemon

import (
	"context"
	"time"
)

// syncLoop syncs every account at once and then every SyncInterval. The Syncer stops as
// soon as ctx ends; what it stored by then stays.
func (r *runner) syncLoop(ctx context.Context) {
	tick := time.NewTicker(r.cfg.SyncInterval)
	defer tick.Stop()
	for {
		if !r.standingBy() {
			r.sync(ctx)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (r *runner) sync(ctx context.Context) {
	rep, err := r.cfg.Syncer.SyncClient(ctx, "")
	if ctx.Err() != nil {
		return
	}
	switch {
	case err != nil:
		r.log.Error("sync", "err", err)
	case rep.Err() != nil:
		r.log.Warn("sync", "summary", rep.Summary(), "err", rep.Err())
	default:
		r.log.Info("sync", "summary", rep.Summary())
	}
	if r.cfg.OnSync != nil {
		r.cfg.OnSync(rep, err)
	}
}
