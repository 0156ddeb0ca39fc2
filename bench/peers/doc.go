// Package peers compares bucketpolicy's evaluator with two other Go policy
// engines on the benchmark shapes of the project (../../testdata/bench):
// SeaweedFS's S3 bucket-policy engine (weed/s3api/policy_engine) and
// cedar-go, with the two benchmark policies translated to Cedar.
//
// It is a module of its own so that the library's go.mod never depends on
// the peers. Everything is in the tests: TestDecisions checks that every
// engine decides every shape as the shape table says (or asserts the
// documented difference), BenchmarkPeers and BenchmarkPeersParallel time
// them, BenchmarkEndToEnd times SeaweedFS's path from an *http.Request to a
// decision, and cmd/ratios turns `go test -bench` output into per-shape
// medians and peer/ours ratios. See README.md.
package peers
