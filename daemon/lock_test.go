package daemon

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestSecondDaemonRefused(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "chorus.db")
	first, err := Acquire(db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(db)
	var re *RunningError
	if !errors.As(err, &re) || re.PID != os.Getpid() || !re.Running {
		t.Fatalf("second Acquire: %v, want a RunningError naming pid %d", err, os.Getpid())
	}
	want := fmt.Sprintf("a daemon is already running for %s (pid %d since ", db, os.Getpid())
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want it to start %q", err, want)
	}
	if since := time.Since(re.Since); since < 0 || since > time.Minute {
		t.Errorf("since %v, want about now", re.Since)
	}
	// The same file by another path is the same database.
	if _, err := Acquire(filepath.Join(filepath.Dir(db), ".", "chorus.db")); !errors.As(err, &re) {
		t.Errorf("Acquire by another path: %v, want a RunningError", err)
	}
	st, err := Status(db)
	if err != nil || !st.Running || st.PID != os.Getpid() {
		t.Errorf("Status = %+v, %v; want running, pid %d", st, err, os.Getpid())
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	if st, err := Status(db); err != nil || st.Running {
		t.Errorf("Status after Release = %+v, %v; want not running", st, err)
	}
	again, err := Acquire(db)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	again.Release()
}

func TestStatusWithoutLockFile(t *testing.T) {
	t.Parallel()
	st, err := Status(filepath.Join(t.TempDir(), "none.db"))
	if err != nil || st.Running || st.String() != "" {
		t.Errorf("Status of a database no daemon ever ran on = %+v, %v", st, err)
	}
}

// Status takes the lock shared for a moment; a daemon starting right then must wait it
// out rather than report another daemon.
func TestStatusDoesNotBlockAStart(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "chorus.db")
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				Status(db)
			}
		}
	}()
	defer func() { close(stop); <-done }()
	for range 20 {
		l, err := Acquire(db)
		if err != nil {
			t.Fatalf("Acquire while Status polls: %v", err)
		}
		l.Release()
	}
}

// A daemon killed with SIGKILL cannot clean up; the kernel drops its flock, so the next
// daemon starts.
func TestKilledDaemonDoesNotBlock(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "chorus.db")
	cmd, _ := child(t, "lock", db, "", "locked")
	st, err := Status(db)
	if err != nil || !st.Running || st.PID != cmd.Process.Pid {
		t.Fatalf("Status = %+v, %v; want running, pid %d", st, err, cmd.Process.Pid)
	}
	_, err = Acquire(db)
	want := fmt.Sprintf("a daemon is already running for %s (pid %d since ", db, cmd.Process.Pid)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Acquire beside a live daemon: %v, want %q…", err, want)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if st, err := Status(db); err != nil || st.Running {
		t.Errorf("Status after the kill = %+v, %v; want not running", st, err)
	}
	l, err := Acquire(db)
	if err != nil {
		t.Fatalf("Acquire after the daemon was killed: %v", err)
	}
	l.Release()
}
