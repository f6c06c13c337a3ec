package daemon

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

// SIGTERM while a post is on its way to the platform: the daemon lets that send finish,
// records it, and exits 0. One request reaches the server, and the post is published.
func TestStopFinishesInFlightPublish(t *testing.T) {
	t.Parallel()
	var requests atomic.Int32
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := requests.Add(1)
		arrived <- struct{}{}
		time.Sleep(500 * time.Millisecond) // the send is in flight when SIGTERM lands
		fmt.Fprintf(w, `{"id":"remote-%d"}`, n)
	}))
	defer srv.Close()

	path := filepath.Join(t.TempDir(), "chorus.db")
	db := openDB(t, path)
	id := schedule(t, db, "in flight", due(0))
	cmd, out := child(t, "daemon", path, srv.URL, "running")
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the daemon sent nothing")
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("daemon exit: %v; it printed %q", err, rest(out))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the daemon did not stop 10s after SIGTERM")
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests reached the server, want 1", n)
	}
	tg, err := db.Target(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if tg.Status != social.StatusPublished || tg.RemoteID != "remote-1" {
		t.Errorf("target is %s (remote id %q, error %q), want published as remote-1", tg.Status, tg.RemoteID, tg.LastError)
	}
	if st, err := Status(path); err != nil || st.Running {
		t.Errorf("Status after the daemon stopped = %+v, %v", st, err)
	}
}
