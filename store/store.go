// Package store keeps everything chorus knows in one SQLite file: the truth every pane
// reads. One writer connection serialises writes (SQLite allows one writer anyway, and a
// single connection avoids SQLITE_BUSY between our own goroutines); a pool of readers runs
// queries concurrently thanks to WAL.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open chorus database.
type DB struct {
	path string
	w    *sql.DB // the one writer
	r    *sql.DB // readers
}

// ErrNotFound is returned (wrapped) when a row asked for by id does not exist.
var ErrNotFound = errors.New("not found")

// Open opens (creating if needed, mode 0600) the database at path and migrates it to the
// newest schema.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// Create the file ourselves so it is 0600 from its first byte: it holds clients'
	// private messages. SQLite gives the -wal and -shm files the same mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().Perm()&0o077 != 0 {
		// A file made by something else (a copy, an older tool) is tightened too.
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return nil, fmt.Errorf("open database %s: make it private (0600): %w", path, err)
		}
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}

	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	db := &DB{path: path, w: w}
	if err := db.migrateRetrying(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	n := max(4, runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	db.r = r
	return db, nil
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "cache_size(-16000)")
	// Statement journals (each statement of a transaction that may need undoing: upserts,
	// triggers, foreign keys) in memory rather than in a temp file written page by page.
	q.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		// BEGIN IMMEDIATE: a write transaction takes the lock up front, so two processes
		// (TUI and daemon) wait on busy_timeout instead of failing on lock upgrade.
		q.Set("_txlock", "immediate")
	}
	return "file:" + uriPath(path) + "?" + q.Encode()
}

// uriPath escapes what would end or change the path part of a SQLite URI filename: the
// driver splits the DSN at the first '?', and SQLite decodes %HH escapes and stops at '#'.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// Close closes both pools.
func (db *DB) Close() error {
	var errs []error
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	errs = append(errs, db.w.Close())
	return errors.Join(errs...)
}

// Version returns the schema version (PRAGMA user_version).
func (db *DB) Version(ctx context.Context) (int, error) {
	var v int
	err := db.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// migration is one embedded schema step, migrations/NNNN_name.sql.
type migration struct {
	n    int
	name string
}

// migrationFiles lists the embedded migrations by number and checks they run 1..N with
// no gap and no duplicate, so a misnamed file fails every test instead of a user's upgrade.
func migrationFiles() ([]migration, error) {
	return migrationFilesIn(migrations)
}

func migrationFilesIn(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: only NNNN_what.sql files belong in migrations/", e.Name())
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		n, err := strconv.Atoi(num)
		if !ok || err != nil || n <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_what.sql with NNNN from 1", e.Name())
		}
		ms = append(ms, migration{n, e.Name()})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].n < ms[j].n })
	for i, m := range ms {
		if m.n != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d (migrations must be numbered 1..N without gaps or duplicates)", m.name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion is the newest schema this build knows: the number of its last migration.
func SchemaVersion() int {
	ms, err := migrationFiles()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].n
}

func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrationFiles()
	if err != nil {
		return err
	}
	known := 0
	if len(ms) > 0 {
		known = ms[len(ms)-1].n
	}
	// Fast path, without taking the write lock: an up-to-date file needs nothing.
	cur, err := db.Version(ctx)
	if err != nil {
		return err
	}
	if cur > known {
		return fmt.Errorf("schema version %d is newer than this chorus knows (%d): upgrade chorus", cur, known)
	}
	if cur == known {
		return nil
	}
	for _, m := range ms {
		body, err := migrations.ReadFile("migrations/" + m.name)
		if err != nil {
			return err
		}
		// The version is read inside the (IMMEDIATE) transaction: two processes opening a
		// new file at once run each step once, the second one finds it done.
		err = db.tx(ctx, func(tx *sql.Tx) error {
			var cur int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur); err != nil {
				return err
			}
			if cur > known {
				return fmt.Errorf("schema version %d is newer than this chorus knows (%d): upgrade chorus", cur, known)
			}
			if m.n <= cur {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.n))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// tx runs fn in one write transaction (BEGIN IMMEDIATE on the one writer connection).
// fn must use only tx: the writer has one connection, so db.w inside fn would deadlock.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// namedTx is tx for functions that return fn's errors as they are (they name what they
// are about): a failed BEGIN or COMMIT, such as "database is locked" after the busy
// timeout, is wrapped with what.
func (db *DB) namedTx(ctx context.Context, what string, fn func(*sql.Tx) error) error {
	var fnErr error
	err := db.tx(ctx, func(tx *sql.Tx) error {
		fnErr = fn(tx)
		return fnErr
	})
	if err != nil && err != fnErr {
		return fmt.Errorf("%s: %w", what, err)
	}
	return err
}

// readTx runs fn in one read transaction on a reader, so several queries see one snapshot.
func (db *DB) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// ms converts a time to the stored form: unix milliseconds, 0 for the zero time.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMs is the inverse of ms, in UTC.
func fromMs(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The extended result codes of the constraint errors we turn into plain messages.
const (
	codeForeignKey = 787  // SQLITE_CONSTRAINT_FOREIGNKEY
	codePrimaryKey = 1555 // SQLITE_CONSTRAINT_PRIMARYKEY
	codeUnique     = 2067 // SQLITE_CONSTRAINT_UNIQUE
)

// migrateRetrying runs migrate, waiting out SQLITE_BUSY: when two processes (the TUI and
// the daemon) open a brand-new file at once, switching it to WAL takes a lock for which
// SQLite does not call the busy handler, so the loser sees "database is locked" at once.
func (db *DB) migrateRetrying(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := db.migrate(ctx)
		if !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// isBusy reports whether err is SQLite's "database is locked" (SQLITE_BUSY, any extended code).
func isBusy(err error) bool {
	var e interface{ Code() int }
	return errors.As(err, &e) && e.Code()&0xff == 5
}

// isConstraint reports whether err is the SQLite constraint error with that extended code.
func isConstraint(err error, code int) bool {
	var e interface{ Code() int }
	return errors.As(err, &e) && e.Code() == code
}

// notFound wraps ErrNotFound with what was looked for.
func notFound(what string, id any) error {
	return fmt.Errorf("%s %v: %w", what, id, ErrNotFound)
}
