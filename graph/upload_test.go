package graph_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"sort"
	"testing"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/upload"
	"github.com/radhus/radhus/internal/upload/uploadtest"
)

// uploadAs sends a GraphQL multipart request (operations, map, one file as
// variable $file) with a bearer token and decodes the response. The file part
// claims to be a PDF whatever it holds.
func (b *bundle) uploadAs(t *testing.T, token, query string, vars map[string]any, name string, body []byte) response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	vars["file"] = nil
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	w.WriteField("operations", string(ops))
	w.WriteField("map", `{"0": ["variables.file"]}`)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="0"; filename="`+name+`"`)
	h.Set("Content-Type", "application/pdf")
	part, _ := w.CreatePart(h)
	part.Write(body)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, b.url+"/graphql", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, header: res.Header}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("decode response (HTTP %d): %v: %s", res.StatusCode, err, raw)
	}
	return r
}

const uploadMutation = `mutation($file: Upload!, $title: String!) {
	uploadDocument(input: {file: $file, title: $title}) { document { id title fileName mimeType sizeBytes sha256 version } } }`

type uploadedDoc struct {
	ID, Title, FileName, MimeType, Sha256 string
	SizeBytes, Version                    int
}

// stored lists what the bundle's blob storage and documents table hold.
func (b *bundle) stored(t *testing.T) (files []string, documents int) {
	t.Helper()
	if err := b.pool.QueryRow(context.Background(), `SELECT count(*) FROM documents`).Scan(&documents); err != nil {
		t.Fatal(err)
	}
	files, err := b.blobFiles()
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files, documents
}

func TestUploadDocument(t *testing.T) {
	t.Parallel()
	b := setup(t)
	editor := b.signIn(t, content.RoleEditor)
	pdf := uploadtest.PDF(300_000)
	r := b.uploadAs(t, editor, uploadMutation, map[string]any{"title": " Protokoll 2026 "}, "Protokoll mo\u0308te.pdf", pdf)
	var d struct {
		UploadDocument struct{ Document uploadedDoc }
	}
	ok(t, r, &d)
	sum := sha256.Sum256(pdf)
	got := d.UploadDocument.Document
	want := uploadedDoc{ID: got.ID, Title: "Protokoll 2026", FileName: "Protokoll möte.pdf", MimeType: "application/pdf",
		Sha256: hex.EncodeToString(sum[:]), SizeBytes: len(pdf), Version: 1}
	if got != want {
		t.Errorf("uploadDocument = %+v, want %+v", got, want)
	}
	// A draft: readers see it only once it is published.
	const read = `query($id: ID!) { document(id: $id) { title url } }`
	if code := b.do(t, read, map[string]any{"id": got.ID}).code(t); code != content.ENOTFOUND {
		t.Errorf("unpublished document: code %q, want NOT_FOUND", code)
	}
	publisher := b.signIn(t, content.RolePublisher)
	r = b.doAs(t, publisher, `mutation($id: ID!) { publishDocument(id: $id, expectedVersion: 1) { document { version } } }`,
		map[string]any{"id": got.ID})
	if r.code(t) != "" {
		t.Fatalf("publishDocument: %+v", r.Errors)
	}
	var pub struct{ Document struct{ Title, URL string } }
	b.query(t, read, map[string]any{"id": got.ID}, &pub)
	res, err := http.Get(b.url + pub.Document.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Equal(body, pdf) || res.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("GET %s = %d %s, %d bytes, want the PDF", pub.Document.URL, res.StatusCode, res.Header.Get("Content-Type"), len(body))
	}

	// Metadata and file changes check the version.
	const update = `mutation($id: ID!, $v: Int!) { updateDocument(id: $id, expectedVersion: $v, input: {title: "Nytt namn", fileName: "nytt.pdf"}) { document { title fileName version } } }`
	if code := b.doAs(t, editor, update, map[string]any{"id": got.ID, "v": 1}).code(t); code != content.ECONFLICT {
		t.Errorf("stale updateDocument: code %q, want CONFLICT", code)
	}
	var upd struct {
		UpdateDocument struct{ Document uploadedDoc }
	}
	ok(t, b.doAs(t, editor, update, map[string]any{"id": got.ID, "v": 2}), &upd)
	if u := upd.UpdateDocument.Document; u.Title != "Nytt namn" || u.FileName != "nytt.pdf" || u.Version != 3 {
		t.Errorf("updateDocument = %+v", u)
	}
	png := uploadtest.PNG()
	var rep struct {
		ReplaceDocumentFile struct{ Document uploadedDoc }
	}
	ok(t, b.uploadAs(t, editor, `mutation($id: ID!, $file: Upload!) { replaceDocumentFile(id: $id, expectedVersion: 3, file: $file) {
		document { mimeType sizeBytes fileName version } } }`, map[string]any{"id": got.ID}, "karta.png", png), &rep)
	if r := rep.ReplaceDocumentFile.Document; r.MimeType != "image/png" || r.SizeBytes != len(png) || r.FileName != "karta.png" || r.Version != 4 {
		t.Errorf("replaceDocumentFile = %+v", r)
	}
	// The new file is the draft's: readers keep downloading the PDF, and the
	// editor's preview has the PNG, until the document is published.
	download := func(wantBody []byte, wantType string) {
		t.Helper()
		var doc struct{ Document struct{ Sha256, URL string } }
		b.query(t, `query($id: ID!) { document(id: $id) { sha256 url } }`, map[string]any{"id": got.ID}, &doc)
		res, err := http.Get(b.url + doc.Document.URL)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		sum := sha256.Sum256(wantBody)
		if doc.Document.Sha256 != hex.EncodeToString(sum[:]) || res.StatusCode != http.StatusOK || !bytes.Equal(body, wantBody) ||
			res.Header.Get("Content-Type") != wantType {
			t.Errorf("anonymous GET %s = %d %s, %d bytes (sha256 %s), want %d bytes of %s", doc.Document.URL, res.StatusCode,
				res.Header.Get("Content-Type"), len(body), doc.Document.Sha256, len(wantBody), wantType)
		}
	}
	download(pdf, "application/pdf")
	var draft struct {
		Node struct{ MimeType, FileName, Sha256 string }
	}
	b.queryAs(t, editor, `query($id: ID!) { node(id: $id, preview: true) { ... on Document { mimeType fileName sha256 } } }`,
		map[string]any{"id": got.ID}, &draft)
	pngSum := sha256.Sum256(png)
	if n := draft.Node; n.MimeType != "image/png" || n.FileName != "karta.png" || n.Sha256 != hex.EncodeToString(pngSum[:]) {
		t.Errorf("editor's preview of the document = %+v, want the PNG", n)
	}
	// Editors download the draft's file with ?preview=true and their token;
	// without one it is refused, and the published URL still gives the PDF.
	var pubURL struct{ Document struct{ URL string } }
	b.query(t, `query($id: ID!) { document(id: $id) { url } }`, map[string]any{"id": got.ID}, &pubURL)
	getDraft := func(token string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, b.url+pubURL.Document.URL+"?preview=true", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res, body
	}
	if res, body := getDraft(editor); res.StatusCode != http.StatusOK || !bytes.Equal(body, png) ||
		res.Header.Get("Content-Type") != "image/png" || res.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("editor's draft download: %d %s %q, %d bytes; want the PNG, private", res.StatusCode,
			res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"), len(body))
	}
	for _, tok := range []string{"", "not.a.token"} {
		if res, body := getDraft(tok); res.StatusCode != http.StatusUnauthorized || bytes.Equal(body, png) {
			t.Errorf("draft download with token %q: %d, want 401", tok, res.StatusCode)
		}
	}
	r = b.doAs(t, publisher, `mutation($id: ID!) { publishDocument(id: $id, expectedVersion: 4) { document { version } } }`,
		map[string]any{"id": got.ID})
	if r.code(t) != "" {
		t.Fatalf("publishDocument: %+v", r.Errors)
	}
	download(png, "image/png")

	// Delete removes the row; the blobs go when released blobs are collected
	// (internal/jobs does it after a grace period), not before.
	files, _ := b.stored(t)
	r = b.doAs(t, editor, `mutation($id: ID!) { deleteDocument(id: $id, expectedVersion: 5) }`, map[string]any{"id": got.ID})
	if r.code(t) != "" {
		t.Fatalf("deleteDocument: %+v", r.Errors)
	}
	if after, _ := b.stored(t); len(after) != len(files) {
		t.Errorf("blobs before delete %v, after %v: want them kept until collected", files, after)
	}
	docs := &upload.Service{Blobs: b.blobs, Store: b.store, DB: b.pool}
	if n, err := docs.CollectBlobs(context.Background(), b.clock.Now()); err != nil || n != 2 {
		t.Errorf("CollectBlobs = %d, %v; want the PDF (published over) and the PNG (deleted)", n, err)
	}
	if after, _ := b.stored(t); len(after) != len(files)-2 {
		t.Errorf("blobs before delete %v, after collecting %v: want the PDF's and the PNG's removed", files, after)
	}
}

func TestUploadRefused(t *testing.T) {
	t.Parallel()
	const limit = 256 << 10
	b := newBundleWith(t, bundleOptions{maxUpload: limit})
	editor := b.signIn(t, content.RoleEditor)
	filesBefore, docsBefore := b.stored(t)
	tests := []struct {
		name, fileName string
		body           []byte
		status         int
		field          string
	}{
		{"over the limit", "stor.pdf", uploadtest.PDF(limit + 1), http.StatusRequestEntityTooLarge, "file"},
		{"body over the limit", "stor.pdf", uploadtest.PDF(limit + 2<<20), http.StatusRequestEntityTooLarge, "file"},
		{"HTML named .pdf", uploadtest.HTMLAsPDF.Name, uploadtest.HTMLAsPDF.Body, http.StatusOK, "input.file"},
		{"SVG with script", uploadtest.SVGWithScript.Name, uploadtest.SVGWithScript.Body, http.StatusOK, "input.file"},
		{"../ in the name", "../../etc/rapport.pdf", uploadtest.PDF(1000), http.StatusOK, "input.file"},
		{"empty", "tom.pdf", nil, http.StatusOK, "input.file"},
	}
	for _, f := range uploadtest.Refused() {
		tests = append(tests, struct {
			name, fileName string
			body           []byte
			status         int
			field          string
		}{"refused " + f.Name, f.Name, f.Body, http.StatusOK, "input.file"})
	}
	for _, tt := range tests {
		r := b.uploadAs(t, editor, uploadMutation, map[string]any{"title": "x"}, tt.fileName, tt.body)
		if r.status != tt.status || len(r.Errors) != 1 || r.Errors[0].Extensions.Code != content.EINVALID ||
			r.Errors[0].Extensions.Field != tt.field || r.Errors[0].Message == "" {
			t.Errorf("%s: HTTP %d, %+v, want %d and one BAD_USER_INPUT on %s", tt.name, r.status, r.Errors, tt.status, tt.field)
		}
	}
	if files, docs := b.stored(t); docs != docsBefore || len(files) != len(filesBefore) {
		t.Errorf("refused uploads stored something: %d documents (was %d), blobs %v (were %v)", docs, docsBefore, files, filesBefore)
	}
	// Anonymous uploads are refused before anything is read or stored.
	r := b.uploadAs(t, "", uploadMutation, map[string]any{"title": "x"}, "a.pdf", uploadtest.PDF(1000))
	if r.code(t) != content.EUNAUTHORIZED {
		t.Errorf("anonymous upload: %+v, want UNAUTHENTICATED", r.Errors)
	}
	// Other requests keep the 1 MiB body limit.
	big := bytes.Repeat([]byte(" "), 2<<20)
	res, err := http.Post(b.url+"/graphql", "application/json", bytes.NewReader(append(big, []byte(`{"query":"{ __typename }"}`)...)))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var big2 response
	json.Unmarshal(raw, &big2)
	if res.StatusCode == http.StatusOK && len(big2.Errors) == 0 {
		t.Errorf("a 2 MiB JSON request was accepted: %d %s", res.StatusCode, raw)
	}
}

// blobFiles lists every file in the bundle's blob folder, temporary ones too.
func (b *bundle) blobFiles() ([]string, error) { return blob.ListFiles(b.blobDir) }

func init() {
	// newDraftDocument uploads a document as the system and returns its ID.
	newDraftDocument := func(t *testing.T, b *bundle) string {
		t.Helper()
		svc := &upload.Service{Blobs: b.blobs, Store: b.store, DB: b.pool}
		d, err := svc.Create(context.Background(), upload.NewDocument{Title: "Matris",
			File: upload.File{Name: "matris.pdf", Body: bytes.NewReader(uploadtest.PDF(3000)), Size: -1}})
		if err != nil {
			t.Fatal(err)
		}
		return d.GlobalID()
	}
	idVars := func(t *testing.T, b *bundle) map[string]any { return map[string]any{"id": newDraftDocument(t, b)} }
	registerMutation("uploadDocument", mutationCase{
		query: `mutation($file: Upload!) { uploadDocument(input: {file: $file, title: "Matris"}) { document { id } } }`,
		file:  uploadtest.PDF(2000),
	})
	registerMutation("replaceDocumentFile", mutationCase{
		query: `mutation($id: ID!, $file: Upload!) { replaceDocumentFile(id: $id, expectedVersion: 1, file: $file) { document { version } } }`,
		vars:  idVars,
		file:  uploadtest.PNG(),
	})
	registerMutation("updateDocument", mutationCase{
		query: `mutation($id: ID!) { updateDocument(id: $id, expectedVersion: 1, input: {title: "Ny"}) { document { title } } }`,
		vars:  idVars,
	})
	registerMutation("deleteDocument", mutationCase{
		query: `mutation($id: ID!) { deleteDocument(id: $id, expectedVersion: 1) }`,
		vars:  idVars,
	})
	registerMutation("publishDocument", mutationCase{
		query: `mutation($id: ID!) { publishDocument(id: $id, expectedVersion: 1) { document { version } } }`,
		vars:  idVars,
	})
	registerMutation("unpublishDocument", mutationCase{
		query: `mutation($id: ID!) { unpublishDocument(id: $id, expectedVersion: 1) { document { version } } }`,
		vars:  idVars,
	})
}
