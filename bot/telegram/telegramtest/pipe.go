package telegramtest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
)

// A Pipe is an in-memory network: a net.Listener whose connections are
// net.Pipe pairs, and a dialer that reaches it whatever the address. A
// testing/synctest bubble cannot wait on loopback sockets, but can on
// pipes. Its zero value is not usable: call NewPipe.
type Pipe struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

// NewPipe returns a Pipe that no one has dialled yet.
func NewPipe() *Pipe {
	return &Pipe{conns: make(chan net.Conn), closed: make(chan struct{})}
}

// Accept waits for a connection dialled to the pipe.
func (p *Pipe) Accept() (net.Conn, error) {
	select {
	case c := <-p.conns:
		return c, nil
	case <-p.closed:
		return nil, net.ErrClosed
	}
}

// Close stops the pipe taking connections: dialling it is refused.
func (p *Pipe) Close() error {
	p.once.Do(func() { close(p.closed) })
	return nil
}

// Addr is the pipe's address, "telegram.test".
func (p *Pipe) Addr() net.Addr { return pipeAddr{} }

// Dial connects to the pipe, whatever network and address say, as an
// http.Transport's DialContext.
func (p *Pipe) Dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case p.conns <- server:
		return client, nil
	case <-p.closed:
		return nil, &net.OpError{Op: "dial", Net: "pipe", Err: errors.New("connection refused")}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Client returns an HTTP client whose every request goes to the pipe.
func (p *Pipe) Client() *http.Client {
	return &http.Client{Transport: &http.Transport{DialContext: p.Dial}}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "telegram.test" }
