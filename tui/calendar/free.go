package calendar

import (
	"strings"
	"time"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// freeGroup is the free queue slots of one client at one time: the accounts of a client
// usually share their slots, and one line per account would bury the posts.
type freeGroup struct {
	At       time.Time
	ClientID string
	slots    []store.FreeSlot
}

// groupFree joins slots (in time order) of one client at one time.
func groupFree(slots []store.FreeSlot) []freeGroup {
	var out []freeGroup
	idx := map[string]int{}
	for _, s := range slots {
		k := s.ClientID + "\x00" + s.At.String()
		if i, ok := idx[k]; ok {
			out[i].slots = append(out[i].slots, s)
			continue
		}
		idx[k] = len(out)
		out = append(out, freeGroup{At: s.At, ClientID: s.ClientID, slots: []store.FreeSlot{s}})
	}
	return out
}

// tags are the group's platform marks: "de×2 mi".
func (g freeGroup) tags() string {
	ps := make([]social.Platform, len(g.slots))
	for i, s := range g.slots {
		ps[i] = s.Platform
	}
	return joinTags(ps)
}

// accounts says whose slots they are: "queue slot of acme-pro", or of several.
func (g freeGroup) accounts() string {
	if len(g.slots) == 1 {
		return "queue slot of " + g.slots[0].AccountID
	}
	ids := make([]string, len(g.slots))
	for i, s := range g.slots {
		ids[i] = s.AccountID
	}
	return "queue slots of " + strings.Join(ids, ", ")
}
