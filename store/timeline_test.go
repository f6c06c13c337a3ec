package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

// seedCalendar makes posts for two clients with targets spread over December, several
// sharing a due time so pages must break ties by id.
func seedCalendar(t *testing.T, db *DB) (acme, beta social.Account) {
	t.Helper()
	acme = seedClientAccount(t, db)
	mustClient(t, db, "beta")
	beta = mustAccount(t, db, "beta-demo", "beta", "demo")
	var posts []*social.Post
	for i := range 90 {
		a := acme
		if i%3 == 0 {
			a = beta
		}
		due := t0.Add(time.Duration(i/4) * 6 * time.Hour) // four targets per due time
		posts = append(posts, &social.Post{ClientID: a.ClientID, Parts: []social.Part{{Text: fmt.Sprintf("post %d", i)}},
			Targets: []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: due}}})
	}
	if err := db.CreatePosts(t.Context(), posts); err != nil {
		t.Fatal(err)
	}
	return acme, beta
}

func TestTargetRowsKeysetPagesHaveNoGapsOrDuplicates(t *testing.T) {
	db := openTest(t)
	seedCalendar(t, db)
	from, to := t0.Add(12*time.Hour), t0.AddDate(0, 0, 20)
	for _, tc := range []struct {
		name   string
		client string
		desc   bool
	}{
		{"ascending", "", false},
		{"descending", "", true},
		{"ascending, one client", "acme", false},
		{"descending, one client", "beta", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole, err := db.TargetRows(t.Context(), TargetQuery{ClientID: tc.client, From: from, To: to, Desc: tc.desc, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if len(whole) < 10 {
				t.Fatalf("only %d rows", len(whole))
			}
			for i := 1; i < len(whole); i++ {
				p, c := whole[i-1], whole[i]
				before := p.DueAt.Before(c.DueAt) || (p.DueAt.Equal(c.DueAt) && p.ID < c.ID)
				if before == tc.desc {
					t.Fatalf("rows %d and %d out of order: %v/%d, %v/%d", i-1, i, p.DueAt, p.ID, c.DueAt, c.ID)
				}
				if c.DueAt.Before(from) || !c.DueAt.Before(to) || (tc.client != "" && c.ClientID != tc.client) {
					t.Fatalf("row outside the query: %+v", c)
				}
			}
			for _, size := range []int{1, 3, 7} {
				var paged []TargetRow
				var after *TargetRow
				for range 1000 {
					page, err := db.TargetRows(t.Context(), TargetQuery{ClientID: tc.client, From: from, To: to, Desc: tc.desc, Limit: size, After: after})
					if err != nil {
						t.Fatal(err)
					}
					paged = append(paged, page...)
					if len(page) < size {
						break
					}
					after = &page[len(page)-1]
				}
				if len(paged) != len(whole) {
					t.Fatalf("page size %d: %d rows, want %d", size, len(paged), len(whole))
				}
				for i := range whole {
					if paged[i].ID != whole[i].ID {
						t.Fatalf("page size %d: row %d is %d, want %d", size, i, paged[i].ID, whole[i].ID)
					}
				}
			}
		})
	}
}

func TestTargetRowsCarryAccountClientAndText(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	mustPost(t, db, "acme", []social.Target{
		{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0},
		{AccountID: a.ID, DueAt: t0.Add(time.Hour), Variant: []string{"variant 1", "variant 2", "variant 3"}},
	}, "thread start", "thread end")
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Kind: social.KindReply, ReplyTo: "r1", DueAt: t0}}, "a reply")
	rows, err := db.TargetRows(ctx, TargetQuery{From: t0.Add(-time.Hour), To: t0.Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows; replies must not show among posts", len(rows))
	}
	r0, r1 := rows[0], rows[1]
	if r0.ClientID != "acme" || r0.Platform != "demo" || r0.Handle != a.Handle || r0.Text != "thread start" || r0.Parts != 2 ||
		r0.Status != social.StatusScheduled || r0.IdemKey == "" {
		t.Fatalf("row 0: %+v", r0)
	}
	if r1.Text != "variant 1" || r1.Parts != 3 {
		t.Fatalf("row 1 does not show its variant: %+v", r1)
	}
	replies, err := db.TargetRows(ctx, TargetQuery{Kind: social.KindReply})
	if err != nil || len(replies) != 1 || replies[0].ReplyTo != "r1" {
		t.Fatalf("replies: %+v %v", replies, err)
	}
}
