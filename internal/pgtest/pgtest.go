// Package pgtest gives tests a real PostgreSQL server: a throwaway cluster
// made by initdb in a temporary folder and served by pg_ctl on a Unix
// socket there (no TCP port), stopped and removed when the test ends; or,
// with KUTIP_TEST_POSTGRES_URL, a server already running. Each test gets
// databases of its own.
//
// The server's binaries are found in $KUTIP_TEST_PG_BIN, else beside
// initdb on the PATH, else in the newest /usr/lib/postgresql/*/bin
// (Debian's postgresql package); without them the test is skipped, saying
// so, unless KUTIP_TEST_PG_BIN was set (.ci/run sets it): then it fails.
// PostgreSQL refuses to run as root: as root, the cluster is run as
// the user postgres (or nobody).
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// A Server is a PostgreSQL server for tests.
type Server struct {
	base url.URL // a database's URL, without the database
	n    atomic.Int64
}

// Bin returns the folder of PostgreSQL's server binaries, "" when there
// is none.
func Bin() string {
	if dir := os.Getenv("KUTIP_TEST_PG_BIN"); dir != "" {
		return dir
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		return filepath.Dir(p)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return version(a) - version(b) })
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i]
		}
	}
	return ""
}

// version is the major version in /usr/lib/postgresql/VERSION/bin.
func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// Start returns a server for t: the one KUTIP_TEST_POSTGRES_URL names, or
// a throwaway cluster, stopped when t ends. It skips t when PostgreSQL's
// binaries are not to be found, or when testing.Short.
func Start(t testing.TB) *Server {
	t.Helper()
	if testing.Short() {
		t.Skip("PostgreSQL tests skipped in -short mode")
	}
	if raw := os.Getenv("KUTIP_TEST_POSTGRES_URL"); raw != "" {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("pgtest: KUTIP_TEST_POSTGRES_URL: %v", err)
		}
		u.Path = ""
		return &Server{base: *u}
	}
	bin := Bin()
	if set := os.Getenv("KUTIP_TEST_PG_BIN"); set != "" {
		if _, err := os.Stat(filepath.Join(set, "initdb")); err != nil {
			t.Fatalf("pgtest: KUTIP_TEST_PG_BIN=%s: %v", set, err)
		}
	}
	if bin == "" {
		t.Skip("PostgreSQL tests skipped: no initdb or pg_ctl (apt-get install postgresql, or set KUTIP_TEST_PG_BIN to their folder, or KUTIP_TEST_POSTGRES_URL to a server)")
	}
	c, err := newCluster(bin)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		if err := c.stop(); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	if err := c.start(); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	q := url.Values{"host": {c.dir}, "port": {strconv.Itoa(port)}, "user": {superuser}, "sslmode": {"disable"}}
	return &Server{base: url.URL{Scheme: "postgres", Path: "", RawQuery: q.Encode()}}
}

// Database returns the URL of a new, empty database on the server, which
// is dropped when t ends.
func (s *Server) Database(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("kutip_test_%d_%d", os.Getpid(), s.n.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.admin(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.admin(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	u := s.base
	u.Path = "/" + name
	return u.String()
}

// admin runs a statement in the server's postgres database.
func (s *Server) admin(ctx context.Context, sql string) error {
	u := s.base
	u.Path = "/postgres"
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return fmt.Errorf("connect to the test server: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("%s: %w", sql, err)
	}
	return nil
}

// The throwaway cluster's superuser, and the port that names its socket.
const (
	superuser = "kutip"
	port      = 5432
)

// A cluster is a throwaway PostgreSQL cluster in a folder of its own,
// which holds its data, its log and its socket.
type cluster struct {
	bin  string
	dir  string
	cred *syscall.Credential // who runs it; nil: this process's user
}

func newCluster(bin string) (*cluster, error) {
	// A short path: a socket's path has at most 107 bytes.
	dir, err := os.MkdirTemp("", "kutip-pg-")
	if err != nil {
		return nil, err
	}
	c := &cluster{bin: bin, dir: dir}
	if os.Geteuid() == 0 {
		if c.cred, err = unprivileged(); err == nil {
			err = os.Chown(dir, int(c.cred.Uid), int(c.cred.Gid))
		}
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("PostgreSQL will not run as root, and %w", err)
		}
	}
	return c, nil
}

// unprivileged is the user to run the cluster as instead of root.
func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 == nil && err2 == nil {
			return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
		}
	}
	return nil, errors.New("there is no user postgres or nobody to run it as")
}

// run runs one of the server's binaries as the cluster's user.
func (c *cluster) run(name string, args ...string) error {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "TZ=UTC")
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

func (c *cluster) start() error {
	data := filepath.Join(c.dir, "data")
	if err := c.run("initdb", "--no-sync", "--auth=trust", "--username="+superuser, "--encoding=UTF8", "--locale=C", "-D", data); err != nil {
		return err
	}
	// Durability does not matter to a throwaway cluster; speed does.
	opts := fmt.Sprintf("-c listen_addresses='' -k %s -p %d -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", c.dir, port)
	return c.run("pg_ctl", "-D", data, "-l", filepath.Join(c.dir, "log"), "-o", opts, "-w", "-t", "60", "start")
}

// stop stops the server, if it runs, and removes the cluster.
func (c *cluster) stop() error {
	data := filepath.Join(c.dir, "data")
	var err error
	if _, statErr := os.Stat(filepath.Join(data, "postmaster.pid")); statErr == nil {
		err = c.run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
	}
	return errors.Join(err, os.RemoveAll(c.dir))
}
