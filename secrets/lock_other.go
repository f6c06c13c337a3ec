//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package secrets

// lockFile is a no-op where flock is unavailable; there the in-process mutex is the only
// guard, and two processes writing at the same moment may lose one update.
func lockFile(string) (unlock func(), err error) {
	return func() {}, nil
}
