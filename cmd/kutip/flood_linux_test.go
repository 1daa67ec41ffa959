package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kutip/kutip/bot/discord/discordtest"
)

// TestServeUnsignedFlood runs kutip serve, its HTTP interactions endpoint
// on, and sends it 1,000 unsigned requests of 1 MB, 32 at once: all are
// refused, and the process's peak RSS grows by less than 16 MB, 100 MB
// with the race detector (it grew by 33 MB and 454 MB when the bodies were
// read before the signature was checked).
func TestServeUnsignedFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kutip")
	}
	bin := buildKutip(t)
	fake := discordtest.NewServer(t, discordToken)
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize))
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "DISCORD_BOT_TOKEN="+discordToken, "DISCORD_APP_ID="+discordtest.AppID,
		"DISCORD_API_BASE_URL="+fake.URL, "DISCORD_PUBLIC_KEY="+hex.EncodeToString(key.Public().(ed25519.PublicKey)),
		"DISCORD_INTERACTIONS_LISTEN=127.0.0.1:0", "KUTIP_STATE_DIR="+t.TempDir())
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	listening := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`msg="interactions endpoint" .*listen=(127\.0\.0\.1:\d+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				listening <- m[1]
			}
		}
	}()
	url := "http://" + <-listening + "/interactions"
	fake.WaitRequest(t, discordtest.Gateway, discordtest.Identify)
	before := memory(t, cmd.Process.Pid, "VmHWM")

	const n, size = 1000, 1 << 20
	jobs := make(chan struct{})
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			c := &http.Client{Transport: &http.Transport{}}
			defer c.CloseIdleConnections()
			for range jobs {
				r, err := http.NewRequest(http.MethodPost, url, io.LimitReader(zeros{}, size))
				if err != nil {
					t.Error(err)
					return
				}
				r.ContentLength = size
				code := 0
				if resp, err := c.Do(r); err == nil {
					code = resp.StatusCode
					resp.Body.Close()
				}
				mu.Lock()
				codes[code]++
				mu.Unlock()
			}
		})
	}
	for range n {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	after := memory(t, cmd.Process.Pid, "VmHWM")
	t.Logf("peak RSS %d MB before, %d MB after %d requests of 1 MB; statuses %v", before>>20, after>>20, n, codes)
	if codes[http.StatusUnauthorized] != n {
		t.Errorf("statuses %v, want %d 401s", codes, n)
	}
	limit := 16 << 20 // it grew by 33 MB when the bodies were read first
	if raceEnabled {
		limit = 100 << 20 // and by 454 MB with the race detector
	}
	if grew := after - before; grew >= limit {
		t.Errorf("the peak RSS grew by %d MB, want less than %d", grew>>20, limit>>20)
	}
}

// zeros reads as zero bytes, forever.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// memory returns a process's figure from /proc/PID/status ("VmHWM": its
// peak RSS), in bytes.
func memory(t *testing.T, pid int, key string) int {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			f := strings.Fields(v)
			kb, err := strconv.Atoi(f[0])
			if err != nil || len(f) != 2 || f[1] != "kB" {
				t.Fatalf("%s: %q", key, line)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/%d/status", key, pid)
	return 0
}
