package mastodontest

import "github.com/chorus-social/chorus/secrets"

// Secrets is an in-memory secrets store (platforms.Secrets) for tests.
type Secrets = secrets.Memory

// NewSecrets returns a store holding secret under accountID ("" stores nothing).
func NewSecrets(accountID, secret string) *Secrets {
	pairs := map[string]string{}
	if accountID != "" {
		pairs[accountID] = secret
	}
	return secrets.NewMemory(pairs)
}
