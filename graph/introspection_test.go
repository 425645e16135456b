package graph_test

import (
	"os"
	"testing"
)

// introspectionQuery is graphql-js's getIntrospectionQuery(), which GraphiQL
// and graphql-codegen send to load the schema.
var introspectionQuery = func() string {
	b, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// The limits let the standard introspection query through in development
// mode (production mode refuses it: see the adversarial suite).
func TestIntrospectionQueryPasses(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var got struct {
		Schema struct {
			QueryType struct{ Name string }
			Types     []struct {
				Name   string
				Fields []struct{ Name string }
			}
		} `json:"__schema"`
	}
	b.query(t, introspectionQuery, nil, &got)
	if got.Schema.QueryType.Name != "Query" || len(got.Schema.Types) < 20 {
		t.Fatalf("introspection: query type %q, %d types", got.Schema.QueryType.Name, len(got.Schema.Types))
	}
	found := false
	for _, typ := range got.Schema.Types {
		if typ.Name == "Page" && len(typ.Fields) > 5 {
			found = true
		}
	}
	if !found {
		t.Error("introspection does not describe Page")
	}
}
