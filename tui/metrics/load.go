package metrics

import (
	"context"
	"runtime"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	fig "github.com/chorus-social/chorus/metrics"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/widgets"
)

// Source is what the metrics pane reads; *store.DB implements it. The figures
// themselves come from the metrics package, which reads a *store.DB directly.
type Source interface {
	Client(ctx context.Context, id string) (social.Client, error)
	Health(ctx context.Context, clientID string) ([]store.AccountHealth, error)
	DailySeries(ctx context.Context, accountID, name string, from, to time.Time, loc *time.Location) ([]store.DailyValue, error)
	TargetRows(ctx context.Context, q store.TargetQuery) ([]store.TargetRow, error)
}

const (
	// nBars is how many posts the engagement bar chart shows, the most engaging first.
	nBars = 8
	// nRank is how many top and bottom posts are listed.
	nRank = 3
)

// scopeKind is what `a` picks: every account of the client, one account, or every
// account of one platform.
type scopeKind int

const (
	scopeAll scopeKind = iota
	scopeAccount
	scopePlatform
)

// scope is the accounts the figures cover.
type scope struct {
	kind scopeKind
	id   string // the account id or the platform
}

// row is one account's followers over the period, and its sync health.
type row struct {
	account social.Account
	health  store.AccountHealth
	have    bool  // a count at the end of the period
	value   int64 // followers at the end of the period
	growth  int64
	grew    bool // a count at both ends, so growth is known
	days    []int64
	dayOK   []bool
}

// ranked is a post of the period with its engagement and a label.
type ranked struct {
	label      string
	at         time.Time
	engagement int64
}

// data is everything one load reads for a client, scope and period.
type data struct {
	clientName string
	accounts   []store.AccountHealth // every account of the client, for `a`
	rows       []row                 // the accounts in scope
	cur, prev  fig.Figures
	cmp        fig.Comparison
	bars       []ranked
	top        []ranked
	bottom     []ranked
	heat       widgets.Heat
}

type loadedMsg struct {
	seq    int
	client string
	data   data
	// read are the accounts' inputs this load read from the store, for the cache.
	read cache
	err  error
}

// What a cache entry holds.
const (
	kindInputs = iota // an account's inputs of Compute over a period
	kindDays          // an account's daily followers over a period
	kindText          // a post's text
)

// cacheKey names one entry: an account's inputs or daily followers over one period, or
// the text of one post of an account.
type cacheKey struct {
	kind     int
	account  string
	from, to int64 // Unix ms
	remote   string
}

// entry is one cached value, by the key's kind.
type entry struct {
	inputs fig.Account
	days   []store.DailyValue
	text   string
}

func keyOf(kind int, account string, p fig.Period) cacheKey {
	return cacheKey{kind: kind, account: account, from: p.From.UnixMilli(), to: p.To.UnixMilli()}
}

// cache is the accounts' inputs already read, by account and period, so going back to a
// period or narrowing the scope reads nothing again. A load gets the cache as it was
// when it started and never writes to it: Update makes a new one with what the load
// read. Reload (a sync, a login) and a client switch start it over.
type cache map[cacheKey]entry

// maxCache bounds the cache; past it, it starts over with the newest load.
const maxCache = 512

// inScope returns the accounts of hs that s covers.
func inScope(hs []store.AccountHealth, s scope) []store.AccountHealth {
	var out []store.AccountHealth
	for _, h := range hs {
		switch {
		case s.kind == scopeAll,
			s.kind == scopeAccount && h.Account.ID == s.id,
			s.kind == scopePlatform && string(h.Account.Platform) == s.id:
			out = append(out, h)
		}
	}
	return out
}

// load reads the figures of client's accounts in scope over per and the period before,
// each account's daily followers, the posts' engagement and their text, in a tea.Cmd.
func load(ctx context.Context, db *store.DB, src Source, known cache, seq int, client string, sc scope, per fig.Period) tea.Cmd {
	return func() tea.Msg {
		msg := loadedMsg{seq: seq, client: client, read: cache{}}
		d, err := read(ctx, db, src, known, msg.read, client, sc, per)
		msg.data, msg.err = d, err
		return msg
	}
}

func read(ctx context.Context, db *store.DB, src Source, known cache, fresh cache, client string, sc scope, per fig.Period) (data, error) {
	var d data
	loc := per.To.Location()
	if client != "" {
		c, err := src.Client(ctx, client)
		if err != nil {
			return d, err
		}
		d.clientName = c.Name
	}
	hs, err := src.Health(ctx, client)
	if err != nil {
		return d, err
	}
	d.accounts = hs
	shown := inScope(hs, sc)
	ids := make([]string, len(shown))
	for i, h := range shown {
		ids[i] = h.Account.ID
	}
	cur, prev, days, err := readAccounts(ctx, db, src, known, fresh, ids, per)
	if err != nil {
		return d, err
	}
	d.cur, d.prev = fig.Compute(per, cur), fig.Compute(per.Previous(), prev)
	d.cmp = fig.CompareFigures(d.cur, d.prev)
	var posts []fig.Post
	for i, h := range shown {
		a := cur[i]
		r := row{account: h.Account, health: h}
		if a.FollowersEnd.OK {
			r.have, r.value = true, int64(a.FollowersEnd.N)
		}
		if a.FollowersStart.OK && a.FollowersEnd.OK {
			r.grew, r.growth = true, int64(a.FollowersEnd.N-a.FollowersStart.N)
		}
		for _, v := range days[i] {
			r.days = append(r.days, v.Value)
			r.dayOK = append(r.dayOK, v.OK)
		}
		d.rows = append(d.rows, r)
		posts = append(posts, a.Posts...)
	}
	top, _ := fig.TopBottom(posts, nBars)
	if len(top) == 0 {
		return d, nil
	}
	t3, b3 := fig.TopBottom(posts, nRank)
	texts, err := postTexts(ctx, src, known, fresh, client, top, t3, b3)
	if err != nil {
		return d, err
	}
	rank := func(rs []fig.Ranked) []ranked {
		out := make([]ranked, len(rs))
		for i, r := range rs {
			label := texts[r.Post.AccountID+"\x00"+r.Post.RemoteID]
			if label == "" {
				label = r.Post.PublishedAt.In(loc).Format("Mon 2 Jan 15:04")
			}
			out[i] = ranked{label: widgets.OneLine(label), at: r.Post.PublishedAt, engagement: int64(r.Engagement)}
		}
		return out
	}
	d.bars = rank(top)
	// With fewer than 2×nRank measured posts the two lists would overlap: the bottom
	// keeps only the posts the top does not show.
	d.top, d.bottom = rank(t3), rank(b3[:min(len(b3), d.cur.Measured-len(t3))])
	hm := fig.HeatmapOf(posts, loc)
	for wd := range hm {
		for hr, c := range hm[wd] {
			if c.Engagement.OK {
				d.heat[(wd+6)%7][hr] = c.Engagement.N // widgets.Heat is Monday first
			}
		}
	}
	return d, nil
}

// textWindow is how long before it went out a post may have been due: its text is
// looked up among the targets due in that window (a post published later than that,
// after long retries, is labelled by its time instead).
const textWindow = 24 * time.Hour

// postTexts maps "account\x00remote id" to the text of the posts ranked, each looked up
// among the client's targets due shortly before it went out.
func postTexts(ctx context.Context, src Source, known, fresh cache, client string, lists ...[]fig.Ranked) (map[string]string, error) {
	out := map[string]string{}
	for _, rs := range lists {
		for _, r := range rs {
			k := r.Post.AccountID + "\x00" + r.Post.RemoteID
			if _, ok := out[k]; ok {
				continue
			}
			ck := cacheKey{kind: kindText, account: r.Post.AccountID, remote: r.Post.RemoteID}
			if e, ok := known[ck]; ok {
				out[k] = e.text
				continue
			}
			out[k] = ""
			at := r.Post.PublishedAt
			rows, err := src.TargetRows(ctx, store.TargetQuery{ClientID: client,
				From: at.Add(-textWindow), To: at.Add(time.Millisecond), Desc: true, Limit: 200})
			if err != nil {
				return nil, err
			}
			for _, t := range rows {
				if t.AccountID == r.Post.AccountID && t.RemoteID == r.Post.RemoteID {
					out[k] = t.Text
					break
				}
			}
			fresh[ck] = entry{text: out[k]}
		}
	}
	return out, nil
}

// readAccounts reads each account's inputs for per and the period before, and its daily
// followers over per, on up to NumCPU connections at once: the loads are independent
// index seeks, and the pane waits for the slowest.
// Inputs in known are taken from it; those read are added to fresh.
func readAccounts(ctx context.Context, db *store.DB, src Source, known cache, fresh cache, ids []string, per fig.Period) (cur, prev []fig.Account, days [][]store.DailyValue, err error) {
	n := len(ids)
	cur, prev, days = make([]fig.Account, n), make([]fig.Account, n), make([][]store.DailyValue, n)
	errs := make([]error, 3*n)
	sem := make(chan struct{}, max(runtime.NumCPU(), 2))
	var wg sync.WaitGroup
	run := func(i int, f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = f()
		}()
	}
	loadOne := func(into []fig.Account, j, i int, p fig.Period) {
		if e, ok := known[keyOf(kindInputs, ids[i], p)]; ok {
			into[i] = e.inputs
			return
		}
		run(j, func() error {
			as, err := fig.Load(ctx, db, p, ids[i:i+1], 0)
			if err == nil {
				into[i] = as[0]
			}
			return err
		})
	}
	for i, id := range ids {
		loadOne(cur, 3*i, i, per)
		loadOne(prev, 3*i+1, i, per.Previous())
		if e, ok := known[keyOf(kindDays, id, per)]; ok {
			days[i] = e.days
			continue
		}
		run(3*i+2, func() error {
			var err error
			days[i], err = src.DailySeries(ctx, id, social.MetricFollowers, per.From, per.To, per.To.Location())
			return err
		})
	}
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return nil, nil, nil, e
		}
	}
	for i, id := range ids {
		for _, p := range []struct {
			per fig.Period
			a   fig.Account
		}{{per, cur[i]}, {per.Previous(), prev[i]}} {
			if k := keyOf(kindInputs, id, p.per); !hasKey(known, k) {
				fresh[k] = entry{inputs: p.a}
			}
		}
		if k := keyOf(kindDays, id, per); !hasKey(known, k) {
			fresh[k] = entry{days: days[i]}
		}
	}
	return cur, prev, days, nil
}

func hasKey(c cache, k cacheKey) bool {
	_, ok := c[k]
	return ok
}
