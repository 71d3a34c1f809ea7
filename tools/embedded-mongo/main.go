// Command embedded-mongo runs an embedded FerretDB (MongoDB wire protocol)
// server backed by SQLite files in a local directory.
//
// It is Suji's zero-setup default database for development; set MONGODB_URI
// to use a real MongoDB 7/8 server instead.
//
// Usage:
//
//	embedded-mongo -listen 127.0.0.1:27017 -data ./data/db
//
// Once the listening port accepts TCP connections, exactly one line
//
//	ready mongodb://127.0.0.1:27017/
//
// is printed to stdout so that a parent process can wait for it. All logs go
// to stderr. SIGINT/SIGTERM trigger a clean shutdown (exit code 0).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (host:port; port 0 picks a free port)")
	dataDir := flag.String("data", "./data/db", "directory for the SQLite database files (created if missing)")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	flag.Parse()

	if err := run(*listen, *dataDir, *logLevel); err != nil {
		fmt.Fprintf(os.Stderr, "embedded-mongo: %s\n", err)
		os.Exit(1)
	}
}

func run(listen, dataDir, logLevel string) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("invalid -log-level %q: %w", logLevel, err)
	}

	var handler slog.Handler = slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})
	if level >= slog.LevelWarn {
		handler = &quietHandler{Handler: handler}
	}

	logger := slog.New(handler)
	slog.SetDefault(logger)

	absDir, err := filepath.Abs(dataDir)
	if err != nil {
		return fmt.Errorf("resolving -data %q: %w", dataDir, err)
	}

	if err = os.MkdirAll(absDir, 0o755); err != nil {
		return fmt.Errorf("creating data directory: %w", err)
	}

	// FerretDB's SQLite handler expects a "file:" URI naming an existing
	// directory, with a trailing slash; one SQLite file is created per database.
	sqliteURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(absDir) + "/", OmitHost: true}).String()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{
			TCP: listen,
		},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		return err
	}

	done := make(chan error, 1)

	go func() {
		done <- f.Run(ctx)
	}()

	// In v1.24.x the TCP listener is already bound by ferretdb.New, so
	// MongoDBURI does not block and reports the real port (even for port 0).
	uri := f.MongoDBURI()

	addr, err := hostPort(uri)
	if err != nil {
		stop()
		<-done

		return err
	}

	if err = waitForTCP(ctx, addr, 30*time.Second); err != nil {
		stop()
		<-done

		return err
	}

	fmt.Fprintf(os.Stdout, "ready %s\n", uri)

	if err = <-done; err != nil {
		return err
	}

	logger.Info("embedded-mongo stopped")

	return nil
}

// hostPort extracts host:port from a mongodb:// URI.
func hostPort(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("parsing MongoDB URI %q: %w", uri, err)
	}

	if u.Host == "" || !strings.Contains(u.Host, ":") {
		return "", fmt.Errorf("unexpected MongoDB URI %q", uri)
	}

	return u.Host, nil
}

// waitForTCP polls addr until it accepts a TCP connection.
func waitForTCP(ctx context.Context, addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)

	for {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			_ = conn.Close()
			return nil
		}

		if ctx.Err() != nil {
			return errors.New("interrupted before the server became ready")
		}

		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not accept connections within %s: %w", addr, timeout, err)
		}

		time.Sleep(50 * time.Millisecond)
	}
}

// quietHandler drops WARN-level records that FerretDB v1.24.x emits for
// ordinary client behaviour, so that the default (warn) level only shows real
// problems. It is only installed when the level is warn or higher:
//
//   - "Failed to set deadline: ... use of closed network connection" on every
//     client disconnect (including our own readiness probe);
//   - "Response header: ..." / "Response message: ..." dumps of every error
//     response (duplicate key, namespace not found, ...); the client receives
//     the same error anyway. Errors that close the connection are logged at
//     ERROR level and are kept;
//   - "Connection stopped" with "connection reset by peer"/"broken pipe",
//     which is how drivers normally close their pooled sockets.
type quietHandler struct {
	slog.Handler
}

func (h *quietHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level == slog.LevelWarn && isNoise(r) {
		return nil
	}

	return h.Handler.Handle(ctx, r)
}

func isNoise(r slog.Record) bool {
	msg := r.Message

	switch {
	case strings.HasPrefix(msg, "Failed to set deadline:") &&
		strings.HasSuffix(msg, "use of closed network connection"):
		return true
	case strings.HasPrefix(msg, "Response header: "), strings.HasPrefix(msg, "Response message:"):
		return true
	case msg == "Connection stopped":
		noise := false

		r.Attrs(func(a slog.Attr) bool {
			v := a.Value.String()
			if strings.Contains(v, "connection reset by peer") || strings.Contains(v, "broken pipe") {
				noise = true
				return false
			}

			return true
		})

		return noise
	default:
		return false
	}
}

func (h *quietHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &quietHandler{Handler: h.Handler.WithAttrs(attrs)}
}

func (h *quietHandler) WithGroup(name string) slog.Handler {
	return &quietHandler{Handler: h.Handler.WithGroup(name)}
}
