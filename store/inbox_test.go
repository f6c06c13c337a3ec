package store

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func item(a social.Account, remote string, kind social.InboxKind, at time.Time, text string) social.InboxItem {
	return social.InboxItem{AccountID: a.ID, RemoteID: remote, Kind: kind, AuthorID: "u-" + remote,
		AuthorHandle: "fan" + remote, AuthorName: "Fan " + remote, Text: text, CreatedAt: at}
}

func mustUpsert(t *testing.T, db *DB, items ...social.InboxItem) {
	t.Helper()
	if _, err := db.UpsertInbox(t.Context(), items); err != nil {
		t.Fatal(err)
	}
}

// byRemote returns the stored item of an account with a remote id.
func byRemote(t *testing.T, db *DB, accountID, remote string) social.InboxItem {
	t.Helper()
	var id int64
	if err := db.r.QueryRow(`SELECT id FROM inbox_items WHERE account_id=? AND remote_id=?`, accountID, remote).Scan(&id); err != nil {
		t.Fatalf("item %s/%s: %v", accountID, remote, err)
	}
	it, err := db.InboxItem(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func remotes(items []social.InboxItem) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.AccountID+"/"+it.RemoteID)
	}
	return out
}

func TestInboxFilters(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	acmeDemo := seedClientAccount(t, db)
	acmeMasto := mustAccount(t, db, "acme-masto", "acme", "mastodon")
	mustClient(t, db, "beta")
	betaMasto := mustAccount(t, db, "beta-masto", "beta", "mastodon")
	at := func(m int) time.Time { return t0.Add(-time.Duration(m) * time.Minute) }
	mustUpsert(t, db,
		item(acmeDemo, "1", social.InboxMention, at(10), "mention"),
		item(acmeDemo, "2", social.InboxReply, at(9), "reply, read"),
		item(acmeMasto, "3", social.InboxDM, at(8), "dm, done"),
		item(acmeMasto, "4", social.InboxMention, at(7), "snoozed until later"),
		item(acmeMasto, "5", social.InboxLike, at(6), "snooze over"),
		item(betaMasto, "6", social.InboxMention, at(5), "beta mention, labelled"),
		item(acmeDemo, "7", social.InboxComment, at(4), "comment, labelled"),
	)
	id := func(a social.Account, r string) int64 { return byRemote(t, db, a.ID, r).ID }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.SetRead(ctx, true, id(acmeDemo, "2")))
	must(db.SetDone(ctx, true, id(acmeMasto, "3")))
	must(db.Snooze(ctx, t0.Add(time.Hour), id(acmeMasto, "4")))
	must(db.Snooze(ctx, t0.Add(-time.Minute), id(acmeMasto, "5")))
	urgentBeta, _ := db.EnsureLabel(ctx, "beta", "urgent")
	urgentAcme, _ := db.EnsureLabel(ctx, "acme", "urgent")
	must(db.SetLabel(ctx, urgentBeta.ID, true, id(betaMasto, "6")))
	must(db.SetLabel(ctx, urgentAcme.ID, true, id(acmeDemo, "7")))

	for _, tc := range []struct {
		name string
		q    InboxQuery
		want []string
	}{
		{"open: not done, not snoozed", InboxQuery{},
			[]string{"acme-demo/7", "beta-masto/6", "acme-masto/5", "acme-demo/2", "acme-demo/1"}},
		{"all", InboxQuery{All: true},
			[]string{"acme-demo/7", "beta-masto/6", "acme-masto/5", "acme-masto/4", "acme-masto/3", "acme-demo/2", "acme-demo/1"}},
		{"unread", InboxQuery{Unread: true},
			[]string{"acme-demo/7", "beta-masto/6", "acme-masto/5", "acme-demo/1"}},
		{"client", InboxQuery{ClientID: "acme"},
			[]string{"acme-demo/7", "acme-masto/5", "acme-demo/2", "acme-demo/1"}},
		{"client, all", InboxQuery{ClientID: "acme", All: true},
			[]string{"acme-demo/7", "acme-masto/5", "acme-masto/4", "acme-masto/3", "acme-demo/2", "acme-demo/1"}},
		{"kinds", InboxQuery{Kinds: []social.InboxKind{social.InboxMention, social.InboxReply}},
			[]string{"beta-masto/6", "acme-demo/2", "acme-demo/1"}},
		{"platform", InboxQuery{Platform: "mastodon"},
			[]string{"beta-masto/6", "acme-masto/5"}},
		{"label across clients", InboxQuery{Label: "urgent"},
			[]string{"acme-demo/7", "beta-masto/6"}},
		{"label of a client", InboxQuery{Label: "urgent", ClientID: "beta"},
			[]string{"beta-masto/6"}},
		{"unknown label", InboxQuery{Label: "nope"}, []string{}},
		{"snoozed shows once its time passes", InboxQuery{ClientID: "acme", Now: t0.Add(2 * time.Hour), Kinds: []social.InboxKind{social.InboxMention}},
			[]string{"acme-masto/4", "acme-demo/1"}},
		{"limit", InboxQuery{All: true, Limit: 2}, []string{"acme-demo/7", "beta-masto/6"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.q.Now.IsZero() {
				tc.q.Now = t0
			}
			got, err := db.Inbox(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if r := remotes(got); !reflect.DeepEqual(r, tc.want) {
				t.Fatalf("got %v, want %v", r, tc.want)
			}
		})
	}
	got := byRemote(t, db, betaMasto.ID, "6")
	if got.ClientID != "beta" || got.Platform != "mastodon" || !reflect.DeepEqual(got.Labels, []string{"urgent"}) || got.Read {
		t.Fatalf("item fields: %+v", got)
	}
}

func TestSnoozedItemComesBackWhenDue(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	mustUpsert(t, db, item(a, "1", social.InboxMention, t0, "later please"))
	it := byRemote(t, db, a.ID, "1")
	until := t0.Add(3 * time.Hour)
	if err := db.Snooze(t.Context(), until, it.ID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		now  time.Time
		want int
	}{
		{t0, 0},
		{until.Add(-time.Millisecond), 0},
		{until, 1},
		{until.Add(time.Hour), 1},
	} {
		items, err := db.Inbox(t.Context(), InboxQuery{Now: tc.now})
		if err != nil || len(items) != tc.want {
			t.Fatalf("at %v: %d items, %v; want %d", tc.now, len(items), err, tc.want)
		}
		if counts, _ := db.OpenCounts(t.Context(), tc.now); counts["acme"] != tc.want {
			t.Fatalf("at %v: open count %d, want %d", tc.now, counts["acme"], tc.want)
		}
	}
	if got := byRemote(t, db, a.ID, "1"); !got.SnoozedUntil.Equal(until) {
		t.Fatalf("snoozed until %v", got.SnoozedUntil)
	}
	// Waking it up early.
	db.Snooze(t.Context(), time.Time{}, it.ID)
	if items, _ := db.Inbox(t.Context(), InboxQuery{Now: t0}); len(items) != 1 {
		t.Fatal("unsnoozed item still hidden")
	}
}

func TestUpsertInboxNeverOverwritesTriageState(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	orig := item(a, "1", social.InboxMention, t0, "first version")
	mustUpsert(t, db, orig)
	it := byRemote(t, db, a.ID, "1")
	l, _ := db.EnsureLabel(ctx, "acme", "vip")
	db.SetLabel(ctx, l.ID, true, it.ID)
	db.SetDone(ctx, true, it.ID)
	db.Snooze(ctx, t0.Add(time.Hour), it.ID)

	edited := orig
	edited.Text, edited.AuthorName, edited.URL, edited.Kind = "edited version", "New Name", "https://x/1", social.InboxReply
	n, err := db.UpsertInbox(ctx, []social.InboxItem{edited})
	if err != nil || n != 0 {
		t.Fatalf("re-upsert: %d new, %v", n, err)
	}
	got := byRemote(t, db, a.ID, "1")
	if got.ID != it.ID || !got.Read || !got.Done || !got.SnoozedUntil.Equal(t0.Add(time.Hour)) || !reflect.DeepEqual(got.Labels, []string{"vip"}) {
		t.Fatalf("triage state lost: %+v", got)
	}
	if got.Text != "edited version" || got.AuthorName != "New Name" || got.URL != "https://x/1" || got.Kind != social.InboxReply {
		t.Fatalf("platform fields not refreshed: %+v", got)
	}
	// The search index follows the edit.
	if found, _ := db.SearchInbox(ctx, "edited", InboxQuery{}); len(found) != 1 {
		t.Fatal("edited text not searchable")
	}
	if found, _ := db.SearchInbox(ctx, "first", InboxQuery{}); len(found) != 0 {
		t.Fatal("old text still found")
	}
	// Marking it undone again does not unread it.
	db.SetDone(ctx, false, it.ID)
	if got := byRemote(t, db, a.ID, "1"); got.Done || !got.Read {
		t.Fatalf("after undone: %+v", got)
	}
}

func TestInboxIDsFollowCreatedAtWhateverTheSyncOrder(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-b", "acme", "bluesky")
	// A first sync pages backwards: newest page first, newest item first in each page.
	mustUpsert(t, db,
		item(a, "n3", social.InboxMention, t0.Add(3*time.Minute), ""),
		item(a, "n2", social.InboxMention, t0.Add(2*time.Minute), ""),
		item(a, "n1", social.InboxMention, t0.Add(1*time.Minute), ""))
	mustUpsert(t, db,
		item(a, "o2", social.InboxMention, t0.Add(-1*time.Minute), ""),
		item(a, "o1", social.InboxMention, t0.Add(-2*time.Minute), ""))
	// Another account's items of the same millisecond, synced later.
	mustUpsert(t, db,
		item(b, "s1", social.InboxMention, t0.Add(2*time.Minute), ""),
		item(b, "s2", social.InboxMention, t0.Add(2*time.Minute), ""))
	items, err := db.Inbox(t.Context(), InboxQuery{All: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"acme-demo/n3", "acme-b/s2", "acme-b/s1", "acme-demo/n2", "acme-demo/n1", "acme-demo/o2", "acme-demo/o1"}
	if r := remotes(items); !reflect.DeepEqual(r, want) {
		t.Fatalf("order %v, want %v", r, want)
	}
	for i := 1; i < len(items); i++ {
		if items[i].ID >= items[i-1].ID || items[i].CreatedAt.After(items[i-1].CreatedAt) {
			t.Fatalf("ids and times disagree at %d: %+v %+v", i, items[i-1], items[i])
		}
	}
}

func TestUpsertInboxStampsItemsWithoutTime(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	before := time.Now().Add(-time.Second)
	mustUpsert(t, db, social.InboxItem{AccountID: a.ID, RemoteID: "x", Kind: social.InboxFollow})
	got := byRemote(t, db, a.ID, "x")
	if got.CreatedAt.Before(before) || got.CreatedAt.After(time.Now().Add(time.Second)) {
		t.Fatalf("created at %v", got.CreatedAt)
	}
}

func TestUpsertInboxRejectsBadItemsAtomically(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	good := item(a, "1", social.InboxMention, t0, "")
	for _, tc := range []struct {
		name string
		bad  social.InboxItem
		want []string
	}{
		{"unknown account", social.InboxItem{AccountID: "ghost", RemoteID: "2"}, []string{`no account "ghost"`}},
		{"no remote id", social.InboxItem{AccountID: a.ID}, []string{a.ID, "no remote id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.UpsertInbox(t.Context(), []social.InboxItem{good, tc.bad})
			wantErr(t, err, tc.want...)
			if n := count(t, db, `SELECT count(*) FROM inbox_items`); n != 0 {
				t.Fatalf("%d items kept from a failed batch", n)
			}
		})
	}
	if n, err := db.UpsertInbox(t.Context(), nil); n != 0 || err != nil {
		t.Fatalf("empty upsert: %d %v", n, err)
	}
}

func TestInboxKeysetPagesHaveNoGapsOrDuplicates(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	mustClient(t, db, "beta")
	b := mustAccount(t, db, "beta-demo", "beta", "demo")
	var items []social.InboxItem
	for i := range 230 {
		acct := a
		if i%4 == 0 {
			acct = b
		}
		// Every third item shares its millisecond with the one before.
		at := t0.Add(time.Duration(i-i%3) * time.Second)
		items = append(items, item(acct, fmt.Sprint(i), social.InboxMention, at, "x"))
	}
	mustUpsert(t, db, items...)
	for _, tc := range []struct {
		name string
		q    InboxQuery
		want int
	}{
		{"every client", InboxQuery{Now: t0}, 230},
		{"one client", InboxQuery{ClientID: "acme", Now: t0}, 172},
		{"all of one client", InboxQuery{ClientID: "beta", All: true}, 58},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[int64]bool{}
			var ids []int64
			q := tc.q
			q.Limit = 50
			for {
				page, err := db.Inbox(t.Context(), q)
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range page {
					if seen[it.ID] {
						t.Fatalf("item %d twice", it.ID)
					}
					seen[it.ID] = true
					ids = append(ids, it.ID)
				}
				if len(page) < q.Limit {
					break
				}
				q.Before = page[len(page)-1].ID
			}
			if len(ids) != tc.want {
				t.Fatalf("%d items over all pages, want %d", len(ids), tc.want)
			}
			if !sort.SliceIsSorted(ids, func(i, j int) bool { return ids[i] > ids[j] }) {
				t.Fatal("pages not newest first")
			}
		})
	}
}

func TestSearchInbox(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	mustClient(t, db, "beta")
	b := mustAccount(t, db, "beta-demo", "beta", "demo")
	mustUpsert(t, db,
		social.InboxItem{AccountID: a.ID, RemoteID: "1", AuthorHandle: "alice", AuthorName: "Alice Liddell", Text: "Hello world, lovely product!", CreatedAt: t0},
		social.InboxItem{AccountID: a.ID, RemoteID: "2", AuthorHandle: "bob", Text: "The world is wide", CreatedAt: t0.Add(time.Minute)},
		social.InboxItem{AccountID: b.ID, RemoteID: "3", AuthorHandle: "carol", Text: "hello from the café", CreatedAt: t0.Add(2 * time.Minute)},
		social.InboxItem{AccountID: a.ID, RemoteID: "4", AuthorHandle: "dave", Text: `use "quotes" AND OR NOT NEAR(x y) col:val -minus ^caret*`, CreatedAt: t0.Add(3 * time.Minute)},
	)
	for _, tc := range []struct {
		name  string
		query string
		q     InboxQuery
		want  []string
	}{
		{"word", "world", InboxQuery{}, []string{"acme-demo/2", "acme-demo/1"}},
		{"prefix", "wor", InboxQuery{}, []string{"acme-demo/2", "acme-demo/1"}},
		{"case and prefix", "HEL", InboxQuery{}, []string{"beta-demo/3", "acme-demo/1"}},
		{"every word must match", "hello world", InboxQuery{}, []string{"acme-demo/1"}},
		{"words in any order", "world hello", InboxQuery{}, []string{"acme-demo/1"}},
		{"author handle", "alice", InboxQuery{}, []string{"acme-demo/1"}},
		{"author name", "liddell", InboxQuery{}, []string{"acme-demo/1"}},
		{"diacritics ignored", "cafe", InboxQuery{}, []string{"beta-demo/3"}},
		{"client filter", "hello", InboxQuery{ClientID: "beta"}, []string{"beta-demo/3"}},
		{"no match", "zebra", InboxQuery{}, []string{}},
		{"double quote", `"hello`, InboxQuery{}, []string{"beta-demo/3", "acme-demo/1"}},
		{"operators as words", "AND", InboxQuery{}, []string{"acme-demo/4"}},
		{"NOT NEAR", "NOT NEAR(", InboxQuery{}, []string{"acme-demo/4"}},
		{"column syntax", "col:val", InboxQuery{}, []string{"acme-demo/4"}},
		{"leading minus and caret", "-minus ^caret*", InboxQuery{}, []string{"acme-demo/4"}},
		{"only punctuation is the plain inbox", `"*():^-`, InboxQuery{All: true, ClientID: "beta"}, []string{"beta-demo/3"}},
		{"unbalanced parens", "(hello", InboxQuery{}, []string{"beta-demo/3", "acme-demo/1"}},
		{"completed words are whole words", "wor ", InboxQuery{}, []string{}},
		{"only the last word is a prefix", "hel world", InboxQuery{}, []string{}},
		{"quoted word is whole", `"wor"`, InboxQuery{}, []string{}},
		{"underscore splits like the tokenizer", "hello_wor", InboxQuery{}, []string{"acme-demo/1"}},
		{"symbols split like the tokenizer", "#hello $world", InboxQuery{}, []string{"acme-demo/1"}},
		{"one letter", "l", InboxQuery{}, []string{"acme-demo/1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := db.SearchInbox(t.Context(), tc.query, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if r := remotes(got); !reflect.DeepEqual(r, tc.want) {
				t.Fatalf("got %v, want %v", r, tc.want)
			}
		})
	}
}

func TestSearchInboxCoversDoneItemsAndPagesWithBefore(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	var items []social.InboxItem
	for i := range 25 {
		text := "order shipped"
		if i%5 == 0 {
			text = "unrelated"
		}
		items = append(items, item(a, fmt.Sprint(i), social.InboxMention, t0.Add(time.Duration(i)*time.Second), text))
	}
	mustUpsert(t, db, items...)
	all, _ := db.Inbox(t.Context(), InboxQuery{All: true, Limit: 100})
	var ids []int64
	for _, it := range all {
		ids = append(ids, it.ID)
	}
	if err := db.SetDone(t.Context(), true, ids...); err != nil {
		t.Fatal(err)
	}
	var got []social.InboxItem
	q := InboxQuery{Limit: 7}
	for {
		page, err := db.SearchInbox(t.Context(), "ship", q)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page...)
		if len(page) < q.Limit {
			break
		}
		q.Before = page[len(page)-1].ID
	}
	if len(got) != 20 {
		t.Fatalf("%d matches over pages, want 20", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i].ID >= got[i-1].ID {
			t.Fatal("search pages not newest first or overlapping")
		}
	}
}

func TestOpenCountsPerClient(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	mustClient(t, db, "beta")
	b := mustAccount(t, db, "beta-demo", "beta", "demo")
	mustClient(t, db, "zero")
	mustUpsert(t, db,
		item(a, "1", social.InboxMention, t0, ""), item(a, "2", social.InboxMention, t0, ""),
		item(a, "3", social.InboxMention, t0, ""), item(b, "4", social.InboxDM, t0, ""))
	db.SetDone(t.Context(), true, byRemote(t, db, a.ID, "1").ID)
	db.Snooze(t.Context(), t0.Add(time.Hour), byRemote(t, db, a.ID, "2").ID)
	got, err := db.OpenCounts(t.Context(), t0)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"acme": 1, "beta": 1}; !reflect.DeepEqual(got, want) {
		t.Fatalf("counts %v, want %v", got, want)
	}
}

func TestBulkTriageOfManyItems(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	var items []social.InboxItem
	for i := range 1234 {
		items = append(items, item(a, fmt.Sprint(i), social.InboxLike, t0.Add(time.Duration(i)*time.Millisecond), ""))
	}
	mustUpsert(t, db, items...)
	all, _ := db.Inbox(t.Context(), InboxQuery{All: true, Limit: 5000})
	ids := make([]int64, len(all))
	for i, it := range all {
		ids[i] = it.ID
	}
	if err := db.SetDone(t.Context(), true, ids...); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM inbox_items WHERE done=1 AND read=1`); n != 1234 {
		t.Fatalf("%d archived, want 1234", n)
	}
	l, _ := db.EnsureLabel(t.Context(), "acme", "bulk")
	if err := db.SetLabel(t.Context(), l.ID, true, ids...); err != nil {
		t.Fatal(err)
	}
	labelled, err := db.Inbox(t.Context(), InboxQuery{All: true, Label: "bulk", Limit: 5000})
	if err != nil || len(labelled) != 1234 || len(labelled[0].Labels) != 1 {
		t.Fatalf("labelled %d, %v", len(labelled), err)
	}
	for _, f := range []func() error{
		func() error { return db.SetRead(t.Context(), true) },
		func() error { return db.SetDone(t.Context(), true) },
		func() error { return db.Snooze(t.Context(), t0) },
	} {
		if err := f(); err != nil {
			t.Fatalf("no ids: %v", err)
		}
	}
}

func TestInboxItemNotFound(t *testing.T) {
	db := openTest(t)
	_, err := db.InboxItem(t.Context(), 42)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v", err)
	}
}

func TestFTSQueryQuotesEveryWordAndPrefixesOnlyTheLast(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"  ", ""},
		{`"*()`, ""},
		{"hello", `"hello"*`},
		{"hello ", `"hello"`},
		{"hello wor", `"hello" AND "wor"*`},
		{`say "hi"`, `"say" AND "hi"`},
		{"NOT x AND y", `"NOT" AND "x" AND "AND" AND "y"*`},
		{"a_b-c", `"a" AND "b" AND "c"*`},
		{"café ½", `"café" AND "½"*`},
		{"emoji 🎉", `"emoji"`},
	} {
		if got := ftsQuery(tc.in); got != tc.want {
			t.Errorf("ftsQuery(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestInboxItemsCarryTheLikeAndReplySentFromThem(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	if _, err := db.UpsertInbox(ctx, []social.InboxItem{
		{AccountID: a.ID, RemoteID: "m1", Kind: social.InboxMention, Text: "hi", CreatedAt: t0},
		{AccountID: a.ID, RemoteID: "m2", Kind: social.InboxMention, Text: "hello", CreatedAt: t0},
	}); err != nil {
		t.Fatal(err)
	}
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Kind: social.KindLike, ReplyTo: "m1",
		Status: social.StatusScheduled, DueAt: t0}}, "like")
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Kind: social.KindReply, ReplyTo: "m1",
		Status: social.StatusFailed, LastError: "rejected"}}, "thanks")
	items, err := db.Inbox(ctx, InboxQuery{ClientID: "acme", Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	byRemote := map[string]social.InboxItem{}
	for _, it := range items {
		byRemote[it.RemoteID] = it
	}
	m1, m2 := byRemote["m1"], byRemote["m2"]
	if m1.Like.Status != social.StatusScheduled || m1.Reply.Status != social.StatusFailed || m1.Reply.Error != "rejected" {
		t.Fatalf("m1 %+v %+v", m1.Like, m1.Reply)
	}
	if m2.Like.TargetID != 0 || m2.Reply.TargetID != 0 {
		t.Fatalf("m2 %+v %+v", m2.Like, m2.Reply)
	}
}

func TestSearchExpandsTheWordBeingTypedIntoIndexedWords(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	texts := []string{"Thanks a lot", "thanksgiving plans", "THANKFUL today", "Café Noir", "order shipped", "order shipping soon"}
	var items []social.InboxItem
	for i, text := range texts {
		items = append(items, social.InboxItem{AccountID: a.ID, RemoteID: fmt.Sprint("m", i), Kind: social.InboxMention,
			AuthorHandle: "fan", Text: text, CreatedAt: t0.Add(time.Duration(i) * time.Minute)})
	}
	if _, err := db.UpsertInbox(ctx, items); err != nil {
		t.Fatal(err)
	}
	// An edit brings new words: they are searchable as prefixes too.
	items[3].Text = "Espresso bar"
	if _, err := db.UpsertInbox(ctx, items[3:4]); err != nil {
		t.Fatal(err)
	}
	terms, ok, err := db.completions(ctx, "THANKs")
	if err != nil || !ok || !slices.Equal(terms, []string{"thanks", "thanksgiving"}) {
		t.Fatalf("completions %v %v %v", terms, ok, err)
	}
	for _, tc := range []struct {
		query string
		want  []string // remote ids, newest first
	}{
		{"thank", []string{"m2", "m1", "m0"}},
		{"Thanks", []string{"m1", "m0"}},
		{"thanks ", []string{"m0"}},
		{"order shipp", []string{"m5", "m4"}},
		{"order shippi", []string{"m5"}},
		{"espre", []string{"m3"}},
		{"cafe", nil}, // the edit replaced it
		{"zzzz", nil},
		{"fan thank", []string{"m2", "m1", "m0"}}, // author and text together
	} {
		got, err := db.SearchInbox(ctx, tc.query, InboxQuery{})
		if err != nil {
			t.Fatalf("%q: %v", tc.query, err)
		}
		var ids []string
		for _, it := range got {
			ids = append(ids, it.RemoteID)
		}
		if !slices.Equal(ids, tc.want) {
			t.Errorf("search %q = %v, want %v", tc.query, ids, tc.want)
		}
	}
}

func TestCompletionsLeaveShortWideAndNonASCIIPrefixesToFTS(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	var items []social.InboxItem
	for i := range maxExpansion + 1 {
		items = append(items, social.InboxItem{AccountID: a.ID, RemoteID: fmt.Sprint("m", i), Kind: social.InboxMention,
			Text: fmt.Sprintf("word%03d", i), CreatedAt: t0})
	}
	if _, err := db.UpsertInbox(ctx, items); err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"wor", "word", "café", "wörd"} {
		if terms, ok, err := db.completions(ctx, prefix); ok || err != nil {
			t.Errorf("completions(%q) = %v, %v, %v; want FTS's own prefix match", prefix, terms, ok, err)
		}
	}
	got, err := db.SearchInbox(ctx, "word", InboxQuery{Limit: 100})
	if err != nil || len(got) != maxExpansion+1 {
		t.Fatalf("prefix fallback found %d, %v", len(got), err)
	}
	if terms, ok, _ := db.completions(ctx, "word06"); !ok || len(terms) != 5 {
		t.Fatalf("word06: %v %v", terms, ok)
	}
}
