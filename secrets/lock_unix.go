//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package secrets

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on path, waiting for other processes to release it. The
// lock is on a file of its own because the secrets file is replaced, not rewritten, on every
// write, and a lock on a replaced file guards nothing.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
