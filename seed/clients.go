package seed

import (
	"fmt"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms/demo"
	"github.com/chorus-social/chorus/social"
)

// Accounts follow one scheme. Every seeded account is on one of the demo network's two
// platforms, so the demo adapter serves it; the demo network plays several kinds of
// network, told apart by a channel: "social" (a microblog), "photos", "video", "pro"
// (professional) and "local" (a neighbourhood board). For client "acme" on channel "photos":
//
//	ID           acme-photos
//	Platform     demo-micro (photos and pro; the others are on demo)
//	Handle       acme@photos.demo
//	RemoteID     demo-user-acme-photos
//	DisplayName  the client's name
//
// Every client has accounts on both platforms, so the composer always has two rules to
// shape a post for.
var channels = []string{"social", "photos", "video", "pro", "local"}

// microChannels are the channels on demo-micro, whose shorter limit suits captions and
// professional one-liners.
var microChannels = map[string]bool{"photos": true, "pro": true}

func platformOf(channel string) social.Platform {
	if microChannels[channel] {
		return demo.MicroName
	}
	return demo.Name
}

// workspace is the fixed cast of the demo workspace: three businesses in three time zones,
// so the calendar's zone handling shows.
type clientPlan struct {
	client   social.Client
	channels []string
	index    int // its place among the seeded clients, for its queue slots
}

var fixedClients = []clientPlan{
	{social.Client{ID: "acme", Name: "Acme Outdoor Co.", TZ: "America/New_York", Color: "#2f855a"},
		[]string{"social", "photos", "video", "pro"}, 0},
	// The bakery's owner signs off every post, and the fintech's compliance asks for alt text:
	// both settings show up in the demo.
	{social.Client{ID: "bloom", Name: "Bloom Bakery", TZ: "Europe/Berlin", Color: "#d53f8c", ApprovalRequired: true},
		[]string{"social", "photos", "local"}, 0},
	{social.Client{ID: "nova", Name: "Nova Fintech", TZ: "Asia/Tokyo", Color: "#3182ce", RequireAlt: true},
		[]string{"social", "pro"}, 0},
}

var (
	extraNames = []string{"Harbor", "Pixel", "Summit", "Willow", "Copper", "Lumen", "Maple", "Orbit", "Saffron",
		"Tidal", "Juniper", "Cobalt", "Meadow", "Ember", "Atlas", "Birch", "Cedar", "Delta", "Fjord", "Granite"}
	// Each trade names an industry the demo generator knows by keyword.
	extraTrades = []string{"Coffee Roasters", "Software", "Outdoor Supply", "Bakehouse", "Pay"}
	extraZones  = []string{"America/Los_Angeles", "Europe/London", "Australia/Sydney", "America/Sao_Paulo",
		"Europe/Paris", "Asia/Singapore", "America/Chicago", "Africa/Nairobi"}
	extraColors = []string{"#dd6b20", "#805ad5", "#319795", "#e53e3e", "#718096", "#b7791f"}
)

// plannedClients returns n clients: the three fixed ones, then generated ones.
func plannedClients(seed int64, n int, now time.Time) []clientPlan {
	var out []clientPlan
	for i := range n {
		var c clientPlan
		if i < len(fixedClients) {
			c = fixedClients[i]
			c.channels = append([]string(nil), c.channels...)
		} else {
			r := rng(seed, saltClient, int64(i))
			name := extraNames[i%len(extraNames)]
			c.client = social.Client{
				ID:    fmt.Sprintf("%s-%d", strings.ToLower(name), i+1),
				Name:  name + " " + extraTrades[r.IntN(len(extraTrades))],
				TZ:    extraZones[r.IntN(len(extraZones))],
				Color: extraColors[r.IntN(len(extraColors))],
			}
			c.channels = pickChannels(r.Perm(len(channels)), 2+r.IntN(3))
		}
		c.client.CreatedAt = now.Add(-time.Duration(120+i) * 24 * time.Hour).Truncate(time.Second)
		c.index = i
		out = append(out, c)
	}
	return out
}

// accounts returns the client's accounts, by the scheme above.
func (c clientPlan) accounts() []social.Account {
	var out []social.Account
	for _, ch := range c.channels {
		id := c.client.ID + "-" + ch
		out = append(out, social.Account{
			ID:          id,
			ClientID:    c.client.ID,
			Platform:    platformOf(ch),
			Handle:      c.client.ID + "@" + ch + ".demo",
			DisplayName: c.client.Name,
			RemoteID:    "demo-user-" + id,
			CreatedAt:   c.client.CreatedAt,
		})
	}
	return out
}

// pickChannels takes the first n channels in perm's order, swapping the last one for the
// next channel of the other platform when all n landed on one.
func pickChannels(perm []int, n int) []string {
	var out []string
	for _, p := range perm[:n] {
		out = append(out, channels[p])
	}
	for _, ch := range out {
		if platformOf(ch) != platformOf(out[0]) {
			return out
		}
	}
	for _, p := range perm[n:] {
		if platformOf(channels[p]) != platformOf(out[0]) {
			out[n-1] = channels[p]
			break
		}
	}
	return out
}
