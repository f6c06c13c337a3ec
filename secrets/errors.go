package secrets

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound is matched (errors.Is) by every error for a secret that is not stored.
var ErrNotFound = errors.New("secret not found")

// NotFoundError says which account has no secret, and how to give it one.
type NotFoundError struct {
	AccountID string
}

// Error says which account lacks a secret and the command that stores one.
func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no secret stored for account %q (run `chorus accounts login %s`)", e.AccountID, e.AccountID)
}

// Unwrap makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// redact keeps a secret out of an error from a backend. Such errors come from code we do not
// control (D-Bus, the macOS keychain), so rather than trust them, a message that contains the
// secret is rewritten, and its chain dropped, since unwrapping would bring the secret back.
func redact(err error, secret string) error {
	if secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), secret, "[redacted]"))
}
