package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// configFile is what one config file holds, read with the YAML node API rather than by viper
// alone, because viper can neither report lines nor keep the case of client and account ids.
type configFile struct {
	path string
	// values is everything but clients, for viper.
	values map[string]any
	// lines maps a dotted key in lower case to the line it is on.
	lines map[string]int
	// clients is the clients section, decoded by decodeClients; nil when absent.
	clients *yaml.Node
}

// readFile reads and checks the shape of a config file. A missing file is reported with
// errors.Is(err, fs.ErrNotExist) so Load can treat an absent default file as "no file".
func readFile(path string) (*configFile, []error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, []error{err}
	}
	f := &configFile{path: path, values: map[string]any{}, lines: map[string]int{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, f.yamlErrors(err)
	}
	if len(doc.Content) == 0 {
		return f, nil // empty, or only comments
	}
	root := resolve(doc.Content[0])
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return f, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, []error{&Error{File: path, Line: root.Line,
			Problem: "the file must hold keys and values (key: value), like config.example.yaml"}}
	}
	// Decoding finds what the parser lets through, such as a key given twice.
	if err := root.Decode(&f.values); err != nil {
		return nil, f.yamlErrors(err)
	}
	var errs []error
	f.walk(root, "", &errs)
	for k := range f.values {
		if strings.EqualFold(k, "clients") {
			delete(f.values, k)
		}
	}
	return f, errs
}

// walk records the line of every key under n and reports keys chorus does not know.
func (f *configFile) walk(n *yaml.Node, section string, errs *[]error) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		name := strings.ToLower(k.Value)
		path := join(section, name)
		f.lines[path] = k.Line
		switch {
		case section == "" && name == "clients":
			f.clients = v
		case section == "" && name == "platforms":
			f.walkPlatforms(v, errs)
		case isLeaf(path):
			// Its value is checked with the other layers in Load.
		case isSection(path):
			switch {
			case v.Kind == yaml.MappingNode:
				f.walk(v, path, errs)
			case v.Tag != "!!null":
				*errs = append(*errs, &Error{File: f.path, Line: k.Line, Key: path, Problem: fmt.Sprintf(
					"must be a section holding %s", strings.Join(children(path), ", "))})
			}
		default:
			problem := "unknown key"
			if s := suggest(section, name); s != "" {
				problem += fmt.Sprintf(" (did you mean %q?)", s)
			}
			*errs = append(*errs, &Error{File: f.path, Line: k.Line, Key: path, Problem: problem})
		}
	}
}

// walkPlatforms checks that each platform holds a section of options; what the options mean
// is the adapter's business.
func (f *configFile) walkPlatforms(n *yaml.Node, errs *[]error) {
	if n.Tag == "!!null" {
		return
	}
	if n.Kind != yaml.MappingNode {
		*errs = append(*errs, &Error{File: f.path, Line: n.Line, Key: "platforms",
			Problem: "must be a section with one entry per platform (mastodon:, bluesky:, …)"})
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		path := "platforms." + strings.ToLower(k.Value)
		f.lines[path] = k.Line
		if v.Kind != yaml.MappingNode && v.Tag != "!!null" {
			*errs = append(*errs, &Error{File: f.path, Line: k.Line, Key: path,
				Problem: "must be a section of the adapter's options (e.g. server: https://…)"})
		}
	}
}

func isLeaf(path string) bool {
	_, ok := findKey(path)
	return ok
}

func join(section, name string) string {
	if section == "" {
		return name
	}
	return section + "." + name
}

// resolve follows a YAML alias (*anchor) to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

var yamlLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// yamlErrors turns the YAML library's errors into *Error values with the line split out.
func (f *configFile) yamlErrors(err error) []error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	errs := make([]error, 0, len(msgs))
	for _, m := range msgs {
		e := &Error{File: f.path, Problem: m}
		if parts := yamlLine.FindStringSubmatch(m); parts != nil {
			e.Line, _ = strconv.Atoi(parts[1])
			e.Problem = parts[2]
		}
		e.Problem = "YAML: " + e.Problem
		errs = append(errs, e)
	}
	return errs
}

// isNotExist reports whether readFile failed because the file is not there.
func isNotExist(errs []error) bool {
	return len(errs) == 1 && errors.Is(errs[0], fs.ErrNotExist)
}
