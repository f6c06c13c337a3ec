// Package secrets keeps account tokens and app passwords out of the config file and the
// database: in the OS keyring, or where no keyring runs (a headless server) in a 0600 file, and
// always overridable from the environment for scripts and CI.
package secrets

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
)

// Service is the keyring service chorus stores its secrets under; the keyring user is the
// account id.
const Service = "chorus"

// Options says where Open keeps secrets.
type Options struct {
	// Backend is "auto" (or empty): the OS keyring if one answers, else the file; "keyring":
	// the OS keyring or an error; "file": always the file.
	Backend string
	// Dir holds secrets.json when the file is used; usually config.ConfigDir(). Created 0700.
	Dir string
	// Env looks up environment variables; nil means os.Getenv.
	Env func(string) string
	// Warn receives warnings a user should see, such as secrets being kept in a plain file; nil
	// means slog.Warn, which the app points at its log file.
	Warn func(string)
}

// Store reads and writes secrets by account id. It is safe for concurrent use.
type Store struct {
	backend backend
	env     func(string) string
}

// backend is one place secrets can live. get and delete return errMissing for an unknown id.
type backend interface {
	// kind is "keyring" or "file"; describe names the place for messages ("the OS keyring").
	kind() string
	describe() string
	get(accountID string) (string, error)
	set(accountID, secret string) error
	delete(accountID string) error
}

// errMissing is what a backend returns for an unknown account; Store turns it into a
// *NotFoundError that names the account.
var errMissing = errors.New("missing")

// Open returns a Store on the backend opts asks for. With "auto" it asks the OS keyring once
// whether it works, and falls back to the file if not.
func Open(opts Options) (*Store, error) {
	if opts.Env == nil {
		opts.Env = os.Getenv
	}
	if opts.Warn == nil {
		opts.Warn = func(msg string) { slog.Warn(msg) }
	}
	s := &Store{env: opts.Env}
	switch opts.Backend {
	case "", "auto":
		if err := probeKeyring(); err == nil {
			s.backend = keyringBackend{}
			return s, nil
		} else if opts.Dir != "" {
			fb := newFileBackend(opts.Dir, opts.Warn)
			fb.plainWarning = fmt.Sprintf("no OS keyring answers (%v), so account secrets are kept in the plain file %s "+
				"(readable only by you, mode 0600); set secrets.backend: file to silence this warning", err, fb.path)
			s.backend = fb
			return s, nil
		} else {
			return nil, fmt.Errorf("no OS keyring answers (%v) and no directory was given for the secrets file", err)
		}
	case "keyring":
		if err := probeKeyring(); err != nil {
			return nil, fmt.Errorf("secrets.backend is \"keyring\", but no OS keyring answers (%v); "+
				"start one (e.g. gnome-keyring or KWallet), or set secrets.backend: file", err)
		}
		s.backend = keyringBackend{}
	case "file":
		if opts.Dir == "" {
			return nil, errors.New("secrets.backend is \"file\", but no directory was given for the secrets file")
		}
		s.backend = newFileBackend(opts.Dir, opts.Warn)
	default:
		return nil, fmt.Errorf("secrets.backend %q is not one of auto, keyring, file", opts.Backend)
	}
	return s, nil
}

// Backend names where Set stores secrets: "keyring" or "file".
func (s *Store) Backend() string { return s.backend.kind() }

// Path returns the secrets file when Backend is "file", else "".
func (s *Store) Path() string {
	if fb, ok := s.backend.(*fileBackend); ok {
		return fb.path
	}
	return ""
}

// Get returns the secret of an account: from the environment variable EnvName(accountID) if
// set, else from the backend. A missing secret is a *NotFoundError (errors.Is ErrNotFound).
func (s *Store) Get(accountID string) (string, error) {
	if err := checkID(accountID); err != nil {
		return "", err
	}
	if v := s.env(EnvName(accountID)); v != "" {
		return v, nil
	}
	v, err := s.backend.get(accountID)
	switch {
	case errors.Is(err, errMissing):
		return "", &NotFoundError{AccountID: accountID}
	case err != nil:
		return "", fmt.Errorf("read the secret of account %q from %s: %w", accountID, s.backend.describe(), err)
	}
	return v, nil
}

// Set stores the secret of an account in the backend, replacing any earlier one. An
// environment variable for the account still wins over it in Get.
func (s *Store) Set(accountID, secret string) error {
	if err := checkID(accountID); err != nil {
		return err
	}
	if secret == "" {
		return fmt.Errorf("the secret for account %q is empty", accountID)
	}
	if err := s.backend.set(accountID, secret); err != nil {
		return fmt.Errorf("store the secret of account %q in %s: %w", accountID, s.backend.describe(), redact(err, secret))
	}
	return nil
}

// Delete removes the secret of an account from the backend. Deleting a missing secret returns
// a *NotFoundError, which callers removing an account can ignore with errors.Is ErrNotFound.
func (s *Store) Delete(accountID string) error {
	if err := checkID(accountID); err != nil {
		return err
	}
	err := s.backend.delete(accountID)
	switch {
	case errors.Is(err, errMissing):
		return &NotFoundError{AccountID: accountID}
	case err != nil:
		return fmt.Errorf("delete the secret of account %q from %s: %w", accountID, s.backend.describe(), err)
	}
	return nil
}

// EnvName returns the environment variable that overrides an account's secret: the id upper
// cased, with every character other than A–Z and 0–9 made "_" ("acme-bsky" →
// CHORUS_SECRET_ACME_BSKY).
func EnvName(accountID string) string {
	var b strings.Builder
	b.WriteString("CHORUS_SECRET_")
	for _, r := range strings.ToUpper(accountID) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func checkID(accountID string) error {
	if strings.TrimSpace(accountID) == "" {
		return errors.New("no account id given for the secret")
	}
	return nil
}
