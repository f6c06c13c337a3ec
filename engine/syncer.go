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

// The streams a sync pulls per account; each has its own cursor row.
const (
	StreamInbox   = "inbox"
	StreamDMs     = "dms"
	StreamMetrics = "metrics"
)

// Syncer pulls inbox items, DMs and metrics through the adapters into the store.
type Syncer struct {
	DB        *store.DB
	Platforms *platforms.Set
	Now       func() time.Time // nil: time.Now
	Log       *slog.Logger     // nil: discard
	// MaxPages bounds one stream's pages per run, so one busy account cannot starve the
	// rest; the cursor carries on next time. 0: 20.
	MaxPages int
	// MetricsEvery is the shortest gap between two metric snapshots of an account. 0: 1h.
	MetricsEvery time.Duration
}

// SyncReport counts what one run fetched.
type SyncReport struct {
	Accounts      int
	NewItems      int
	MetricPoints  int
	Skipped       int // streams not due yet (rate limit or interval)
	Errors        []error
	AccountErrors map[string]error
}

// Err joins the per-account errors, or nil.
func (r SyncReport) Err() error { return errors.Join(r.Errors...) }

// Summary is one line for the status bar and the CLI.
func (r SyncReport) Summary() string {
	s := fmt.Sprintf("%d accounts, %d new items, %d metric points", r.Accounts, r.NewItems, r.MetricPoints)
	if n := len(r.Errors); n > 0 {
		s += fmt.Sprintf(", %d errors", n)
	}
	return s
}

func (s *Syncer) now() time.Time    { return utcNow(s.Now) }
func (s *Syncer) log() *slog.Logger { return orDiscard(s.Log) }

// SyncClient syncs every account of a client ("" for all clients). An account's failure
// is recorded on its cursor and in the report; the other accounts still sync.
func (s *Syncer) SyncClient(ctx context.Context, clientID string) (SyncReport, error) {
	rep := SyncReport{AccountErrors: map[string]error{}}
	accts, err := s.DB.Accounts(ctx, clientID)
	if err != nil {
		return rep, err
	}
	for _, a := range accts {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		rep.Accounts++
		if err := s.SyncAccount(ctx, a, &rep); err != nil {
			err = fmt.Errorf("%s: %w", a.ID, err)
			rep.Errors = append(rep.Errors, err)
			rep.AccountErrors[a.ID] = err
		}
	}
	return rep, nil
}

// SyncAccount pulls every stream the account's adapter offers.
func (s *Syncer) SyncAccount(ctx context.Context, a social.Account, rep *SyncReport) error {
	ad, err := s.Platforms.Get(a.Platform)
	if err != nil {
		return err
	}
	var errs []error
	if r, ok := ad.(platforms.InboxReader); ok {
		errs = append(errs, s.stream(ctx, a, StreamInbox, rep, r.FetchInbox))
	}
	if d, ok := ad.(platforms.DirectMessager); ok {
		errs = append(errs, s.stream(ctx, a, StreamDMs, rep, d.FetchDMs))
	}
	if m, ok := ad.(platforms.MetricsReader); ok {
		errs = append(errs, s.metrics(ctx, a, m, rep))
	}
	return errors.Join(errs...)
}

type fetchFunc func(ctx context.Context, a social.Account, cursor string) (platforms.InboxPage, error)

// stream pages through one inbox stream from its stored cursor. The cursor is saved after
// every stored page, so an interrupted sync resumes where it stopped.
func (s *Syncer) stream(ctx context.Context, a social.Account, name string, rep *SyncReport, fetch fetchFunc) error {
	cur, err := s.DB.Cursor(ctx, a.ID, name)
	if err != nil {
		return err
	}
	if s.now().Before(cur.NextAt) {
		rep.Skipped++
		return nil
	}
	maxPages := s.MaxPages
	if maxPages <= 0 {
		maxPages = 20
	}
	for range maxPages {
		page, err := fetch(ctx, a, cur.Cursor)
		if err != nil {
			return s.fail(ctx, cur, err)
		}
		for i := range page.Items {
			page.Items[i].AccountID = a.ID
		}
		n, err := s.DB.UpsertInbox(ctx, page.Items)
		if err != nil {
			return err
		}
		rep.NewItems += n
		if page.Cursor != "" {
			cur.Cursor = page.Cursor
		}
		cur.LastOK, cur.LastError, cur.NextAt = s.now(), "", time.Time{}
		if err := s.DB.SaveCursor(ctx, cur); err != nil {
			return err
		}
		if !page.More {
			break
		}
	}
	return nil
}

// fail records a stream's error on its cursor and pushes its next run out: as far as the
// platform asked when rate limited, a minute otherwise.
func (s *Syncer) fail(ctx context.Context, cur social.SyncCursor, err error) error {
	wait := platforms.RetryAfter(err)
	if wait <= 0 {
		wait = time.Minute
	}
	if flagLogin(ctx, s.DB, s.log(), cur.AccountID, err) {
		// Asking again with refused credentials helps nobody; logging in again lifts
		// this wait (store.SetNeedsLogin).
		wait = time.Hour
	}
	cur.LastError, cur.NextAt = err.Error(), s.now().Add(wait)
	s.log().Warn("sync failed", "account", cur.AccountID, "stream", cur.Stream, "err", err, "next", cur.NextAt)
	if serr := s.DB.SaveCursor(context.WithoutCancel(ctx), cur); serr != nil {
		return errors.Join(err, serr)
	}
	return fmt.Errorf("%s: %w", cur.Stream, err)
}

// metrics appends a snapshot of the account's numbers and its recent posts' numbers.
func (s *Syncer) metrics(ctx context.Context, a social.Account, m platforms.MetricsReader, rep *SyncReport) error {
	cur, err := s.DB.Cursor(ctx, a.ID, StreamMetrics)
	if err != nil {
		return err
	}
	every := s.MetricsEvery
	if every <= 0 {
		every = time.Hour
	}
	now := s.now()
	if now.Before(cur.NextAt) || (!cur.LastOK.IsZero() && now.Sub(cur.LastOK) < every) {
		rep.Skipped++
		return nil
	}
	points, err := m.AccountMetrics(ctx, a)
	if err != nil {
		return s.fail(ctx, cur, err)
	}
	ids, err := s.DB.PublishedRemoteIDs(ctx, a.ID, now.AddDate(0, 0, -30), 100)
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		pp, err := m.PostMetrics(ctx, a, ids)
		if err != nil {
			return s.fail(ctx, cur, err)
		}
		points = append(points, pp...)
	}
	for i := range points {
		points[i].AccountID = a.ID
		if points[i].At.IsZero() {
			points[i].At = now
		}
	}
	if err := s.DB.AppendMetrics(ctx, points); err != nil {
		return err
	}
	rep.MetricPoints += len(points)
	cur.LastOK, cur.LastError, cur.NextAt = now, "", time.Time{}
	return s.DB.SaveCursor(ctx, cur)
}
