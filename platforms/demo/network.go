package demo

import (
	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/text"
	"github.com/chorus-social/chorus/social"
)

// Name is the platform name the demo network registers under; MicroName is its smaller
// sibling. Two platforms with different rules let the demo show what the composer is
// for: one post, shaped per platform, with a counter each.
const (
	Name      social.Platform = "demo"
	MicroName social.Platform = "demo-micro"
)

// The demo network's limits, close to Mastodon's defaults (any link costs 23), so the
// composer shows a realistic counter.
const (
	MaxLength  = 500
	MaxImages  = 4
	MaxAltText = 1500
)

// Demo Micro's limits, close to Bluesky's: 300 graphemes, links counted in full.
const (
	MicroMaxLength  = 300
	MicroMaxImages  = 4
	MicroMaxAltText = 1000
)

// network is one platform the simulation plays. Both share the generator and every line
// of the adapter; only the name and the rules differ.
type network struct {
	name    social.Platform
	display string
	maxLen  int
	maxImg  int
	maxAlt  int
	count   func(string) int
}

var (
	mainNet  = network{Name, "Demo", MaxLength, MaxImages, MaxAltText, text.MastodonCount}
	microNet = network{MicroName, "Demo Micro", MicroMaxLength, MicroMaxImages, MicroMaxAltText, text.BlueskyCount}
)

// Platforms lists the platforms the demo network plays, for callers that configure or
// seed all of them.
func Platforms() []social.Platform { return []social.Platform{Name, MicroName} }

func init() {
	for _, n := range []network{mainNet, microNet} {
		platforms.Register(platforms.Registration{
			Name:        n.name,
			DisplayName: n.display,
			New:         func(env platforms.Env) (platforms.Adapter, error) { return newAdapter(env, n) },
		})
	}
}

// NewMicro builds the Demo Micro adapter, as New builds the demo one.
func NewMicro(env platforms.Env) (*Adapter, error) { return newAdapter(env, microNet) }

// platformOf is the platform an account's items belong to: its own, so the two networks'
// items keep apart; the demo one for accounts made without one (tests).
func platformOf(acct social.Account) social.Platform {
	if acct.Platform == "" {
		return Name
	}
	return acct.Platform
}
