package calendar

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/store"
)

func TestFreeSlotsOfAClientAtOneTimeShareALine(t *testing.T) {
	at := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
	got := groupFree([]store.FreeSlot{
		{At: at, AccountID: "acme-social", ClientID: "acme", Platform: "demo"},
		{At: at, AccountID: "acme-photos", ClientID: "acme", Platform: "demo-micro"},
		{At: at, AccountID: "acme-video", ClientID: "acme", Platform: "demo"},
		{At: at, AccountID: "nova-pro", ClientID: "nova", Platform: "demo-micro"},
		{At: at.Add(time.Hour), AccountID: "acme-pro", ClientID: "acme", Platform: "demo-micro"},
	})
	if len(got) != 3 {
		t.Fatalf("%d groups, want 3: %+v", len(got), got)
	}
	if tags := got[0].tags(); tags != "de×2 mi" {
		t.Errorf("tags %q", tags)
	}
	if a := got[0].accounts(); a != "queue slots of acme-social, acme-photos, acme-video" {
		t.Errorf("accounts %q", a)
	}
	if a := got[1].accounts(); a != "queue slot of nova-pro" || got[2].ClientID != "acme" {
		t.Errorf("second and third: %q %+v", a, got[2])
	}
}
