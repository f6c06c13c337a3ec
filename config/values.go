package config

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The checks below accept what YAML decodes to (string, int, float64, bool, nil, lists and
// maps), the strings that environment variables and flags carry, and the typed defaults.

func text(raw any) (any, error) {
	switch v := raw.(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(v), nil
	}
	return nil, fmt.Errorf("%s is not text; quote it", describe(raw))
}

func oneOf(allowed ...string) func(any) (any, error) {
	return func(raw any) (any, error) {
		s, ok := raw.(string)
		if !ok {
			return nil, fmt.Errorf("%s is not one of %s", describe(raw), strings.Join(allowed, ", "))
		}
		s = strings.ToLower(strings.TrimSpace(s))
		if !slices.Contains(allowed, s) {
			return nil, fmt.Errorf("%q is not one of %s", s, strings.Join(allowed, ", "))
		}
		return s, nil
	}
}

const durationHint = "(use e.g. 5m, 90s)"

func duration(raw any) (time.Duration, error) {
	var d time.Duration
	switch v := raw.(type) {
	case time.Duration:
		d = v
	case string:
		s := strings.TrimSpace(v)
		if s == "0" {
			return 0, nil
		}
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("%q is not a duration %s", v, durationHint)
		}
	case int:
		// A bare number would be nanoseconds to time.ParseDuration's callers, which no one
		// means; 0 is unambiguous.
		if v != 0 {
			return 0, fmt.Errorf("%d has no unit %s", v, durationHint)
		}
	default:
		return 0, fmt.Errorf("%s is not a duration %s", describe(raw), durationHint)
	}
	if d < 0 {
		return 0, fmt.Errorf("%s is negative", d)
	}
	return d, nil
}

func durationAtLeast(min time.Duration) func(any) (any, error) {
	return func(raw any) (any, error) {
		d, err := duration(raw)
		if err != nil {
			return nil, err
		}
		if d < min {
			return nil, fmt.Errorf("%s is too short: use at least %s", d, min)
		}
		return d, nil
	}
}

func integer(raw any) (int64, error) {
	switch v := raw.(type) {
	case int:
		return int64(v), nil
	case int64:
		return v, nil
	case uint64:
		if v <= math.MaxInt64 {
			return int64(v), nil
		}
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err == nil {
			return n, nil
		}
		return 0, fmt.Errorf("%q is not a whole number", v)
	}
	return 0, fmt.Errorf("%s is not a whole number", describe(raw))
}

func intBetween(min, max int) func(any) (any, error) {
	return func(raw any) (any, error) {
		n, err := integer(raw)
		if err != nil {
			return nil, err
		}
		if n < int64(min) || n > int64(max) {
			return nil, fmt.Errorf("%d is out of range (%d to %d)", n, min, max)
		}
		return int(n), nil
	}
}

func int64Value(raw any) (any, error) {
	return integer(raw)
}

// describe renders a raw value for an error message.
func describe(raw any) string {
	switch v := raw.(type) {
	case nil:
		return "an empty value"
	case string:
		return strconv.Quote(v)
	case []any:
		return "a list"
	case map[string]any:
		return "a section"
	}
	return fmt.Sprint(raw)
}
