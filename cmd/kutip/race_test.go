//go:build race

package main

// raceEnabled says the test runs with the race detector: the processes it
// starts get it too.
const raceEnabled = true
