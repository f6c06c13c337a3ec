package store

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestCampaignsPutByNameAndListNewestFirst(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	mustClient(t, db, "acme")
	mustClient(t, db, "beta")
	spring := social.Campaign{ClientID: "acme", Name: "spring", Color: "#0f0", StartsAt: t0.AddDate(0, 3, 0), EndsAt: t0.AddDate(0, 4, 0)}
	id, err := db.PutCampaign(ctx, spring)
	if err != nil {
		t.Fatal(err)
	}
	spring.Color = "#00f"
	if id2, err := db.PutCampaign(ctx, spring); err != nil || id2 != id {
		t.Fatalf("update by name: %d %v", id2, err)
	}
	db.PutCampaign(ctx, social.Campaign{ClientID: "acme", Name: "winter", StartsAt: t0, EndsAt: t0.AddDate(0, 1, 0)})
	db.PutCampaign(ctx, social.Campaign{ClientID: "beta", Name: "spring"})
	cs, err := db.Campaigns(ctx, "acme")
	if err != nil || len(cs) != 2 {
		t.Fatalf("%+v %v", cs, err)
	}
	if cs[0].ID != id || cs[0].Color != "#00f" || !cs[0].StartsAt.Equal(spring.StartsAt) || !cs[0].EndsAt.Equal(spring.EndsAt) || cs[1].Name != "winter" {
		t.Fatalf("campaigns %+v", cs)
	}
}

func TestPutCampaignRejects(t *testing.T) {
	db := openTest(t)
	mustClient(t, db, "acme")
	for _, tc := range []struct {
		name string
		c    social.Campaign
		want string
	}{
		{"unknown client", social.Campaign{ClientID: "ghost", Name: "x"}, `no client "ghost"`},
		{"no name", social.Campaign{ClientID: "acme"}, "needs a name"},
		{"ends before it starts", social.Campaign{ClientID: "acme", Name: "x", StartsAt: t0, EndsAt: t0.Add(-time.Hour)}, "ends"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.PutCampaign(t.Context(), tc.c)
			wantErr(t, err, tc.want)
		})
	}
}

func TestDeletingACampaignKeepsItsPosts(t *testing.T) {
	db := openTest(t)
	mustClient(t, db, "acme")
	id, _ := db.PutCampaign(t.Context(), social.Campaign{ClientID: "acme", Name: "x"})
	p := &social.Post{ClientID: "acme", CampaignID: id, Parts: []social.Part{{Text: "t"}}}
	if err := db.CreatePost(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(t.Context(), `DELETE FROM campaigns WHERE id=?`, id); err != nil {
		t.Fatal(err)
	}
	got, err := db.Post(t.Context(), p.ID)
	if err != nil || got.CampaignID != 0 {
		t.Fatalf("post after campaign delete: %+v %v", got, err)
	}
}
