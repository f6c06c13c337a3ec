package engine

import (
	"context"
	"time"

	"github.com/chorus-social/chorus/store"
)

// ledger writes the workers' bookkeeping: every send starts with a write (its begin) and
// ends with one (its completion). A lane writes the completion of one send with the begin
// of the next, and entries that arrive while a write runs go together into the next one
// (group commit), so the one writer does not turn a busy minute's sends into a queue of
// single transactions.
type ledger struct {
	snd   *store.Sender
	now   func() time.Time
	lease time.Duration
	reqs  chan *entry
	done  chan struct{}
}

// entry is one write a worker waits for: a completion, a claim whose send begins, or both.
type entry struct {
	complete          *store.Completion
	begin             *store.Claim
	doneErr, beginErr error
	ready             chan struct{}
}

func startLedger(snd *store.Sender, now func() time.Time, lease time.Duration, workers int) *ledger {
	l := &ledger{snd: snd, now: now, lease: lease, reqs: make(chan *entry, workers), done: make(chan struct{})}
	go l.run()
	return l
}

// stop ends the ledger once every entry sent to it is written.
func (l *ledger) stop() {
	close(l.reqs)
	<-l.done
}

// record writes that done went out and that begin's send starts now (extending its
// lease), either may be nil. beginErr wraps store.ErrLeaseLost when another process has
// begin's target: it must not be sent.
func (l *ledger) record(done *store.Completion, begin *store.Claim) (doneErr, beginErr error) {
	if done == nil && begin == nil {
		return nil, nil
	}
	e := &entry{complete: done, begin: begin, ready: make(chan struct{})}
	l.reqs <- e
	<-e.ready
	return e.doneErr, e.beginErr
}

func (l *ledger) run() {
	defer close(l.done)
	for e := range l.reqs {
		batch := []*entry{e}
	more:
		for {
			select {
			case e, ok := <-l.reqs:
				if !ok {
					break more
				}
				batch = append(batch, e)
			default:
				break more
			}
		}
		l.write(batch)
	}
}

// write records a batch in one transaction. It is not cancelled: what went out must be
// recorded whatever stops the publisher.
func (l *ledger) write(batch []*entry) {
	var claims []store.Claim
	var done []store.Completion
	for _, e := range batch {
		if e.begin != nil {
			claims = append(claims, *e.begin)
		}
		if e.complete != nil {
			done = append(done, *e.complete)
		}
	}
	now := l.now()
	beginErrs, doneErrs, err := l.snd.Record(context.Background(), claims, now, now.Add(l.lease), done)
	b, d := 0, 0
	for _, e := range batch {
		if e.begin != nil {
			e.beginErr = err
			if err == nil {
				e.beginErr = beginErrs[b]
			}
			b++
		}
		if e.complete != nil {
			e.doneErr = err
			if err == nil {
				e.doneErr = doneErrs[d]
			}
			d++
		}
		close(e.ready)
	}
}
