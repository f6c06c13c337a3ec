package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// Everything the demo network shows is a pure function of the seed, an account id, an
// index and a salt naming what is being drawn, so two runs with the same seed agree and
// every draw is independent of the order in which callers ask for things.

// The salts keep the draws for one (account, index) independent of each other.
const (
	saltItem uint64 = iota + 1
	saltKind
	saltArrival
	saltSchedule
	saltAuthor
	saltOwnPost
	saltPostText
	saltFollowers
	saltPostMetric
	saltThread
	saltIdem
)

// fnv64 hashes a string (FNV-1a, 64 bits).
func fnv64(s string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime
	}
	return h
}

// mix is the splitmix64 finaliser: a cheap, well-spread 64-bit permutation.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hash combines the generator's seed, a string (usually an account id), a salt and an index.
func (g *Generator) hash(s string, salt uint64, i int64) uint64 {
	return mix(mix(mix(uint64(g.seed)^fnv64(s))^salt) ^ uint64(i))
}

// rng returns a PCG generator for one (string, salt, index), for draws that need several numbers.
func (g *Generator) rng(s string, salt uint64, i int64) *rand.Rand {
	h := g.hash(s, salt, i)
	return rand.New(rand.NewPCG(h, mix(h^0x5851f42d4c957f2d)))
}

// unit maps a hash to [0, 1).
func unit(h uint64) float64 { return float64(h>>11) / (1 << 53) }

// normal draws a standard normal number from two hashes (Box–Muller), for log-normal reach.
func normal(h1, h2 uint64) float64 {
	u1 := max(unit(h1), 1e-12)
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*unit(h2))
}

// SeedOption reads the "seed" option as the config file, the environment or a test may give
// it: an integer, a float from YAML/JSON decoding, or a decimal string. Missing means 1.
func SeedOption(v any) (int64, error) {
	switch s := v.(type) {
	case nil:
		return 1, nil
	case int64:
		return s, nil
	case int:
		return int64(s), nil
	case int32:
		return int64(s), nil
	case uint64:
		return int64(s), nil
	case float64:
		if s != math.Trunc(s) {
			return 0, fmt.Errorf("demo seed %v: want a whole number", s)
		}
		return int64(s), nil
	case string:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("demo seed %q: want a whole number", s)
		}
		return n, nil
	default:
		return 0, fmt.Errorf("demo seed %v (%T): want a whole number", v, v)
	}
}
