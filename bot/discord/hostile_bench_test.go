package discord_test

import (
	"encoding/hex"
	"net/http"
	"runtime"
	"sync"
	"testing"

	"github.com/kutip/kutip/bot/discord"
)

// BenchmarkUnsignedFlood sends unsigned requests of 1 MB to the HTTP
// interactions endpoint, 8 at once, and reports what of them the endpoint
// read (read-B/op) and the most the heap held (heap-MB, sampled after
// each request). Run it with
//
//	go test -run='^$' -bench=UnsignedFlood -benchtime=1000x -count=5 ./bot/discord
func BenchmarkUnsignedFlood(b *testing.B) {
	pub, _, _ := keys()
	hs := newBot(b, discord.Config{PublicKey: hex.EncodeToString(pub)}, canned())
	url, read := counted(b, hs.bot)
	const size = 1 << 20
	jobs := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var peak uint64
	for range 8 {
		wg.Go(func() {
			c := &http.Client{Transport: &http.Transport{}}
			defer c.CloseIdleConnections()
			var ms runtime.MemStats
			for range jobs {
				r, err := http.NewRequest(http.MethodPost, url, &zeros{size})
				if err != nil {
					b.Error(err)
					return
				}
				r.ContentLength = size
				if resp, err := c.Do(r); err == nil {
					resp.Body.Close()
				}
				runtime.ReadMemStats(&ms)
				mu.Lock()
				peak = max(peak, ms.HeapInuse)
				mu.Unlock()
			}
		})
	}
	for b.Loop() {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	b.ReportMetric(float64(read.Load())/float64(b.N), "read-B/op")
	b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
}
