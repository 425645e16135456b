package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/radhus/radhus/graph"
)

// hardening is the part of the configuration that bounds what one request may
// ask for and says how open the server is.
type hardening struct {
	production  bool
	limits      graph.Limits
	corsOrigins []string
	cacheBytes  int64
}

// addHardeningFlags registers the flags of h; finish reads what needs parsing.
func addHardeningFlags(fs *flag.FlagSet, getenv func(string) string, h *hardening) (finish func() error) {
	env := fs.String("env", envOr(getenv, "RADHUS_ENV", "development"), "development or production: production turns off introspection, field suggestions and GraphiQL (RADHUS_ENV)")
	cors := fs.String("cors-origins", getenv("RADHUS_CORS_ORIGINS"), "comma-separated origins whose browser apps may call /graphql and /files, e.g. https://www.example.se (RADHUS_CORS_ORIGINS)")
	d := graph.DefaultLimits
	intFlag := func(p *int, name, env string, def int, usage string) {
		v, err := strconv.Atoi(getenv(env))
		if err != nil || v <= 0 {
			v = def
		}
		fs.IntVar(p, name, v, usage+" ("+env+")")
	}
	l := &h.limits
	intFlag(&l.BodyBytes, "max-body-bytes", "RADHUS_MAX_BODY_BYTES", d.BodyBytes, "largest JSON body of a GraphQL request")
	intFlag(&l.QueryBytes, "max-query-bytes", "RADHUS_MAX_QUERY_BYTES", d.QueryBytes, "longest query text in bytes")
	intFlag(&l.Tokens, "max-tokens", "RADHUS_MAX_TOKENS", d.Tokens, "most lexical tokens in a query")
	intFlag(&l.Depth, "max-depth", "RADHUS_MAX_DEPTH", d.Depth, "deepest nesting of a query")
	intFlag(&l.IntrospectionDepth, "max-introspection-depth", "RADHUS_MAX_INTROSPECTION_DEPTH", d.IntrospectionDepth, "deepest nesting under __schema and __type")
	intFlag(&l.Aliases, "max-aliases", "RADHUS_MAX_ALIASES", d.Aliases, "most aliases in a query")
	intFlag(&l.RootFields, "max-root-fields", "RADHUS_MAX_ROOT_FIELDS", d.RootFields, "most root fields of an operation")
	intFlag(&l.FieldRepeats, "max-field-repeats", "RADHUS_MAX_FIELD_REPEATS", d.FieldRepeats, "most selections of one field in one selection set")
	intFlag(&l.Directives, "max-directives", "RADHUS_MAX_DIRECTIVES", d.Directives, "most directives in a query")
	intFlag(&l.Complexity, "max-complexity", "RADHUS_MAX_COMPLEXITY", d.Complexity, "highest cost of an operation (lists count by their page size)")
	intFlag(&l.ArgumentBytes, "max-argument-bytes", "RADHUS_MAX_ARGUMENT_BYTES", d.ArgumentBytes, "longest string in a query's arguments")
	cacheMiB := 0
	intFlag(&cacheMiB, "cache-mib", "RADHUS_CACHE_MIB", graph.DefaultResponseCacheBytes>>20, "memory of the response cache in MiB")
	timeout, err := time.ParseDuration(getenv("RADHUS_REQUEST_TIMEOUT"))
	if err != nil || timeout <= 0 {
		timeout = d.Timeout
	}
	fs.DurationVar(&l.Timeout, "request-timeout", timeout, "longest a GraphQL request may run; its SQL is cancelled then (RADHUS_REQUEST_TIMEOUT)")
	return func() error {
		h.cacheBytes = int64(cacheMiB) << 20
		switch *env {
		case "development":
		case "production":
			h.production = true
		default:
			return fmt.Errorf("env must be development or production, not %q", *env)
		}
		for _, o := range strings.Split(*cors, ",") {
			if o = strings.TrimSpace(o); o != "" {
				h.corsOrigins = append(h.corsOrigins, strings.TrimSuffix(o, "/"))
			}
		}
		return nil
	}
}
