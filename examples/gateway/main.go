// Command gateway is an example S3-style server that the official SDKs of
// AWS S3, Huawei OBS, Alibaba Cloud OSS and Tencent COS talk to, one dialect
// at a time. It verifies every signature, keeps buckets and objects in memory
// or under a directory, maps every request with the bucketpolicy library's
// policyhttp.Mapper, enforces each bucket's policy with it (enforce.go), and
// serves the ?policy API with its PolicyHandler (policy.go).
//
//	go run . --listen 127.0.0.1:9000 --dialect aws --credentials credentials.example.json
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gateway:", err)
		os.Exit(1)
	}
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// run parses the flags, starts the server, prints "listening on ADDR" when
// it accepts connections, and returns when SIGINT or SIGTERM arrives.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gateway", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:9000", "address to listen on (port 0 picks a free port)")
	dialectName := fs.String("dialect", "", "the cloud to speak: aws, obs, oss or cos")
	credentials := fs.String("credentials", "", `identities file: {"identities": [{"access_key_id", "secret_access_key", "principal", "account"}]}`)
	region := fs.String("region", "", "region (default per dialect: aws us-east-1, obs cn-north-4, oss cn-hangzhou, cos ap-guangzhou)")
	var suffixes stringList
	fs.Var(&suffixes, "virtual-host-suffix", "host name under which <bucket>.SUFFIX names a bucket (repeatable)")
	dataDir := fs.String("data", "", "keep objects as files under this directory (default: in memory)")
	blockPublic := fs.Bool("block-public-access", true, "new buckets start with Block Public Access on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	d := dialect(*dialectName)
	if _, ok := defaultRegion[d]; !ok {
		return fmt.Errorf("--dialect %q: want aws, obs, oss or cos", *dialectName)
	}
	if *credentials == "" {
		return errors.New("--credentials FILE is required")
	}
	ids, skipped, err := loadIdentities(*credentials, d)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("%s: no identity in the %s dialect's form", *credentials, d)
	}
	if skipped > 0 {
		fmt.Fprintf(stderr, "gateway: %d identities of other dialects skipped\n", skipped)
	}
	h, err := newGateway(config{
		Dialect: d, Region: *region, Identities: ids, VirtualHostSuffix: suffixes,
		DataDir: *dataDir, BlockPublicAccessOff: !*blockPublic,
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "listening on %s\n", ln.Addr())

	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stderr, "gateway: stopped")
	return nil
}
