package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/chorus-social/chorus/social"
)

// Generator makes the demo network's content: inbox items, brand posts and metrics, each a
// pure function of the seed, an account id, an index and (for metrics) a time. The adapter
// serves it live; the seeder writes its history into a store. It is safe for concurrent use.
type Generator struct {
	seed      int64
	schedules sync.Map // account id → *schedule
	audiences sync.Map // account id → []author
}

// NewGenerator returns the generator for a seed; equal seeds make equal networks.
func NewGenerator(seed int64) *Generator { return &Generator{seed: seed} }

// Seed returns the generator's seed.
func (g *Generator) Seed() int64 { return g.seed }

// The kind mix of an account's inbox, as cumulative shares: mentions 35%, replies 30%,
// comments 10%, quotes 5%, DMs 10%, then likes, reposts and follows sharing the last 10%.
var kindMix = []struct {
	upTo float64
	kind social.InboxKind
}{
	{0.35, social.InboxMention}, {0.65, social.InboxReply}, {0.75, social.InboxComment},
	{0.80, social.InboxQuote}, {0.90, social.InboxDM}, {0.95, social.InboxLike},
	{0.98, social.InboxRepost}, {1, social.InboxFollow},
}

// kindOf returns item i's kind without building the item, so DM filtering stays cheap.
func (g *Generator) kindOf(acctID string, i int) social.InboxKind {
	u := unit(g.hash(acctID, saltKind, int64(i)))
	for _, k := range kindMix {
		if u < k.upTo {
			return k.kind
		}
	}
	return social.InboxFollow
}

// RemoteID returns the remote id of item i of an account: "demo-<account>-<i>".
func RemoteID(acctID string, i int) string { return "demo-" + acctID + "-" + strconv.Itoa(i) }

// itemURL is where an item would live on the web; .invalid never resolves.
func itemURL(handle, remoteID string) string {
	return "https://demo.chorus.invalid/@" + handle + "/" + remoteID
}

// InboxItem returns the i-th incoming item of an account (i may be negative: history
// before Epoch). DMs carry a ConversationID shared by every message of one author;
// replies, comments, quotes, likes and reposts point at one of the account's own posts.
func (g *Generator) InboxItem(acct social.Account, i int) social.InboxItem {
	r := g.rng(acct.ID, saltItem, int64(i))
	kind := g.kindOf(acct.ID, i)
	at := g.ArrivalTime(acct.ID, i)
	ind := g.industryFor(acct.ClientID, acct.DisplayName)

	// A skewed pick from the pool: a few regulars write often, most people once or twice.
	// DMs come from a smaller circle so that they form conversations.
	pool := g.authorPool(acct.ID)
	var idx int
	if kind == social.InboxDM {
		idx = int(float64(min(pool, 40)) * math.Pow(r.Float64(), 1.5))
	} else {
		idx = int(float64(pool) * math.Pow(r.Float64(), 2.2))
	}
	au := g.author(acct.ID, idx)

	it := social.InboxItem{
		AccountID:    acct.ID,
		ClientID:     acct.ClientID,
		Platform:     platformOf(acct),
		RemoteID:     RemoteID(acct.ID, i),
		Kind:         kind,
		AuthorID:     au.id,
		AuthorHandle: au.handle,
		AuthorName:   au.name,
		CreatedAt:    at,
	}
	it.URL = itemURL(au.handle, it.RemoteID)
	f := filler{r: r, ind: ind, brand: "@" + acct.Handle}
	switch kind {
	case social.InboxMention:
		it.Text = f.decorate(f.fill(pickMood(r, au.angry)), au.angry)
	case social.InboxReply, social.InboxComment, social.InboxQuote:
		texts := replyTexts
		switch kind {
		case social.InboxComment:
			texts = commentTexts
		case social.InboxQuote:
			texts = quoteTexts
		}
		tmpl := pick(r, texts)
		if au.angry && r.Float64() < 0.6 {
			tmpl = pick(r, complaintTexts)
		}
		it.Text = f.decorate(f.fill(tmpl), au.angry)
		it.ParentRemoteID = g.recentOwnPost(acct.ID, at, r.IntN(3))
		if kind != social.InboxQuote {
			it.ConversationID = it.ParentRemoteID
		}
	case social.InboxDM:
		tmpl := pick(r, dmTexts)
		if au.angry {
			tmpl = "Hi, {issue}. Can you help? Order {order}."
		}
		it.Text = f.fill(tmpl)
		it.ConversationID = "demo-" + acct.ID + "-c" + strconv.Itoa(idx)
	case social.InboxLike, social.InboxRepost:
		it.ParentRemoteID = g.recentOwnPost(acct.ID, at, r.IntN(3))
	}
	return it
}

// pickMood chooses what a mention is about; angry authors mostly complain.
func pickMood(r *rand.Rand, angry bool) string {
	u := r.Float64()
	if angry && u < 0.7 {
		return complaintTexts[int(u/0.7*float64(len(complaintTexts)))]
	}
	v := r.Float64()
	var texts []string
	switch {
	case u < 0.30:
		texts = questionTexts
	case u < 0.55:
		texts = praiseTexts
	case u < 0.63:
		texts = complaintTexts
	case u < 0.73:
		texts = supportTexts
	case u < 0.83:
		texts = eventTexts
	default:
		texts = generalTexts
	}
	return texts[int(v*float64(len(texts)))]
}

// author is one person in an account's audience.
type author struct {
	id, handle, name string
	angry            bool // a customer with a grievance: complains, in public and in DMs
}

// authorPool returns how many people write to an account: a few hundred.
func (g *Generator) authorPool(acctID string) int {
	return 200 + int(g.hash(acctID, saltAuthor, -1)%200)
}

// author returns person idx of the account's audience. The audience is made once per
// account and kept: seeding asks for the same few hundred people a hundred thousand times.
func (g *Generator) author(acctID string, idx int) author {
	if v, ok := g.audiences.Load(acctID); ok {
		return v.([]author)[idx]
	}
	pool := make([]author, g.authorPool(acctID))
	for i := range pool {
		r := g.rng(acctID, saltAuthor, int64(i))
		first, last := pick(r, firstNames), pick(r, lastNames)
		pool[i] = author{
			id:     fmt.Sprintf("demo-user-%012x", g.hash(acctID, saltAuthor, int64(i))>>16),
			handle: handleFor(r.IntN(numHandleStyles), first, last, 1+r.IntN(98)),
			name:   first + " " + last,
			angry:  r.IntN(20) == 0,
		}
	}
	v, _ := g.audiences.LoadOrStore(acctID, pool)
	return v.([]author)[idx]
}

// OwnPostAt returns when the account's k-th own post went out, in the network's history
// that replies and likes point at: about two a day, strictly in order.
func (g *Generator) OwnPostAt(acctID string, k int) time.Time {
	jitter := time.Hour + time.Duration(unit(g.hash(acctID, saltOwnPost, int64(k)))*float64(10*time.Hour))
	return Epoch.Add(time.Duration(k)*12*time.Hour + jitter).Truncate(time.Second)
}

// OwnPostsBefore returns the index of the account's first own post at or after t: posts
// 0 … n-1 went out before t.
func (g *Generator) OwnPostsBefore(acctID string, t time.Time) int {
	k := int(floorDiv(int64(t.Sub(Epoch)), int64(12*time.Hour)))
	if g.OwnPostAt(acctID, k).Before(t) {
		return k + 1
	}
	return k
}

// recentOwnPost returns the id of the own post back posts before the last one before t.
func (g *Generator) recentOwnPost(acctID string, t time.Time, back int) string {
	k := g.OwnPostsBefore(acctID, t) - 1 - back
	return PostID(acctID, g.OwnPostAt(acctID, k))
}

// PostID returns the remote id of an account's post published at t: "demo-<account>-p<unix>".
// The time is in the id so that metrics and threads of any such post can be made in any
// process, without a record of the publish. The seeder uses it for published history.
func PostID(acctID string, t time.Time) string {
	return "demo-" + acctID + "-p" + strconv.FormatInt(t.Unix(), 10)
}

// PostURL returns the web address of an account's post.
func PostURL(acct social.Account, remoteID string) string { return itemURL(acct.Handle, remoteID) }
