package secrets

import "sync"

// Memory is a secrets store held in memory only: for tests and adapters' local test
// servers, never for users. It has the Get/Set of platforms.Secrets.
type Memory struct {
	mu sync.Mutex
	m  map[string]string
}

// NewMemory returns a store holding the given account id → secret pairs.
func NewMemory(pairs map[string]string) *Memory {
	s := &Memory{m: map[string]string{}}
	for k, v := range pairs {
		s.m[k] = v
	}
	return s
}

// Get returns the secret of accountID, or a *NotFoundError.
func (s *Memory) Get(accountID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[accountID]
	if !ok {
		return "", &NotFoundError{AccountID: accountID}
	}
	return v, nil
}

// Set stores the secret of accountID.
func (s *Memory) Set(accountID, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[accountID] = secret
	return nil
}
