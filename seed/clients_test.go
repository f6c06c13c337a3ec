package seed

import (
	"testing"

	"github.com/chorus-social/chorus/social"
)

// Generated clients too get accounts on both demo platforms, whatever channels they draw.
func TestEveryClientIsOnBothPlatforms(t *testing.T) {
	for seed := range int64(20) {
		for _, c := range plannedClients(seed, 25, now) {
			ps := map[social.Platform]int{}
			for _, a := range c.accounts() {
				ps[a.Platform]++
			}
			if len(ps) != 2 || len(c.channels) < 2 || len(c.channels) > 4 {
				t.Fatalf("seed %d client %s: channels %v, platforms %v", seed, c.client.ID, c.channels, ps)
			}
		}
	}
}
