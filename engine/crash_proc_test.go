package engine

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
)

// child is a running child process.
type child struct {
	cmd    *exec.Cmd
	lines  chan string
	stderr *bytes.Buffer
	done   chan error
}

// start runs a child that stops at stop ("point:n", "" for never).
func (h *crashHarness) start(t *testing.T, stop string) *child {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1", "-test.v=false")
	cmd.Env = append(os.Environ(), crashChildEnv+"=1", crashDBEnv+"="+h.r.path, crashTokenEnv+"="+h.r.srv.Token,
		crashPlatformEnv+"="+string(h.platform), crashLeaseEnv+"="+h.lease.String(), crashStopEnv+"="+stop)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, lines: make(chan string, 16), stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
		c.done <- cmd.Wait()
	}()
	return c
}

// kill sends SIGKILL and waits for the process to end.
func (c *child) kill() {
	c.cmd.Process.Kill()
	for range c.lines {
	}
	<-c.done
}

// wait waits for the child to end by itself and reports whether it said it was done.
func (c *child) wait(t *testing.T, limit time.Duration) bool {
	done := false
	timeout := time.After(limit)
	for {
		select {
		case line, ok := <-c.lines:
			if !ok {
				if err := <-c.done; err != nil {
					t.Fatalf("child: %v\n%s", err, c.stderr.String())
				}
				return done
			}
			done = done || line == "DONE"
		case <-timeout:
			c.kill()
			t.Fatalf("the child did not finish within %s:\n%s", limit, c.stderr.String())
		}
	}
}

// answerHold holds the answer to one chosen request (the instance has acted on it) until the
// round's child is killed, so the request takes effect and its answer is lost.
type answerHold struct {
	mu      sync.Mutex
	round   int
	what    string
	skip    int
	match   func(mastodontest.Request) bool
	held    chan int // the round whose request is held
	release chan struct{}
}

// arm holds the answer to the nth request match accepts in round.
func (h *answerHold) arm(round int, what string, nth int, match func(mastodontest.Request) bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.round, h.what, h.skip, h.match, h.release = round, what, nth-1, match, make(chan struct{})
}

// disarm ends the round: a held answer goes out (to a dead process).
func (h *answerHold) disarm() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.match = nil
	if h.release != nil {
		close(h.release)
		h.release = nil
	}
}

func (h *answerHold) hook(r mastodontest.Request) {
	h.mu.Lock()
	if h.match == nil || !h.match(r) {
		h.mu.Unlock()
		return
	}
	if h.skip > 0 {
		h.skip--
		h.mu.Unlock()
		return
	}
	h.match = nil
	round, release := h.round, h.release
	h.mu.Unlock()
	select {
	case h.held <- round:
	default: // a signal of an earlier round is still unread: this one is not for it
	}
	<-release
}
