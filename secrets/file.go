package secrets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// FileName is the name of the secrets file inside Options.Dir.
const FileName = "secrets.json"

// fileBackend keeps secrets in one JSON file, for machines without a keyring. Writes replace
// the file atomically (temp file + rename), so a crash leaves the old or the new file, never
// half of one; a lock file serialises writers across processes (the TUI and the daemon), so
// one's token refresh is not lost to the other's.
type fileBackend struct {
	path string
	warn func(string)
	// plainWarning, when set, is given to warn once, the first time the file is used: opening
	// a Store costs nothing, so commands that never touch a secret print nothing.
	plainWarning string
	warnOnce     sync.Once
	permOnce     sync.Once
	mu           sync.Mutex // serialises writers within this process; the lock file, across processes
}

// fileData is the file's layout; Version lets a later chorus change it.
type fileData struct {
	Version int               `json:"version"`
	Secrets map[string]string `json:"secrets"`
}

func newFileBackend(dir string, warn func(string)) *fileBackend {
	return &fileBackend{path: filepath.Join(dir, FileName), warn: warn}
}

func (f *fileBackend) kind() string     { return "file" }
func (f *fileBackend) describe() string { return "the file " + f.path }

func (f *fileBackend) get(accountID string) (string, error) {
	data, err := f.read()
	if err != nil {
		return "", err
	}
	v, ok := data.Secrets[accountID]
	if !ok {
		return "", errMissing
	}
	return v, nil
}

func (f *fileBackend) set(accountID, secret string) error {
	return f.update(func(d *fileData) error {
		d.Secrets[accountID] = secret
		return nil
	})
}

func (f *fileBackend) delete(accountID string) error {
	return f.update(func(d *fileData) error {
		if _, ok := d.Secrets[accountID]; !ok {
			return errMissing
		}
		delete(d.Secrets, accountID)
		return nil
	})
}

// update reads, changes and rewrites the file under both locks.
func (f *fileBackend) update(change func(*fileData) error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return err
	}
	unlock, err := lockFile(f.path + ".lock")
	if err != nil {
		return err
	}
	defer unlock()
	data, err := f.read()
	if err != nil {
		return err
	}
	if err := change(&data); err != nil {
		return err
	}
	return f.write(data)
}

func (f *fileBackend) read() (fileData, error) {
	if f.plainWarning != "" {
		f.warnOnce.Do(func() { f.warn(f.plainWarning) })
	}
	data := fileData{Version: 1, Secrets: map[string]string{}}
	raw, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return data, nil
	}
	if err != nil {
		return data, err
	}
	f.checkMode()
	// The JSON decoder's messages quote at most a character of the input, never a value.
	if err := json.Unmarshal(raw, &data); err != nil {
		return data, fmt.Errorf("the file is damaged (%v); remove it and log in to each account again", err)
	}
	if data.Secrets == nil {
		data.Secrets = map[string]string{}
	}
	return data, nil
}

// checkMode warns once if others may read the file, as ssh does for private keys; the next
// write puts the mode back to 0600.
func (f *fileBackend) checkMode() {
	if runtime.GOOS == "windows" { // file modes do not describe Windows ACLs
		return
	}
	info, err := os.Stat(f.path)
	if err != nil || info.Mode().Perm()&0o077 == 0 {
		return
	}
	f.permOnce.Do(func() {
		f.warn(fmt.Sprintf("the secrets file %s can be read by other users (mode %04o); run: chmod 600 %s",
			f.path, info.Mode().Perm(), f.path))
	})
}

func (f *fileBackend) write(data fileData) (err error) {
	raw, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(f.path)
	// CreateTemp makes the file 0600, so the secrets are never readable by others, not even
	// for the moment before the rename.
	tmp, err := os.CreateTemp(dir, ".secrets-*.json")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(raw); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), f.path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes the rename durable, so a crash right after a token refresh does not bring
// back the old, already revoked token. Best effort: not every system can sync a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
