package peers

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"time"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/policyhttp"
	"github.com/gorilla/mux"
	"github.com/seaweedfs/seaweedfs/weed/s3api/policy_engine"
	"github.com/seaweedfs/seaweedfs/weed/s3api/s3_constants"
)

// End to end: from a ready *http.Request to a decision. The request is
// Small3/Allow as a client sends it: GET /mybucket/public/a.txt, path
// style, from 10.1.2.3:5555 over TLS, with the bench context's User-Agent
// and Referer. The caller is the IAM user alice.

// e2eRequest builds the GetObject request.
func e2eRequest() *http.Request {
	r := httptest.NewRequest(http.MethodGet, "https://s3.example.com/mybucket/public/a.txt", nil)
	r.RemoteAddr = "10.1.2.3:5555"
	r.Header.Set("User-Agent", "aws-sdk-go/1.0")
	r.Header.Set("Referer", "https://www.example.com/page")
	r.TLS = &tls.ConnectionState{} // aws:SecureTransport true, as in the bench context
	return r
}

// seaweedPrincipal is the principal SeaweedFS's handlers build for an IAM
// user alice of its default account (weed/s3api/auth_credentials.go,
// buildPrincipalARN and defaultAccountID, at the version in go.mod).
const seaweedPrincipal = "arn:aws:iam::000000000000:user/alice"

// seaweedEndToEnd is what SeaweedFS's handlers do between routing and the
// decision for a GetObject (weed/s3api/s3api_bucket_policy_engine.go,
// BucketPolicyEngine.EvaluatePolicy, at the version in go.mod), with the
// policy_engine functions it calls. Two steps are not SeaweedFS's own
// code here: routing (its gorilla/mux router has already put the bucket
// and the key into the request's vars, as mux.SetURLVars does in the
// benchmark), and ResolveS3Action, which lives in package s3api (whose
// import pulls in the whole server) and maps a GET of an object without a
// subresource to s3:GetObject; BuildActionName stands in for it. Both
// omissions make SeaweedFS's figure a lower bound.
func seaweedEndToEnd(e *policy_engine.PolicyEngine, r *http.Request, principal string) policy_engine.PolicyEvaluationResult {
	bucket, object := s3_constants.GetBucketAndObject(r)
	args := &policy_engine.PolicyEvaluationArgs{
		Action:    policy_engine.BuildActionName("GetObject"),
		Resource:  policy_engine.BuildResourceArn(bucket, object),
		Principal: principal,
	}
	args.OriginalGrantConditions = policy_engine.OriginalGrantConditionsFromRequest(r)
	args.Conditions = e.ExtractConditionValuesFromRequest(r)
	for k, v := range policy_engine.ExtractPrincipalVariables(principal) {
		args.Conditions[k] = v
	}
	return e.EvaluatePolicy(bucket, args)
}

// seaweedE2ESetup loads Small3 into a SeaweedFS engine and routes the
// request, and checks the decision.
func seaweedE2ESetup(tb testing.TB) (*policy_engine.PolicyEngine, *http.Request) {
	tb.Helper()
	e := policy_engine.NewPolicyEngine()
	if err := e.SetBucketPolicy(bucket, string(readPolicy(tb, "small3"))); err != nil {
		tb.Fatal(err)
	}
	r := mux.SetURLVars(e2eRequest(), map[string]string{"bucket": bucket, "object": "public/a.txt"})
	if got := seaweedEndToEnd(e, r, seaweedPrincipal); got != policy_engine.PolicyResultAllow {
		tb.Fatalf("SeaweedFS end to end: result %v, want Allow", got)
	}
	return e, r
}

// TestEndToEndSeaweedFS checks the end-to-end path's decision and the
// context SeaweedFS derives from the request.
func TestEndToEndSeaweedFS(t *testing.T) {
	e, r := seaweedE2ESetup(t)
	c := e.ExtractConditionValuesFromRequest(r)
	for k, want := range map[string]string{
		"aws:SourceIp":        "10.1.2.3",
		"aws:SecureTransport": "true",
		"aws:UserAgent":       "aws-sdk-go/1.0",
		"aws:Referer":         "https://www.example.com/page",
	} {
		if got := c[k]; len(got) != 1 || got[0] != want {
			t.Errorf("%s = %q, want [%q]", k, got, want)
		}
	}
	if got := policy_engine.ExtractPrincipalVariables(seaweedPrincipal)["aws:username"]; len(got) != 1 || got[0] != "alice" {
		t.Errorf("aws:username = %q, want [alice]", got)
	}
}

// BenchmarkEndToEnd times the path from *http.Request to decision.
func BenchmarkEndToEnd(b *testing.B) {
	b.Run("ours", benchmarkEndToEndOurs)
	b.Run("ours-map", benchmarkEndToEndOursMap)
	b.Run("seaweedfs", func(b *testing.B) {
		e, r := seaweedE2ESetup(b)
		b.ReportAllocs()
		for b.Loop() {
			seaweedEndToEnd(e, r, seaweedPrincipal)
		}
	})
}

// oursEndToEnd is the library's path: the mapper turns the request into
// its checks, which the policy decides.
// oursEndToEnd is a server's hot path: a Mapping from a pool, MapInto,
// Decide, the Mapping back.
func oursEndToEnd(m *policyhttp.Mapper, p *bucketpolicy.Policy, r *http.Request, now time.Time) bucketpolicy.Decision {
	mp := mappings.Get().(*policyhttp.Mapping)
	defer mappings.Put(mp)
	if err := m.MapInto(mp, r, policyhttp.Caller{Principal: oursPrincipal}, now); err != nil {
		return bucketpolicy.NoDecision
	}
	return mp.Decide(p)
}

var mappings = sync.Pool{New: func() any { return new(policyhttp.Mapping) }}

// oursEndToEndMap is the same with Map, which allocates the Mapping.
func oursEndToEndMap(m *policyhttp.Mapper, p *bucketpolicy.Policy, r *http.Request, now time.Time) bucketpolicy.Decision {
	mp, err := m.Map(r, policyhttp.Caller{Principal: oursPrincipal}, now)
	if err != nil {
		return bucketpolicy.NoDecision
	}
	return mp.Decide(p)
}

const oursPrincipal = "arn:aws:iam::111122223333:user/alice"

func benchmarkEndToEndOurs(b *testing.B)    { benchmarkOurs(b, oursEndToEnd) }
func benchmarkEndToEndOursMap(b *testing.B) { benchmarkOurs(b, oursEndToEndMap) }

func benchmarkOurs(b *testing.B, decide func(*policyhttp.Mapper, *bucketpolicy.Policy, *http.Request, time.Time) bucketpolicy.Decision) {
	p := newOurs(b, "small3", "", "", "", nil).p
	m := &policyhttp.Mapper{Dialect: bucketpolicy.AWS}
	r := e2eRequest()
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	if got := decide(m, p, r, now); got != bucketpolicy.Allow {
		b.Fatalf("ours end to end: %v, want allow", got)
	}
	b.ReportAllocs()
	for b.Loop() {
		decide(m, p, r, now)
	}
}
