package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bucketpolicy/bucketpolicy"
)

// The bucket policy tests, run with each official SDK against a gateway of
// its dialect: the ?policy API, the documents the cloud refuses, Block
// Public Access, enforcement, and a concurrent load. Each SDK is wrapped in
// an sdk (adapter_*_test.go), so that one scenario runs with all four.

// sdk is one official SDK's client for one identity (or none: anonymous)
// against a gateway.
type sdk interface {
	createBucket(ctx context.Context, bucket string) error
	// putPolicy sends doc with the SDK's own PutBucketPolicy call and
	// returns the bytes it sent (COS's SDK re-encodes the document) and
	// the HTTP status of the reply.
	putPolicy(ctx context.Context, bucket, doc string) (sent string, status int, err error)
	getPolicy(ctx context.Context, bucket string) (string, error)
	deletePolicy(ctx context.Context, bucket string) (status int, err error)
	// policyStatus reads the policy's public status (errUnsupported where
	// the SDK has no such call: COS).
	policyStatus(ctx context.Context, bucket string) (public bool, err error)
	// setBlockPublicAccess and blockPublicAccess switch and read the
	// bucket's Block Public Access (S3 and OBS: BlockPublicPolicy; OSS:
	// BlockPublicAccess) with the SDK's call (errUnsupported: COS).
	setBlockPublicAccess(ctx context.Context, bucket string, on bool) error
	blockPublicAccess(ctx context.Context, bucket string) (bool, error)
	putObject(ctx context.Context, bucket, key string, data []byte) error
	getObject(ctx context.Context, bucket, key string) ([]byte, error)
	copyObject(ctx context.Context, dstBucket, dstKey, srcBucket, srcKey string) error
	// deleteObjects deletes keys in one request and returns the keys
	// reported deleted, and the error code of each key reported failed.
	deleteObjects(ctx context.Context, bucket string, keys []string) (deleted []string, failed map[string]string, err error)
}

var errUnsupported = errors.New("the SDK has no such call")

// sdkKind is one SDK: its dialect, how to make a client, and how to read
// its typed error.
type sdkKind struct {
	name    string
	dialect dialect
	client  func(t *testing.T, tg *testGateway, id *identity) sdk
	// code returns the code of err when err is the SDK's own typed
	// service error, and false otherwise.
	code func(err error) (string, bool)
	// ec returns OSS's EC of a typed error ("" elsewhere).
	ec func(err error) string
	// bucket names a bucket as the cloud requires (COS: NAME-APPID).
	bucket func(name string) string
}

// sdkKinds are the four SDKs, each against its own cloud's dialect (the
// OBS SDK with each of its two signatures).
var sdkKinds = []sdkKind{awsKind, obsKind, obsV4Kind, ossKind, cosKind}

// cosAppID is the APPID of the COS buckets in the tests.
const cosAppID = "1250000000"

// policyKit writes the test policies in a dialect's form.
type policyKit struct {
	d      dialect
	owner  string // the bucket owner's account
	region string
}

// stmt is one statement of a test policy.
type stmt struct {
	deny      bool
	principal string   // an account id, or "*" for everyone
	actions   []string // names without the service prefix: "GetObject"
	prefix    string   // the resource is BUCKET/PREFIX*
	bucket    string   // "" for the policy's own bucket
	notIP     []string // a NotIpAddress condition on the source address
}

// doc writes a policy for bucket in the kit's dialect.
func (k policyKit) doc(bucket string, ss ...stmt) string {
	var out []map[string]any
	for _, s := range ss {
		b := bucket
		if s.bucket != "" {
			b = s.bucket
		}
		var actions []string
		for _, a := range s.actions {
			actions = append(actions, map[dialect]string{dialectAWS: "s3:", dialectOBS: "s3:", dialectOSS: "oss:", dialectCOS: "name/cos:"}[k.d]+a)
		}
		var principal any
		var resource, effect string
		var cond map[string]any
		switch k.d {
		case dialectOSS:
			principal = []string{s.principal}
			resource = "acs:oss:*:" + k.owner + ":" + b + "/" + s.prefix + "*"
			if s.notIP != nil {
				cond = map[string]any{"NotIpAddress": map[string]any{"acs:SourceIp": s.notIP}}
			}
		case dialectCOS:
			p := "qcs::cam::anyone:anyone"
			if s.principal != "*" {
				p = "qcs::cam::uin/" + s.principal + ":uin/" + s.principal
			}
			principal = map[string][]string{"qcs": {p}}
			resource = "qcs::cos:" + k.region + ":uid/" + cosAppID + ":" + b + "/" + s.prefix + "*"
			if s.notIP != nil {
				cond = map[string]any{"ip_not_equal": map[string]any{"qcs:ip": s.notIP}}
			}
		default:
			principal = "*"
			if s.principal != "*" {
				principal = map[string][]string{"AWS": {"arn:aws:iam::" + s.principal + ":root"}}
			}
			resource = "arn:aws:s3:::" + b + "/" + s.prefix + "*"
			if s.notIP != nil {
				cond = map[string]any{"NotIpAddress": map[string]any{"aws:SourceIp": s.notIP}}
			}
		}
		effect = "Allow"
		if s.deny {
			effect = "Deny"
		}
		if k.d == dialectCOS {
			effect = strings.ToLower(effect)
			st := map[string]any{"principal": principal, "action": actions, "effect": effect, "resource": []string{resource}}
			if cond != nil {
				st["condition"] = cond
			}
			out = append(out, st)
			continue
		}
		st := map[string]any{"Effect": effect, "Principal": principal, "Action": actions, "Resource": []string{resource}}
		if cond != nil {
			st["Condition"] = cond
		}
		out = append(out, st)
	}
	var d map[string]any
	switch k.d {
	case dialectAWS:
		d = map[string]any{"Version": "2012-10-17", "Statement": out}
	case dialectOBS:
		d = map[string]any{"Version": "2008-10-17", "Statement": out}
	case dialectOSS:
		d = map[string]any{"Version": "1", "Statement": out}
	case dialectCOS:
		d = map[string]any{"version": "2.0", "statement": out}
	}
	raw, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return string(raw)
}

// oversized is a well-formed policy for bucket larger than the dialect
// accepts.
func (k policyKit) oversized(bucket, other string) string {
	limit := bucketpolicy.DefaultLimits(libDialect[k.d]).DocumentBytes
	var ss []stmt
	for i := 0; ; i++ {
		ss = append(ss, stmt{principal: other, actions: []string{"GetObject"}, prefix: fmt.Sprintf("prefix-number-%04d/", i)})
		if doc := k.doc(bucket, ss...); len(doc) > limit+100 {
			return doc
		}
	}
}

// malformed is a document the cloud refuses as malformed. COS's SDK sends
// a struct it encodes itself, so its malformed document is well-formed
// JSON with an effect no policy has.
func (k policyKit) malformed(bucket string) string {
	if k.d == dialectCOS {
		return strings.Replace(k.doc(bucket, stmt{principal: "100000000002", actions: []string{"GetObject"}, prefix: "x/"}), `"allow"`, `"maybe"`, 1)
	}
	return `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*"`
}

// ownerSetup is what most policy tests start from: a gateway of the SDK's
// dialect, the owner's client, the dialect's policy kit and a bucket the
// owner created.
type ownerSetup struct {
	tg     *testGateway
	ctx    context.Context
	c      sdk
	kit    policyKit
	bucket string
}

func ownerWithBucket(t *testing.T, k sdkKind, name string) ownerSetup {
	t.Helper()
	tg := startGateway(t, k.dialect)
	ctx := testContext(t)
	owner := tg.ids["owner"]
	c := k.client(t, tg, &owner)
	bucket := k.bucket(name)
	mustOK(t, "create bucket", c.createBucket(ctx, bucket))
	return ownerSetup{tg: tg, ctx: ctx, c: c, kit: kitFor(tg), bucket: bucket}
}

// kitFor is the kit of the SDK's dialect for a gateway.
func kitFor(tg *testGateway) policyKit {
	return policyKit{d: tg.g.cfg.Dialect, owner: tg.ids["owner"].Account, region: tg.g.cfg.Region}
}

// wantCode checks that err is the SDK's typed service error with code.
func wantCode(t *testing.T, k sdkKind, what string, err error, code string) {
	t.Helper()
	got, ok := k.code(err)
	if !ok || got != code {
		t.Errorf("%s: %v; want the %s SDK's typed error with code %s", what, err, k.name, code)
	}
}

// mustOK fails the test on err.
func mustOK(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// TestPolicyAPI: the owner puts a policy (the cloud's status), reads it
// back byte for byte and its public status, deletes it, and then reading
// it is NoSuchBucketPolicy, as each SDK's typed error.
func TestPolicyAPI(t *testing.T) {
	for _, k := range sdkKinds {
		t.Run(k.name, func(t *testing.T) {
			o := ownerWithBucket(t, k, "api-bucket")
			tg, ctx, c, kit, bucket := o.tg, o.ctx, o.c, o.kit, o.bucket

			_, err := c.getPolicy(ctx, bucket)
			wantCode(t, k, "GetBucketPolicy before any", err, "NoSuchBucketPolicy")
			doc := kit.doc(bucket, stmt{principal: tg.ids["other"].Account, actions: []string{"GetObject"}, prefix: "public/"})
			sent, status, err := c.putPolicy(ctx, bucket, doc)
			mustOK(t, "PutBucketPolicy", err)
			if want := map[dialect]int{dialectAWS: 204, dialectOBS: 204, dialectOSS: 200, dialectCOS: 204}[k.dialect]; status != want {
				t.Errorf("PutBucketPolicy: status %d, want %d", status, want)
			}
			got, err := c.getPolicy(ctx, bucket)
			mustOK(t, "GetBucketPolicy", err)
			if got != sent {
				t.Errorf("GetBucketPolicy:\n%s\nwant the bytes put:\n%s", got, sent)
			}
			if public, err := c.policyStatus(ctx, bucket); err != errUnsupported {
				mustOK(t, "policy status", err)
				if public {
					t.Error("policy status: public, want not (the policy grants one account)")
				}
			}
			// An identity of another account that the policy does not
			// give the policy API is refused.
			other := tg.ids["other"]
			_, err = k.client(t, tg, &other).getPolicy(ctx, bucket)
			if code, _ := k.code(err); code != "AccessDenied" && code != "MethodNotAllowed" {
				t.Errorf("GetBucketPolicy by another account: %v, want AccessDenied", err)
			}
			status, err = c.deletePolicy(ctx, bucket)
			mustOK(t, "DeleteBucketPolicy", err)
			if status != 204 {
				t.Errorf("DeleteBucketPolicy: status %d, want 204", status)
			}
			_, err = c.getPolicy(ctx, bucket)
			wantCode(t, k, "GetBucketPolicy after DeleteBucketPolicy", err, "NoSuchBucketPolicy")
			if status, err = c.deletePolicy(ctx, bucket); err != nil || status != 204 {
				t.Errorf("DeleteBucketPolicy without a policy: %d, %v; want 204", status, err)
			}
			if public, err := c.policyStatus(ctx, bucket); err != errUnsupported {
				switch k.dialect {
				case dialectOSS: // OSS answers false without a policy
					if err != nil || public {
						t.Errorf("policy status without a policy: %v, %v; want false", public, err)
					}
				default:
					wantCode(t, k, "policy status without a policy", err, "NoSuchBucketPolicy")
				}
			}
		})
	}
}

// TestPolicyRefused: documents the cloud's PutBucketPolicy refuses, each
// answered with the cloud's code, and nothing stored.
func TestPolicyRefused(t *testing.T) {
	for _, k := range sdkKinds {
		t.Run(k.name, func(t *testing.T) {
			o := ownerWithBucket(t, k, "refused-bucket")
			tg, ctx, c, kit, bucket := o.tg, o.ctx, o.c, o.kit, o.bucket
			other := tg.ids["other"].Account
			bad := map[dialect]string{dialectAWS: "MalformedPolicy", dialectOBS: "MalformedPolicy", dialectOSS: "InvalidPolicyDocument", dialectCOS: "MalformedPolicy"}[k.dialect]
			tooLarge := map[dialect]string{dialectOBS: "EntityTooLarge"}[k.dialect]
			if tooLarge == "" {
				tooLarge = bad
			}
			cases := []struct {
				name, doc, code, ec string
			}{
				{"malformed", kit.malformed(bucket), bad, ""},
				{"oversized", kit.oversized(bucket, other), tooLarge, "0030-00000001"},
				{"another bucket", kit.doc(bucket, stmt{principal: other, actions: []string{"GetObject"}, prefix: "x/", bucket: k.bucket("another-bucket")}), bad, ""},
			}
			if k.dialect == dialectAWS || k.dialect == dialectOBS {
				cases = append(cases, struct{ name, doc, code, ec string }{"unknown action",
					kit.doc(bucket, stmt{principal: other, actions: []string{"GetObjectz"}, prefix: "x/"}), bad, ""})
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					_, _, err := c.putPolicy(ctx, bucket, tc.doc)
					wantCode(t, k, "PutBucketPolicy", err, tc.code)
					if k.dialect == dialectOSS {
						ec := k.ec(err)
						if tc.ec != "" && ec != tc.ec || !strings.HasPrefix(ec, "0030-0000000") {
							t.Errorf("PutBucketPolicy: EC %q, want %s", ec, map[bool]string{true: tc.ec, false: "0030-0000000N"}[tc.ec != ""])
						}
					}
					_, err = c.getPolicy(ctx, bucket)
					wantCode(t, k, "GetBucketPolicy after a refused put", err, "NoSuchBucketPolicy")
				})
			}
		})
	}
}

// TestBlockPublicAccess: Block Public Access is on for a new bucket; a
// public policy is then refused with AccessDenied, and accepted once the
// owner turns it off with the SDK's own call (COS has none: a gateway
// started with --block-public-access=false).
func TestBlockPublicAccess(t *testing.T) {
	for _, k := range sdkKinds {
		t.Run(k.name, func(t *testing.T) {
			o := ownerWithBucket(t, k, "bpa-bucket")
			tg, ctx, c, kit, bucket := o.tg, o.ctx, o.c, o.kit, o.bucket
			public := kit.doc(bucket, stmt{principal: "*", actions: []string{"GetObject"}, prefix: "anon/"})

			on, err := c.blockPublicAccess(ctx, bucket)
			if err != errUnsupported && (err != nil || !on) {
				t.Errorf("Block Public Access of a new bucket: %v, %v; want on", on, err)
			}
			_, _, err = c.putPolicy(ctx, bucket, public)
			wantCode(t, k, "public PutBucketPolicy under Block Public Access", err, "AccessDenied")
			if _, err := c.getPolicy(ctx, bucket); err == nil {
				t.Error("a refused public policy was stored")
			}

			if err := c.setBlockPublicAccess(ctx, bucket, false); err == errUnsupported {
				tg = startGateway(t, k.dialect, func(c *config) { c.BlockPublicAccessOff = true })
				owner := tg.ids["owner"]
				c = k.client(t, tg, &owner)
				mustOK(t, "create bucket", c.createBucket(ctx, bucket))
			} else {
				mustOK(t, "turn Block Public Access off", err)
				if on, err := c.blockPublicAccess(ctx, bucket); err != nil || on {
					t.Errorf("Block Public Access after turning it off: %v, %v", on, err)
				}
			}
			sent, _, err := c.putPolicy(ctx, bucket, public)
			mustOK(t, "public PutBucketPolicy without Block Public Access", err)
			if got, err := c.getPolicy(ctx, bucket); err != nil || got != sent {
				t.Errorf("GetBucketPolicy: %q, %v", got, err)
			}
			if isPublic, err := c.policyStatus(ctx, bucket); err != errUnsupported && (err != nil || !isPublic) {
				t.Errorf("policy status of a public policy: %v, %v; want public", isPublic, err)
			}
			if err := c.setBlockPublicAccess(ctx, bucket, true); err != errUnsupported {
				mustOK(t, "turn Block Public Access on", err)
				_, _, err = c.putPolicy(ctx, bucket, public)
				wantCode(t, k, "public PutBucketPolicy after turning Block Public Access on again", err, "AccessDenied")
				// Only the owner switches it.
				other := tg.ids["other"]
				err = k.client(t, tg, &other).setBlockPublicAccess(ctx, bucket, false)
				wantCode(t, k, "another account turning Block Public Access off", err, "AccessDenied")
			}
		})
	}
}

// TestPolicyEnforced: with a policy in force, another account reads
// public/ and not private/, anonymous callers read only anon/, a Deny
// NotIpAddress 10.0.0.0/8 refuses the owner on 127.0.0.1 until the policy
// lets 127.0.0.0/8 in, a copy needs read on its source, a multi-object
// delete is decided key by key, and a wrong signature is refused.
func TestPolicyEnforced(t *testing.T) {
	for _, k := range sdkKinds {
		t.Run(k.name, func(t *testing.T) {
			tg := startGateway(t, k.dialect, func(c *config) { c.BlockPublicAccessOff = true })
			ctx := testContext(t)
			kit := kitFor(tg)
			owner, alice, other := tg.ids["owner"], tg.ids["alice"], tg.ids["other"]
			oc, ac, xc, anon := k.client(t, tg, &owner), k.client(t, tg, &alice), k.client(t, tg, &other), k.client(t, tg, nil)
			bucket, otherBucket := k.bucket("enforced"), k.bucket("elsewhere")
			mustOK(t, "create bucket", oc.createBucket(ctx, bucket))
			mustOK(t, "create the other account's bucket", xc.createBucket(ctx, otherBucket))
			for _, key := range []string{"public/x", "private/x", "anon/x", "ipdeny/x", "public/d1", "private/d2"} {
				mustOK(t, "PutObject "+key, oc.putObject(ctx, bucket, key, []byte(key)))
			}
			policy := func(allowed ...string) string {
				return kit.doc(bucket,
					stmt{principal: other.Account, actions: []string{"GetObject", "DeleteObject"}, prefix: "public/"},
					stmt{principal: "*", actions: []string{"GetObject"}, prefix: "anon/"},
					stmt{deny: true, principal: "*", actions: []string{"GetObject"}, prefix: "ipdeny/", notIP: allowed})
			}
			_, _, err := oc.putPolicy(ctx, bucket, policy("10.0.0.0/8"))
			mustOK(t, "PutBucketPolicy", err)

			read := func(who string, c sdk, key string, want bool) {
				t.Helper()
				got, err := c.getObject(ctx, bucket, key)
				switch {
				case want && (err != nil || string(got) != key):
					t.Errorf("%s reading %s: %q, %v; want it read", who, key, got, err)
				case !want:
					wantCode(t, k, who+" reading "+key, err, "AccessDenied")
				}
			}
			read("the other account", xc, "public/x", true)
			read("the other account", xc, "private/x", false)
			read("anonymous", anon, "anon/x", true)
			read("anonymous", anon, "public/x", false)
			read("anonymous", anon, "private/x", false)
			read("the owner", oc, "private/x", true)
			read("a user of the owner's account", ac, "private/x", false) // no identity policies: not the owner
			read("the owner from 127.0.0.1", oc, "ipdeny/x", false)
			read("the other account from 127.0.0.1", xc, "ipdeny/x", false)

			// A copy reads its source under the source bucket's policy.
			mustOK(t, "copy public/x into the other account's bucket", xc.copyObject(ctx, otherBucket, "copied", bucket, "public/x"))
			wantCode(t, k, "copy private/x into the other account's bucket", xc.copyObject(ctx, otherBucket, "copied2", bucket, "private/x"), "AccessDenied")
			wantCode(t, k, "the owner copying ipdeny/x (denied read)", oc.copyObject(ctx, bucket, "ipcopy", bucket, "ipdeny/x"), "AccessDenied")
			wantCode(t, k, "the other account copying public/x into the owner's bucket (no write)", xc.copyObject(ctx, bucket, "public/y", bucket, "public/x"), "AccessDenied")
			if got, err := xc.getObject(ctx, otherBucket, "copied"); err != nil || string(got) != "public/x" {
				t.Errorf("the copy: %q, %v", got, err)
			}

			// A multi-object delete, key by key.
			deleted, failed, err := xc.deleteObjects(ctx, bucket, []string{"public/d1", "private/d2"})
			mustOK(t, "DeleteObjects", err)
			if !slices.Equal(deleted, []string{"public/d1"}) {
				t.Errorf("DeleteObjects: deleted %q, want [public/d1]", deleted)
			}
			// The OSS SDK's result has no per-key errors: a refused key is
			// one missing from Deleted.
			if k.dialect != dialectOSS && (len(failed) != 1 || failed["private/d2"] != "AccessDenied") {
				t.Errorf("DeleteObjects: failed %v, want private/d2 AccessDenied", failed)
			}
			if _, err := oc.getObject(ctx, bucket, "public/d1"); err == nil {
				t.Error("public/d1 is still there")
			}
			read("the owner", oc, "private/d2", true)

			// A wrong signature is refused before the policy is asked.
			wrong := other
			wrong.SecretAccessKey = "not-the-secret"
			_, err = k.client(t, tg, &wrong).getObject(ctx, bucket, "public/x")
			wantCode(t, k, "a wrong signature", err, "SignatureDoesNotMatch")

			// The Deny holds until the policy's NotIpAddress includes the
			// client's 127.0.0.1.
			_, _, err = oc.putPolicy(ctx, bucket, policy("10.0.0.0/8", "127.0.0.0/8"))
			mustOK(t, "PutBucketPolicy", err)
			read("the owner from 127.0.0.1, now allowed", oc, "ipdeny/x", true)
			read("anonymous", anon, "ipdeny/x", false) // nothing grants it
		})
	}
}
