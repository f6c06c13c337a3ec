package thread

import (
	"cmp"
	"slices"

	"github.com/chorus-social/chorus/social"
)

// role is where a message stands relative to the focused item.
type role int

const (
	roleAncestor role = iota // above the item, in its parent chain
	roleFocus                // the item the thread was opened on
	roleReply                // below it: a reply, or a reply to a reply
	roleOther                // elsewhere: a sibling branch, or a DM of the same chat
)

// entry is one message as the view lays it out.
type entry struct {
	it    social.InboxItem
	role  role
	depth int // for replies: 1 answers the item, 2 answers a reply, …
}

// arrange merges what the database and the platform have into one conversation around
// focus. A message known to both is taken from the database (it carries the triage state
// and what was sent from here); the focus stays whatever either side has. Shape comes from
// the parent links, not from either side's order, so a merge cannot scramble the thread:
// the parent chain oldest first, the focus, the replies below it depth first in time
// order, then anything else of the conversation in time order. A DM reads as a chat: every
// message in time order.
func arrange(focus social.InboxItem, local, remote []social.InboxItem) []entry {
	byRemote := map[string]social.InboxItem{}
	var all []social.InboxItem
	add := func(it social.InboxItem) {
		if it.RemoteID == "" {
			return
		}
		if _, dup := byRemote[it.RemoteID]; dup {
			return
		}
		byRemote[it.RemoteID] = it
		all = append(all, it)
	}
	for _, it := range local {
		add(it)
	}
	for _, it := range remote {
		add(it)
	}
	if f, ok := byRemote[focus.RemoteID]; ok && focus.RemoteID != "" {
		focus = f
	} else {
		all = append(all, focus)
	}
	slices.SortStableFunc(all, byTime)

	if focus.Kind == social.InboxDM {
		out := make([]entry, 0, len(all))
		for _, it := range all {
			r := roleOther
			if it.RemoteID == focus.RemoteID {
				r = roleFocus
			}
			out = append(out, entry{it: it, role: r})
		}
		return out
	}

	placed := map[string]bool{focus.RemoteID: true}
	var up []entry
	for p := focus.ParentRemoteID; p != "" && !placed[p]; {
		it, ok := byRemote[p]
		if !ok {
			break
		}
		placed[p] = true
		up = append(up, entry{it: it, role: roleAncestor})
		p = it.ParentRemoteID
	}
	slices.Reverse(up)
	out := append(up, entry{it: focus, role: roleFocus})

	children := map[string][]social.InboxItem{} // all is in time order, so each list is too
	for _, it := range all {
		if it.ParentRemoteID != "" {
			children[it.ParentRemoteID] = append(children[it.ParentRemoteID], it)
		}
	}
	var down func(parent string, depth int)
	down = func(parent string, depth int) {
		for _, it := range children[parent] {
			if placed[it.RemoteID] {
				continue
			}
			placed[it.RemoteID] = true
			out = append(out, entry{it: it, role: roleReply, depth: depth})
			down(it.RemoteID, depth+1)
		}
	}
	down(focus.RemoteID, 1)

	for _, it := range all {
		if !placed[it.RemoteID] && it.RemoteID != "" {
			out = append(out, entry{it: it, role: roleOther})
		}
	}
	return out
}

func byTime(a, b social.InboxItem) int {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.RemoteID, b.RemoteID)
}
