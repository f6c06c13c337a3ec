package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms/demo"
	"github.com/chorus-social/chorus/social"
)

// postBatch is how many posts go into one transaction.
const postBatch = 1000

// The window posts are spread over: what a freelancer's calendar holds on a normal day.
const (
	pastDays   = 21
	futureDays = 28
)

// pubTarget is a seeded post that went out on one account: the metrics follow it.
type pubTarget struct {
	acct     string
	remoteID string
	at       time.Time
}

// failures are errors a user must fix, as the publisher records them; {account} and
// {limit} are replaced by the target's account and its platform's length limit.
var failures = []string{
	"login expired or refused (run `chorus accounts login {account}`)",
	"rejected by the platform: the image could not be processed, try a smaller JPEG or PNG",
	"text is 512 long, over the limit of {limit}",
	"rejected by the platform: duplicate post",
}

var notes = []string{
	"Client asked to mention the discount code",
	"Check the photo credit before this goes out",
	"Reuse for the newsletter",
	"Approved by phone on Tuesday",
	"Waiting for the final price from the client",
}

var campaignNames = []string{"Spring Launch", "Community Month", "Holiday Season", "Back to School",
	"Summer Sale", "Anniversary Week"}

// seedPosts writes n posts over the window, round-robin over the clients. Past scheduled
// posts are written as the publisher leaves them: published with remote ids, urls and
// times, or failed with the error a user sees.
func (r *run) seedPosts(ctx context.Context, n int) ([]pubTarget, error) {
	if n == 0 || len(r.clients) == 0 {
		return nil, nil
	}
	camps, err := r.campaigns(ctx)
	if err != nil {
		return nil, err
	}
	byClient := map[string][]social.Account{}
	for _, a := range r.accounts {
		byClient[a.ClientID] = append(byClient[a.ClientID], a)
	}
	used := map[string]map[int64]bool{} // account → unix seconds taken by a remote id
	var published []pubTarget

	batch := make([]*social.Post, 0, postBatch)
	flush := func(done int) error {
		if len(batch) == 0 {
			return nil
		}
		if err := r.db.CreatePosts(ctx, batch); err != nil {
			return fmt.Errorf("seed posts: %w", err)
		}
		batch = batch[:0]
		r.progress("posts", done, n)
		return ctx.Err()
	}
	for i := range n {
		c := r.clients[i%len(r.clients)]
		p, pubs := r.planPost(i, c, byClient[c.client.ID], camps[c.client.ID], used)
		batch = append(batch, p)
		published = append(published, pubs...)
		if len(batch) == postBatch {
			if err := flush(i + 1); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(n); err != nil {
		return nil, err
	}
	return published, nil
}

// campaigns makes two campaigns per client: one running now, one starting next week.
func (r *run) campaigns(ctx context.Context) (map[string][]social.Campaign, error) {
	out := map[string][]social.Campaign{}
	day := 24 * time.Hour
	today := r.now.Truncate(day)
	for i, c := range r.clients {
		for k, span := range [][2]time.Duration{{-14 * day, 7 * day}, {7 * day, 28 * day}} {
			cp := social.Campaign{ClientID: c.client.ID, Name: campaignNames[(2*i+k)%len(campaignNames)],
				Color: c.client.Color, StartsAt: today.Add(span[0]), EndsAt: today.Add(span[1])}
			id, err := r.db.PutCampaign(ctx, cp)
			if err != nil {
				return nil, fmt.Errorf("seed campaign %s of %s: %w", cp.Name, cp.ClientID, err)
			}
			cp.ID = id
			out[c.client.ID] = append(out[c.client.ID], cp)
		}
	}
	return out, nil
}

// planPost decides post i: client, text, date, accounts, status, and for past scheduled
// targets what the publisher made of them.
func (r *run) planPost(i int, c clientPlan, accts []social.Account, camps []social.Campaign,
	used map[string]map[int64]bool) (*social.Post, []pubTarget) {
	rd := rng(r.o.Seed, saltPost, int64(i))
	loc := c.client.Location()

	// A date in the window at a working-hours quarter hour of the client's own day.
	local := r.now.In(loc)
	off := rd.IntN(pastDays+futureDays) - pastDays
	minute := 8*60 + 15*rd.IntN(48)
	due := time.Date(local.Year(), local.Month(), local.Day()+off, minute/60, minute%60, 0, 0, loc).UTC()
	// Most posts went into the client's queue, so they sit on its slots; that is also the
	// history best-time suggestions learn from.
	if slots := clientSlots(c.index); rd.Float64() < 0.7 {
		due = onSlot(local.Year(), local.Month(), local.Day()+off, loc, slots[rd.IntN(len(slots))]).UTC()
	}
	// Due now counts as past: the publisher would claim it.
	past := !due.After(r.now)

	p := &social.Post{ClientID: c.client.ID}
	parts := 1
	if rd.Float64() < 0.08 {
		parts = 2 + rd.IntN(3)
	}
	for j := range parts {
		text := r.gen.PostText(c.client, i*5+j)
		if parts > 1 {
			text += fmt.Sprintf(" (%d/%d)", j+1, parts)
		}
		p.Parts = append(p.Parts, social.Part{Text: text})
	}
	if rd.Float64() < 0.1 {
		p.Notes = notes[rd.IntN(len(notes))]
	}
	for _, cp := range camps {
		if !due.Before(cp.StartsAt) && due.Before(cp.EndsAt) && rd.Float64() < 0.5 {
			p.CampaignID = cp.ID
		}
	}

	status, goesOut := planStatus(rd, past)
	p.Status = status
	p.CreatedAt = due.Add(-time.Duration(1+rd.IntN(10*24)) * time.Hour)
	if status == social.StatusIdea {
		due = time.Time{}
		p.CreatedAt = r.now.Add(-time.Duration(rd.IntN(20*24)) * time.Hour)
	}
	// A post planned for next week was written before now, not a day before it is due.
	if written := r.now.Add(-time.Duration(1+rd.IntN(72)) * time.Hour); p.CreatedAt.After(written) {
		p.CreatedAt = written
	}
	p.UpdatedAt = p.CreatedAt

	// Which accounts: one to all of the client's, in a shuffled order.
	perm := rd.Perm(len(accts))[:1+rd.IntN(len(accts))]
	var pubs []pubTarget
	allOut := true
	for j, k := range perm {
		a := accts[k]
		t := social.Target{AccountID: a.ID, Kind: social.KindPost, Status: status, DueAt: due,
			IdemKey: idemKey(r.o.Seed, i, j)}
		if goesOut {
			// Most went out; a few failed for good and wait for the user.
			if rd.Float64() < 0.05 || status == social.StatusFailed {
				t.Status, t.Attempts, allOut = social.StatusFailed, 1, false
				t.LastError = strings.NewReplacer("{account}", a.ID, "{limit}", strconv.Itoa(lengthLimit(a.Platform))).
					Replace(failures[rd.IntN(len(failures))])
			} else {
				// Out a few seconds after due, but not after now.
				late := min(time.Duration(1+rd.IntN(45))*time.Second, r.now.Sub(due))
				at := uniqueSecond(used, a.ID, due.Add(late))
				id := demo.PostID(a.ID, at)
				t.Status, t.Attempts = social.StatusPublished, 1
				t.RemoteID, t.RemoteURL, t.PublishedAt, t.SentParts = id, demo.PostURL(a, id), at, []string{id}
				for part := 2; part <= parts; part++ {
					t.SentParts = append(t.SentParts, fmt.Sprintf("%s-%d", id, part))
				}
				pubs = append(pubs, pubTarget{acct: a.ID, remoteID: id, at: at})
			}
		}
		p.Targets = append(p.Targets, t)
	}
	if goesOut {
		p.Status = social.StatusPublished
		if !allOut {
			p.Status = social.StatusFailed
		}
	}
	return p, pubs
}

// planStatus picks a post's status. goesOut: it was scheduled in the past, so the seeder
// plays the publisher for it (published, or failed when the status says so).
func planStatus(rd *rand.Rand, past bool) (s social.Status, goesOut bool) {
	u := rd.Float64()
	if past {
		switch {
		case u < 0.86:
			return social.StatusPublished, true
		case u < 0.91:
			return social.StatusFailed, true
		case u < 0.95:
			return social.StatusPaused, false
		default:
			return social.StatusDraft, false // planned, never finished
		}
	}
	switch {
	case u < 0.55:
		return social.StatusScheduled, false
	case u < 0.67:
		return social.StatusApproved, false
	case u < 0.77:
		return social.StatusReview, false
	case u < 0.89:
		return social.StatusDraft, false
	case u < 0.95:
		return social.StatusIdea, false
	default:
		return social.StatusPaused, false
	}
}

// uniqueSecond returns t, or the next free second for the account: remote ids carry the
// publish time in seconds and must not collide.
func uniqueSecond(used map[string]map[int64]bool, acct string, t time.Time) time.Time {
	if used[acct] == nil {
		used[acct] = map[int64]bool{}
	}
	for used[acct][t.Unix()] {
		t = t.Add(time.Second)
	}
	used[acct][t.Unix()] = true
	return t
}

// lengthLimit is the platform's limit on a post's length, for the errors a seeded failed
// post shows.
func lengthLimit(p social.Platform) int {
	if p == demo.MicroName {
		return demo.MicroMaxLength
	}
	return demo.MaxLength
}
