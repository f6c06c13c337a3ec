package config

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	// Client zones are checked at load time; embedding the zone database makes that check
	// give the same answer on hosts without /usr/share/zoneinfo (minimal containers, Windows).
	_ "time/tzdata"

	"go.yaml.in/yaml/v3"
)

var clientFields = []string{"approval_required", "color", "name", "queue", "require_alt", "server_scheduling", "tz"}

var hexColor = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// decodeClients reads the clients section straight from the YAML nodes, keeping client and
// account ids exactly as written (viper would lower-case them) and the line of every mistake.
func decodeClients(f *configFile) (map[string]Client, []error) {
	clients := map[string]Client{}
	n := f.clients
	if n == nil || n.Tag == "!!null" {
		return clients, nil
	}
	if n.Kind != yaml.MappingNode {
		return clients, []error{&Error{File: f.path, Line: n.Line, Key: "clients",
			Problem: "must be a section with one entry per client id (acme:, …)"}}
	}
	var errs []error
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		id := k.Value
		c, cerrs := decodeClient(f, "clients."+id, k.Line, v)
		errs = append(errs, cerrs...)
		clients[id] = c
	}
	return clients, errs
}

func decodeClient(f *configFile, path string, line int, n *yaml.Node) (Client, []error) {
	var c Client
	var errs []error
	fail := func(line int, key, problem string) {
		errs = append(errs, &Error{File: f.path, Line: line, Key: key, Problem: problem})
	}
	if n.Kind != yaml.MappingNode {
		fail(line, path, "must be a section with name, tz and the client's other settings")
		return c, errs
	}
	tzLine := line
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		field := strings.ToLower(k.Value)
		key := path + "." + field
		switch field {
		case "name":
			c.Name = scalar(v)
		case "tz":
			c.TZ, tzLine = scalar(v), k.Line
		case "color":
			c.Color = scalar(v)
			if c.Color != "" && !hexColor.MatchString(c.Color) {
				fail(k.Line, key, fmt.Sprintf("%q is not a hex colour (use e.g. \"#e07a5f\"; quote it, # starts a YAML comment)", c.Color))
			}
		case "approval_required", "require_alt", "server_scheduling":
			var b bool
			if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
				fail(k.Line, key, fmt.Sprintf("%q is not true or false", v.Value))
			}
			switch field {
			case "approval_required":
				c.ApprovalRequired = b
			case "require_alt":
				c.RequireAlt = b
			default:
				c.ServerScheduling = b
			}
		case "queue":
			var qerrs []error
			c.Queue, qerrs = decodeQueue(f, key, v)
			errs = append(errs, qerrs...)
		default:
			problem := "unknown key"
			for _, want := range clientFields {
				if editDistance(field, want) <= 2 {
					problem += fmt.Sprintf(" (did you mean %q?)", path+"."+want)
					break
				}
			}
			problem += "; a client has " + strings.Join(clientFields, ", ")
			fail(k.Line, key, problem)
		}
	}
	switch {
	case c.TZ == "":
		fail(tzLine, path+".tz", "missing: set the client's IANA time zone, e.g. tz: Europe/Berlin")
	default:
		if _, err := time.LoadLocation(c.TZ); err != nil || c.TZ == "Local" {
			fail(tzLine, path+".tz", fmt.Sprintf("%q is not an IANA time zone (use e.g. Europe/Berlin, America/New_York, UTC)", c.TZ))
		}
	}
	return c, errs
}

// decodeQueue reads account id → list of slots, checking every slot.
func decodeQueue(f *configFile, path string, n *yaml.Node) (map[string][]string, []error) {
	queue := map[string][]string{}
	if n.Tag == "!!null" {
		return queue, nil
	}
	if n.Kind != yaml.MappingNode {
		return queue, []error{&Error{File: f.path, Line: n.Line, Key: path,
			Problem: `must map account ids to lists of slots, e.g. acme-bsky: ["mon 09:30", "thu 14:00"]`}}
	}
	var errs []error
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		key := path + "." + k.Value
		if v.Kind != yaml.SequenceNode {
			errs = append(errs, &Error{File: f.path, Line: k.Line, Key: key,
				Problem: `must be a list of slots, e.g. ["mon 09:30", "thu 14:00"]`})
			continue
		}
		slots := make([]string, 0, len(v.Content))
		for j, s := range v.Content {
			s = resolve(s)
			slot, err := ParseSlot(scalar(s))
			if err != nil {
				errs = append(errs, &Error{File: f.path, Line: s.Line, Key: fmt.Sprintf("%s[%d]", key, j), Problem: err.Error()})
				continue
			}
			slots = append(slots, slot.String())
		}
		queue[k.Value] = slots
	}
	return queue, errs
}

// scalar returns a scalar node's text; a null or a section reads as "".
func scalar(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return strings.TrimSpace(n.Value)
}
