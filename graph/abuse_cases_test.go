package graph_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// abuseCases are the suite's hostile requests. b is the development server,
// for cases whose checks send further requests.
func abuseCases(b *bundle) []abuseCase {
	var cases []abuseCase
	cases = append(cases, sizeCases()...)
	cases = append(cases, shapeCases()...)
	cases = append(cases, fragmentCases()...)
	cases = append(cases, persistedCases()...)
	cases = append(cases, productionCases()...)
	cases = append(cases, tokenCases(b)...)
	cases = append(cases, inputCases()...)
	cases = append(cases, transportCases()...)
	cases = append(cases, fileCases()...)
	return cases
}

const tooLarge, tooDeep, tooComplex = "QUERY_TOO_LARGE", "QUERY_TOO_DEEP", "QUERY_TOO_COMPLEX"
const tooManyAliases, tooManyRoots, tooManyRepeats, tooManyDirectives = "TOO_MANY_ALIASES", "TOO_MANY_ROOT_FIELDS", "TOO_MANY_REPEATED_FIELDS", "TOO_MANY_DIRECTIVES"
const validationFailed, parseFailed, badInput = "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_USER_INPUT"
const bodyTooLarge, badRequest, badMethod, badMediaType = "REQUEST_TOO_LARGE", "BAD_REQUEST", "METHOD_NOT_ALLOWED", "UNSUPPORTED_MEDIA_TYPE"

// sizeCases are queries too long or with too many tokens to be parsed.
func sizeCases() []abuseCase {
	return []abuseCase{
		{name: "32,000 __typename (352 KB)", request: gql("{ " + repeat("__typename", 32000, " ") + " }"), status: 413, code: bodyTooLarge},
		{name: "8,000 __typename", request: gql("{ " + repeat("__typename", 8000, " ") + " }"), status: 422, code: tooLarge},
		{name: "6,000 tokens in 12 KB", request: gql("{ " + repeat("a", 6000, " ") + " }"), status: 422, code: tooLarge},
		{name: "900 KB of comment", request: gql("#" + strings.Repeat("x", 900<<10) + "\n{ __typename }"), status: 413, code: bodyTooLarge},
		{name: "200 KB of comment", request: gql("#" + strings.Repeat("x", 200<<10) + "\n{ __typename }"), status: 422, code: tooLarge},
		{name: "100 KB string literal", request: gql(`{ search(query: "` + strings.Repeat("bibliotek ", 10<<10) + `") { edges { rank } } }`), status: 422, code: tooLarge},
		{name: "10,000 directives", request: gql("{ __typename " + repeat("@skip(if: false)", 10000, " ") + " }"), status: 422, code: tooLarge},
		{name: "list literal of 10,000 items", request: gql("{ holidays(year: [" + repeat("2026", 10000, ",") + "]) { name } }"), status: 422, code: tooLarge},
		{name: "5,000 duplicate fields", request: gql(`{ page(path: "/kultur-och-fritid") { ` + repeat("title", 5000, " ") + " } }"), status: 422, code: tooLarge},
		{name: "lexer error", request: gql("{ page(path: \"/a) { title } }"), status: 422, code: parseFailed},
		{name: "unbalanced braces", request: gql(strings.Repeat("{", 3000)), status: 422, code: parseFailed},
	}
}

// shapeCases are queries small enough to parse whose shape asks for too much.
func shapeCases() []abuseCase {
	parents := func(n int) string {
		return `{ page(path: "/kultur-och-fritid/bibliotek") { ` + strings.Repeat("parent { ", n) + "title" + strings.Repeat(" }", n) + " } }"
	}
	children := func(n int) string {
		return `{ pages { nodes { ` + strings.Repeat("children(first: 1) { nodes { ", n) + "title" + strings.Repeat(" } }", n) + " } } }"
	}
	return []abuseCase{
		{name: "depth 13", request: gql(parents(12)), status: 422, code: tooDeep},
		{name: "depth 200", request: gql(parents(200)), status: 422, code: tooDeep},
		{name: "children nested 6 times", request: gql(children(6)), status: 422, code: tooDeep},
		{name: "introspection nested 20 levels", request: gql("{ __schema { types { " + strings.Repeat("fields { type { ", 9) + "name" + strings.Repeat(" } }", 9) + " } } }"), status: 422, code: tooDeep},
		{name: "210 page aliases", request: gql("{ " + numbered(`p%d: page(path: "/kultur-och-fritid") { title blocks { __typename } }`, 210, " ") + " }"), status: 422, code: tooManyAliases},
		{name: "31 aliases", request: gql("{ " + numbered("a%d: __typename", 31, " ") + " }"), status: 422, code: tooManyAliases},
		{name: "11 root fields", request: gql("{ " + numbered("a%d: __typename", 11, " ") + " }"), status: 422, code: tooManyRoots},
		{name: "11 root fields through fragments", request: gql("{ ...A ...B } fragment A on Query { " + numbered("a%d: __typename", 6, " ") + " } fragment B on Query { " + numbered("b%d: __typename", 5, " ") + " }"), status: 422, code: tooManyRoots},
		{name: "11 duplicate fields", request: gql(`{ page(path: "/kultur-och-fritid") { ` + repeat("title", 11, " ") + " } }"), status: 422, code: tooManyRepeats},
		{name: "2,000 duplicate fields", request: gql(`{ page(path: "/kultur-och-fritid") { ` + repeat("title", 2000, " ") + " } }"), status: 422, code: tooManyRepeats},
		{name: "500 duplicate object fields", request: gql(`{ page(path: "/kultur-och-fritid/bibliotek") { ` + repeat("parent { title }", 500, " ") + " } }"), status: 422, code: tooManyRepeats},
		{name: "2,000 __typename", request: gql("{ " + repeat("__typename", 2000, " ") + " }"), status: 422, code: tooManyRepeats},
		{name: "duplicates spread over inline fragments", request: gql(`{ page(path: "/kultur-och-fritid") { ` + repeat("... on Page { title }", 11, " ") + " } }"), status: 422, code: tooManyRepeats},
		{name: "51 directives", request: gql("{ __typename " + repeat("@skip(if: false)", 51, " ") + " }"), status: 422, code: tooManyDirectives},
		{name: "40 unknown directives", request: gql("{ __typename " + repeat("@nope", 40, " ") + " }"), status: 422, code: validationFailed},
		{name: "pages of children of 100 each", request: gql("{ pages(first: 100) { nodes { children(first: 100) { nodes { title path } } } } }"), status: 422, code: tooComplex},
		{name: "page sizes in variables", request: gqlVars("query($n: Int) { pages(first: $n) { nodes { children(first: $n) { nodes { title path } } } } }", map[string]any{"n": 100}), status: 422, code: tooComplex},
		{name: "page size beyond Int", request: gql("{ pages(first: 99999999999999) { nodes { children(first: 99999999999999) { nodes { title path } } } } }"), status: 422, code: tooComplex},
		{name: "contacts with every day of a year", request: gql(`{ contacts(first: 100) { nodes { ` + numbered(`o%d: openingHours { days(from: "2026-01-01", to: "2026-12-31") { date closed spans { opens closes } } }`, 25, " ") + " } } }"), status: 422, code: tooComplex},
		{name: "depth 13 through inline fragments", request: gql(`{ page(path: "/kultur-och-fritid/bibliotek") { ` + strings.Repeat("... on Page { parent { ", 12) + "title" + strings.Repeat(" } }", 12) + " } }"), status: 422, code: tooDeep},
		{name: "31 aliases at every level", request: gql(`{ a: page(path: "/kultur-och-fritid/bibliotek") { ` + numbered("t%d: title", 15, " ") + " p: parent { " + numbered("t%d: title", 15, " ") + " } } }"), status: 422, code: tooManyAliases},
		{name: "11 aliased pages", request: gql("{ " + numbered(`p%d: page(path: "/kultur-och-fritid") { title }`, 11, " ") + " }"), status: 422, code: tooManyRoots},
		{name: "GET: 8,000 __typename", request: rawRequest("GET", "/graphql?query="+url.QueryEscape("{ "+repeat("__typename", 8000, " ")+" }"), nil), status: 422, code: tooLarge},
		{name: "GET: 2,000 duplicate fields", request: rawRequest("GET", "/graphql?query="+url.QueryEscape("{ "+repeat("__typename", 2000, " ")+" }"), nil), status: 422, code: tooManyRepeats},
		{name: "500 named operations, none of the name asked", request: gqlBody(map[string]any{"query": numbered("query Q%d { __typename }", 500, " "), "operationName": "Nope"}), status: 422, code: validationFailed},
		{name: "two operations, no name", request: gql("query A { __typename } query B { __typename }"), status: 422, code: validationFailed},
		{name: "undeclared junk variable", request: gqlVars("{ __typename }", map[string]any{"junk": strings.Repeat("x", 1000)}), status: 200, code: badInput, field: "junk"},
		{name: "5,000 junk variables", request: gqlVars("query($path: String!) { page(path: $path) { title } }", junkVars(5000)), status: 200, code: badInput, field: "va"},
	}
}

func junkVars(n int) map[string]any {
	vars := map[string]any{"path": "/kultur-och-fritid"}
	for i := range n {
		vars[strings.Repeat("v", 1+i%7)+string(rune('a'+i%26))+strings.Repeat("z", i/182)] = i
	}
	return vars
}

// fragmentCases are fragment chains, cycles and trees.
func fragmentCases() []abuseCase {
	spreadChain := func(n int, field func(i int) string) string {
		var b strings.Builder
		b.WriteString("{ ...F0 }\n")
		for i := range n {
			b.WriteString("fragment F" + itoa(i) + " on Query { " + field(i) + " ...F" + itoa(i+1) + " }\n")
		}
		b.WriteString("fragment F" + itoa(n) + " on Query { __typename }")
		return b.String()
	}
	laughs := func(n int) string {
		var b strings.Builder
		b.WriteString(`{ page(path: "/kultur-och-fritid") { ...L0 } }` + "\n")
		for i := range n {
			b.WriteString("fragment L" + itoa(i) + " on Page { children(first: 100) { nodes { ...L" + itoa(i+1) + " } } }\n")
		}
		b.WriteString("fragment L" + itoa(n) + " on Page { title }")
		return b.String()
	}
	return []abuseCase{
		{name: "chain of 10,000 fragments (330 KB)", request: gql(spreadChain(10000, func(int) string { return "__typename" })), status: 413, code: bodyTooLarge},
		{name: "chain of 5,000 fragments", request: gql(spreadChain(5000, func(int) string { return "__typename" })), status: 422, code: tooLarge},
		{name: "chain of 300 fragments", request: gql(spreadChain(300, func(int) string { return "__typename" })), status: 422, code: tooManyRepeats},
		{name: "chain of 300 fragments with aliases", request: gql(spreadChain(300, func(i int) string { return "a" + itoa(i) + ": __typename" })), status: 422, code: tooManyAliases},
		{name: "chain of 60 nesting fragments", request: gql(`{ page(path: "/kultur-och-fritid") { ...F0 } }` + "\n" + linked("fragment F%d on Page { parent { ...F%n } }", 60) + "\nfragment F60 on Page { title }"), status: 422, code: tooDeep},
		{name: "fragment cycle", request: gql("{ ...A } fragment A on Query { __typename ...B } fragment B on Query { __typename ...A }"), status: 422, code: validationFailed},
		{name: "fragment spreading itself", request: gql("{ ...A } fragment A on Query { __typename ...A }"), status: 422, code: validationFailed},
		{name: "unused cyclic fragments", request: gql("{ __typename } fragment A on Query { ...B } fragment B on Query { ...A }"), status: 422, code: validationFailed},
		{name: "fragment tree of 100^5 pages", request: gql(laughs(5)), status: 422, code: tooComplex},
		{name: "fragments spread twice at each of 25 levels", request: gql("{ ...T0 }\n" + linked("fragment T%d on Query { ...T%n ...T%n }", 25) + "\nfragment T25 on Query { __typename }"), status: 422, code: tooManyRepeats},
		{name: "unused fragment of 2,000 duplicates", request: gql("{ __typename } fragment U on Query { " + repeat("__typename", 2000, " ") + " }"), status: 422, code: tooManyRepeats},
		{name: "unknown fragment", request: gql("{ ...Nope }"), status: 422, code: validationFailed},
	}
}

// persistedCases are automatic persisted queries that must not be kept.
func persistedCases() []abuseCase {
	junk := "{ " + repeat("__typename", 90000, " ") + " }" // 900 KB
	invalid := "{ nope }"
	pq := func(query string) map[string]any {
		sum := sha256.Sum256([]byte(query))
		return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	}
	notKept := func(query string) func(*testing.T, *http.Response, []byte) {
		return func(t *testing.T, res *http.Response, _ []byte) {
			replay := gqlBody(map[string]any{"extensions": pq(query)})(baseOf(res))
			r, err := http.DefaultClient.Do(replay)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Body.Close()
			body, _ := io.ReadAll(r.Body)
			checkGraphQLError(t, r, body, "PERSISTED_QUERY_NOT_FOUND", "")
		}
	}
	return []abuseCase{
		{name: "900 KB junk persisted query", request: gqlBody(map[string]any{"query": junk, "extensions": pq(junk)}), status: 413, code: bodyTooLarge, check: notKept(junk)},
		{name: "200 KB junk persisted query", request: gqlBody(map[string]any{"query": junk[:200<<10] + " }", "extensions": pq(junk[:200<<10] + " }")}), status: 422, code: tooLarge, check: notKept(junk[:200<<10] + " }")},
		{name: "invalid persisted query", request: gqlBody(map[string]any{"query": invalid, "extensions": pq(invalid)}), status: 422, code: validationFailed, check: notKept(invalid)},
		{name: "persisted query under another hash", request: gqlBody(map[string]any{"query": "{ __typename }", "extensions": pq("{ page }")}), status: 200, code: badInput, field: "extensions.persistedQuery.sha256Hash"},
		{name: "unknown persisted query", request: gqlBody(map[string]any{"extensions": pq("{ never sent }")}), status: 200, code: "PERSISTED_QUERY_NOT_FOUND"},
		{name: "persisted query without a hash", request: gqlBody(map[string]any{"query": "{ __typename }", "extensions": map[string]any{"persistedQuery": map[string]any{"version": 1}}}), status: 200, code: badInput, field: "extensions.persistedQuery"},
	}
}

// productionCases are introspection and suggestions against production mode.
func productionCases() []abuseCase {
	noSuggestion := func(t *testing.T, _ *http.Response, body []byte) {
		if strings.Contains(string(body), "Did you mean") {
			t.Errorf("production suggests field names: %s", body)
		}
	}
	return []abuseCase{
		{name: "production: __schema", prod: true, request: gql("{ __schema { types { name } } }"), status: 422, code: "INTROSPECTION_DISABLED"},
		{name: "production: __type", prod: true, request: gql(`{ __type(name: "Page") { fields { name } } }`), status: 422, code: "INTROSPECTION_DISABLED"},
		{name: "production: introspection in a fragment", prod: true, request: gql("{ ...I } fragment I on Query { __schema { queryType { name } } }"), status: 422, code: "INTROSPECTION_DISABLED"},
		{name: "production: the standard introspection query", prod: true, request: gql(introspectionQuery), status: 422, code: "INTROSPECTION_DISABLED"},
		{name: "production: GET __schema", prod: true, request: rawRequest("GET", "/graphql?query="+url.QueryEscape("{ __schema { types { name } } }"), nil), status: 422, code: "INTROSPECTION_DISABLED"},
		{name: "production: no suggestion for a misspelt field", prod: true, request: gql(`{ page(path: "/kultur-och-fritid") { titel } }`), status: 422, code: validationFailed, check: noSuggestion},
		{name: "production: no suggestion for a misspelt argument", prod: true, request: gql(`{ page(pat: "/kultur-och-fritid") { title } }`), status: 422, code: validationFailed, check: noSuggestion},
	}
}

// baseOf returns the server a response came from.
func baseOf(res *http.Response) string {
	return res.Request.URL.Scheme + "://" + res.Request.URL.Host
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// linked joins n copies of format, each given its index for %d and the next
// index for %n, one a line.
func linked(format string, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = strings.NewReplacer("%d", itoa(i), "%n", itoa(i+1)).Replace(format)
	}
	return strings.Join(parts, "\n")
}

// inputCases are arguments PostgreSQL must never see: NUL characters,
// invalid UTF-8, overlong strings.
func inputCases() []abuseCase {
	nul := "/kultur-och-fritid\x00"
	schedule := map[string]any{"channel": "x", "rules": []any{map[string]any{"days": []any{"mon"},
		"intervals": []any{map[string]any{"opens": "08:00", "closes": "16\x0000"}}}}}
	return []abuseCase{
		{name: "NUL in path", request: gqlVars("query($p: String!) { page(path: $p) { title } }", map[string]any{"p": nul}), status: 200, code: badInput, field: "path"},
		{name: "NUL in a path literal", request: gql(`{ page(path: "/kultur\u0000") { title } }`), status: 200, code: badInput, field: "path"},
		{name: "NUL in rootPath", request: gqlVars("query($p: String) { menu(rootPath: $p) { title } }", map[string]any{"p": nul}), status: 200, code: badInput, field: "rootPath"},
		{name: "NUL in search", request: gqlVars("query($q: String!) { search(query: $q) { edges { rank } } }", map[string]any{"q": "bibliotek\x00"}), status: 200, code: badInput, field: "query"},
		{name: "NUL in a cursor", request: gqlVars("query($a: String) { pages(after: $a) { nodes { title } } }", map[string]any{"a": "eyJpIjoxfQ\x00"}), status: 200, code: badInput, field: "after"},
		{name: "NUL in a locale", request: gql(`{ page(path: "/kultur-och-fritid", locale: "sv\u0000") { title } }`), status: 200, code: badInput, field: "locale"},
		{name: "NUL in an ID", request: gqlVars("query($id: ID!) { node(id: $id) { id } }", map[string]any{"id": "UGFnZToy\x00"}), status: 200, code: badInput, field: "id"},
		{name: "NUL deep in a schedule", request: gqlVars("query($s: OpeningHoursInput!) { previewOpeningHours(schedule: $s) { channel } }", map[string]any{"s": schedule}), status: 200, code: badInput, field: "schedule.rules[0].intervals[0].closes"},
		{name: "invalid UTF-8 in a variable", request: rawPost("application/json", `{"query":"query($p: String!) { page(path: $p) { title } }","variables":{"p":"/kultur-och-fritid`+"\xff\xfe"+`"}}`), status: 200, code: badInput, field: "path"},
		{name: "invalid UTF-8 in a string literal", request: rawPost("application/json", `{"query":"{ search(query: \"bibliotek`+"\xc3"+`\") { edges { rank } } }"}`), status: 200, code: badInput, field: "query"},
		{name: "a raw NUL in a string literal", request: rawPost("application/json", `{"query":"{ search(query: \"bibliotek\u0000\") { edges { rank } } }"}`), status: 200, code: badInput, field: "query"},
		{name: "invalid UTF-8 outside strings", request: rawPost("application/json", "{\"query\":\"{ page\xff { title } }\"}"), status: 422, code: parseFailed},
		{name: "GET: invalid UTF-8 in a variable", request: rawRequest("GET", "/graphql?query="+url.QueryEscape("query($p: String!) { page(path: $p) { title } }")+"&variables="+url.QueryEscape(`{"p":"/a`+"\xff"+`"}`), nil), status: 200, code: badInput, field: "path"},
		{name: "overlong path", request: gqlVars("query($p: String!) { page(path: $p) { title } }", map[string]any{"p": "/" + strings.Repeat("a", 2000)}), status: 200, code: badInput, field: "path"},
		{name: "100 KB search", request: gqlVars("query($q: String!) { search(query: $q) { edges { rank } } }", map[string]any{"q": strings.Repeat("bibliotek ", 10<<10)}), status: 200, code: badInput, field: "query"},
		{name: "overlong cursor", request: gqlVars("query($a: String) { contacts(after: $a) { nodes { name } } }", map[string]any{"a": strings.Repeat("QUFB", 1000)}), status: 200, code: badInput, field: "after"},
		{name: "10,000 rules", request: gqlVars("query($s: OpeningHoursInput!) { previewOpeningHours(schedule: $s) { channel } }", map[string]any{"s": manyRules(10000)}), status: 413, code: bodyTooLarge},
		{name: "JSON nested 10,000 deep", request: rawPost("application/json", `{"query":"{ __typename }","variables":{"v":`+strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+"}}"), status: 400, code: badRequest},
	}
}

func manyRules(n int) map[string]any {
	rules := make([]any, n)
	for i := range rules {
		rules[i] = map[string]any{"days": []any{"mon"}, "intervals": []any{map[string]any{"opens": "08:00", "closes": "16:00"}}}
	}
	return map[string]any{"channel": "x", "rules": rules}
}

// transportCases are requests that are not GraphQL requests: they are
// answered in the shape of one, without echoing them.
func transportCases() []abuseCase {
	noEcho := func(secret string) func(*testing.T, *http.Response, []byte) {
		return func(t *testing.T, _ *http.Response, body []byte) {
			if strings.Contains(string(body), secret) {
				t.Errorf("the answer echoes the request: %s", body)
			}
		}
	}
	return []abuseCase{
		{name: "PUT", request: rawRequest("PUT", "/graphql", nil), status: 405, code: badMethod},
		{name: "DELETE", request: rawRequest("DELETE", "/graphql", nil), status: 405, code: badMethod},
		{name: "text/plain", request: rawPost("text/plain", `{"query":"{ __typename }"}`), status: 415, code: badMediaType},
		{name: "no Content-Type", request: rawPost("", `{"query":"{ __typename }"}`), status: 415, code: badMediaType},
		{name: "form-urlencoded", request: rawPost("application/x-www-form-urlencoded", "query=%7B__typename%7D"), status: 415, code: badMediaType},
		{name: "body over 256 KiB", request: rawPost("application/json", `{"query":"{ __typename }","x":"`+strings.Repeat("x", 300<<10)+`"}`), status: 413, code: bodyTooLarge},
		{name: "body over 1 MiB", request: rawPost("application/json", `{"query":"{ __typename }","x":"`+strings.Repeat("x", 2<<20)+`"}`), status: 413, code: bodyTooLarge},
		{name: "undecodable JSON", request: rawPost("application/json", `{"query": "{ __typename } <script>secret-7f3a</script>`), status: 400, code: badRequest, check: noEcho("secret-7f3a")},
		{name: "two JSON values", request: rawPost("application/json", `{"query":"{ __typename }"} {"query":"{ secret-7f3a }"}`), status: 400, code: badRequest, check: noEcho("secret-7f3a")},
		{name: "query not a string", request: rawPost("application/json", `{"query":{"secret-7f3a":1}}`), status: 400, code: badRequest, check: noEcho("secret-7f3a")},
		{name: "variables a string", request: rawPost("application/json", `{"query":"{ __typename }","variables":"secret-7f3a"}`), status: 400, code: badRequest, field: "variables", check: noEcho("secret-7f3a")},
		{name: "variables a list", request: rawPost("application/json", `{"query":"{ __typename }","variables":[1,2]}`), status: 400, code: badRequest, field: "variables"},
		{name: "extensions a number", request: rawPost("application/json", `{"query":"{ __typename }","extensions":7}`), status: 400, code: badRequest, field: "extensions"},
		{name: "GET: variables not JSON", request: rawRequest("GET", "/graphql?query=%7B__typename%7D&variables=secret-7f3a", nil), status: 400, code: badRequest, field: "variables", check: noEcho("secret-7f3a")},
		{name: "batch of 100 queries", request: rawPost("application/json", "["+repeat(`{"query":"{ __typename }"}`, 100, ",")+"]"), status: 400, code: badRequest},
		{name: "empty body", request: rawPost("application/json", ""), status: 400, code: badRequest},
		{name: "no query", request: rawPost("application/json", `{}`), status: 422, code: validationFailed},
	}
}

// fileCases are document requests: byte ranges, IDs.
func fileCases() []abuseCase {
	const doc = "/files/1/rapport-motesplats-24-7.pdf"
	ranges := func(n int) map[string]string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = itoa(i) + "-" + itoa(i)
		}
		return map[string]string{"Range": "bytes=" + strings.Join(parts, ",")}
	}
	return []abuseCase{
		{name: "file: 500 ranges of a 1 KB file", request: rawRequest("GET", doc, ranges(500)), status: 416},
		{name: "file: 6 ranges", request: rawRequest("GET", doc, ranges(6)), status: 416},
		{name: "file: 5 overlapping ranges of the whole file", request: rawRequest("GET", doc, map[string]string{"Range": "bytes=0-,0-,0-,0-,0-"}), status: 200,
			check: func(t *testing.T, res *http.Response, body []byte) {
				if len(body) > 2000 {
					t.Errorf("%d bytes for a file of 1,101", len(body))
				}
			}},
		{name: "file: id 0", request: rawRequest("GET", "/files/0/x.pdf", nil), status: 404},
		{name: "file: id not a number", request: rawRequest("GET", "/files/1%00/x.pdf", nil), status: 404},
		{name: "file: id beyond int64", request: rawRequest("GET", "/files/99999999999999999999999/x.pdf", nil), status: 404},
		{name: "file: missing document", request: rawRequest("GET", "/files/999999/x.pdf", nil), status: 404},
		{name: "file: POST", request: rawRequest("POST", doc, nil), status: 405},
		{name: "file: path traversal", request: rawRequest("GET", "/files/1/..%2f..%2fetc%2fpasswd", nil), status: 200,
			check: func(t *testing.T, res *http.Response, body []byte) {
				if !strings.HasPrefix(string(body), "%PDF") {
					t.Errorf("served %.40q, want the document by its ID", body)
				}
			}},
	}
}
