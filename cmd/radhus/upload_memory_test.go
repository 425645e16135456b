package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/radhus/radhus/internal/auth"
	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
	"github.com/radhus/radhus/internal/pgtest"
	"github.com/radhus/radhus/internal/postgres"
	"github.com/radhus/radhus/internal/upload/uploadtest"
)

// uploadSize is the document the memory test uploads, and maxRSSGrowth what
// the server's resident memory may grow by meanwhile.
const (
	uploadSize   = 40 << 20
	maxRSSGrowth = 20 << 20
)

// TestUploadStreamsOnTheBuiltBinary builds radhus, serves it, and uploads a
// 40 MB document twice (once with a declared length, once chunked), measuring
// the server process's peak resident memory (VmHWM, reset before each upload)
// against its resident memory before: the upload must stream to disk, not
// grow the process by the file's size. It also checks that no temporary file
// is left once the request is over.
func TestUploadStreamsOnTheBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := os.Stat("/proc/self/clear_refs"); err != nil {
		t.Skip("needs Linux /proc to measure memory")
	}
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	bin := buildRadhus(t, dir)

	url := pgtest.URL(t)
	key := "a signing key for the upload memory test, 32+ bytes"
	pool, err := postgres.Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	accounts := postgres.NewAccounts(pool)
	u, err := accounts.CreateUser(ctx, content.NewUser{Email: "uppladdare@test.radhus.example", PasswordHash: "$argon2id$v=19$m=65536,t=1,p=2$unused$unused", Role: content.RoleEditor}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	svc, err := auth.New(ctx, auth.Config{Key: []byte(key), Clock: hours.SystemClock{}}, accounts)
	if err != nil {
		t.Fatal(err)
	}
	session, err := svc.StartSession(ctx, u)
	if err != nil {
		t.Fatal(err)
	}

	data, tmp := filepath.Join(dir, "data"), filepath.Join(dir, "tmp")
	os.MkdirAll(tmp, 0o700)
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+url, "RADHUS_DATA="+data, "TMPDIR="+tmp,
		"RADHUS_JWT_KEY="+key, "RADHUS_LOG_LEVEL=warn", "RADHUS_GRAPHIQL=false")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed nothing: %v", err)
	}
	go io.Copy(io.Discard, stdout)
	base := strings.TrimSuffix(strings.TrimSpace(line[strings.Index(line, "http://"):]), "/graphql")
	waitFor(t, base+"/healthz")

	send := func(size int, chunked bool) (sizeBytes int, err error) {
		body, contentType, length := uploadBody(size)
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", body)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Authorization", "Bearer "+session.AccessToken)
		if !chunked {
			req.ContentLength = length
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		var r struct {
			Data struct {
				UploadDocument struct{ Document struct{ SizeBytes int } }
			}
			Errors []struct{ Message string }
		}
		if err := json.NewDecoder(res.Body).Decode(&r); err != nil || len(r.Errors) > 0 {
			return 0, fmt.Errorf("HTTP %d: %v %+v", res.StatusCode, err, r.Errors)
		}
		return r.Data.UploadDocument.Document.SizeBytes, nil
	}
	// Warm up: connections, statement caches and code paths.
	if _, err := send(100_000, false); err != nil {
		t.Fatal(err)
	}
	for _, chunked := range []bool{false, true} {
		before := resetPeak(t, cmd.Process.Pid)
		n, err := send(uploadSize, chunked)
		if err != nil {
			t.Fatal(err)
		}
		peak := procStatus(t, cmd.Process.Pid, "VmHWM")
		growth := peak - before
		t.Logf("upload of %d MiB (chunked %v): server RSS %.1f MiB before, peak %.1f MiB, growth %.1f MiB (limit %d MiB)",
			uploadSize>>20, chunked, mib(before), mib(peak), mib(growth), maxRSSGrowth>>20)
		if n != uploadSize {
			t.Errorf("stored %d bytes, want %d", n, uploadSize)
		}
		if growth > maxRSSGrowth {
			t.Errorf("server memory grew by %.1f MiB during a %d MiB upload, want under %d MiB", mib(growth), uploadSize>>20, maxRSSGrowth>>20)
		}
	}
	if left, err := blob.ListFiles(tmp); err != nil || len(left) != 0 {
		t.Errorf("temporary files left: %v, %v", left, err)
	}
	stored, _ := blob.ListFiles(filepath.Join(data, "files"))
	for _, f := range stored {
		if strings.Contains(f, ".put-") {
			t.Errorf("a temporary blob is left: %s", f)
		}
	}
}

// uploadBody streams a multipart uploadDocument request holding a PDF of size
// bytes, made as it is sent, and returns its length.
func uploadBody(size int) (io.Reader, string, int64) {
	head := uploadtest.PDF(300)
	var prefix bytes.Buffer
	w := multipart.NewWriter(&prefix)
	w.WriteField("operations", `{"query":"mutation($file: Upload!) { uploadDocument(input: {file: $file, title: \"Stor rapport\"}) { document { sizeBytes } } }","variables":{"file":null}}`)
	w.WriteField("map", `{"0": ["variables.file"]}`)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="0"; filename="stor-rapport.pdf"`)
	h.Set("Content-Type", "application/pdf")
	w.CreatePart(h)
	var suffix bytes.Buffer
	fmt.Fprintf(&suffix, "\r\n--%s--\r\n", w.Boundary())
	filler := io.LimitReader(repeatReader('x'), int64(size-len(head)))
	body := io.MultiReader(bytes.NewReader(prefix.Bytes()), bytes.NewReader(head[:len(head)-7]), filler,
		strings.NewReader("\n%%EOF\n"), bytes.NewReader(suffix.Bytes()))
	return body, w.FormDataContentType(), int64(prefix.Len() + size + suffix.Len())
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// resetPeak resets the process's peak resident memory to its current one and
// returns that.
func resetPeak(t *testing.T, pid int) int64 {
	t.Helper()
	if err := os.WriteFile("/proc/"+strconv.Itoa(pid)+"/clear_refs", []byte("5"), 0); err != nil {
		t.Skipf("cannot reset peak memory: %v", err)
	}
	return procStatus(t, pid, "VmRSS")
}

// procStatus returns a memory figure of /proc/pid/status, in bytes.
func procStatus(t *testing.T, pid int, field string) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }
