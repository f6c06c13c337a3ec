package store

import (
	"errors"
	"reflect"
	"testing"

	"github.com/chorus-social/chorus/social"
)

func TestLabelsAreCreatedOnTheFlyOncePerClient(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	mustClient(t, db, "acme")
	mustClient(t, db, "beta")
	l1, err := db.EnsureLabel(ctx, "acme", "  urgent ")
	if err != nil || l1.ID == 0 || l1.Name != "urgent" {
		t.Fatalf("%+v %v", l1, err)
	}
	l2, _ := db.EnsureLabel(ctx, "acme", "urgent")
	l3, _ := db.EnsureLabel(ctx, "beta", "urgent")
	if l2.ID != l1.ID || l3.ID == l1.ID {
		t.Fatalf("ids %d %d %d", l1.ID, l2.ID, l3.ID)
	}
	db.EnsureLabel(ctx, "acme", "billing")
	ls, err := db.Labels(ctx, "acme")
	if err != nil || len(ls) != 2 || ls[0].Name != "billing" || ls[1].Name != "urgent" {
		t.Fatalf("labels %+v %v", ls, err)
	}
	_, err = db.EnsureLabel(ctx, "ghost", "x")
	wantErr(t, err, `no client "ghost"`)
	_, err = db.EnsureLabel(ctx, "acme", "   ")
	wantErr(t, err, "needs a name")
}

func TestSetLabelOnAndOff(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	mustUpsert(t, db, item(a, "1", social.InboxMention, t0, ""), item(a, "2", social.InboxMention, t0, ""))
	i1, i2 := byRemote(t, db, a.ID, "1").ID, byRemote(t, db, a.ID, "2").ID
	vip, _ := db.EnsureLabel(ctx, "acme", "vip")
	bug, _ := db.EnsureLabel(ctx, "acme", "bug")
	if err := db.SetLabel(ctx, vip.ID, true, i1, i2); err != nil {
		t.Fatal(err)
	}
	if err := db.SetLabel(ctx, vip.ID, true, i1); err != nil {
		t.Fatalf("setting a label twice: %v", err)
	}
	db.SetLabel(ctx, bug.ID, true, i1)
	if got := byRemote(t, db, a.ID, "1").Labels; !reflect.DeepEqual(got, []string{"bug", "vip"}) {
		t.Fatalf("labels %v", got)
	}
	if err := db.SetLabel(ctx, vip.ID, false, i1); err != nil {
		t.Fatal(err)
	}
	if got := byRemote(t, db, a.ID, "1").Labels; !reflect.DeepEqual(got, []string{"bug"}) {
		t.Fatalf("labels after removal %v", got)
	}
	if got := byRemote(t, db, a.ID, "2").Labels; !reflect.DeepEqual(got, []string{"vip"}) {
		t.Fatalf("other item's labels %v", got)
	}
	if err := db.DeleteLabel(ctx, bug.ID); err != nil {
		t.Fatal(err)
	}
	if got := byRemote(t, db, a.ID, "1").Labels; got != nil {
		t.Fatalf("deleted label still on item: %v", got)
	}
	if err := db.DeleteLabel(ctx, bug.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
}

func TestSetLabelRefusesAnotherClientsItemsAndUnknownIDs(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	mustClient(t, db, "beta")
	mustUpsert(t, db, item(a, "1", social.InboxMention, t0, ""))
	id := byRemote(t, db, a.ID, "1").ID
	beta, _ := db.EnsureLabel(ctx, "beta", "vip")
	wantErr(t, db.SetLabel(ctx, beta.ID, true, id), `label "vip" belongs to client beta`, "client acme")
	wantErr(t, db.SetLabel(ctx, 999, true, id), "label 999", "not found")
	wantErr(t, db.SetLabel(ctx, beta.ID, true, 12345), "inbox item 12345", "not found")
}

func TestSavedReplies(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	mustClient(t, db, "acme")
	id, err := db.PutSavedReply(ctx, social.SavedReply{ClientID: "acme", Name: "thanks", Body: "Thanks {{author}}!"})
	if err != nil {
		t.Fatal(err)
	}
	id2, err := db.PutSavedReply(ctx, social.SavedReply{ClientID: "acme", Name: "thanks", Body: "Thank you, {{author}}!"})
	if err != nil || id2 != id {
		t.Fatalf("replace by name: %d %v", id2, err)
	}
	db.PutSavedReply(ctx, social.SavedReply{ClientID: "acme", Name: "apology", Body: "Sorry!"})
	rs, err := db.SavedReplies(ctx, "acme")
	if err != nil || len(rs) != 2 || rs[0].Name != "apology" || rs[1].Body != "Thank you, {{author}}!" {
		t.Fatalf("replies %+v %v", rs, err)
	}
	_, err = db.PutSavedReply(ctx, social.SavedReply{ClientID: "ghost", Name: "x"})
	wantErr(t, err, `no client "ghost"`)
	_, err = db.PutSavedReply(ctx, social.SavedReply{ClientID: "acme"})
	wantErr(t, err, "needs a name")
	if err := db.DeleteSavedReply(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteSavedReply(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
}
