package secrets

import (
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"
)

// probeTimeout bounds the keyring probe: a Secret Service that is registered on D-Bus but
// never answers would otherwise hang every command that needs a secret.
const probeTimeout = 5 * time.Second

// probeUser is looked up, never written, to see whether the keyring answers.
const probeUser = "chorus-keyring-probe"

// probeKeyring reports whether the OS keyring works: a lookup that answers "not found" (or
// finds something) proves it does; any other error, or silence, means there is none.
func probeKeyring() error {
	done := make(chan error, 1)
	go func() {
		_, err := keyring.Get(Service, probeUser)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || errors.Is(err, keyring.ErrNotFound) {
			return nil
		}
		return err
	case <-time.After(probeTimeout):
		return fmt.Errorf("no answer within %s", probeTimeout)
	}
}

// keyringBackend keeps secrets in the OS keyring: the macOS keychain, the Windows credential
// manager, or a Secret Service (GNOME Keyring, KWallet) on D-Bus.
type keyringBackend struct{}

func (keyringBackend) kind() string     { return "keyring" }
func (keyringBackend) describe() string { return "the OS keyring" }

func (keyringBackend) get(accountID string) (string, error) {
	v, err := keyring.Get(Service, accountID)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", errMissing
	}
	return v, err
}

func (keyringBackend) set(accountID, secret string) error {
	return keyring.Set(Service, accountID, secret)
}

func (keyringBackend) delete(accountID string) error {
	err := keyring.Delete(Service, accountID)
	if errors.Is(err, keyring.ErrNotFound) {
		return errMissing
	}
	return err
}
