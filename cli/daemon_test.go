package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chorus-social/chorus/daemon"
	"github.com/chorus-social/chorus/internal/logbuf"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

func TestDaemonHelp(t *testing.T) {
	sandbox(t)
	out, e, code := chorus(t, "", "daemon", "--help")
	if code != 0 {
		t.Fatalf("daemon --help: exit %d %s", code, e)
	}
	for _, want := range []string{"chorus daemon [--status]", "--status", "One daemon runs per database",
		".daemon.lock", "SIGTERM", "contrib/", "--db", "--log"} {
		if !strings.Contains(out, want) {
			t.Errorf("daemon --help does not mention %q:\n%s", want, out)
		}
	}
	if _, e, code := chorus(t, "", "daemon", "now"); code != 2 || !strings.Contains(e, `daemon takes no arguments, got "now"`) {
		t.Errorf("daemon with an argument: exit %d %q, want 2", code, e)
	}
}

func TestDaemonAlreadyRunning(t *testing.T) {
	home := sandbox(t)
	db := filepath.Join(home, "c.db")
	lock, err := daemon.Acquire(db)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	_, e, code := chorus(t, "", "--db", db, "daemon")
	want := fmt.Sprintf("chorus: a daemon is already running for %s (pid %d since ", db, os.Getpid())
	if code != 1 || !strings.HasPrefix(e, want) || strings.Count(e, "\n") != 1 {
		t.Fatalf("second daemon: exit %d, stderr %q; want 1 and %q…", code, e, want)
	}
	out, e, code := chorus(t, "", "--db", db, "daemon", "--status")
	if code != 0 || !strings.HasPrefix(out, fmt.Sprintf("a daemon is running for %s (pid %d since ", db, os.Getpid())) {
		t.Fatalf("daemon --status with one running: exit %d %q %q", code, out, e)
	}
	lock.Release()
	_, e, code = chorus(t, "", "--db", db, "daemon", "--status")
	if code != 1 || !strings.Contains(e, "no daemon is running for "+db) {
		t.Fatalf("daemon --status with none: exit %d %q", code, e)
	}
}

// The command end to end: it publishes a post another process scheduled, says one line,
// logs to the log file, and exits 0 when its context ends (Execute's ends at SIGINT or
// SIGTERM).
func TestDaemonPublishesAndStops(t *testing.T) {
	home := sandbox(t)
	db := filepath.Join(home, "c.db")
	logPath := filepath.Join(home, "chorus.log")
	chorus(t, "", "--db", db, "clients", "add", "acme", "--tz", "UTC")
	if _, e, code := chorus(t, "", "--db", db, "accounts", "add", "--client", "acme", "--platform", "demo", "--handle", "acme", "--id", "acme-demo"); code != 0 {
		t.Fatalf("accounts add: %s", e)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb logbuf.Buffer
	exit := make(chan int, 1)
	go func() {
		exit <- Run(ctx, []string{"--db", db, "--log", logPath, "daemon"}, strings.NewReader(""), &out, &errb)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(errb.String(), "\n") {
		if time.Now().After(deadline) {
			t.Fatal("the daemon did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}

	other, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	p := &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "from the daemon"}},
		Targets: []social.Target{{AccountID: "acme-demo", Status: social.StatusScheduled, DueAt: time.Now().Add(300 * time.Millisecond)}}}
	if err := other.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	for {
		tg, err := other.Target(context.Background(), p.Targets[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if tg.Status == social.StatusPublished {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the daemon did not publish: target is %s %q", tg.Status, tg.LastError)
		}
		time.Sleep(10 * time.Millisecond)
	}

	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("daemon exit %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the daemon did not stop")
	}
	want := fmt.Sprintf("chorus daemon: publishing and syncing %s (pid %d); log in %s\n", db, os.Getpid(), logPath)
	if errb.String() != want || out.String() != "" {
		t.Errorf("the daemon printed %q and %q, want only %q", out.String(), errb.String(), want)
	}
	logged, _ := os.ReadFile(logPath)
	for _, w := range []string{"daemon started", "published", "daemon stopped"} {
		if !strings.Contains(string(logged), w) {
			t.Errorf("the log does not say %q:\n%s", w, logged)
		}
	}
	if st, _ := daemon.Status(db); st.Running {
		t.Error("the lock is still held after the daemon stopped")
	}
}

// The first SIGTERM lets the daemon finish its sends; a second one ends it at once.
func TestDaemonSecondSignalExitsAtOnce(t *testing.T) {
	codes := make(chan int, 2)
	exitNow = func(code int) { codes <- code }
	defer func() { exitNow = os.Exit }()
	var errb logbuf.Buffer
	a := &app{stderr: &errb, log: slog.New(slog.DiscardHandler)}
	stop := a.exitOnSecondSignal()
	defer stop()
	self, err := os.FindProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if err := self.Signal(syscall.SIGTERM); err != nil {
		t.Skipf("no SIGTERM here: %v", err)
	}
	select {
	case <-codes:
		t.Fatal("the first signal ended the process")
	case <-time.After(200 * time.Millisecond):
	}
	self.Signal(syscall.SIGTERM)
	select {
	case code := <-codes:
		if code != 1 || !strings.Contains(errb.String(), "stopped at once") {
			t.Errorf("exit %d, stderr %q", code, errb.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second signal did not end the process")
	}
}
