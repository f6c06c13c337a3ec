package bluesky

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// options are the adapter's settings from config.
type options struct {
	server      string // the PDS of accounts that name none
	plc         string
	dms         bool
	chatService string
	markSeen    bool
	linkCards   string
	maxImage    int64
	web         string
}

func parseOptions(m map[string]any) (options, error) {
	o := options{server: DefaultServer, plc: DefaultPLC, dms: true, chatService: DefaultChatService, markSeen: true,
		linkCards: "fetch", maxImage: DefaultMaxImageBytes, web: DefaultWeb}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := m[k]
		var err error
		switch k {
		case "server":
			o.server, err = urlOption(v)
		case "plc":
			o.plc, err = urlOption(v)
		case "web":
			o.web, err = urlOption(v)
		case "chat_service":
			o.chatService, err = stringOption(v)
			if err == nil && (!strings.HasPrefix(o.chatService, "did:") || !strings.Contains(o.chatService, "#")) {
				err = fmt.Errorf("want a service reference such as %s", DefaultChatService)
			}
		case "dms":
			o.dms, err = boolOption(v)
		case "mark_seen":
			o.markSeen, err = boolOption(v)
		case "link_cards":
			o.linkCards, err = stringOption(v)
			if err == nil && o.linkCards != "fetch" && o.linkCards != "plain" && o.linkCards != "off" {
				err = fmt.Errorf("want fetch, plain or off")
			}
		case "max_image_bytes":
			var n int64
			n, err = intOption(v)
			if err == nil && n <= 0 {
				err = fmt.Errorf("want a positive number of bytes")
			}
			o.maxImage = n
		default:
			return o, fmt.Errorf("platforms.bluesky.%s: unknown option (known: chat_service, dms, link_cards, mark_seen, max_image_bytes, plc, server, web)", k)
		}
		if err != nil {
			return o, fmt.Errorf("platforms.bluesky.%s = %v: %w", k, v, err)
		}
	}
	return o, nil
}

func stringOption(v any) (string, error) {
	s, ok := v.(string)
	if !ok || strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("want a non-empty string")
	}
	return strings.TrimSpace(s), nil
}

func urlOption(v any) (string, error) {
	s, err := stringOption(v)
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
		return "", fmt.Errorf("want an http(s) URL")
	}
	return strings.TrimRight(s, "/"), nil
}

func boolOption(v any) (bool, error) {
	switch b := v.(type) {
	case bool:
		return b, nil
	case string:
		return strconv.ParseBool(b)
	}
	return false, fmt.Errorf("want true or false")
}

func intOption(v any) (int64, error) {
	switch n := v.(type) {
	case int:
		return int64(n), nil
	case int64:
		return n, nil
	case float64:
		if n == float64(int64(n)) {
			return int64(n), nil
		}
	case string:
		return strconv.ParseInt(strings.TrimSpace(n), 10, 64)
	}
	return 0, fmt.Errorf("want a whole number")
}
