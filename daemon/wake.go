package daemon

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the store's driver, named here because the watcher opens its own connection
)

// watcher notices commits by other connections to the database, the TUI's or `chorus
// post`'s, so a post scheduled elsewhere wakes the runner instead of waiting for its next
// look. SQLite bumps PRAGMA data_version on a connection whenever another connection has
// committed since that connection last asked. Asking costs ~9µs (BenchmarkDataVersion,
// against ~180µs for NextDue with 1,000 posts scheduled), so asking every tenth of a
// second is next to free. It needs a connection of its own that stays open: a pool could
// hand each query a different connection, each with its own count.
type watcher struct {
	db   *sql.DB
	conn *sql.Conn
	last int64
}

func openWatcher(ctx context.Context, path string) (*watcher, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "query_only(1)")
	db, err := sql.Open("sqlite", "file:"+uriPath(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("watch database %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("watch database %s: %w", path, err)
	}
	w := &watcher{db: db, conn: conn}
	if _, err := w.changed(ctx); err != nil {
		w.close()
		return nil, fmt.Errorf("watch database %s: %w", path, err)
	}
	return w, nil
}

// changed reports whether another connection committed since the last call.
func (w *watcher) changed(ctx context.Context) (bool, error) {
	var v int64
	if err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return false, err
	}
	ch := v != w.last
	w.last = v
	return ch, nil
}

func (w *watcher) close() {
	w.conn.Close()
	w.db.Close()
}

// uriPath escapes what would end or change the path part of a SQLite URI filename, as
// the store does for its own connections.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
}

// watch pokes the publish loop when another connection commits, and when the wall clock
// jumps: timers run on the monotonic clock, which stands still while a laptop sleeps, so
// after a night shut a post due meanwhile would wait for a timer set the evening before.
// Without a watcher (it could not open) every poll pokes, so the loop re-reads NextDue
// instead: dearer, still on time.
func (r *runner) watch(ctx context.Context) {
	w, err := openWatcher(ctx, r.cfg.DB.Path())
	if err != nil {
		r.log.Warn("posts scheduled by other processes are found by polling", "err", err)
	} else {
		defer w.close()
	}
	tick := time.NewTicker(r.cfg.Poll)
	defer tick.Stop()
	wall := time.Now().Round(0)
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		now := time.Now().Round(0)
		poke := clockJumped(wall, now, r.cfg.Poll)
		wall = now
		if w == nil {
			poke = true
		} else if changed, err := w.changed(ctx); err != nil {
			if !failing && ctx.Err() == nil {
				r.log.Warn("watch the database", "err", err)
			}
			failing, poke = true, true
		} else {
			failing, poke = false, poke || changed
		}
		if poke {
			select {
			case r.pokes <- struct{}{}:
			default:
			}
		}
	}
}

// clockJumped reports whether the wall clock moved other than by about one poll between
// two ticks: the machine slept, or the clock was set.
func clockJumped(prev, now time.Time, poll time.Duration) bool {
	d := now.Sub(prev)
	return d < 0 || d > poll+time.Second
}
