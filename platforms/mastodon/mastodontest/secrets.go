package mastodontest

import (
	"sync"

	"github.com/chorus-social/chorus/secrets"
)

// Secrets is an in-memory secrets store (platforms.Secrets) for tests.
type Secrets struct {
	mu sync.Mutex
	m  map[string]string
}

// NewSecrets returns a store holding secret under accountID ("" stores nothing).
func NewSecrets(accountID, secret string) *Secrets {
	s := &Secrets{m: map[string]string{}}
	if accountID != "" {
		s.m[accountID] = secret
	}
	return s
}

// Get returns the secret of accountID.
func (s *Secrets) Get(accountID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[accountID]
	if !ok {
		return "", &secrets.NotFoundError{AccountID: accountID}
	}
	return v, nil
}

// Set stores the secret of accountID.
func (s *Secrets) Set(accountID, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[accountID] = secret
	return nil
}
