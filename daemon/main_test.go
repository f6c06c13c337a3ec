package daemon

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Some tests need a daemon they can kill: they start this test binary again with
// childEnv set, and TestMain runs the daemon's part instead of the tests.
const childEnv = "CHORUS_DAEMON_TEST_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "":
		os.Exit(m.Run())
	case "lock":
		os.Exit(childLock(os.Getenv("CHILD_DB")))
	case "daemon":
		os.Exit(childDaemon(os.Getenv("CHILD_DB"), os.Getenv("CHILD_SERVER")))
	default:
		fmt.Fprintln(os.Stderr, "unknown child", os.Getenv(childEnv))
		os.Exit(2)
	}
}

// childLock takes the lock, says so, and waits to be killed.
func childLock(db string) int {
	if _, err := Acquire(db); err != nil {
		fmt.Println(err)
		return 1
	}
	fmt.Println("locked")
	select {}
}

// childDaemon is `chorus daemon` on the fake platform, publishing to server: the lock,
// then Run until SIGTERM or SIGINT.
func childDaemon(path, server string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	lock, err := Acquire(path)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer lock.Release()
	db, err := setupDB(path)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer db.Close()
	f := newFake()
	f.server = server
	fmt.Println("running")
	if err := Run(ctx, config(db, f, nil)); err != nil {
		fmt.Println(err)
		return 1
	}
	return 0
}

// child starts this binary as a child of the given kind and returns it once it printed
// want, with the rest of its output.
func child(t *testing.T, kind, db, server, want string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+kind, "CHILD_DB="+db, "CHILD_SERVER="+server)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	r := bufio.NewReader(out)
	line := make(chan string, 1)
	go func() {
		s, _ := r.ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case got := <-line:
		if got != want {
			t.Fatalf("child %s said %q, want %q", kind, got, want)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("child %s did not start", kind)
	}
	return cmd, r
}

// rest reads what the child printed after its first line.
func rest(r *bufio.Reader) string {
	b, _ := io.ReadAll(r)
	return string(b)
}
