package thread

import (
	"context"
	"errors"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/chorus-social/chorus/social"
)

// TestGolden snapshots the view at 80×24 (the smallest terminal chorus lays out for)
// with the fixed clock, without colour. Regenerate with: go test ./tui/thread -run
// TestGolden -update
func TestGolden(t *testing.T) {
	s := seed(t)
	fetched := func(ctx context.Context, it social.InboxItem) ([]social.InboxItem, error) {
		return s.remoteThread(), nil
	}
	failed := func(ctx context.Context, it social.InboxItem) ([]social.InboxItem, error) {
		return nil, errors.New("temporary network error: dial tcp: connection refused")
	}
	for _, tc := range []struct {
		name  string
		item  social.InboxItem
		fetch FetchFunc
		keys  []string
	}{
		{"Fetched80x24", s.focus, fetched, nil},
		{"History80x24", s.focus, fetched, []string{"G"}},
		{"FetchFailed80x24", s.focus, failed, nil},
		{"DM80x24", s.byID["d2"], nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, cmd := New(env(t), s.db, tc.fetch, tc.item, "Acme Coffee")
			m.SetSize(80, 24)
			run(t, m, cmd)
			for _, k := range tc.keys {
				run(t, m, m.Update(press(k)))
			}
			golden.RequireEqual(t, plain(m))
		})
	}
}
