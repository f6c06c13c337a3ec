package conformance_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/conformance"
	"github.com/chorus-social/chorus/platforms/demo"
	"github.com/chorus-social/chorus/social"
)

// A suite that passes everything proves nothing. Each mutant below breaks one promise of
// the demo adapter; TestSuiteCatchesMutants runs the suite on each in a child process and
// checks that the subtest guarding that promise fails.

// mutant wraps the demo adapter and breaks one behaviour, named by bug.
type mutant struct {
	*demo.Adapter
	bug string
	n   int
}

func (m *mutant) Publish(ctx context.Context, a social.Account, p platforms.Publishable) (platforms.Published, error) {
	switch m.bug {
	case "idempotency":
		m.n++
		p.IdemKey += strings.Repeat("x", m.n) // every retry looks new: a double post
	case "resume":
		p.Sent = nil // resends the parts that already went out
	case "toolong":
		if n := len(p.Parts); n > 0 && len(p.Parts[0].Text) > demo.MaxLength {
			p.Parts[0].Text = p.Parts[0].Text[:demo.MaxLength] // silently cut
		}
	case "cancel":
		ctx = context.Background() // ignores cancellation
	}
	return m.Adapter.Publish(ctx, a, p)
}

func (m *mutant) FetchInbox(ctx context.Context, a social.Account, cursor string) (platforms.InboxPage, error) {
	if m.bug == "cursor" && cursor != "" {
		// Loses its place after the first page: the classic off-by-a-page.
		cursor = "-1000000"
	}
	if m.bug == "cancel" {
		ctx = context.Background()
	}
	return m.Adapter.FetchInbox(ctx, a, cursor)
}

func (m *mutant) FetchDMs(ctx context.Context, a social.Account, cursor string) (platforms.InboxPage, error) {
	page, err := m.Adapter.FetchDMs(ctx, a, cursor)
	if m.bug == "dmaccount" {
		for i := range page.Items {
			page.Items[i].AccountID = ""
		}
	}
	return page, err
}

func (m *mutant) AccountMetrics(ctx context.Context, a social.Account) ([]social.MetricPoint, error) {
	pts, err := m.Adapter.AccountMetrics(ctx, a)
	if m.bug == "metricnames" {
		for i := range pts {
			pts[i].Name = "fans"
		}
	}
	return pts, err
}

func (m *mutant) FindPublished(ctx context.Context, a social.Account, key string, since time.Time) (platforms.Published, bool, error) {
	if m.bug == "reconcile" {
		return platforms.Published{}, false, errors.New("search is down")
	}
	return m.Adapter.FindPublished(ctx, a, key, since)
}

var account = social.Account{ID: "mut-social", ClientID: "mut", Platform: demo.Name, Handle: "mut@social.demo"}

func newDemo(t *testing.T, opts map[string]any) *demo.Adapter {
	ad, err := demo.New(platforms.Env{Options: opts, Now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return ad
}

// TestMutant runs the suite on the mutant named by CHORUS_MUTANT; it is the child of
// TestSuiteCatchesMutants and skips when run on its own.
func TestMutant(t *testing.T) {
	bug := os.Getenv("CHORUS_MUTANT")
	if bug == "" {
		t.Skip("run by TestSuiteCatchesMutants")
	}
	conformance.Run(t, conformance.Harness{
		New: func(t *testing.T) (platforms.Adapter, social.Account) {
			return &mutant{Adapter: newDemo(t, nil), bug: bug}, account
		},
		Faulty: func(t *testing.T, fault string) (platforms.Adapter, social.Account) {
			if bug == "faulttype" && fault == "transient" {
				fault = "auth" // reports a passing outage as a login problem
			}
			return &mutant{Adapter: newDemo(t, map[string]any{"fail": fault}), bug: bug}, account
		},
	})
}

func TestSuiteCatchesMutants(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	for bug, failing := range map[string]string{
		"idempotency": "Publish/PublishSameKeyTwice",
		"resume":      "Thread/ResumeThread",
		"toolong":     "PublishTooLong",
		"cancel":      "ContextCancelled",
		"cursor":      "InboxPaging",
		"dmaccount":   "DMs",
		"metricnames": "Metrics",
		"reconcile":   "Reconcile",
		"faulttype":   "Faults/transient",
	} {
		t.Run(bug, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestMutant$", "-test.v")
			cmd.Env = append(os.Environ(), "CHORUS_MUTANT="+bug)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed an adapter with bug %q:\n%s", bug, out)
			}
			if !strings.Contains(string(out), "--- FAIL: TestMutant/"+failing+" ") {
				t.Fatalf("bug %q did not fail %s:\n%s", bug, failing, out)
			}
		})
	}
}

// TestUnimplementableSkips checks that listed subtests skip, with their reason.
func TestUnimplementableSkips(t *testing.T) {
	ran := false
	t.Run("inner", func(t *testing.T) {
		conformance.Run(t, conformance.Harness{
			New: func(t *testing.T) (platforms.Adapter, social.Account) {
				if strings.Contains(t.Name(), "/Thread") {
					ran = true
				}
				return newDemo(t, nil), account
			},
			Unimplementable: []string{"Thread: the platform has no threads"},
		})
	})
	if ran {
		t.Fatal("Thread ran although listed as unimplementable")
	}
}
