package graph

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Automatic persisted queries (Apollo's protocol): a client sends the
// SHA-256 of a query in extensions.persistedQuery; when the server does not
// know it, the client sends the query with its hash, and the server keeps it
// once it has passed the limits and validation.

const (
	errPersistedQueryNotFound     = "PersistedQueryNotFound"
	errPersistedQueryNotFoundCode = "PERSISTED_QUERY_NOT_FOUND"
)

// persistedHash returns the hash of a persisted-query extension, "" without one.
func persistedHash(ext map[string]any) (string, *gqlerror.Error) {
	raw, ok := ext["persistedQuery"]
	if !ok || raw == nil {
		return "", nil
	}
	pq, _ := raw.(map[string]any)
	hash, _ := pq["sha256Hash"].(string)
	if pq == nil || len(hash) != sha256.Size*2 {
		err := gqlerror.Errorf("extensions.persistedQuery must have a sha256Hash")
		err.Extensions = map[string]any{"code": "BAD_USER_INPUT", "field": "extensions.persistedQuery"}
		return "", err
	}
	if v := pq["version"]; v != nil && numberString(v) != "1" {
		err := gqlerror.Errorf("only version 1 of persisted queries is supported")
		err.Extensions = map[string]any{"code": "BAD_USER_INPUT", "field": "extensions.persistedQuery.version"}
		return "", err
	}
	return hash, nil
}

func numberString(v any) string {
	switch v := v.(type) {
	case interface{ String() string }:
		return v.String()
	case float64:
		if v == 1 {
			return "1"
		}
	}
	return ""
}

func queryHash(query string) string {
	sum := sha256.Sum256([]byte(query))
	return hex.EncodeToString(sum[:])
}

// lookUpPersisted fills in the query of a request that sends only its hash.
func (l *limiter) lookUpPersisted(p *graphql.RawParams) *gqlerror.Error {
	hash, err := persistedHash(p.Extensions)
	if err != nil || hash == "" {
		return err
	}
	if p.Query == "" {
		q, ok := l.persisted.c.get(hash)
		if !ok {
			err := gqlerror.Errorf(errPersistedQueryNotFound)
			err.Extensions = map[string]any{"code": errPersistedQueryNotFoundCode}
			return err
		}
		p.Query = q
		return nil
	}
	if len(p.Query) > l.limits.QueryBytes {
		return nil // refused as too large, and not hashed
	}
	if queryHash(p.Query) != hash {
		err := gqlerror.Errorf("the persisted query's sha256Hash is not the hash of its query")
		err.Extensions = map[string]any{"code": "BAD_USER_INPUT", "field": "extensions.persistedQuery.sha256Hash"}
		return err
	}
	return nil
}

// keepPersisted keeps a valid query sent with its hash.
func (l *limiter) keepPersisted(oc *graphql.OperationContext) {
	hash, err := persistedHash(oc.Extensions)
	if err != nil || hash == "" {
		return
	}
	if _, ok := l.persisted.c.peek(hash); !ok && queryHash(oc.RawQuery) == hash {
		l.persisted.c.add(hash, oc.RawQuery, int64(len(oc.RawQuery)+len(hash)))
	}
}
