package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/radhus/radhus/internal/content"
)

// items are what the queries cycle over: many keys, so that no single cached
// plan or hot row makes a query look cheaper than it is.
type items struct {
	leafPaths []string  // 500 leaf pages, spread over the site
	parents   []int64   // every topic (the parents of the leaves)
	menuRoots []menuKey // every topic, in both locales
	terms     []string  // search terms
}

type menuKey struct{ path, locale string }

func pickItems(ctx context.Context, db *pgxpool.Pool) (*items, error) {
	it := &items{}
	var err error
	collect := func(dst any, sql string) {
		if err != nil {
			return
		}
		var rows pgx.Rows
		if rows, err = db.Query(ctx, sql); err != nil {
			return
		}
		switch d := dst.(type) {
		case *[]string:
			*d, err = pgx.CollectRows(rows, pgx.RowTo[string])
		case *[]int64:
			*d, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		}
	}
	collect(&it.leafPaths, `SELECT c.path FROM page_contents c JOIN page_states s ON s.page_id = c.page_id AND s.state = c.state
		WHERE c.state = 'published' AND c.locale = 'sv' AND cardinality(s.ancestor_ids) = 2
		ORDER BY md5(c.path) LIMIT 500`)
	collect(&it.parents, `SELECT s.page_id FROM page_states s WHERE s.state = 'published' AND cardinality(s.ancestor_ids) = 1
		ORDER BY s.page_id`)
	var topicPaths []string
	collect(&topicPaths, `SELECT c.path FROM page_contents c JOIN page_states s ON s.page_id = c.page_id AND s.state = c.state
		WHERE c.state = 'published' AND c.locale = 'sv' AND cardinality(s.ancestor_ids) = 1 ORDER BY s.page_id`)
	collect(&it.terms, `SELECT w FROM (SELECT DISTINCT lower(split_part(title, ' ', 1)) AS w FROM page_contents
		WHERE state = 'published' AND locale = 'sv') x WHERE length(w) > 3 ORDER BY md5(w) LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("pick items: %w", err)
	}
	for _, p := range topicPaths {
		it.menuRoots = append(it.menuRoots, menuKey{p, "sv"}, menuKey{p, "en"})
	}
	if len(it.leafPaths) == 0 || len(it.parents) == 0 {
		return nil, fmt.Errorf("pick items: the site has no leaf pages")
	}
	return it, nil
}

// The queries as a frontend sends them to Rådhus.
const (
	radhusPage = `query($path: String!) { page(path: $path) { id title path locale updatedAt
  breadcrumbs { title path }
  blocks { __typename ... on RichTextBlock { html } ... on HeadingBlock { text level } }
  documents { title fileName mimeType sizeBytes url }
  contacts { name tagline email phones { label number e164 } visitingAddress { street postalCode city }
    openingHours { channel rules { days intervals { opens closes } } } } } }`
	radhusChildren = `query($parent: ID!) { pages(parentId: $parent, first: 20) {
  edges { cursor node { id title path summary updatedAt } } pageInfo { hasNextPage endCursor } } }`
	radhusMenu = `query($root: String!, $locale: String) { menu(rootPath: $root, depth: 1, locale: $locale) {
  id title path children { title path } } }`
	radhusSearch = `query($q: String!) { search(query: $q, first: 10) { edges { rank snippet node { __typename
  ... on Page { title path } ... on Contact { name } ... on Document { title url } } } pageInfo { hasNextPage endCursor } } }`
)

// request is one request body and what it asks for.
type request struct {
	body []byte
	key  any // the path, parent ID, menu key or term
}

func gql(query string, vars map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return b
}

// requestsFor returns the requests of a query for a target; nil when the target
// does not answer that query.
func requestsFor(target, query string, it *items) ([]request, error) {
	var out []request
	switch target {
	case "ceiling":
		if query != "page" {
			return nil, nil
		}
		return []request{{body: gql(radhusPage, map[string]any{"path": it.leafPaths[0]})}}, nil
	case "radhus":
		switch query {
		case "page":
			for _, p := range it.leafPaths {
				out = append(out, request{gql(radhusPage, map[string]any{"path": p}), p})
			}
		case "children":
			for _, id := range it.parents {
				out = append(out, request{gql(radhusChildren, map[string]any{"parent": content.GlobalID(content.KindPage, id)}), id})
			}
		case "menu":
			for _, m := range it.menuRoots {
				out = append(out, request{gql(radhusMenu, map[string]any{"root": m.path, "locale": m.locale}), m})
			}
		case "search":
			for _, t := range it.terms {
				out = append(out, request{gql(radhusSearch, map[string]any{"q": t}), t})
			}
		default:
			return nil, fmt.Errorf("unknown query %q (page, children, menu, search)", query)
		}
	case "postgraphile":
		q, err := os.ReadFile(filepath.Join(scriptsDir(), "postgraphile", query+".graphql"))
		if os.IsNotExist(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		switch query {
		case "page":
			for _, p := range it.leafPaths {
				out = append(out, request{gql(string(q), map[string]any{"path": p}), p})
			}
		case "children":
			for _, id := range it.parents {
				out = append(out, request{gql(string(q), map[string]any{"parent": id}), id})
			}
		default:
			return nil, nil
		}
	}
	return out, nil
}

// check sends a sample of the requests and compares what comes back with what
// SQL says the answer is; it returns the size of the first answer.
func (l *lab) check(ctx context.Context, srv *server, query string, reqs []request) (int, error) {
	size := 0
	for i := 0; i < len(reqs); i += max(1, len(reqs)/25) {
		resp, err := http.Post(srv.url, "application/json", bytes.NewReader(reqs[i].body))
		if err != nil {
			return 0, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return 0, err
		}
		if size == 0 {
			size = len(body)
		}
		if srv.target == "ceiling" {
			if resp.StatusCode != 200 || len(body) < 2000 {
				return 0, fmt.Errorf("ceiling: status %d, %d bytes", resp.StatusCode, len(body))
			}
			return size, nil
		}
		if resp.StatusCode != 200 || bytes.Contains(body, []byte(`"errors"`)) {
			return 0, fmt.Errorf("status %d: %.300s", resp.StatusCode, body)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return 0, err
		}
		got, err := digest(srv.target, query, v)
		if err != nil {
			return 0, fmt.Errorf("%v: %w in %.300s", reqs[i].key, err, body)
		}
		want, err := expected(ctx, l.pool, query, reqs[i].key)
		if err != nil {
			return 0, fmt.Errorf("%v: SQL: %w", reqs[i].key, err)
		}
		if !reflect.DeepEqual(got, want) {
			return 0, fmt.Errorf("%v:\n got  %#v\n want %#v", reqs[i].key, got, want)
		}
	}
	return size, nil
}

// pageDigest is what the page query's answer is checked on.
type pageDigest struct {
	Title, HTML string
	Crumbs      []string
	Documents   []string
	Contacts    []string
	Rules       int
}

// listDigest is what a listing's answer is checked on.
type listDigest struct {
	Titles  []string
	HasNext bool
}

// expected asks SQL, on the tables directly, what an answer must hold.
func expected(ctx context.Context, db *pgxpool.Pool, query string, key any) (any, error) {
	switch query {
	case "page":
		var d pageDigest
		err := db.QueryRow(ctx, `
			SELECT c.title, c.blocks -> 0 ->> 'html',
				ARRAY(SELECT a.title FROM unnest(s.ancestor_ids || s.page_id) WITH ORDINALITY u(id, n)
					JOIN page_contents a ON a.page_id = u.id AND a.state = 'published' AND a.locale = 'sv' ORDER BY u.n),
				ARRAY(SELECT dc.title FROM page_documents d JOIN document_contents dc ON dc.document_id = d.document_id AND dc.state = 'published'
					WHERE d.page_id = c.page_id AND d.state = 'published' ORDER BY d.position),
				ARRAY(SELECT kc.name FROM page_contacts k JOIN contact_contents kc ON kc.contact_id = k.contact_id AND kc.state = 'published'
					WHERE k.page_id = c.page_id AND k.state = 'published' ORDER BY k.position),
				(SELECT coalesce(sum(jsonb_array_length(oc.schedule -> 'rules')), 0)::int FROM page_contacts k
					JOIN opening_hours h ON h.contact_id = k.contact_id
					JOIN opening_hours_contents oc ON oc.opening_hours_id = h.id AND oc.state = 'published'
					WHERE k.page_id = c.page_id AND k.state = 'published')
			FROM page_contents c JOIN page_states s ON s.page_id = c.page_id AND s.state = c.state
			WHERE c.path = $1 AND c.locale = 'sv' AND c.state = 'published'`, key).
			Scan(&d.Title, &d.HTML, &d.Crumbs, &d.Documents, &d.Contacts, &d.Rules)
		return d, err
	case "children":
		rows, err := db.Query(ctx, `
			SELECT title FROM (
				SELECT DISTINCT ON (s.page_id) s.page_id AS id, s.position, c.title FROM page_states s
				JOIN page_contents c ON c.page_id = s.page_id AND c.state = s.state
				WHERE s.state = 'published' AND s.parent_id = $1 ORDER BY s.page_id, c.locale = 'sv' DESC) x
			ORDER BY position, id LIMIT 21`, key)
		return listOf(rows, err, 20)
	case "menu":
		m := key.(menuKey)
		rows, err := db.Query(ctx, `
			SELECT title FROM (
				SELECT DISTINCT ON (s.page_id) s.page_id AS id, s.position, c.title FROM page_states s
				JOIN page_contents c ON c.page_id = s.page_id AND c.state = s.state AND c.locale IN ($2, 'sv')
				WHERE s.state = 'published'
				  AND s.parent_id = (SELECT page_id FROM page_contents WHERE path = $1 AND state = 'published' LIMIT 1)
				ORDER BY s.page_id, c.locale = $2 DESC) x
			ORDER BY position, id`, m.path, m.locale)
		return listOf(rows, err, 1<<30)
	case "search":
		// Pages, contacts and documents that match, however they rank: the
		// answer must hold ten of them, or all when fewer.
		var n int
		err := db.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM page_contents WHERE state = 'published' AND locale = 'sv' AND search @@ websearch_to_tsquery('swedish', $1)) +
			(SELECT count(*) FROM contact_contents WHERE state = 'published' AND search @@ websearch_to_tsquery('swedish', $1)) +
			(SELECT count(*) FROM document_contents WHERE state = 'published' AND search @@ websearch_to_tsquery('swedish', $1))`, key).Scan(&n)
		return listDigest{Titles: make([]string, min(n, 10)), HasNext: n > 10}, err
	}
	return nil, fmt.Errorf("no check for %q", query)
}

func listOf(rows pgx.Rows, err error, first int) (any, error) {
	if err != nil {
		return nil, err
	}
	titles, err := pgx.CollectRows(rows, pgx.RowTo[string])
	d := listDigest{Titles: titles}
	if len(titles) > first {
		d.Titles, d.HasNext = titles[:first], true
	}
	if d.Titles == nil {
		d.Titles = []string{}
	}
	return d, err
}

// digest reads the checked parts out of a target's answer.
func digest(target, query string, v any) (any, error) {
	j := jsonPath{v}
	switch target + " " + query {
	case "radhus page":
		p := j.get("data", "page")
		d := pageDigest{Title: p.str("title"), HTML: p.get("blocks").index(0).str("html")}
		for _, c := range p.get("breadcrumbs").list() {
			d.Crumbs = append(d.Crumbs, c.str("title"))
		}
		for _, doc := range p.get("documents").list() {
			d.Documents = append(d.Documents, doc.str("title"))
		}
		for _, c := range p.get("contacts").list() {
			d.Contacts = append(d.Contacts, c.str("name"))
			for _, h := range c.get("openingHours").list() {
				d.Rules += len(h.get("rules").list())
			}
		}
		return d.normal(), nil
	case "radhus children":
		conn := j.get("data", "pages")
		d := listDigest{Titles: []string{}, HasNext: conn.get("pageInfo", "hasNextPage").v == true}
		for _, e := range conn.get("edges").list() {
			d.Titles = append(d.Titles, e.get("node").str("title"))
		}
		return d, nil
	case "radhus menu":
		d := listDigest{Titles: []string{}}
		for _, m := range j.get("data", "menu").list() {
			d.Titles = append(d.Titles, m.str("title"))
		}
		return d, nil
	case "radhus search":
		conn := j.get("data", "search")
		d := listDigest{Titles: make([]string, len(conn.get("edges").list())), HasNext: conn.get("pageInfo", "hasNextPage").v == true}
		return d, nil
	case "postgraphile page":
		c := j.get("data", "pageContentByPathAndLocaleAndState")
		var blocks []map[string]any
		if s, ok := c.get("blocks").v.(string); ok {
			_ = json.Unmarshal([]byte(s), &blocks)
		} else if b, err := json.Marshal(c.get("blocks").v); err == nil {
			_ = json.Unmarshal(b, &blocks)
		}
		d := pageDigest{Title: c.str("title")}
		if len(blocks) > 0 {
			d.HTML, _ = blocks[0]["html"].(string)
		}
		st := c.get("pageStateByPageIdAndState")
		var crumbs []string
		for a := st.get("pageStateByParentIdAndState"); a.v != nil; a = a.get("pageStateByParentIdAndState") {
			crumbs = append([]string{a.get("pageContentsByPageIdAndState", "nodes").index(0).str("title")}, crumbs...)
		}
		d.Crumbs = append(crumbs, d.Title)
		for _, n := range st.get("pageDocumentsByPageIdAndState", "nodes").list() {
			d.Documents = append(d.Documents, n.get("documentByDocumentId", "documentContentsByDocumentId", "nodes").index(0).str("title"))
		}
		for _, n := range st.get("pageContactsByPageIdAndState", "nodes").list() {
			k := n.get("contactByContactId")
			d.Contacts = append(d.Contacts, k.get("contactContentsByContactId", "nodes").index(0).str("name"))
			for _, h := range k.get("openingHoursByContactId", "nodes").list() {
				for _, oc := range h.get("openingHoursContentsByOpeningHoursId", "nodes").list() {
					d.Rules += len(oc.get("schedule", "rules").list())
				}
			}
		}
		return d.normal(), nil
	case "postgraphile children":
		conn := j.get("data", "allPageStates")
		d := listDigest{Titles: []string{}, HasNext: conn.get("pageInfo", "hasNextPage").v == true}
		for _, e := range conn.get("edges").list() {
			d.Titles = append(d.Titles, e.get("node", "pageContentsByPageIdAndState", "nodes").index(0).str("title"))
		}
		return d, nil
	}
	return nil, fmt.Errorf("no digest for %s %s", target, query)
}

func (d pageDigest) normal() pageDigest {
	for _, s := range []*[]string{&d.Crumbs, &d.Documents, &d.Contacts} {
		if *s == nil {
			*s = []string{}
		}
	}
	return d
}

// jsonPath walks decoded JSON and remembers the first step that fails.
type jsonPath struct{ v any }

func (j jsonPath) get(keys ...string) jsonPath {
	v := j.v
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return jsonPath{nil}
		}
		v = m[k]
	}
	return jsonPath{v}
}

func (j jsonPath) index(i int) jsonPath {
	if l, ok := j.v.([]any); ok && i < len(l) {
		return jsonPath{l[i]}
	}
	return jsonPath{nil}
}

func (j jsonPath) list() []jsonPath {
	l, _ := j.v.([]any)
	out := make([]jsonPath, len(l))
	for i, v := range l {
		out[i] = jsonPath{v}
	}
	return out
}

func (j jsonPath) str(key string) string {
	s, _ := j.get(key).v.(string)
	return s
}
