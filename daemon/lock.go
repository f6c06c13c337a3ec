package daemon

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// State says whether a daemon holds a database's lock, and which process it is.
type State struct {
	Running bool
	PID     int       // 0 when unknown (a daemon caught between locking and writing its pid)
	Since   time.Time // when that daemon started
}

// String reads "pid 1234 since 2026-12-01 09:00:00 CET", or "" when no daemon runs.
func (s State) String() string {
	if !s.Running {
		return ""
	}
	if s.PID == 0 {
		return "pid unknown"
	}
	return fmt.Sprintf("pid %d since %s", s.PID, s.Since.Local().Format("2006-01-02 15:04:05 MST"))
}

// RunningError is Acquire's answer when another daemon holds the lock.
type RunningError struct {
	DB string
	State
}

func (e *RunningError) Error() string {
	return fmt.Sprintf("a daemon is already running for %s (%s)", e.DB, e.State)
}

// holder is what the lock file says of the daemon holding it.
type holder struct {
	PID   int       `json:"pid"`
	Since time.Time `json:"since"`
}

// LockPath is the lock file beside the database: <db>.daemon.lock. A symlinked database
// resolves to its target, so every path to one file shares one lock.
func LockPath(dbPath string) string {
	if p, err := filepath.EvalSymlinks(dbPath); err == nil {
		dbPath = p
	}
	if p, err := filepath.Abs(dbPath); err == nil {
		dbPath = p
	}
	return dbPath + ".daemon.lock"
}

// Lock is a daemon's hold on one database: while it is held, no other daemon runs there.
// The kernel drops the lock when the process ends, however it ends, so a killed daemon
// never blocks the next one; the file itself stays (removing it would race with a daemon
// opening it).
type Lock struct {
	f *os.File
}

// acquireWait is how long Acquire keeps trying a held lock: Status takes it shared for a
// moment, and a daemon starting just then must not take that for another daemon.
const acquireWait = 250 * time.Millisecond

// Acquire takes dbPath's daemon lock and writes this process's pid and start time in it,
// or returns a *RunningError naming the daemon that holds it.
func Acquire(dbPath string) (*Lock, error) {
	path := LockPath(dbPath)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("daemon lock %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("daemon lock %s: %w", path, err)
	}
	deadline := time.Now().Add(acquireWait)
	for {
		ok, err := tryLock(f, true)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("daemon lock %s: %w", path, err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			st := readHolder(f)
			f.Close()
			return nil, &RunningError{DB: dbPath, State: st}
		}
		time.Sleep(10 * time.Millisecond)
	}
	b, _ := json.Marshal(holder{PID: os.Getpid(), Since: time.Now().UTC().Truncate(time.Second)})
	err = f.Truncate(0)
	if err == nil {
		_, err = f.WriteAt(append(b, '\n'), 0)
	}
	if err != nil {
		unlock(f)
		f.Close()
		return nil, fmt.Errorf("daemon lock %s: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// Release lets another daemon start.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0) // a reader of the file alone then sees no daemon either
	err := errors.Join(unlock(l.f), l.f.Close())
	l.f = nil
	return err
}

// Status reports whether a daemon holds dbPath's lock without taking it from anyone: a
// shared lock that succeeds means no daemon holds the exclusive one, and is dropped at
// once. The TUI calls it to show "daemon running" and to leave the work to the daemon.
func Status(dbPath string) (State, error) {
	f, err := os.Open(LockPath(dbPath))
	if errors.Is(err, os.ErrNotExist) {
		return State{}, nil
	}
	if err != nil {
		return State{}, fmt.Errorf("daemon lock: %w", err)
	}
	defer f.Close()
	free, err := tryLock(f, false)
	if err != nil {
		return State{}, fmt.Errorf("daemon lock %s: %w", f.Name(), err)
	}
	if free {
		return State{}, unlock(f)
	}
	return readHolder(f), nil
}

// readHolder reads the lock file of a running daemon. A daemon that has just taken the
// lock may not have written it yet: its pid is then unknown, not an error.
func readHolder(f *os.File) State {
	st := State{Running: true}
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 1<<12))
	if err != nil {
		return st
	}
	var h holder
	if json.Unmarshal(b, &h) == nil {
		st.PID, st.Since = h.PID, h.Since
	}
	return st
}
