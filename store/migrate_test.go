package store

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// TestMigratesFromEachEarlierVersion builds a database as every earlier release left it,
// with data in it, and opens it with this build: the upgrade must run and keep the data.
func TestMigratesFromEachEarlierVersion(t *testing.T) {
	ms, err := migrationFiles()
	if err != nil {
		t.Fatal(err)
	}
	for v := 1; v < len(ms); v++ {
		t.Run(fmt.Sprintf("from%d", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			raw, err := sql.Open("sqlite", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms[:v] {
				body, err := migrations.ReadFile("migrations/" + m.name)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := raw.Exec(string(body)); err != nil {
					t.Fatalf("%s: %v", m.name, err)
				}
			}
			for _, q := range []string{
				fmt.Sprintf("PRAGMA user_version = %d", v),
				`INSERT INTO clients (id, name, tz, created_at) VALUES ('acme', 'Acme', 'UTC', 1)`,
				`INSERT INTO accounts (id, client_id, platform, handle, created_at) VALUES ('acme-x', 'acme', 'demo', 'acme', 1)`,
			} {
				if _, err := raw.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			raw.Close()

			db, err := Open(t.Context(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if got, _ := db.Version(t.Context()); got != len(ms) {
				t.Fatalf("version %d after upgrade, want %d", got, len(ms))
			}
			if a, err := db.Account(t.Context(), "acme-x"); err != nil || a.ClientID != "acme" {
				t.Fatalf("account after upgrade: %+v %v", a, err)
			}
			if _, err := db.Health(t.Context(), ""); err != nil {
				t.Fatalf("newest schema not usable: %v", err)
			}
		})
	}
}
