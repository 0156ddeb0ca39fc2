//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// TestMainProcess starts the gateway as people do, with port 0: as a built
// binary stopped by SIGTERM, and under `go run` stopped by a signal to its
// process group, as a terminal's Ctrl-C or `kill -TERM -PGID` sends it. Each
// must print exactly one line, answer an SDK request, and stop cleanly.
// (go run itself ignores SIGINT, dies of SIGTERM without passing it on, and
// exits 1 after an interrupt whatever its program did: cmd/go's
// base/signal_unix.go and work/exec.go. So under go run the test reads the
// gateway's "stopped" line, not go's exit status.)
func TestMainProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := filepath.Join(t.TempDir(), "gateway")
	build := exec.Command(goCmd, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	args := func() []string {
		return []string{"--listen", "127.0.0.1:0", "--dialect", "aws", "--credentials", "credentials.example.json", "--data", t.TempDir()}
	}
	t.Run("binary, SIGTERM", func(t *testing.T) {
		runGateway(t, exec.Command(bin, args()...), syscall.SIGTERM, false)
	})
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run("go run, "+sig.String()+" to the group", func(t *testing.T) {
			if sig == syscall.SIGTERM && !becomeSubreaper() {
				t.Skip("go dies of SIGTERM first, and its orphan could not be waited for")
			}
			runGateway(t, exec.Command(goCmd, append([]string{"run", "."}, args()...)...), sig, true)
		})
	}
}

var listeningLine = regexp.MustCompile(`^listening on (127\.0\.0\.1:[1-9][0-9]*)\n$`)

func runGateway(t *testing.T, cmd *exec.Cmd, sig syscall.Signal, group bool) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// exec copies standard error until every process holding the pipe has
	// closed it, so after Wait the gateway (go run's child too) has exited.
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pgid := cmd.Process.Pid
	stopped := false
	t.Cleanup(func() { // whatever happens, nothing of the group is left running
		syscall.Kill(-pgid, syscall.SIGKILL)
		if !stopped {
			cmd.Wait()
		}
	})

	lines := make(chan string, 1)
	rest := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		line, _ := r.ReadString('\n')
		lines <- line
		more, _ := io.ReadAll(r)
		rest <- string(more)
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(90 * time.Second):
		t.Fatal("no line on standard output within 90s")
	}
	m := listeningLine.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("first line %q, want \"listening on 127.0.0.1:PORT\"", line)
	}

	ids, _, err := loadIdentities("credentials.example.json", dialectAWS)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := s3.NewFromConfig(aws.Config{Region: "us-east-1", RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(ids[0].AccessKeyID, ids[0].SecretAccessKey, "")},
		func(o *s3.Options) { o.BaseEndpoint = aws.String("http://" + m[1]); o.UsePathStyle = true })
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("proc-bucket")}); err != nil {
		t.Errorf("CreateBucket: %v", err)
	}
	if out, err := c.ListBuckets(ctx, &s3.ListBucketsInput{}); err != nil || len(out.Buckets) != 1 {
		t.Errorf("ListBuckets: %v, %v", out, err)
	}

	target := cmd.Process.Pid
	if group {
		target = -pgid
	}
	if err := syscall.Kill(target, sig); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		stopped = true
		if !group && err != nil {
			t.Errorf("exit after %v: %v", sig, err)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("still running 20s after %v", sig)
	}
	if more := <-rest; strings.TrimSpace(more) != "" {
		t.Errorf("more on standard output after the first line: %q", more)
	}
	if !strings.Contains(stderr.String(), "gateway: stopped\n") {
		t.Errorf("no clean stop after %v; standard error:\n%s", sig, stderr.String())
	}
	if group { // reap go run's child if it was orphaned to us, and read its exit status
		var ws syscall.WaitStatus
		if pid, err := syscall.Wait4(-pgid, &ws, syscall.WNOHANG, nil); err == nil && pid > 0 && ws.ExitStatus() != 0 {
			t.Errorf("the gateway exited %d after %v", ws.ExitStatus(), sig)
		}
	}

}
