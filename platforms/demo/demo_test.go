package demo_test

import (
	"sync"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/conformance"
	"github.com/chorus-social/chorus/platforms/demo"
	"github.com/chorus-social/chorus/social"
)

// clock is a settable time source shared by the adapters of one test run.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// newFromRegistry builds the adapter the way the app does: through the registry.
func newFromRegistry(t *testing.T, p social.Platform, clk *clock, opts map[string]any) platforms.Adapter {
	t.Helper()
	reg, err := platforms.Lookup(p)
	if err != nil {
		t.Fatal(err)
	}
	ad, err := reg.New(platforms.Env{Now: clk.Now, Options: opts})
	if err != nil {
		t.Fatal(err)
	}
	return ad
}

// TestConformance runs the suite on each platform the demo network plays.
func TestConformance(t *testing.T) {
	for _, p := range demo.Platforms() {
		t.Run(string(p), func(t *testing.T) { conform(t, p) })
	}
}

func conform(t *testing.T, p social.Platform) {
	clk := &clock{t: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	gen := demo.NewGenerator(42)
	acct := social.Account{ID: "conf-" + string(p), ClientID: "conf", Platform: p,
		Handle: "conf@" + string(p) + ".demo", DisplayName: "Conformance Outdoor Co."}
	conformance.Run(t, conformance.Harness{
		New: func(t *testing.T) (platforms.Adapter, social.Account) {
			return newFromRegistry(t, p, clk, map[string]any{"seed": 42}), acct
		},
		Faulty: func(t *testing.T, fault string) (platforms.Adapter, social.Account) {
			return newFromRegistry(t, p, clk, map[string]any{"seed": 42, "fail": fault}), acct
		},
		// Time makes items arrive: move the clock just past the n-th new non-DM item.
		Incoming: func(t *testing.T, a social.Account, n int) {
			i := gen.ArrivedBefore(a.ID, clk.Now())
			for got := 0; ; i++ {
				if gen.InboxItem(a, i).Kind != social.InboxDM {
					if got++; got == n {
						break
					}
				}
			}
			clk.Set(gen.ArrivalTime(a.ID, i).Add(time.Second))
		},
	})
}
