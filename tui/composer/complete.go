package composer

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"

	w "github.com/chorus-social/chorus/tui/widgets"
)

// SampleDirName is the folder beside the database where the demo workspace keeps its
// sample images. The image prompt offers it when it exists, because a new user trying
// ctrl+a in the demo has no image at hand and would not guess where they are.
const SampleDirName = "demo-media"

// imageExts are the files the path prompt offers: what the platforms take.
var imageExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true}

// sampleDirOf returns the sample folder beside src's database, or "" when src has no
// file or there is no such folder.
func sampleDirOf(src Source) string {
	f, ok := src.(interface{ Path() string })
	if !ok || f.Path() == "" {
		return ""
	}
	dir := filepath.Join(filepath.Dir(f.Path()), SampleDirName)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return ""
	}
	return dir
}

// completePath completes the last element of in, as a shell's tab does: among the
// folders and image files whose names start with it, it fills in what they share. It
// returns the new input and the names that matched, folders ending in "/". Relative
// paths start from cwd; "~" is home.
func completePath(in, cwd, home string) (string, []string) {
	if in == "~" {
		in = "~/"
	}
	dirPart, base := "", in
	if i := strings.LastIndex(in, "/"); i >= 0 {
		dirPart, base = in[:i+1], in[i+1:]
	}
	matches := listDir(expand(dirPart, cwd, home), base)
	switch len(matches) {
	case 0:
		return in, nil
	case 1:
		return dirPart + matches[0], matches
	}
	if p := commonPrefix(matches); len(p) > len(base) {
		return dirPart + p, matches
	}
	return in, matches // never shorter than typed
}

// expand turns the typed folder into one to read: "~" is home, relative is from cwd, and
// a space escaped by a terminal's drop is a space.
func expand(dir, cwd, home string) string {
	dir = strings.ReplaceAll(dir, `\ `, " ")
	switch {
	case dir == "":
		return cwd
	case (dir == "~/" || strings.HasPrefix(dir, "~/")) && home != "":
		return filepath.Join(home, dir[2:])
	case filepath.IsAbs(dir):
		return dir
	}
	return filepath.Join(cwd, dir)
}

// listDir returns the folders and images in dir whose names start with prefix, sorted,
// folders with a "/". Hidden ones only when the prefix asks for them.
func listDir(dir, prefix string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	prefix = strings.ReplaceAll(prefix, `\ `, " ")
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || (strings.HasPrefix(name, ".") && !strings.HasPrefix(prefix, ".")) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
				isDir = st.IsDir()
			}
		}
		switch {
		case isDir:
			out = append(out, name+"/")
		case imageExts[strings.ToLower(filepath.Ext(name))]:
			out = append(out, name)
		}
	}
	return out
}

func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	for !utf8.ValidString(p) { // names that part inside a character
		p = p[:len(p)-1]
	}
	return p
}

// tilde shows a path under home as "~/…": shorter on the prompt, and what people type.
func tilde(path, home string) string {
	if home == "" {
		return path
	}
	if rel, err := filepath.Rel(home, path); err == nil && !strings.HasPrefix(rel, "..") && rel != "." {
		return "~/" + rel
	}
	return path
}

// choiceLines are under the path prompt: what the last tab matched, or where the demo's
// sample images are while the line is empty.
func (m *Model) choiceLines(p *prompt, width int) []string {
	st := m.env.Styles
	if len(p.matches) > 1 || (len(p.matches) == 1 && strings.HasSuffix(p.input.Value(), "/")) {
		return []string{st.Muted.Render(fitNames(p.matches, width))}
	}
	if p.kind == promptPath && p.sample != "" && strings.TrimSpace(p.input.Value()) == "" {
		home, _ := os.UserHomeDir()
		return []string{st.Muted.Render(w.Truncate("tab: the demo's sample images, in "+tilde(p.sample, home)+"/", width))}
	}
	return nil
}

// fitNames lists names on one line, as many as fit, then how many more there are.
func fitNames(names []string, width int) string {
	line := ""
	for i, n := range names {
		next := line + n + "  "
		more := ""
		if i < len(names)-1 {
			more = fmt.Sprintf("+%d more", len(names)-i-1)
		}
		if lipgloss.Width(next+more) > width {
			return line + fmt.Sprintf("+%d more", len(names)-i)
		}
		line = next
	}
	return strings.TrimRight(line, " ")
}
