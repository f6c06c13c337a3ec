package config

import "strings"

// suggest returns the key the user most likely meant by name in section, or "". It catches
// typos ("sycn"), keys put in the wrong section ("max_attempts" at the top instead of under
// publish), and keys flattened the way environment variables write them ("sync_interval").
func suggest(section, name string) string {
	best, bestDist := "", 3 // more than two edits away is a different word
	for _, c := range children(section) {
		if d := editDistance(name, c); d < bestDist && d < len(name) {
			best, bestDist = join(section, c), d
		}
	}
	if best != "" {
		return best
	}
	for _, k := range keys {
		last := k.name[strings.LastIndex(k.name, ".")+1:]
		if last == name || strings.ReplaceAll(k.name, ".", "_") == name {
			return k.name
		}
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
