// Package deploy holds what running kutip as a service takes: the systemd
// unit kutip.service, which this test checks.
package deploy

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A unit is a systemd unit file read as systemd reads it: sections of
// key=value settings, a key set more than once holding every value in
// order, "#" and ";" starting comments, a backslash at the end of a line
// joining it to the next.
type unit map[string]map[string][]string

func parseUnit(t *testing.T, b []byte) unit {
	t.Helper()
	u := unit{}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	var cont strings.Builder
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if cont.Len() == 0 && (line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";")) {
			continue
		}
		if more, ok := strings.CutSuffix(line, `\`); ok {
			cont.WriteString(more + " ")
			continue
		}
		cont.WriteString(line)
		line = cont.String()
		cont.Reset()
		if strings.HasPrefix(line, "[") {
			if !strings.HasSuffix(line, "]") {
				t.Fatalf("line %d: %q is not a section", n, line)
			}
			section = line[1 : len(line)-1]
			u[section] = map[string][]string{}
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok || section == "" {
			t.Fatalf("line %d: %q is not a key=value in a section", n, line)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		u[section][key] = append(u[section][key], value)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return u
}

// get returns the last value of a key, as systemd takes it for settings
// that are set once.
func (u unit) get(section, key string) string {
	vs := u[section][key]
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}

func TestUnit(t *testing.T) {
	b, err := os.ReadFile("kutip.service")
	if err != nil {
		t.Fatal(err)
	}
	u := parseUnit(t, b)
	for _, s := range []struct{ section, key, want string }{
		{"Service", "ProtectSystem", "strict"},
		{"Service", "ProtectHome", "yes"},
		{"Service", "PrivateTmp", "yes"},
		{"Service", "NoNewPrivileges", "yes"},
		{"Service", "StateDirectory", "kutip"},
		{"Service", "EnvironmentFile", "/etc/kutip/env"},
		{"Service", "Restart", "on-failure"},
		{"Service", "KillSignal", "SIGTERM"},
		{"Service", "Environment", "KUTIP_HTTP_LISTEN=127.0.0.1:9090"},
		{"Install", "WantedBy", "multi-user.target"},
	} {
		if got := u.get(s.section, s.key); got != s.want {
			t.Errorf("[%s] %s=%q, want %q", s.section, s.key, got, s.want)
		}
	}
	if u.get("Service", "DynamicUser") != "yes" && u.get("Service", "User") == "" {
		t.Error("no user of its own: want DynamicUser=yes or User=")
	}
	if u.get("Service", "User") == "root" {
		t.Error("User=root")
	}
	if exec := u.get("Service", "ExecStart"); !strings.HasSuffix(strings.Fields(exec)[0], "/kutip") || !strings.HasSuffix(exec, " serve") {
		t.Errorf("ExecStart=%q, want kutip serve", exec)
	}
	// The state kutip writes is the directory systemd makes it.
	env := u["Service"]["Environment"]
	if !slices.Contains(env, "KUTIP_STATE_DIR=/var/lib/"+u.get("Service", "StateDirectory")) {
		t.Errorf("Environment=%q: want KUTIP_STATE_DIR in the StateDirectory", env)
	}
	// Tokens come from the EnvironmentFile only.
	for _, e := range env {
		if name, _, _ := strings.Cut(e, "="); strings.Contains(name, "TOKEN") || strings.Contains(name, "SECRET") {
			t.Errorf("Environment=%s: a secret in the unit", e)
		}
	}
}

// TestUnitVerifies: systemd-analyze, where it is, finds nothing wrong with
// the unit. It checks that ExecStart's program is there, so the unit is
// verified with this test's own binary in kutip's place.
func TestUnitVerifies(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("no systemd-analyze")
	}
	b, err := os.ReadFile("kutip.service")
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	unit := filepath.Join(t.TempDir(), "kutip.service")
	if err := os.WriteFile(unit, bytes.ReplaceAll(b, []byte("/usr/local/bin/kutip"), []byte(self)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), analyze, "verify", unit).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
