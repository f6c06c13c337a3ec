package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/chorus-social/chorus/export/ics"
	"github.com/chorus-social/chorus/store"
)

func newExportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "export", Short: "Export the plan for other tools"}
	var clientID, output string
	icsCmd := &cobra.Command{
		Use:   "ics [--client ID] [-o FILE]",
		Short: "Write scheduled and published posts as an iCalendar (.ics) file",
		Long: `Write one calendar event per post that is scheduled or was published: at its time, with
its text, its accounts and, once out, its link. Without --client, every client's posts.
Without -o, or with -o -, the calendar goes to standard output. Importing the file again
updates the events rather than adding copies.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.exportICS(cmd.Context(), clientID, output)
		},
	}
	icsCmd.Flags().StringVar(&clientID, "client", "", "only this client's posts")
	icsCmd.Flags().StringVarP(&output, "output", "o", "-", "file to write, - for standard output")
	cmd.AddCommand(icsCmd)
	return cmd
}

func (a *app) exportICS(ctx context.Context, clientID, output string) error {
	db, err := a.store(ctx)
	if err != nil {
		return err
	}
	name := "chorus"
	if clientID != "" {
		c, err := db.Client(ctx, clientID)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no client %q (see `chorus clients list`)", clientID)
		}
		if err != nil {
			return err
		}
		name = "chorus: " + c.Name
	}
	posts, err := db.ExportPosts(ctx, clientID)
	if err != nil {
		return err
	}
	ws, err := db.WorkspaceID(ctx)
	if err != nil {
		return err
	}
	opts := ics.Options{Name: name, Workspace: ws, Now: nowUTC(), ClientInSummary: clientID == ""}
	if output == "" || output == "-" {
		return ics.Write(a.stdout, posts, opts)
	}
	if err := writeFileAtomic(output, func(w io.Writer) error { return ics.Write(w, posts, opts) }); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "%d posts written to %s\n", len(posts), output)
	return nil
}

// writeFileAtomic writes path through a temporary file beside it, so a failed export
// leaves the previous file whole (a calendar app may be subscribed to it). The file is
// private (0600), as the database is: it holds plans not yet public and the posts' notes.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
