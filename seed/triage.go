package seed

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// labelRules tag demo items the way a freelancer would, by what they say, so the label
// filter has something to show. Each rule is a label and the words that earn it.
var labelRules = []struct {
	label string
	words []string
}{
	{"complaint", []string{"disappointed", "refund", "fix this", "not impressed", "broke", "wrong", "never arrived",
		"declined", "charged", "waiting", "🙄", "not the quality"}},
	{"lead", []string{"wholesale", "collaborat", "partnership", "interview", "stock your"}},
	{"question", []string{"?"}},
}

// triage makes the workspace look lived in: most items older than half a day are done,
// many of the rest read, a few snoozed until tomorrow morning, and items labelled, so the
// demo opens on an inbox someone works in, with a morning's worth still to do.
func (r *run) triage(ctx context.Context) error {
	items, err := r.db.Inbox(ctx, store.InboxQuery{All: true, Limit: r.o.Inbox, Now: r.now})
	if err != nil {
		return fmt.Errorf("seed triage: %w", err)
	}
	var done, read, snoozed []int64
	labelled := map[string]map[string][]int64{} // client → label → items
	for _, it := range items {
		h := fnv.New64a()
		h.Write([]byte(it.AccountID + "\x00" + it.RemoteID))
		u := float64(hash(r.o.Seed, saltTriage, int64(h.Sum64()))>>11) / (1 << 53)
		age := r.now.Sub(it.CreatedAt)
		switch {
		case age > 12*time.Hour && u < 0.8:
			done = append(done, it.ID)
		case age > 3*time.Hour && u < 0.5:
			read = append(read, it.ID)
		case u > 0.97:
			snoozed = append(snoozed, it.ID)
		}
		if l := labelFor(it); l != "" {
			if labelled[it.ClientID] == nil {
				labelled[it.ClientID] = map[string][]int64{}
			}
			labelled[it.ClientID][l] = append(labelled[it.ClientID][l], it.ID)
		}
	}
	tomorrow := r.now.Truncate(24 * time.Hour).Add(24*time.Hour + 9*time.Hour)
	if err := r.db.SetDone(ctx, true, done...); err != nil {
		return fmt.Errorf("seed triage: %w", err)
	}
	if err := r.db.SetRead(ctx, true, read...); err != nil {
		return fmt.Errorf("seed triage: %w", err)
	}
	if err := r.db.Snooze(ctx, tomorrow, snoozed...); err != nil {
		return fmt.Errorf("seed triage: %w", err)
	}
	for _, c := range r.clients {
		for _, rule := range labelRules {
			l, err := r.db.EnsureLabel(ctx, c.client.ID, rule.label)
			if err != nil {
				return fmt.Errorf("seed label %s of %s: %w", rule.label, c.client.ID, err)
			}
			if ids := labelled[c.client.ID][rule.label]; len(ids) > 0 {
				if err := r.db.SetLabel(ctx, l.ID, true, ids...); err != nil {
					return fmt.Errorf("seed label %s of %s: %w", rule.label, c.client.ID, err)
				}
			}
		}
	}
	r.progress("triage", len(items), len(items))
	return nil
}

// labelFor returns the first label whose words the item contains, or "".
func labelFor(it social.InboxItem) string {
	if it.Kind == social.InboxLike || it.Kind == social.InboxRepost || it.Kind == social.InboxFollow {
		return ""
	}
	text := strings.ToLower(it.Text)
	for _, rule := range labelRules {
		for _, w := range rule.words {
			if strings.Contains(text, w) {
				return rule.label
			}
		}
	}
	return ""
}
