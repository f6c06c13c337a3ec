package text

// tlds are the top-level domains a bare domain ("example.com", no scheme) must end in to
// count as a link. twitter-text carries the whole IANA list; this is the common part of it,
// because a bare word with a dot is far more often a file name or a typo than a link to an
// obscure TLD, and a false link costs the user characters on X. Two-letter entries are
// country codes, which get a stricter rule (see isShortCountryDomain).
var tlds = setOf(
	// generic
	"com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "pro", "mobi", "name",
	"app", "dev", "page", "blog", "news", "social", "site", "online", "website", "web", "tech",
	"xyz", "club", "store", "shop", "art", "design", "cloud", "email", "live", "media", "space",
	"top", "link", "world", "today", "agency", "studio", "network", "systems", "software",
	"zone", "team", "works", "community", "events", "photography", "museum", "travel", "jobs",
	// country codes
	"ac", "ae", "ai", "ar", "at", "au", "be", "bg", "br", "by", "ca", "cc", "ch", "cl", "cn",
	"co", "cz", "de", "dk", "ee", "eg", "es", "eu", "fi", "fm", "fr", "gg", "gl", "gr", "hk",
	"hr", "hu", "id", "ie", "il", "in", "io", "is", "it", "jp", "ke", "kr", "lt", "lu", "lv",
	"ly", "ma", "me", "mx", "my", "ng", "nl", "no", "nu", "nz", "pe", "ph", "pk", "pl", "pt",
	"ro", "rs", "ru", "sa", "se", "sg", "sh", "si", "sk", "so", "su", "th", "to", "tr", "tv",
	"tw", "ua", "uk", "us", "uy", "vc", "ve", "vn", "ws", "za",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
