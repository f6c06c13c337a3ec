// Command mastodon-dev runs the local Mastodon test instance on 127.0.0.1 for trying
// chorus by hand: it prints the instance URL, the main account and a personal access
// token, and adds new notifications (mentions, replies, likes, …) every few seconds.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"time"

	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:3000", "address to listen on (loopback only)")
	every := flag.Duration("every", 10*time.Second, "add notifications this often (0: never)")
	n := flag.Int("n", 6, "notifications added each time")
	flag.Parse()
	s, stop, err := mastodontest.Listen(*addr, mastodontest.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	fmt.Printf("Mastodon test instance at %s\naccount: %s\ntoken:   %s\n", s.URL, s.SelfUsername, s.Token)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	var tick <-chan time.Time
	if *every > 0 {
		tick = time.Tick(*every)
	}
	for {
		select {
		case <-sig:
			return
		case <-tick:
			s.AddNotifications(*n)
		}
	}
}
