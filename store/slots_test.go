package store

import (
	"reflect"
	"testing"
	"time"
)

func TestQueueSlotsReplaceAndSort(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	if got, err := db.QueueSlots(ctx, a.ID); err != nil || got != nil {
		t.Fatalf("none yet: %v %v", got, err)
	}
	in := []QueueSlot{{time.Friday, 17 * 60}, {time.Monday, 9 * 60}, {time.Monday, 9*60 + 30}, {time.Monday, 9 * 60}}
	if err := db.SetQueueSlots(ctx, a.ID, in); err != nil {
		t.Fatal(err)
	}
	want := []QueueSlot{{time.Monday, 540}, {time.Monday, 570}, {time.Friday, 1020}}
	if got, _ := db.QueueSlots(ctx, a.ID); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if err := db.SetQueueSlots(ctx, a.ID, []QueueSlot{{time.Sunday, 0}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.QueueSlots(ctx, a.ID); !reflect.DeepEqual(got, []QueueSlot{{time.Sunday, 0}}) {
		t.Fatalf("not replaced: %v", got)
	}
	for _, bad := range []QueueSlot{{7, 0}, {-1, 0}, {time.Monday, 1440}, {time.Monday, -1}} {
		wantErr(t, db.SetQueueSlots(ctx, a.ID, []QueueSlot{bad}), "queue slot of "+a.ID)
	}
	wantErr(t, db.SetQueueSlots(ctx, "ghost", []QueueSlot{{time.Monday, 0}}), `no account "ghost"`)
}

func TestQueueSlotString(t *testing.T) {
	for _, tc := range []struct {
		s    QueueSlot
		want string
	}{
		{QueueSlot{time.Monday, 9*60 + 30}, "mon 09:30"},
		{QueueSlot{time.Sunday, 0}, "sun 00:00"},
		{QueueSlot{time.Saturday, 1439}, "sat 23:59"},
	} {
		if got := tc.s.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.s, got, tc.want)
		}
	}
}
