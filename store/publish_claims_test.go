package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

// ids returns the target ids of claims, in order.
func ids(cs []Claim) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.Target.ID
	}
	return out
}

func TestClaimBatchTakesDueTargetsInOrderAndLeavesBusyAccountsAlone(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-b", "acme", "demo")
	a2 := scheduled(t, db, a, t0.Add(-time.Minute), "a later")
	a1 := scheduled(t, db, a, t0.Add(-2*time.Minute), "a first", "a thread")
	b1 := scheduled(t, db, b, t0.Add(-90*time.Second), "b first")
	scheduled(t, db, b, t0.Add(time.Hour), "b not due")

	cs, err := db.ClaimBatch(ctx, t0, time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(cs); len(got) != 3 || got[0] != a1 || got[1] != b1 || got[2] != a2 {
		t.Fatalf("claimed %v, want [%d %d %d] (due order)", got, a1, b1, a2)
	}
	c := cs[0]
	if c.Recovered || c.Target.Status != social.StatusPublishing || c.Target.Attempts != 1 || c.Token == 0 ||
		!c.FirstTry.Equal(t0) || c.Account.ID != a.ID || len(c.Parts) != 2 || c.Parts[1].Text != "a thread" {
		t.Fatalf("claim %+v", c)
	}
	// A second batch (another process) finds nothing: every due target is claimed, and a
	// target of a busy account waits even once due.
	a3 := scheduled(t, db, a, t0.Add(-time.Second), "a third")
	if cs, _ := db.ClaimBatch(ctx, t0, time.Minute, 10); len(cs) != 0 {
		t.Fatalf("claimed %v while the account sends", ids(cs))
	}
	if next, _ := db.NextDue(ctx); !next.Equal(t0.Add(time.Minute)) {
		t.Fatalf("NextDue %v, want the leases' end: the busy account's target waits for it", next)
	}
	for _, c := range cs {
		if err := db.CompletePublish(ctx, c.Target.ID, Result{RemoteID: "r"}); err != nil {
			t.Fatal(err)
		}
	}
	if next, _ := db.NextDue(ctx); !next.Equal(t0.Add(-time.Second)) {
		t.Fatalf("NextDue %v after the sends, want the waiting target's time", next)
	}
	if cs, _ := db.ClaimBatch(ctx, t0, time.Minute, 10); len(cs) != 1 || cs[0].Target.ID != a3 {
		t.Fatalf("claimed %v, want the third post of a", ids(cs))
	}
}

func TestClaimBatchLimit(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	for i := range 5 {
		scheduled(t, db, a, t0.Add(-time.Duration(i)*time.Second))
	}
	cs, err := db.ClaimBatch(t.Context(), t0, time.Minute, 3)
	if err != nil || len(cs) != 3 {
		t.Fatalf("%d claims, %v", len(cs), err)
	}
	_, err = db.ClaimBatch(t.Context(), t0, time.Minute, 0)
	wantErr(t, err, "batch size must be positive")
}

// A claim whose send never began is nothing to worry about after a crash; one whose send
// began may have reached the platform.
func TestAfterACrashOnlyBegunSendsAreRecovered(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-b", "acme", "demo")
	never := scheduled(t, db, a, t0)
	begun := scheduled(t, db, b, t0)
	cs, _ := db.ClaimBatch(ctx, t0, time.Minute, 10)
	if len(cs) != 2 {
		t.Fatalf("claims %v", ids(cs))
	}
	if err := db.BeginSend(ctx, cs[1], t0.Add(time.Second), t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// The process dies; a minute later the leases are out.
	later := t0.Add(2 * time.Minute)
	again, err := db.ClaimBatch(ctx, later, time.Minute, 10)
	if err != nil || len(again) != 2 {
		t.Fatalf("reclaimed %v, %v", ids(again), err)
	}
	for _, c := range again {
		switch c.Target.ID {
		case never:
			if c.Recovered || c.Target.Attempts != 2 {
				t.Errorf("never begun: %+v", c)
			}
		case begun:
			if !c.Recovered || !c.SendBegan.Equal(t0.Add(time.Second)) {
				t.Errorf("begun: recovered %v, began %v", c.Recovered, c.SendBegan)
			}
		}
		if c.Token == cs[0].Token && c.Target.ID == cs[0].Target.ID {
			t.Errorf("same token after a new claim")
		}
	}
	// The dead process's claims are fenced off.
	err = db.BeginSend(ctx, cs[0], later, later.Add(time.Minute))
	if !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("stale begin: %v", err)
	}
	if err := db.FailAttempt(ctx, cs[1], "x", time.Time{}, false); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("stale failure: %v", err)
	}
	// A failure that proves nothing went out makes the next attempt a fresh one; one that
	// leaves it open keeps it recovered.
	byID := map[int64]Claim{again[0].Target.ID: again[0], again[1].Target.ID: again[1]}
	for _, c := range again {
		if err := db.BeginSend(ctx, c, later, later.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.FailAttempt(ctx, byID[never], "rate limited", later.Add(time.Minute), false); err != nil {
		t.Fatal(err)
	}
	if err := db.FailAttempt(ctx, byID[begun], "connection reset", later.Add(time.Minute), true); err != nil {
		t.Fatal(err)
	}
	third, _ := db.ClaimBatch(ctx, later.Add(time.Minute), time.Minute, 10)
	for _, c := range third {
		if c.Recovered != (c.Target.ID == begun) {
			t.Errorf("target %d recovered %v after its failure", c.Target.ID, c.Recovered)
		}
		if c.Target.LastError == "" || !c.FirstTry.Equal(t0) {
			t.Errorf("target %d: error %q, first try %v", c.Target.ID, c.Target.LastError, c.FirstTry)
		}
	}
}

func TestReleaseClaimGivesBackAnUnsentClaim(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	id := scheduled(t, db, a, t0)
	cs, _ := db.ClaimBatch(ctx, t0, time.Minute, 1)
	if err := db.ReleaseClaim(ctx, cs[0]); err != nil {
		t.Fatal(err)
	}
	tg := mustTarget(t, db, id)
	if tg.Status != social.StatusScheduled || tg.Attempts != 0 || !tg.LeaseUntil.IsZero() {
		t.Fatalf("after release: %+v", tg)
	}
	again, _ := db.ClaimBatch(ctx, t0, time.Minute, 1)
	if len(again) != 1 || again[0].Recovered {
		t.Fatalf("claim after release: %+v", again)
	}
	// A stale claim's release changes nothing.
	if err := db.ReleaseClaim(ctx, cs[0]); err != nil {
		t.Fatal(err)
	}
	if tg := mustTarget(t, db, id); tg.Status != social.StatusPublishing {
		t.Fatalf("a stale release undid the new claim: %+v", tg)
	}
}

func TestSenderRecordsBeginsAndCompletionsTogether(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-b", "acme", "demo")
	first := scheduled(t, db, a, t0)
	second := scheduled(t, db, a, t0.Add(time.Second))
	other := scheduled(t, db, b, t0)
	s, err := db.NewSender(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs, err := s.ClaimBatch(ctx, t0.Add(time.Second), time.Minute, 10)
	if err != nil || len(cs) != 3 {
		t.Fatalf("claims %v %v", ids(cs), err)
	}
	byID := map[int64]Claim{}
	for _, c := range cs {
		byID[c.Target.ID] = c
	}
	stale := byID[other]
	stale.Token--
	bErrs, dErrs, err := s.Record(ctx, []Claim{byID[first], stale}, t0, t0.Add(time.Hour), nil)
	if err != nil || bErrs[0] != nil || !errors.Is(bErrs[1], ErrLeaseLost) || len(dErrs) != 0 {
		t.Fatalf("begins: %v %v", bErrs, err)
	}
	bErrs, dErrs, err = s.Record(ctx, []Claim{byID[second]}, t0, t0.Add(time.Hour),
		[]Completion{{ID: first, Result: Result{RemoteID: "r1", URL: "https://x/r1", At: t0}}, {ID: 999}})
	if err != nil || bErrs[0] != nil || dErrs[0] != nil || !errors.Is(dErrs[1], ErrNotFound) {
		t.Fatalf("record: %v %v %v", bErrs, dErrs, err)
	}
	if tg := mustTarget(t, db, first); tg.Status != social.StatusPublished || tg.RemoteID != "r1" {
		t.Fatalf("first: %+v", tg)
	}
	if tg := mustTarget(t, db, second); !tg.LeaseUntil.Equal(t0.Add(time.Hour)) {
		t.Fatalf("second's lease not extended: %+v", tg)
	}
	lost, err := s.ExtendClaims(ctx, []Claim{byID[second], stale, byID[first]}, t0.Add(2*time.Hour))
	if err != nil || len(lost) != 1 || lost[0].Target.ID != other {
		t.Fatalf("extend: lost %v, %v", ids(lost), err)
	}
}

// TestClaimBatchTwoProcessesNeverSendTheSameTarget drains 300 targets of 6 accounts with
// two handles on one file claiming in batches, beginning and completing as the publisher
// does: every target is begun once, and no account ever has two sends at once.
func TestClaimBatchTwoProcessesNeverSendTheSameTarget(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	dbs := []*DB{openAt(t, path), openAt(t, path)}
	ctx := context.Background()
	mustClient(t, dbs[0], "acme")
	var accts []social.Account
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		accts = append(accts, mustAccount(t, dbs[0], id, "acme", "demo"))
	}
	var posts []*social.Post
	now := time.Now()
	for i := range 300 {
		posts = append(posts, &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "p"}},
			Targets: []social.Target{{AccountID: accts[i%6].ID, Status: social.StatusScheduled, DueAt: now.Add(-time.Duration(i) * time.Millisecond)}}})
	}
	if err := dbs[0].CreatePosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	begun := map[int64]int{}
	inflight := map[string]bool{}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		db := dbs[w%2]
		wg.Go(func() {
			s, err := db.NewSender(ctx)
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			for {
				cs, err := s.ClaimBatch(ctx, time.Now(), time.Minute, 16)
				if err != nil {
					errs <- err
					return
				}
				if len(cs) == 0 {
					return
				}
				for _, c := range cs {
					bErrs, _, err := s.Record(ctx, []Claim{c}, time.Now(), time.Now().Add(time.Minute), nil)
					if err != nil || bErrs[0] != nil {
						errs <- errors.Join(err, bErrs[0])
						return
					}
					mu.Lock()
					begun[c.Target.ID]++
					if inflight[c.Target.AccountID] {
						errs <- errors.New("two sends at once on " + c.Target.AccountID)
					}
					inflight[c.Target.AccountID] = true
					mu.Unlock()
					time.Sleep(100 * time.Microsecond)
					mu.Lock()
					inflight[c.Target.AccountID] = false
					mu.Unlock()
					if _, dErrs, err := s.Record(ctx, nil, time.Now(), time.Now(), []Completion{{ID: c.Target.ID, Result: Result{RemoteID: "r"}}}); err != nil || dErrs[0] != nil {
						errs <- errors.Join(err, dErrs[0])
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if strings.Contains(err.Error(), "locked") {
			t.Errorf("database is locked reached the caller: %v", err)
		}
		t.Error(err)
	}
	if len(begun) != 300 {
		t.Fatalf("%d targets sent, want 300", len(begun))
	}
	for id, n := range begun {
		if n != 1 {
			t.Errorf("target %d begun %d times", id, n)
		}
	}
}

// TestPublisherQueriesSeek: the batch claim walks the due index and finds busy accounts
// through the in-flight index, the batch's reads go by key; none scans a table.
func TestPublisherQueriesSeek(t *testing.T) {
	db := openTest(t)
	for _, tc := range []struct {
		name, query string
		args        []any
		want        []string
	}{
		{"claim a batch", claimBatchSQL, []any{ms(t0), ms(t0), 10}, []string{"targets_due", "targets_inflight"}},
		{"next due", nextDueSQL, nil, []string{"targets_due", "targets_inflight"}},
		{"fill accounts", fillAccountsSQL, []any{"[]"}, nil},
		{"fill posts", fillPostsSQL, []any{"[]"}, nil},
		{"fill parts", fillPartsSQL, []any{"[]"}, nil},
		{"fill media", fillMediaSQL, []any{"[]"}, []string{"media_post"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := queryPlan(t, db, tc.query, tc.args...)
			for _, w := range tc.want {
				if !strings.Contains(plan, w) {
					t.Errorf("plan lacks %q:\n%s", w, plan)
				}
			}
			for _, line := range strings.Split(plan, "\n") {
				if strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, " USING ") && !strings.Contains(line, "json_each") {
					t.Errorf("plan scans a table: %s\n%s", line, plan)
				}
			}
		})
	}
}
