package seed

import (
	"container/heap"
	"context"
	"fmt"
	"strconv"

	"github.com/chorus-social/chorus/social"
)

// inboxBatch is how many items go into one transaction: large enough that the per-commit
// cost vanishes, small enough that progress moves (ARCHITECTURE.md measured ~20,000 rows/s).
const inboxBatch = 5000

// stream is one account's run of items being merged: the next index to emit and the end.
type stream struct {
	acct      social.Account
	next, end int
	at        int64 // arrival of item next, unix ms
}

// byArrival is a min-heap of streams by the arrival of their next item.
type byArrival []*stream

func (h byArrival) Len() int { return len(h) }
func (h byArrival) Less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].acct.ID < h[j].acct.ID
}
func (h byArrival) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *byArrival) Push(x any)   { *h = append(*h, x.(*stream)) }
func (h *byArrival) Pop() any {
	old := *h
	s := old[len(old)-1]
	*h = old[:len(old)-1]
	return s
}

// seedInbox writes the last n items that arrived before now, spread evenly over the
// accounts, in arrival order across all accounts. Inbox ids must grow with time (keyset
// pages and FTS order rely on it); writing in time order keeps that true whether the store
// numbers rows by insertion or by time, makes every insert land at the end of the id
// b-tree, and leaves a consistent history at each batch boundary. It leaves each account's
// sync cursors after its last item, so the demo adapter's next sync continues there.
func (r *run) seedInbox(ctx context.Context, n int) (int, error) {
	if n == 0 || len(r.accounts) == 0 {
		return 0, nil
	}
	h := make(byArrival, 0, len(r.accounts))
	for j, a := range r.accounts {
		k := n / len(r.accounts)
		if j < n%len(r.accounts) {
			k++
		}
		end := r.gen.ArrivedBefore(a.ID, r.now)
		s := &stream{acct: a, next: end - k, end: end}
		if k > 0 {
			s.at = r.gen.ArrivalTime(a.ID, s.next).UnixMilli()
			h = append(h, s)
		}
		// Every account gets its cursors, even one without items.
		for _, stream := range []string{"inbox", "dms"} {
			c := social.SyncCursor{AccountID: a.ID, Stream: stream, Cursor: strconv.Itoa(end - 1), LastOK: r.now}
			if err := r.db.SaveCursor(ctx, c); err != nil {
				return 0, fmt.Errorf("seed sync cursor of %s: %w", a.ID, err)
			}
		}
	}
	heap.Init(&h)
	batch := make([]social.InboxItem, 0, inboxBatch)
	added, done := 0, 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		k, err := r.db.UpsertInbox(ctx, batch)
		if err != nil {
			return fmt.Errorf("seed inbox: %w", err)
		}
		added += k
		done += len(batch)
		batch = batch[:0]
		r.progress("inbox", done, n)
		return ctx.Err()
	}
	for h.Len() > 0 {
		s := h[0]
		batch = append(batch, r.gen.InboxItem(s.acct, s.next))
		s.next++
		if s.next == s.end {
			heap.Pop(&h)
		} else {
			s.at = r.gen.ArrivalTime(s.acct.ID, s.next).UnixMilli()
			heap.Fix(&h, 0)
		}
		if len(batch) == inboxBatch {
			if err := flush(); err != nil {
				return added, err
			}
		}
	}
	return added, flush()
}
