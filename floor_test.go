package bucketpolicy

import (
	"strings"
	"testing"
	"time"
)

// The floor: what evaluating each benchmark shape costs when nothing but
// the work no engine can skip is done. Each floor evaluator below is
// written by hand for its policy (small3.json, large100.json): it knows the
// statements' structure, as a compiler specialising the policy would, but
// it computes every answer from the request: it folds the action once,
// looks up the condition keys it needs in the request's context map, reads
// the IPv4 address and tests it against the block, and compares resource
// prefixes and the username. BenchmarkVsFloor runs Evaluate and the floor
// on the same request in the same benchmark and reports the ratio, so that
// every run says how far the engine is from it.

// floorFold folds an action to lower case (the one fold) with the
// engine's own fold, the fastest we have: the floor and Evaluate pay the
// same for it.
func floorFold(a string, buf *[actionBuf]byte) string {
	return foldInto(a, buf)
}

// floorIPv4 reads a dotted-quad address; ok is false for anything else.
func floorIPv4(s string) (uint32, bool) {
	var a, v uint32
	parts, digits := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			v = v*10 + uint32(c-'0')
			digits++
			if digits > 3 || v > 255 {
				return 0, false
			}
		case c == '.' && digits > 0 && parts < 3:
			a, v, digits = a<<8|v, 0, 0
			parts++
		default:
			return 0, false
		}
	}
	if parts != 3 || digits == 0 {
		return 0, false
	}
	return a<<8 | v, true
}

// one returns the single value of a context key, or false.
func one(ctx map[string][]string, key string) (string, bool) {
	v := ctx[key]
	if len(v) != 1 {
		return "", false
	}
	return v[0], true
}

// floorPublicRead is the PublicRead statement of both policies: Principal
// "*", s3:GetObject on mybucket/public/*, the address in 10.0.0.0/8 and the
// Referer under https://www.example.com/.
func floorPublicRead(act, res string, ctx map[string][]string) bool {
	if act != "s3:getobject" || !strings.HasPrefix(res, "arn:aws:s3:::mybucket/public/") {
		return false
	}
	ip, ok := one(ctx, "aws:SourceIp")
	if !ok {
		return false
	}
	a, ok := floorIPv4(ip)
	if !ok || a>>24 != 10 {
		return false
	}
	ref, ok := one(ctx, "aws:Referer")
	return ok && strings.HasPrefix(ref, "https://www.example.com/")
}

// floorSmall3 evaluates small3.json.
func floorSmall3(req *Request) Decision {
	var buf [actionBuf]byte
	act := floorFold(req.Action, &buf)
	res := req.Resource
	// DenyDelete: everyone, s3:DeleteObject on mybucket/*.
	if act == "s3:deleteobject" && strings.HasPrefix(res, "arn:aws:s3:::mybucket/") {
		return Deny
	}
	if floorPublicRead(act, res, req.Context) {
		return Allow
	}
	// HomeDirs: alice or bob, GetObject or PutObject on
	// mybucket/home/${aws:username}/*, over TLS.
	if (req.Principal == "alice" || req.Principal == "bob") && (act == "s3:getobject" || act == "s3:putobject") {
		const head = "arn:aws:s3:::mybucket/home/"
		if !strings.HasPrefix(res, head) {
			return NoDecision
		}
		user, ok := one(req.Context, "aws:username")
		rest := res[len(head):]
		if !ok || !strings.HasPrefix(rest, user) || !strings.HasPrefix(rest[len(user):], "/") {
			return NoDecision
		}
		if tls, ok := one(req.Context, "aws:SecureTransport"); ok && (tls == "true" || strings.EqualFold(tls, "true")) {
			return Allow
		}
	}
	return NoDecision
}

// floorLarge100 evaluates large100.json. Its statements 0 to 98 name the
// principals userN and svcN of department N; the last is PublicRead. The
// specialised evaluator goes to the statements that can name the caller
// (none for a caller outside userN/svcN) and then to PublicRead.
func floorLarge100(req *Request) Decision {
	var buf [actionBuf]byte
	act := floorFold(req.Action, &buf)
	res := req.Resource
	p := req.Principal
	if n, ok := strings.CutPrefix(p, "user"); ok && n != "" {
		_ = n // a caller userN: statement N would be checked here; the shapes' caller is alice
	} else if n, ok := strings.CutPrefix(p, "svc"); ok && n != "" {
		_ = n
	}
	if floorPublicRead(act, res, req.Context) {
		return Allow
	}
	return NoDecision
}

// floorOSSResource reports whether an oss resource matches
// acs:oss:*:<rest>*: after "acs:oss:", the region's '*' is found by a
// search for the rest, as a matcher must.
func floorOSSResource(res, rest string) bool {
	r, ok := strings.CutPrefix(res, "acs:oss:")
	return ok && strings.Contains(r, rest)
}

// floorSmall3OSS evaluates small3_oss.json.
func floorSmall3OSS(req *Request) Decision {
	var buf [actionBuf]byte
	act := floorFold(req.Action, &buf)
	res := req.Resource
	if act == "oss:deleteobject" && floorOSSResource(res, ":174649585760xxxx:mybucket/") {
		return Deny
	}
	if act == "oss:getobject" && floorOSSResource(res, ":174649585760xxxx:mybucket/public/") {
		ip, ok := one(req.Context, "acs:SourceIp")
		a, ok2 := floorIPv4(ip)
		ref, ok3 := one(req.Context, "acs:Referer")
		if ok && ok2 && a>>24 == 10 && ok3 && strings.HasPrefix(ref, "https://www.example.com/") {
			return Allow
		}
	}
	p := req.Principal
	if (p == "20214760404935xxxx" || p == "27737962156157xxxx") && (act == "oss:getobject" || act == "oss:putobject") &&
		floorOSSResource(res, ":174649585760xxxx:mybucket/home/20214760404935xxxx/") {
		if tls, ok := one(req.Context, "acs:SecureTransport"); ok && strings.EqualFold(tls, "true") {
			return Allow
		}
	}
	return NoDecision
}

// floorSmall3COS evaluates small3_cos.json.
func floorSmall3COS(req *Request) Decision {
	var buf [actionBuf]byte
	act := floorFold(strings.TrimPrefix(req.Action, "name/"), &buf)
	res := req.Resource
	const bucket = "qcs::cos:ap-guangzhou:uid/1250000000:mybucket-1250000000/"
	if act == "cos:deleteobject" && strings.HasPrefix(res, bucket) {
		return Deny
	}
	if act == "cos:getobject" && strings.HasPrefix(res, bucket+"public/") {
		ip, ok := one(req.Context, "qcs:ip")
		a, ok2 := floorIPv4(ip)
		ref, ok3 := one(req.Context, "cos:referer")
		if ok && ok2 && a>>24 == 10 && ok3 && strings.HasPrefix(ref, "https://www.example.com/") {
			return Allow
		}
	}
	p := req.Principal
	if (p == "qcs::cam::uin/100000000001:uin/100000000011" || p == "qcs::cam::uin/100000000001:uin/100000000012") &&
		(act == "cos:getobject" || act == "cos:putobject") && strings.HasPrefix(res, bucket+"home/100000000011/") {
		if tls, ok := one(req.Context, "cos:secure-transport"); ok && strings.EqualFold(tls, "true") {
			return Allow
		}
	}
	return NoDecision
}

// BenchmarkVsFloor evaluates each shape (the aws ones of shared/bench and
// the oss and cos Small3) with Evaluate, then runs the floor evaluator as
// many times on the same request, and reports the floor's time per
// operation and Evaluate's as a multiple of it.
func BenchmarkVsFloor(b *testing.B) {
	floors := map[string]func(*Request) Decision{"small3.json": floorSmall3, "large100.json": floorLarge100,
		"small3_oss.json": floorSmall3OSS, "small3_cos.json": floorSmall3COS}
	for _, r := range benchRows {
		b.Run(r.name, func(b *testing.B) {
			p, req := r.setup(b)
			floor := floors[r.policy]
			if got := floor(&req); got != r.want {
				b.Fatalf("floor says %v, want %v", got, r.want)
			}
			b.ReportAllocs()
			for b.Loop() {
				p.Evaluate(req)
			}
			ours := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			start := time.Now()
			for range b.N {
				floorSink = floor(&req)
			}
			f := float64(time.Since(start).Nanoseconds()) / float64(b.N)
			b.ReportMetric(f, "floor-ns/op")
			b.ReportMetric(ours/f, "x-floor")
		})
	}
}

var floorSink Decision
