package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/chorus-social/chorus/platforms"
)

func newDoctorCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check config, database, keyring and each account's login",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			failed := a.doctor(cmd.Context())
			if failed > 0 {
				return fmt.Errorf("%d checks failed", failed)
			}
			return nil
		},
	}
}

// ago says how long ago t was, for people.
func ago(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	switch d := time.Since(t); {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	default:
		return fmt.Sprintf("%dd ago", int(d.Hours()/24))
	}
}

// doctor prints one line per check and returns how many failed.
func (a *app) doctor(ctx context.Context) int {
	failed := 0
	report := func(ok bool, what, detail string) {
		mark := "ok  "
		if !ok {
			mark = "FAIL"
			failed++
		}
		fmt.Fprintf(a.stdout, "%s  %-28s %s\n", mark, what, detail)
	}
	cfgFile := a.cfg.File
	if cfgFile == "" {
		cfgFile = "none (defaults)"
	}
	report(true, "config", cfgFile)
	report(true, "log", a.cfg.LogPath())

	db, err := a.store(ctx)
	if err != nil {
		report(false, "database", err.Error())
		return failed
	}
	v, _ := db.Version(ctx)
	detail := fmt.Sprintf("%s (schema %d)", db.Path(), v)
	if fi, err := os.Stat(db.Path()); err == nil && fi.Mode().Perm()&0o077 != 0 {
		report(false, "database", detail+fmt.Sprintf(": mode %v lets others read it; run chmod 600 %s", fi.Mode().Perm(), db.Path()))
	} else {
		report(true, "database", detail)
	}

	sec, err := a.secrets()
	if err != nil {
		report(false, "secrets", err.Error())
		return failed
	}
	report(true, "secrets", sec.Backend())

	ps, err := a.platforms()
	if err != nil {
		report(false, "platforms", err.Error())
		return failed
	}
	hs, err := db.Health(ctx, "")
	if err != nil {
		report(false, "accounts", err.Error())
		return failed
	}
	if len(hs) == 0 {
		report(true, "accounts", "none yet: `chorus accounts add` or run chorus for the demo")
	}
	for _, h := range hs {
		acct := h.Account
		name := "account " + acct.ID
		if h.NeedsLogin {
			detail := fmt.Sprintf("needs login: %s; run `chorus accounts login %s`", h.AuthError, acct.ID)
			if h.AtRisk > 0 {
				detail += fmt.Sprintf(" (%d scheduled posts will fail until then)", h.AtRisk)
			}
			report(false, name, detail)
			continue
		}
		ad, err := ps.Get(acct.Platform)
		if err != nil {
			report(false, name, err.Error())
			continue
		}
		detail := string(acct.Platform) + ": no login needed"
		if auth, ok := ad.(platforms.Authenticator); ok {
			if err := auth.Verify(ctx, &acct); err != nil {
				report(false, name, err.Error())
				continue
			}
			detail = "logged in as " + acct.Handle
			if !h.TokenExpiresAt.IsZero() {
				detail += ", token valid until " + fmtTime(h.TokenExpiresAt, time.Local)
			}
		}
		detail += ", last sync " + ago(h.LastSync)
		if h.LastError != "" {
			detail += "; last error: " + h.LastError
		}
		report(true, name, detail)
	}
	return failed
}
