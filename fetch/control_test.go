package fetch

import (
	"errors"
	"testing"
)

// TestControl checks the default dialer's last look at the address it
// connects to, which no test may reach through a real connection.
func TestControl(t *testing.T) {
	f := New(Options{})
	for _, addr := range []string{"127.0.0.1:80", "169.254.169.254:80", "[::1]:443", "10.0.0.1:8080", "[fe80::1%eth0]:80"} {
		if err := f.control("tcp", addr, nil); !errors.Is(err, ErrRefused) {
			t.Errorf("control(%s) = %v, want refused", addr, err)
		}
	}
	if err := f.control("tcp", "93.184.215.14:443", nil); err != nil {
		t.Errorf("control(a public address) = %v", err)
	}
	if err := New(Options{AllowPrivate: true}).control("tcp", "127.0.0.1:80", nil); err != nil {
		t.Errorf("control with AllowPrivate = %v", err)
	}
}
