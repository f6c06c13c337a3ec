package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
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

// Waits after a stream fails: minBackoff after the first failure, doubling with each
// failure in a row up to maxBackoff. A longer wait the platform asks for (Retry-After)
// wins.
const (
	minBackoff = time.Minute
	maxBackoff = time.Hour
)

// Syncer pulls inbox items, DMs and metrics through the adapters into the store.
//
// Every stream of every account keeps a cursor row (store.Cursor): where the last page
// stopped, when the stream may run next, when it last worked and its last error. A run
// skips streams whose time has not come, so calling SyncClient often never hammers a
// platform that failed or asked to wait. Items are upserted on (account, remote id), so
// a page fetched twice adds nothing and leaves local triage state (done, snoozed, labels,
// read) alone. A cancelled context stops the run at once and is not counted as a
// failure: the cursor stays at the last page stored.
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
	// QuotaReserve is how many requests of a platform's rate-limit window a sync leaves
	// for publishing and replies: once a page (platforms.InboxPage.Quota) reports no more
	// left than this, its stream stops paging and waits for the window to reset. 0: a
	// tenth of the window's limit, or 5 where the platform does not say its limit.
	QuotaReserve int
}

// SyncReport counts what one run fetched.
type SyncReport struct {
	Accounts      int
	NewItems      int
	MetricPoints  int
	Skipped       int // streams not due yet (rate limit, back-off or interval)
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

// StreamError is the failure of one stream of one account.
type StreamError struct {
	AccountID string
	Stream    string
	Err       error
}

func (e *StreamError) Error() string {
	return fmt.Sprintf("sync %s of %s: %v", e.Stream, e.AccountID, e.Err)
}

func (e *StreamError) Unwrap() error { return e.Err }

func (s *Syncer) now() time.Time    { return utcNow(s.Now) }
func (s *Syncer) log() *slog.Logger { return orDiscard(s.Log) }

// SyncClient syncs every account of a client ("" for all clients). An account's failure
// is recorded on its cursors and in the report; the other accounts still sync. The error
// is ctx's when the run was cancelled, with the report of what was done until then.
func (s *Syncer) SyncClient(ctx context.Context, clientID string) (SyncReport, error) {
	rep := SyncReport{AccountErrors: map[string]error{}}
	accts, err := s.DB.Accounts(ctx, clientID)
	if err != nil {
		return rep, err
	}
	for _, a := range accts {
		if ctx.Err() != nil {
			break
		}
		rep.Accounts++
		if errs := s.syncAccount(ctx, a, &rep); len(errs) > 0 {
			err := errors.Join(errs...)
			rep.Errors = append(rep.Errors, err)
			rep.AccountErrors[a.ID] = err
		}
	}
	return rep, ctx.Err()
}

// SyncAccount pulls every stream the account's adapter offers. Each error names the
// account and the stream (*StreamError); a cancelled ctx adds ctx's error.
func (s *Syncer) SyncAccount(ctx context.Context, a social.Account, rep *SyncReport) error {
	errs := s.syncAccount(ctx, a, rep)
	if err := ctx.Err(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// syncAccount runs the account's streams in turn and returns their failures, leaving out
// those that are only ctx ending.
func (s *Syncer) syncAccount(ctx context.Context, a social.Account, rep *SyncReport) []error {
	ad, err := s.Platforms.Get(a.Platform)
	if err != nil {
		return []error{fmt.Errorf("sync %s: %w", a.ID, err)}
	}
	var streams []func() error
	if r, ok := ad.(platforms.InboxReader); ok {
		streams = append(streams, func() error { return s.stream(ctx, a, StreamInbox, rep, r.FetchInbox) })
	}
	if d, ok := ad.(platforms.DirectMessager); ok {
		streams = append(streams, func() error { return s.stream(ctx, a, StreamDMs, rep, d.FetchDMs) })
	}
	if m, ok := ad.(platforms.MetricsReader); ok {
		streams = append(streams, func() error { return s.metrics(ctx, a, m, rep) })
	}
	var errs []error
	for _, pull := range streams {
		if ctx.Err() != nil {
			break
		}
		if err := pull(); err != nil && !errors.Is(err, ctx.Err()) {
			errs = append(errs, err)
		}
	}
	return errs
}

type fetchFunc func(ctx context.Context, a social.Account, cursor string) (platforms.InboxPage, error)

// stream pages through one inbox stream from its stored cursor. The cursor is saved after
// every stored page, so an interrupted sync resumes where it stopped. When a page says
// the platform's rate-limit window is nearly used up, the stream stops and waits for the
// window's reset; the window may be the account's, or the endpoint's (X), so the other
// streams find out for themselves, at the cost of one request each.
func (s *Syncer) stream(ctx context.Context, a social.Account, name string, rep *SyncReport, fetch fetchFunc) error {
	cur, err := s.DB.Cursor(ctx, a.ID, name)
	if err != nil {
		return &StreamError{a.ID, name, err}
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
		if err := ctx.Err(); err != nil {
			return &StreamError{a.ID, name, err}
		}
		page, err := fetch(ctx, a, cur.Cursor)
		if err != nil {
			return s.fail(ctx, cur, err)
		}
		for i := range page.Items {
			page.Items[i].AccountID = a.ID
		}
		n, err := s.DB.UpsertInbox(ctx, page.Items)
		if err != nil {
			return s.fail(ctx, cur, err)
		}
		rep.NewItems += n
		prev := cur.Cursor
		if page.Cursor != "" {
			cur.Cursor = page.Cursor
		}
		cur.LastOK, cur.LastError, cur.NextAt = s.now(), "", time.Time{}
		if until, low := s.quotaLow(page.Quota); low {
			s.log().Info("sync pauses for the rate limit", "account", a.ID, "stream", name,
				"remaining", page.Quota.Remaining, "until", until)
			cur.NextAt = until
		}
		// The page is stored: its cursor must be too, even if ctx ends now, or the
		// next run fetches the page again.
		if err := s.DB.SaveCursor(context.WithoutCancel(ctx), cur); err != nil {
			return &StreamError{a.ID, name, err}
		}
		// A page that does not move the cursor would come back the same if asked again.
		if !page.More || cur.Cursor == prev || !cur.NextAt.IsZero() {
			break
		}
	}
	return nil
}

// quotaLow reports whether q leaves no more than the reserve, and until when to wait: the
// window's reset, or minBackoff where the platform did not say when that is.
func (s *Syncer) quotaLow(q *platforms.Quota) (time.Time, bool) {
	if q == nil {
		return time.Time{}, false
	}
	reserve := s.QuotaReserve
	if reserve <= 0 {
		reserve = 5
		if q.Limit > 0 {
			reserve = q.Limit / 10
		}
	}
	if q.Remaining > reserve {
		return time.Time{}, false
	}
	now := s.now()
	if q.Reset.After(now) {
		return q.Reset, true
	}
	return now.Add(minBackoff), true
}

// fail records a stream's error on its cursor and pushes its next run out (backoff), and
// returns the error naming account and stream. A failure that is only ctx ending is not
// the stream's fault: it is returned without touching the cursor.
func (s *Syncer) fail(ctx context.Context, cur social.SyncCursor, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return &StreamError{cur.AccountID, cur.Stream, cerr}
	}
	n := failuresInARow(cur.LastError) + 1
	wait := max(backoff(n), platforms.RetryAfter(err))
	if flagLogin(ctx, s.DB, s.log(), cur.AccountID, err) {
		// Asking again with refused credentials helps nobody; logging in again lifts
		// this wait (store.SetNeedsLogin).
		wait = max(wait, time.Hour)
	}
	cur.LastError, cur.NextAt = withFailures(err.Error(), n), s.now().Add(wait)
	s.log().Warn("sync failed", "account", cur.AccountID, "stream", cur.Stream, "err", err,
		"failures", n, "next", cur.NextAt)
	if serr := s.DB.SaveCursor(context.WithoutCancel(ctx), cur); serr != nil {
		err = errors.Join(err, serr)
	}
	return &StreamError{cur.AccountID, cur.Stream, err}
}

// backoff is the wait after the n-th failure in a row.
func backoff(n int) time.Duration {
	if n > 7 { // 2⁶ minutes is past the cap already; bigger shifts would overflow
		return maxBackoff
	}
	return min(minBackoff<<(n-1), maxBackoff)
}

// The count of failures in a row lives in the cursor's last error, so it needs no column
// of its own: a stream that failed has an error, one that then worked has none, and from
// the second failure on the error ends with this note, which the user sees too.
const failuresNote = " (failed %d times in a row)"

// withFailures is msg with the count of failures noted.
func withFailures(msg string, n int) string {
	if n < 2 {
		return msg
	}
	return msg + fmt.Sprintf(failuresNote, n)
}

// failuresInARow reads the count back from a cursor's last error: 0 without an error, 1
// for an error without the note.
func failuresInARow(lastError string) int {
	if lastError == "" {
		return 0
	}
	i := strings.LastIndex(lastError, " (failed ")
	if i < 0 {
		return 1
	}
	var n int
	if _, err := fmt.Sscanf(lastError[i:], failuresNote, &n); err != nil || n < 1 {
		return 1
	}
	return n
}

// metrics appends a snapshot of the account's numbers and its recent posts' numbers.
func (s *Syncer) metrics(ctx context.Context, a social.Account, m platforms.MetricsReader, rep *SyncReport) error {
	cur, err := s.DB.Cursor(ctx, a.ID, StreamMetrics)
	if err != nil {
		return &StreamError{a.ID, StreamMetrics, err}
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
		return s.fail(ctx, cur, err)
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
		return s.fail(ctx, cur, err)
	}
	rep.MetricPoints += len(points)
	cur.LastOK, cur.LastError, cur.NextAt = now, "", time.Time{}
	if err := s.DB.SaveCursor(context.WithoutCancel(ctx), cur); err != nil {
		return &StreamError{a.ID, StreamMetrics, err}
	}
	return nil
}
