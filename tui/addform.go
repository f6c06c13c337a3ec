package tui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// accountValues is what the add-client-and-account form asks for.
type accountValues struct {
	ClientID string
	Name     string
	TZ       string
	Platform string
	Server   string
	Handle   string
	Secret   string
}

// accountForm is the first-run form, a huh form embedded in the TUI's own model (it is
// driven by our Update, never by huh's Run, which would start a second program).
type accountForm struct {
	form   *huh.Form
	values *accountValues // the fields write here; a pointer, so it outlives the form
	err    string         // why the last save failed
	saving bool
}

func validateID(s string) error {
	if !social.ValidID(s) {
		return errors.New("use lowercase letters, digits, '.', '_' or '-'")
	}
	return nil
}

func validateZone(s string) error {
	if s == "" {
		return errors.New("a zone such as Europe/Berlin")
	}
	if _, err := time.LoadLocation(s); err != nil {
		return fmt.Errorf("unknown zone %q: use an IANA name such as America/New_York", s)
	}
	return nil
}

func validateServer(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("a URL such as https://mastodon.social, or leave it empty")
	}
	return nil
}

func notEmpty(what string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(what + " is needed")
		}
		return nil
	}
}

// newAccountForm builds the form; v holds earlier answers when a save failed.
func newAccountForm(platforms []string, v *accountValues, width int) *accountForm {
	if v == nil {
		v = &accountValues{TZ: "UTC"}
	}
	if v.Platform == "" && len(platforms) > 0 {
		v.Platform = platforms[0]
	}
	var platform huh.Field
	if len(platforms) > 0 {
		platform = huh.NewSelect[string]().Key("platform").Title("Platform").
			Options(huh.NewOptions(platforms...)...).Height(min(len(platforms)+2, 6)).Value(&v.Platform)
	} else {
		platform = huh.NewInput().Key("platform").Title("Platform").Value(&v.Platform).Validate(notEmpty("a platform"))
	}
	km := huh.NewDefaultKeyMap()
	// esc goes back to the welcome screen; ctrl+c stays the app's quit.
	km.Quit = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))
	form := huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Key("client").Title("Client id").Description("a short slug, e.g. acme").
				Value(&v.ClientID).Validate(validateID),
			huh.NewInput().Key("name").Title("Client name").Value(&v.Name).Validate(notEmpty("a name")),
			huh.NewInput().Key("tz").Title("Time zone").Description("IANA name; posts are planned in it").
				Value(&v.TZ).Validate(validateZone),
		).Title("The client"),
		huh.NewGroup(
			platform,
			huh.NewInput().Key("server").Title("Server URL").Description("optional: your instance or PDS").
				Value(&v.Server).Validate(validateServer),
			huh.NewInput().Key("handle").Title("Handle").Value(&v.Handle).Validate(notEmpty("a handle")),
			huh.NewInput().Key("secret").Title("Token or app password").Description("optional; kept in the keyring").
				EchoMode(huh.EchoModePassword).Value(&v.Secret),
		).Title("Their account"),
	).WithTheme(theme.Form()).WithKeyMap(km).WithShowHelp(true).WithShowErrors(true).WithWidth(width).
		// huh turns on its line-prompt mode when TERM=dumb; embedded in our program that
		// mode cannot work, and our own screen already degrades without colour.
		WithAccessible(false)
	return &accountForm{form: form, values: v}
}

// openForm shows the form, with v's answers if a save failed.
func (a *App) openForm(v *accountValues) tea.Cmd {
	names := make([]string, len(a.d.Platforms))
	copy(names, a.d.Platforms)
	a.form = newAccountForm(names, v, a.formWidth())
	a.screen = screenForm
	init := a.form.form.Init()
	// huh picks its light or dark palette from this message; send the one we know.
	_, bg := a.form.form.Update(tea.BackgroundColorMsg{Color: theme.Background(a.styles.Dark)})
	_, size := a.form.form.Update(tea.WindowSizeMsg{Width: a.formWidth(), Height: a.formHeight()})
	return tea.Batch(init, bg, size)
}

// The form's size inside its frame (border and padding take 6 columns and 2 lines).
func (a *App) formWidth() int  { return min(64, max(a.width-10, 20)) }
func (a *App) formHeight() int { return max(a.height-8, 10) }

// updateForm gives msg to the form and acts when it is done.
func (a *App) updateForm(msg tea.Msg) tea.Cmd {
	f := a.form
	if f == nil || f.saving {
		return nil
	}
	m, cmd := f.form.Update(msg)
	if hf, ok := m.(*huh.Form); ok {
		f.form = hf
	}
	switch f.form.State {
	case huh.StateAborted:
		a.form = nil
		a.screen = screenWelcome
		return nil
	case huh.StateCompleted:
		f.saving = true
		return saveAccount(a.ctx, a.db, a.d.SaveSecret, *f.values)
	}
	return cmd
}

// saveAccount stores the client, the account and its secret, in a command.
func saveAccount(ctx context.Context, db rootStore, saveSecret func(accountID, secret string) error, v accountValues) tea.Cmd {
	return func() tea.Msg {
		c := social.Client{ID: strings.TrimSpace(v.ClientID), Name: strings.TrimSpace(v.Name), TZ: strings.TrimSpace(v.TZ)}
		acct := social.Account{
			ID:       social.DefaultAccountID(social.Platform(v.Platform), v.Handle),
			ClientID: c.ID,
			Platform: social.Platform(v.Platform),
			Server:   strings.TrimSpace(v.Server),
			Handle:   strings.TrimSpace(v.Handle),
		}
		msg := accountSavedMsg{clientID: c.ID, accountID: acct.ID}
		if err := db.PutClient(ctx, c); err != nil {
			msg.err = err
			return msg
		}
		if err := db.PutAccount(ctx, acct); err != nil {
			msg.err = err
			return msg
		}
		if v.Secret != "" && saveSecret != nil {
			if err := saveSecret(acct.ID, v.Secret); err != nil {
				msg.secretErr = fmt.Errorf("account %s saved, but not its secret: %w (run `chorus accounts login %s`)", acct.ID, err, acct.ID)
			}
		}
		return msg
	}
}

func (a *App) formView() string {
	st := a.styles
	f := a.form
	var b strings.Builder
	b.WriteString(st.Brand.Render("chorus") + st.Muted.Render(" · add a client and account") + "\n\n")
	if f.saving {
		b.WriteString(st.Warn.Render("Saving" + theme.Busy))
	} else {
		b.WriteString(f.form.View())
	}
	if f.err != "" {
		b.WriteString("\n\n" + st.Error.Render(w.Truncate(theme.ErrorMark+" "+f.err, a.formWidth())))
	}
	box := st.Box.Padding(0, 2).Width(a.formWidth() + st.Box.Padding(0, 2).GetHorizontalFrameSize()).Render(w.Block(b.String()))
	return lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center, box)
}
