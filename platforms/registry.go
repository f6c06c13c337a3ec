package platforms

import (
	"fmt"
	"sort"
	"sync"

	"github.com/chorus-social/chorus/social"
)

// Registration describes an adapter to the registry.
type Registration struct {
	Name        social.Platform
	DisplayName string
	// DefaultServer is used when an account names none ("https://bsky.social").
	DefaultServer string
	New           func(Env) (Adapter, error)
}

var (
	regMu sync.RWMutex
	reg   = map[social.Platform]Registration{}
)

// Register makes an adapter available by name. It is called from the adapter package's
// init; registering twice or without a factory is a programming error and panics.
func Register(r Registration) {
	regMu.Lock()
	defer regMu.Unlock()
	if r.New == nil {
		panic("platforms: Register with nil factory for " + string(r.Name))
	}
	if _, dup := reg[r.Name]; dup {
		panic("platforms: Register called twice for " + string(r.Name))
	}
	reg[r.Name] = r
}

// Lookup returns the registration of name.
func Lookup(name social.Platform) (Registration, error) {
	regMu.RLock()
	defer regMu.RUnlock()
	r, ok := reg[name]
	if !ok {
		return Registration{}, fmt.Errorf("unknown platform %q (known: %v)", name, namesLocked())
	}
	return r, nil
}

// Names lists the registered platforms, sorted.
func Names() []social.Platform {
	regMu.RLock()
	defer regMu.RUnlock()
	return namesLocked()
}

func namesLocked() []social.Platform {
	out := make([]social.Platform, 0, len(reg))
	for n := range reg {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Set holds one live adapter per platform, made on first use from the registry.
// The engine, the CLI and the TUI share one Set.
type Set struct {
	env Env
	// opts holds each platform's config sub-tree.
	opts map[social.Platform]map[string]any

	mu   sync.Mutex
	live map[social.Platform]Adapter
}

// NewSet returns a Set that builds adapters with env and each platform's options.
func NewSet(env Env, opts map[social.Platform]map[string]any) *Set {
	return &Set{env: env, opts: opts, live: map[social.Platform]Adapter{}}
}

// Get returns the adapter for p, building it once.
func (s *Set) Get(p social.Platform) (Adapter, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.live[p]; ok {
		return a, nil
	}
	r, err := Lookup(p)
	if err != nil {
		return nil, err
	}
	env := s.env
	env.Options = s.opts[p]
	if env.Log != nil {
		env.Log = env.Log.With("platform", string(p))
	}
	a, err := r.New(env)
	if err != nil {
		return nil, fmt.Errorf("start %s adapter: %w", p, err)
	}
	s.live[p] = a
	return a, nil
}

// Platforms lists every platform the set can serve: the registered ones and any put in.
func (s *Set) Platforms() []social.Platform {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[social.Platform]bool{}
	out := Names()
	for _, n := range out {
		seen[n] = true
	}
	for n := range s.live {
		if !seen[n] {
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Put installs a ready adapter (tests, or the demo network shared by a TUI session).
func (s *Set) Put(a Adapter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.live[a.Info().Name] = a
}

// Has reports whether p is registered.
func Has(p social.Platform) bool {
	regMu.RLock()
	defer regMu.RUnlock()
	_, ok := reg[p]
	return ok
}
