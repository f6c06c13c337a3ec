package composer

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// editorReadyMsg: the text to edit is in a temporary file at path.
type editorReadyMsg struct {
	ref  textRef
	path string
	err  error
}

// editedMsg carries the text back from the editor.
type editedMsg struct {
	ref  textRef
	text string
	err  error
}

// openEditor is ctrl+e: the part being edited goes to $VISUAL or $EDITOR (vi without
// either) through a temporary file; writing the file happens in a command.
func (m *Model) openEditor() tea.Cmd {
	ref := m.currentRef()
	ta := m.partArea(ref)
	if ta == nil {
		return nil
	}
	text := ta.Value()
	return func() tea.Msg {
		f, err := os.CreateTemp("", "chorus-post-*.txt")
		if err != nil {
			return editorReadyMsg{ref: ref, err: err}
		}
		_, err = f.WriteString(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(f.Name())
		}
		return editorReadyMsg{ref: ref, path: f.Name(), err: err}
	}
}

// editorCommand is $VISUAL, else $EDITOR, else vi, on path. The variables may hold
// arguments ("code --wait"), as git and crontab read them.
func editorCommand(getenv func(string) string, path string) *exec.Cmd {
	line := strings.TrimSpace(getenv("VISUAL"))
	if line == "" {
		line = strings.TrimSpace(getenv("EDITOR"))
	}
	if line == "" {
		line = "vi"
	}
	args := strings.Fields(line)
	return exec.Command(args[0], append(args[1:], path)...)
}

func (m *Model) gotEditorReady(msg editorReadyMsg) tea.Cmd {
	if msg.err != nil {
		m.err = "editor: " + msg.err.Error()
		return nil
	}
	cmd := editorCommand(m.opt.Getenv, msg.path)
	return m.opt.Exec(cmd, func(err error) tea.Msg {
		defer os.Remove(msg.path)
		if err != nil {
			return editedMsg{ref: msg.ref, err: fmt.Errorf("%s: %w", cmd.Path, err)}
		}
		b, err := os.ReadFile(msg.path)
		return editedMsg{ref: msg.ref, text: fromEditor(string(b)), err: err}
	})
}

// fromEditor drops the line end editors put after the last line; a post does not end
// in one.
func fromEditor(s string) string {
	return strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}

func (m *Model) gotEdited(msg editedMsg) tea.Cmd {
	if msg.err != nil {
		m.err = "editor: " + msg.err.Error() + " · the text is as it was"
		return nil
	}
	cmd := m.setText(msg.ref, msg.text)
	if cmd == nil {
		m.note = "unchanged in the editor"
		return m.refocus()
	}
	m.note = "text back from the editor"
	return tea.Batch(m.refocus(), cmd)
}
