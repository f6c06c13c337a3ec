package config

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// LoadOptions says where Load looks besides the built-in defaults.
type LoadOptions struct {
	// File is the config file given with --config. When set it must exist; when empty,
	// DefaultConfigFile is read if it exists.
	File string
	// Flags are the command's flags. A flag that was set overrides its key: --db sets database,
	// --log sets log, and any flag named like a key with dots and underscores written as dashes
	// (--log-level, --sync-interval) sets that key. May be nil.
	Flags *pflag.FlagSet
	// Env is the environment as KEY=value pairs; nil means os.Environ(). It supplies the
	// CHORUS_* overrides and also HOME and XDG_CONFIG_HOME for finding the default file.
	Env []string
}

// flagAliases maps keys to flag names that differ from the key's dashed form.
var flagAliases = map[string]string{"database": "db"}

const platformEnvPrefix = "CHORUS_PLATFORMS_"

// Load merges, in rising order of precedence, the defaults, the config file, CHORUS_*
// environment variables and set flags, and validates the result. All problems found are
// returned together (errors.Join), each an *Error.
func Load(opts LoadOptions) (Config, error) {
	env := environ(opts.Env)
	getenv := func(k string) string { return env[k] }
	v := newViper()
	// sources records, for each key set by the environment or a flag, what set it, so an error
	// points there and not at the file.
	sources := map[string]string{}
	var errs []error

	f := &configFile{lines: map[string]int{}}
	path := opts.File
	if path == "" {
		path = defaultConfigFile(getenv)
	}
	if read, ferrs := readFile(path); isNotExist(ferrs) {
		if opts.File != "" {
			return Config{}, &Error{File: path, Problem: "file not found (given with --config)"}
		}
	} else if read == nil {
		return Config{}, errors.Join(wrapIOErrors(path, ferrs)...)
	} else {
		f = read
		errs = append(errs, ferrs...)
		if err := v.MergeConfigMap(f.values); err != nil {
			return Config{}, &Error{File: path, Problem: err.Error()}
		}
	}

	for _, k := range keys {
		if val := getenv(EnvName(k.name)); val != "" {
			v.Set(k.name, val)
			sources[k.name] = "env " + EnvName(k.name)
		}
	}
	errs = append(errs, platformsFromEnv(v, env)...)
	if opts.Flags != nil {
		for _, k := range keys {
			name, ok := flagAliases[k.name]
			if !ok {
				name = strings.NewReplacer(".", "-", "_", "-").Replace(k.name)
			}
			if fl := opts.Flags.Lookup(name); fl != nil && fl.Changed {
				v.Set(k.name, fl.Value.String())
				sources[k.name] = "flag --" + name
			}
		}
	}

	at := func(key string, problem string) *Error {
		if src, ok := sources[key]; ok {
			return &Error{Source: src, Key: key, Problem: problem}
		}
		return &Error{File: f.path, Line: f.lines[key], Key: key, Problem: problem}
	}
	failed := map[string]bool{}
	for _, k := range keys {
		val, err := k.check(v.Get(k.name))
		if err != nil {
			errs = append(errs, at(k.name, err.Error()))
			failed[k.name] = true
			continue
		}
		if k.name == "database" || k.name == "log" {
			val = expandHome(val.(string), getenv)
		}
		// Store the checked value so decoding below sees exactly what was checked.
		v.Set(k.name, val)
	}
	lease, timeout := v.GetDuration("publish.lease"), v.GetDuration("http.timeout")
	if !failed["publish.lease"] && !failed["http.timeout"] && lease <= timeout {
		// A lease that ends while the request is still in flight lets another process claim
		// the post and send it a second time.
		errs = append(errs, at("publish.lease", fmt.Sprintf(
			"%s must be longer than http.timeout (%s), or a post still being sent could be claimed again", lease, timeout)))
	}
	clients, cerrs := decodeClients(f)
	errs = append(errs, cerrs...)
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}

	c, err := decode(v)
	if err != nil {
		return Config{}, &Error{File: f.path, Problem: err.Error()}
	}
	c.File = f.path
	c.Clients = clients
	return c, nil
}

// newViper returns a viper holding the defaults of every key.
func newViper() *viper.Viper {
	v := viper.New()
	for _, k := range keys {
		v.SetDefault(k.name, k.def)
	}
	return v
}

// decode turns viper's merged settings into a Config.
func decode(v *viper.Viper) (Config, error) {
	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return Config{}, err
	}
	if c.Clients == nil {
		c.Clients = map[string]Client{}
	}
	if c.Platforms == nil {
		c.Platforms = map[string]map[string]any{}
	}
	for name, opts := range c.Platforms {
		if opts == nil {
			c.Platforms[name] = map[string]any{}
		}
	}
	return c, nil
}

// platformsFromEnv applies CHORUS_PLATFORMS_<PLATFORM>_<OPTION>=value. Platform names hold no
// underscore, so the first one after the platform ends it; the option is the rest.
func platformsFromEnv(v *viper.Viper, env map[string]string) []error {
	names := make([]string, 0)
	for name := range env {
		if strings.HasPrefix(name, platformEnvPrefix) && env[name] != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var errs []error
	for _, name := range names {
		platform, option, ok := strings.Cut(strings.TrimPrefix(name, platformEnvPrefix), "_")
		if !ok || platform == "" || option == "" {
			errs = append(errs, &Error{Source: "env " + name, Key: "platforms",
				Problem: "name a platform and an option, e.g. CHORUS_PLATFORMS_MASTODON_SERVER"})
			continue
		}
		v.Set("platforms."+strings.ToLower(platform)+"."+strings.ToLower(option), envScalar(env[name]))
	}
	return errs
}

// envScalar gives an environment value the type YAML would have given it, so an adapter sees
// the same type for platforms.demo.seed whether it came from the file or the environment.
func envScalar(s string) any {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	if s == "true" || s == "false" {
		return s == "true"
	}
	return s
}

// environ turns KEY=value pairs into a map; nil means the process environment.
func environ(pairs []string) map[string]string {
	if pairs == nil {
		pairs = os.Environ()
	}
	env := make(map[string]string, len(pairs))
	for _, p := range pairs {
		if k, val, ok := strings.Cut(p, "="); ok {
			env[k] = val
		}
	}
	return env
}

// wrapIOErrors names the file in errors that came from reading it rather than from its
// content (permissions, a directory given as the file).
func wrapIOErrors(path string, errs []error) []error {
	out := make([]error, len(errs))
	for i, err := range errs {
		var ce *Error
		if errors.As(err, &ce) {
			out[i] = err
			continue
		}
		out[i] = &Error{File: path, Problem: "cannot read: " + unwrapPathError(err)}
	}
	return out
}

// unwrapPathError drops the path from an *fs.PathError message, which Error already names.
func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
