package peers

import (
	"testing"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/cedar-policy/cedar-go"
	"github.com/seaweedfs/seaweedfs/weed/s3api/policy_engine"
)

// expected is the decision an engine gives for a shape: the table's, or
// the documented difference.
func expected(s shape, engine string) bucketpolicy.Decision {
	if d, ok := shapeDifferences[s.name+"/"+engine]; ok {
		return d.got
	}
	return s.want
}

// seaweedResult is SeaweedFS's result for a decision.
func seaweedResult(d bucketpolicy.Decision) policy_engine.PolicyEvaluationResult {
	switch d {
	case bucketpolicy.Allow:
		return policy_engine.PolicyResultAllow
	case bucketpolicy.Deny:
		return policy_engine.PolicyResultDeny
	}
	return policy_engine.PolicyResultIndeterminate
}

// BenchmarkPeers evaluates every shape with every engine on one core:
// BenchmarkPeers/<shape>/<engine>. Policies are compiled and requests
// built before the timer runs; the loop is the evaluation call alone.
func BenchmarkPeers(b *testing.B) {
	for _, s := range shapes {
		b.Run(s.name, func(b *testing.B) {
			b.Run("ours", func(b *testing.B) {
				c := newOurs(b, s.policy, principal, s.action, s.resource, benchContext())
				checkDecision(b, c.decide(), expected(s, "ours"))
				b.ReportAllocs()
				for b.Loop() {
					c.p.Evaluate(c.req)
				}
			})
			b.Run("seaweedfs", func(b *testing.B) {
				c := newSeaweed(b, s.policy, principal, s.action, s.resource, benchContext())
				checkDecision(b, c.decide(), expected(s, "seaweedfs"))
				b.ReportAllocs()
				for b.Loop() {
					c.e.EvaluatePolicy(bucket, c.args)
				}
			})
			b.Run("cedar", func(b *testing.B) {
				c := newCedar(b, s.policy, principal, s.action, s.resource, benchContext())
				got, errs := c.decide()
				checkDecision(b, got, expected(s, "cedar"))
				if len(errs) > 0 {
					b.Fatalf("cedar evaluation errors: %v", errs)
				}
				b.ReportAllocs()
				for b.Loop() {
					c.ps.IsAuthorized(c.entities, c.req)
				}
			})
		})
	}
}

func checkDecision(tb testing.TB, got, want bucketpolicy.Decision) {
	tb.Helper()
	if got != want {
		tb.Fatalf("decision %v, want %v", got, want)
	}
}

// parallelBatch is the number of evaluations per pb.Next. As in the
// library's BenchmarkEvaluateParallel, a batch keeps the write every Next
// makes to the goroutine's testing.PB from dominating (or false-sharing
// with) evaluations of a few tens of nanoseconds.
const parallelBatch = 8

// reportPerEval reports ns/eval: wall time per evaluation across all
// goroutines, the figure to set beside BenchmarkPeers' ns/op.
func reportPerEval(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*parallelBatch), "ns/eval")
}

// BenchmarkPeersParallel evaluates every shape with every engine from
// GOMAXPROCS goroutines at once, one shared compiled policy and request
// per engine: BenchmarkPeersParallel/<shape>/<engine>. Compare ns/eval.
func BenchmarkPeersParallel(b *testing.B) {
	for _, s := range shapes {
		b.Run(s.name, func(b *testing.B) {
			b.Run("ours", func(b *testing.B) {
				c := newOurs(b, s.policy, principal, s.action, s.resource, benchContext())
				want := expected(s, "ours")
				checkDecision(b, c.decide(), want)
				b.ReportAllocs()
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						for range parallelBatch {
							if c.p.Evaluate(c.req) != want {
								panic("wrong decision")
							}
						}
					}
				})
				reportPerEval(b)
			})
			b.Run("seaweedfs", func(b *testing.B) {
				c := newSeaweed(b, s.policy, principal, s.action, s.resource, benchContext())
				want := expected(s, "seaweedfs")
				checkDecision(b, c.decide(), want)
				wantResult := seaweedResult(want)
				b.ReportAllocs()
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						for range parallelBatch {
							if c.e.EvaluatePolicy(bucket, c.args) != wantResult {
								panic("wrong decision")
							}
						}
					}
				})
				reportPerEval(b)
			})
			b.Run("cedar", func(b *testing.B) {
				c := newCedar(b, s.policy, principal, s.action, s.resource, benchContext())
				want := expected(s, "cedar")
				got, _ := c.decide()
				checkDecision(b, got, want)
				wantAllow := cedar.Decision(want == bucketpolicy.Allow)
				b.ReportAllocs()
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						for range parallelBatch {
							if d, _ := c.ps.IsAuthorized(c.entities, c.req); d != wantAllow {
								panic("wrong decision")
							}
						}
					}
				})
				reportPerEval(b)
			})
		})
	}
}
