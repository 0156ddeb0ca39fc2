package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
goarch: amd64
cpu: Test CPU
BenchmarkPeers/Small3/Allow/ours-2         	 1000	       10.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkPeers/Small3/Allow/ours-2         	 1000	       30.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkPeers/Small3/Allow/ours-2         	 1000	       20.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkPeers/Small3/Allow/seaweedfs-2    	 1000	      400 ns/op	     648 B/op	      28 allocs/op
BenchmarkPeers/Small3/Allow/cedar-2        	 1000	      100 ns/op	     424 B/op	      11 allocs/op
BenchmarkPeersParallel/Small3/Allow/ours-2 	 1000	       80.0 ns/op	       10.0 ns/eval	       0 B/op	       0 allocs/op
BenchmarkPeersParallel/Small3/Allow/cedar-2	 1000	     2400 ns/op	      300 ns/eval	    3392 B/op	      88 allocs/op
BenchmarkEndToEnd/seaweedfs-2              	 1000	     8000 ns/op	    2919 B/op	      64 allocs/op
--- SKIP: BenchmarkEndToEnd/ours
PASS
`

func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(nil, strings.NewReader(sample), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"cpu: Test CPU",
		"runs per benchmark: 1 to 3",
		// The median of 10, 30, 20 is 20: seaweedfs 400/20, cedar 100/20.
		"| Small3/Allow | 20.0 ns, 0 allocs | 400 ns, 28 allocs | 20× | 100 ns, 11 allocs | 5.0× |",
		"- seaweedfs: smallest ratio 20× (goal ≥ 10× on every shape: met)",
		"- cedar: smallest ratio 5.0× (goal ≥ 10× on every shape: not met)",
		// Parallel rows use ns/eval.
		"| Small3/Allow | 10.0 ns | 300 ns | 30× |",
		"| EndToEnd/seaweedfs | 8.00 µs | 2919 | 64 | — | 1 |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q; got:\n%s", want, got)
		}
	}
}

func TestRunNoBenchmarks(t *testing.T) {
	var out strings.Builder
	if err := run(nil, strings.NewReader("PASS\nok\n"), &out); err == nil {
		t.Error("no error for input without benchmark lines")
	}
}
