package secrets

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"
)

const secret = "s3cr3t-app-password-xyz"

// noEnv is an environment without CHORUS_SECRET_* variables, so a developer's own never leak
// into a test.
func noEnv(string) string { return "" }

func openFile(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(Options{Backend: "file", Dir: dir, Env: noEnv, Warn: func(msg string) { t.Log("warning:", msg) }})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFileSetGetDelete(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "config", "chorus")
	s := openFile(t, dir)
	if s.Backend() != "file" || s.Path() != filepath.Join(dir, FileName) {
		t.Errorf("Backend, Path = %q, %q", s.Backend(), s.Path())
	}
	if err := s.Set("acme-bsky", secret); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("acme-mastodon", "other"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("acme-bsky", secret+"-rotated"); err != nil {
		t.Fatal(err)
	}
	// A second Store on the same directory stands for another process (the daemon).
	other := openFile(t, dir)
	if got, err := other.Get("acme-bsky"); err != nil || got != secret+"-rotated" {
		t.Errorf("Get = %q, %v; want the rotated secret", got, err)
	}
	if err := s.Delete("acme-bsky"); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Get("acme-bsky"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete: err = %v, want ErrNotFound", err)
	}
	if got, err := other.Get("acme-mastodon"); err != nil || got != "other" {
		t.Errorf("Get(acme-mastodon) = %q, %v; Delete removed more than one secret", got, err)
	}
	if err := s.Delete("acme-bsky"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete: err = %v, want ErrNotFound", err)
	}
}

func TestFileIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes do not describe Windows ACLs")
	}
	dir := filepath.Join(t.TempDir(), "chorus")
	s := openFile(t, dir)
	if err := s.Set("acme-bsky", secret); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, s.Path(): 0o600} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s has mode %04o, want %04o", path, got, want)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".secrets-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestLooseFileModeWarnsOnceAndWriteRepairsIt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes do not describe Windows ACLs")
	}
	dir := t.TempDir()
	var warnings []string
	s, err := Open(Options{Backend: "file", Dir: dir, Env: noEnv, Warn: func(m string) { warnings = append(warnings, m) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set("a", secret); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(s.Path(), 0o644); err != nil {
		t.Fatal(err)
	}
	s.Get("a")
	s.Get("a")
	if len(warnings) != 1 || !strings.Contains(warnings[0], "chmod 600") {
		t.Errorf("warnings = %q, want one telling to chmod 600", warnings)
	}
	if err := s.Set("a", secret); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(s.Path()); info.Mode().Perm() != 0o600 {
		t.Errorf("mode after Set = %04o, want 0600", info.Mode().Perm())
	}
}

func TestEnvWins(t *testing.T) {
	env := map[string]string{"CHORUS_SECRET_ACME_BSKY": "from-env"}
	s, err := Open(Options{Backend: "file", Dir: t.TempDir(), Env: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get("acme-bsky"); err != nil || got != "from-env" {
		t.Errorf("Get with nothing stored = %q, %v; want the environment's", got, err)
	}
	if err := s.Set("acme-bsky", secret); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get("acme-bsky"); got != "from-env" {
		t.Errorf("Get = %q, want the environment to win over the file", got)
	}
	if _, err := s.Get("acme-mastodon"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(acme-mastodon) err = %v, want ErrNotFound", err)
	}
}

func TestEnvName(t *testing.T) {
	for id, want := range map[string]string{
		"acme-bsky":                "CHORUS_SECRET_ACME_BSKY",
		"acme_mastodon2":           "CHORUS_SECRET_ACME_MASTODON2",
		"bsky-alice.bsky.social":   "CHORUS_SECRET_BSKY_ALICE_BSKY_SOCIAL",
		"@bob@mastodon.example":    "CHORUS_SECRET__BOB_MASTODON_EXAMPLE",
		"café":                     "CHORUS_SECRET_CAF_",
		"Mixed-Case.ID with space": "CHORUS_SECRET_MIXED_CASE_ID_WITH_SPACE",
	} {
		if got := EnvName(id); got != want {
			t.Errorf("EnvName(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestNotFoundSaysWhatToRun(t *testing.T) {
	s := openFile(t, t.TempDir())
	_, err := s.Get("acme-bsky")
	want := "no secret stored for account \"acme-bsky\" (run `chorus accounts login acme-bsky`)"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	var nf *NotFoundError
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &nf) || nf.AccountID != "acme-bsky" {
		t.Errorf("err = %#v, want a *NotFoundError for acme-bsky matching ErrNotFound", err)
	}
}

func TestBadInput(t *testing.T) {
	s := openFile(t, t.TempDir())
	if _, err := s.Get(""); err == nil {
		t.Error("Get(\"\") succeeded")
	}
	if err := s.Set(" ", secret); err == nil {
		t.Error("Set with a blank id succeeded")
	}
	if err := s.Set("a", ""); err == nil {
		t.Error("Set with an empty secret succeeded")
	}
	if err := s.Delete(""); err == nil {
		t.Error("Delete(\"\") succeeded")
	}
}

func TestOpenRejectsBadOptions(t *testing.T) {
	if _, err := Open(Options{Backend: "vault", Dir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "auto, keyring, file") {
		t.Errorf("unknown backend: err = %v, want the allowed ones listed", err)
	}
	if _, err := Open(Options{Backend: "file"}); err == nil {
		t.Error("file backend without a directory: Open succeeded")
	}
}

func TestSecretNeverInErrors(t *testing.T) {
	var errs []error
	// The directory cannot be created: a file stands where it should be.
	blocker := filepath.Join(t.TempDir(), "blocker")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	errs = append(errs, openFile(t, filepath.Join(blocker, "chorus")).Set("acme-bsky", secret))

	// A damaged file, holding the secret, must not be quoted back.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(`{"secrets": {"acme-bsky": "`+secret+`" oops}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s := openFile(t, dir)
	_, err := s.Get("acme-bsky")
	errs = append(errs, err, s.Set("acme-bsky", secret), s.Delete("acme-bsky"))

	// A backend whose own error quotes the secret, as a careless driver might.
	leaky := &Store{backend: leakyBackend{}, env: noEnv}
	errs = append(errs, leaky.Set("acme-bsky", secret))

	for i, err := range errs {
		if err == nil {
			t.Errorf("case %d: no error", i)
			continue
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(fmt.Sprintf("%+v", err), secret) {
			t.Errorf("case %d: error %q contains the secret", i, err)
		}
		if !strings.Contains(err.Error(), "acme-bsky") {
			t.Errorf("case %d: error %q does not name the account", i, err)
		}
	}
}

type leakyBackend struct{}

func (leakyBackend) kind() string               { return "leaky" }
func (leakyBackend) describe() string           { return "a leaky backend" }
func (leakyBackend) get(string) (string, error) { return "", errMissing }
func (leakyBackend) delete(string) error        { return errMissing }
func (leakyBackend) set(_, secret string) error {
	return fmt.Errorf("rejected %q: %w", secret, errors.New("dbus said no to "+secret))
}

func TestConcurrentSetsKeepEverySecret(t *testing.T) {
	dir := t.TempDir()
	// Two Stores on one directory stand for the TUI and the daemon writing at once.
	stores := []*Store{openFile(t, dir), openFile(t, dir)}
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := stores[i%2].Set(fmt.Sprintf("acct-%d", i), fmt.Sprintf("secret-%d", i)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	s := openFile(t, dir)
	for i := range n {
		if got, err := s.Get(fmt.Sprintf("acct-%d", i)); err != nil || got != fmt.Sprintf("secret-%d", i) {
			t.Errorf("acct-%d: Get = %q, %v; a concurrent Set was lost", i, got, err)
		}
	}
}

func TestKeyringBackend(t *testing.T) {
	keyring.MockInit()
	s, err := Open(Options{Dir: t.TempDir(), Env: noEnv, Warn: func(m string) { t.Errorf("unexpected warning: %s", m) }})
	if err != nil {
		t.Fatal(err)
	}
	if s.Backend() != "keyring" || s.Path() != "" {
		t.Fatalf("Backend, Path = %q, %q; want keyring and no file", s.Backend(), s.Path())
	}
	if err := s.Set("acme-bsky", secret); err != nil {
		t.Fatal(err)
	}
	if got, _ := keyring.Get(Service, "acme-bsky"); got != secret {
		t.Errorf("keyring holds %q under service %q, user acme-bsky; want the secret", got, Service)
	}
	if got, err := s.Get("acme-bsky"); err != nil || got != secret {
		t.Errorf("Get = %q, %v", got, err)
	}
	if err := s.Delete("acme-bsky"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("acme-bsky"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete: err = %v, want ErrNotFound", err)
	}
	if err := s.Delete("acme-bsky"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete of a missing secret: err = %v, want ErrNotFound", err)
	}
	if s, err := Open(Options{Backend: "keyring", Env: noEnv}); err != nil || s.Backend() != "keyring" {
		t.Errorf("explicit keyring: %v", err)
	}
}

func TestAutoFallsBackToFileWithOneWarning(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.secrets was not provided"))
	t.Cleanup(keyring.MockInit)
	var warnings []string
	dir := t.TempDir()
	s, err := Open(Options{Backend: "auto", Dir: dir, Env: noEnv, Warn: func(m string) { warnings = append(warnings, m) }})
	if err != nil {
		t.Fatal(err)
	}
	if s.Backend() != "file" {
		t.Fatalf("Backend = %q, want file", s.Backend())
	}
	if len(warnings) != 0 {
		t.Errorf("warned on Open, before any secret was used: %q", warnings)
	}
	for range 3 {
		if err := s.Set("acme-bsky", secret); err != nil {
			t.Fatal(err)
		}
		s.Get("acme-bsky")
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], filepath.Join(dir, FileName)) {
		t.Errorf("warnings = %q, want one naming the file", warnings)
	}
}

func TestExplicitKeyringWithoutKeyringFails(t *testing.T) {
	keyring.MockInitWithError(errors.New("no D-Bus session"))
	t.Cleanup(keyring.MockInit)
	_, err := Open(Options{Backend: "keyring", Dir: t.TempDir(), Env: noEnv})
	if err == nil || !strings.Contains(err.Error(), "no D-Bus session") || !strings.Contains(err.Error(), "secrets.backend: file") {
		t.Errorf("err = %v, want the cause and the fix", err)
	}
}
