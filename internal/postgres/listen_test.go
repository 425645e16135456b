package postgres

import (
	"context"
	"log/slog"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/radhus/radhus/internal/localpg"
)

// freezingProxy forwards a Unix socket to PostgreSQL's until frozen; then it
// passes nothing on and closes nothing, as a network partition would.
type freezingProxy struct {
	dir    string
	mu     sync.Mutex
	frozen chan struct{}
}

func newFreezingProxy(t *testing.T, target string) *freezingProxy {
	t.Helper()
	p := &freezingProxy{dir: t.TempDir(), frozen: make(chan struct{})}
	ln, err := net.Listen("unix", filepath.Join(p.dir, ".s.PGSQL.5432"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("unix", target)
			if err != nil {
				client.Close()
				continue
			}
			t.Cleanup(func() { client.Close(); server.Close() })
			go p.pipe(server, client)
			go p.pipe(client, server)
		}
	}()
	return p
}

func (p *freezingProxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		select {
		case <-p.frozen:
			<-make(chan struct{}) // hold the connection open, silently
		default:
		}
		if n > 0 {
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (p *freezingProxy) freeze() { close(p.frozen) }

// A listening connection that is lost without an error is noticed by its
// ping, listening goes false (so the response cache turns off), and it is
// retried.
func TestListenNoticesSilentLoss(t *testing.T) {
	t.Parallel()
	c := cluster(t)
	proxy := newFreezingProxy(t, filepath.Join(c.SocketDir(), ".s.PGSQL.5432"))
	url := "postgres://" + localpg.Superuser + "@/postgres?host=" + localpg.Escape(proxy.dir) + "&sslmode=disable"

	states := make(chan bool, 16)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		listenContentChanges(ctx, url, slog.New(slog.DiscardHandler), 200*time.Millisecond, 300*time.Millisecond,
			func(on bool) { states <- on }, func() {})
	}()
	defer func() { cancel(); <-done }()

	expect := func(want bool, within time.Duration) {
		t.Helper()
		select {
		case got := <-states:
			if got != want {
				t.Fatalf("listening = %v, want %v", got, want)
			}
		case <-time.After(within):
			t.Fatalf("listening did not become %v within %v", want, within)
		}
	}
	expect(true, 10*time.Second)
	// Pings go through while the connection is healthy.
	select {
	case got := <-states:
		t.Fatalf("listening changed to %v on a healthy connection", got)
	case <-time.After(time.Second):
	}
	proxy.freeze()
	expect(false, 5*time.Second)
}
