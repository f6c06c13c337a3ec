package mastodontest

import (
	"fmt"
	"net"
	"net/http"
)

// Listen serves an instance on addr (e.g. "127.0.0.1:3000") outside of tests, for trying
// chorus by hand (`go run ./platforms/mastodon/mastodontest/cmd/mastodon-dev`). It returns
// the instance and a function that stops it.
func Listen(addr string, opts Options) (*Server, func() error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("mastodontest: listen on %s: %w", addr, err)
	}
	s := newServer(opts)
	s.URL = "http://" + ln.Addr().String()
	hs := &http.Server{Handler: s}
	go hs.Serve(ln)
	return s, hs.Close, nil
}
