package seed

import (
	"fmt"
	"math/rand/v2"
)

// The seeder's own draws (which client a post is for, its status, its date) are pure
// functions of the seed, a stage salt and an index, like the demo generator's, so equal
// seeds give equal databases whatever the batch sizes.

const (
	saltClient uint64 = iota + 101
	saltPost
	saltKey
	saltTriage
)

func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func hash(seed int64, salt uint64, i int64) uint64 {
	return mix(mix(mix(uint64(seed))^salt) ^ uint64(i))
}

func rng(seed int64, salt uint64, i int64) *rand.Rand {
	h := hash(seed, salt, i)
	return rand.New(rand.NewPCG(h, mix(h)))
}

// idemKey makes a target's idempotency key the way the store does (128 bits in hex), but
// from the seed, so a seeded database is the same every time.
func idemKey(seed int64, post, target int) string {
	return fmt.Sprintf("%016x%016x", hash(seed, saltKey, int64(post)<<8|int64(target)),
		hash(seed, saltKey, ^(int64(post)<<8|int64(target))))
}
