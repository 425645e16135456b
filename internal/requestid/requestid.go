// Package requestid carries a request's ID in its context, and what the layers
// of the request learn about it (the GraphQL operation, the error codes of its
// response), for its log lines and metrics.
package requestid

import (
	"context"
	"slices"
	"sync"
)

type key struct{}

type infoKey struct{}

// With returns ctx carrying id.
func With(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, key{}, id)
}

// From returns the request ID in ctx, or "".
func From(ctx context.Context) string {
	id, _ := ctx.Value(key{}).(string)
	return id
}

// Info is what is learnt about a request while it is served: the HTTP layer
// creates it, the GraphQL layer fills it in, and the request's log line and
// metrics read it. Its methods are safe for concurrent use and on nil.
type Info struct {
	mu        sync.Mutex
	operation string
	codes     []string
}

// WithInfo returns ctx carrying a new, empty Info.
func WithInfo(ctx context.Context) (context.Context, *Info) {
	info := &Info{}
	return context.WithValue(ctx, infoKey{}, info), info
}

// InfoFrom returns the Info in ctx, or nil.
func InfoFrom(ctx context.Context) *Info {
	info, _ := ctx.Value(infoKey{}).(*Info)
	return info
}

// SetOperation records the GraphQL operation's name ("" for an anonymous one
// is recorded as such by the caller).
func (i *Info) SetOperation(name string) {
	if i == nil {
		return
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	i.operation = name
}

// Operation returns the recorded operation name, or "".
func (i *Info) Operation() string {
	if i == nil {
		return ""
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.operation
}

// AddErrorCode records the extensions.code of an error in the response.
func (i *Info) AddErrorCode(code string) {
	if i == nil {
		return
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	i.codes = append(i.codes, code)
}

// ErrorCodes returns the recorded error codes, in order.
func (i *Info) ErrorCodes() []string {
	if i == nil {
		return nil
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	return slices.Clone(i.codes)
}
