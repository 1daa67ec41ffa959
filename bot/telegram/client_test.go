package telegram

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestRetryDelay(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		delay time.Duration
		again bool
	}{
		{"429 with retry_after", &tgbotapi.Error{Code: 429, ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 7}}, 7 * time.Second, true},
		{"429, no retry_after", &tgbotapi.Error{Code: 429}, backoffBase, true},
		{"500 from the API", &tgbotapi.Error{Code: 500}, backoffBase, true},
		{"400", &tgbotapi.Error{Code: 400, Message: "Bad Request: chat not found"}, 0, false},
		{"403", &tgbotapi.Error{Code: 403}, 0, false},
		{"502 from a proxy", &statusError{Code: 502}, backoffBase, true},
		{"404 from a proxy", &statusError{Code: 404}, 0, false},
		{"network", fmt.Errorf("send: %w", &url.Error{Op: "Post", URL: "x", Err: errors.New("connection reset")}), backoffBase, true},
		{"cut-off answer", io.ErrUnexpectedEOF, backoffBase, true},
		{"garbled answer", &json.SyntaxError{}, backoffBase, true},
		{"anything else", errors.New("json: unsupported type"), 0, false},
	}
	for _, tt := range tests {
		delay, again := retryDelay(tt.err, 1)
		if delay != tt.delay || again != tt.again {
			t.Errorf("%s: retryDelay = %v, %v; want %v, %v", tt.name, delay, again, tt.delay, tt.again)
		}
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second}
	for i, w := range want {
		if got := backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := backoff(100); got != backoffMax {
		t.Errorf("backoff(100) = %v, want the cap %v", got, backoffMax)
	}
}

func TestScrub(t *testing.T) {
	leak := "https://api.telegram.org/bot" + testToken + "/getUpdates"
	tests := []error{
		&url.Error{Op: "Post", URL: leak, Err: io.EOF},
		fmt.Errorf("poll: %w", &url.Error{Op: "Post", URL: leak, Err: io.EOF}),
		errors.New("parse " + leak + ": bad"),
	}
	for _, err := range tests {
		got := scrub(err, testToken)
		if strings.Contains(got.Error(), testToken) || !strings.Contains(got.Error(), "REDACTED") {
			t.Errorf("scrub(%q) = %q", err, got)
		}
		var urlErr *url.Error
		if errors.As(got, &urlErr) && errors.Is(err, io.EOF) != errors.Is(got, io.EOF) {
			t.Errorf("scrub(%q) lost what it wraps", err)
		}
	}
	var top *url.Error
	if errors.As(scrub(tests[0], testToken), &top) && strings.Contains(top.URL, testToken) {
		t.Errorf("the url.Error still holds the token: %s", top.URL)
	}
	if scrub(nil, testToken) != nil {
		t.Error("scrub(nil) is not nil")
	}
	if e := errors.New("x"); scrub(e, "") != e {
		t.Error("an empty token changed the error")
	}
}
