package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
)

// isTerminal reports whether w (or r) is a terminal: progress and prompts only go there.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(file.Fd())
}

// readSecret reads a token or password piped on stdin, trimming the final newline.
func readSecret(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, 64<<10))
	if err != nil {
		return "", fmt.Errorf("read secret from stdin: %w", err)
	}
	s := strings.TrimRight(string(b), "\r\n")
	if s == "" {
		return "", usagef("nothing on stdin: pipe the token or password in, e.g. `pass show x | chorus accounts add … --token-stdin`")
	}
	return s, nil
}

// termUI is the login flow's voice on a plain terminal.
type termUI struct {
	in  io.Reader
	out io.Writer
	br  *bufio.Reader
}

func (u *termUI) Show(msg string) { fmt.Fprintln(u.out, msg) }

func (u *termUI) Prompt(ctx context.Context, label string, secret bool) (string, error) {
	fmt.Fprintf(u.out, "%s: ", label)
	if f, ok := u.in.(*os.File); ok && secret && term.IsTerminal(f.Fd()) {
		b, err := term.ReadPassword(f.Fd())
		fmt.Fprintln(u.out)
		return strings.TrimSpace(string(b)), err
	}
	if !isTerminal(u.in) {
		return "", fmt.Errorf("%s: stdin is not a terminal; pass the secret with --token-stdin or --password-stdin", label)
	}
	if u.br == nil {
		u.br = bufio.NewReader(u.in)
	}
	line, err := u.br.ReadString('\n')
	return strings.TrimSpace(line), err
}
