package main

import (
	"net/http"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/policyhttp"
)

// This file is where the library decides: every request is mapped by
// policyhttp.Mapper to the checks its cloud makes of a bucket policy, and
// every operation but the ?policy API (policy.go) is enforced against the
// compiled policy of the bucket each check names, with the owner fallback
// of bucketpolicy.Policy.Authorize. The gateway has no identity policies
// (IAM, RAM, CAM): a bucket's policy and its owner are all that decide.

// libDialect is the library's name of each dialect.
var libDialect = map[dialect]bucketpolicy.Dialect{
	dialectAWS: bucketpolicy.AWS,
	dialectOBS: bucketpolicy.OBS,
	dialectOSS: bucketpolicy.OSS,
	dialectCOS: bucketpolicy.COS,
}

// newMapper is the gateway's request mapper: its dialect, region and
// virtual-host suffixes, and (for the oss resources,
// acs:oss:REGION:OWNER:BUCKET) each bucket's owner account.
//
// The OSS mapper refuses to map a request whose bucket has no owner, and a
// bucket that does not exist yet has none: PutBucket (CreateBucket), or a
// request the gateway will answer NoSuchBucket. For those the resource
// names noOwner. No decision is ever made on it: creating a bucket is not
// decided by a bucket policy here (notGoverned), and every other request
// to a missing bucket, or copying from one, is answered NoSuchBucket
// before any check is decided.
func (g *gateway) newMapper() *policyhttp.Mapper {
	return &policyhttp.Mapper{
		Dialect:             g.lib,
		VirtualHostSuffixes: g.cfg.VirtualHostSuffix,
		Region:              g.cfg.Region,
		OwnerOf: func(name string) string {
			if owner := g.bucketAccount(name); owner != "" {
				return owner
			}
			return noOwner
		},
	}
}

// noOwner is the owner account the resources of a bucket that does not
// exist name (see newMapper).
const noOwner = "0"

// bucketAccount is the account that owns the named bucket, "" for none.
func (g *gateway) bucketAccount(name string) string {
	if b := g.store.bucket(name); b != nil {
		return b.Owner
	}
	return ""
}

// libCaller is the caller as the library reads it: principal and account,
// whether it owns the request's bucket b (the root of b's account) or
// another bucket, its access key, and for aws and obs how it signed
// (s3:signatureversion, s3:authType). An anonymous caller is the zero
// Caller.
func (g *gateway) libCaller(c *caller, b *bucket) policyhttp.Caller {
	if c.Anonymous {
		return policyhttp.Caller{}
	}
	d := g.cfg.Dialect
	lc := policyhttp.Caller{
		Principal:   c.Principal,
		Account:     c.Account,
		Owner:       c.owns(d, b),
		OwnerOf:     func(name string) bool { return c.owns(d, g.store.bucket(name)) },
		AccessKeyID: c.AccessKeyID,
		AuthType:    "REST-HEADER",
	}
	if c.Presigned {
		lc.AuthType = "REST-QUERY-STRING"
	}
	if d == dialectAWS || d == dialectOBS {
		lc.Auth = c.Scheme // "AWS4-HMAC-SHA256" or "AWS" (V2), as s3:signatureversion writes them
	}
	return lc
}

// notGoverned are the operations no bucket policy decides: listing one's
// own buckets, and creating a bucket (which has no policy yet). On the
// clouds identity policies decide them; the gateway has none, so any
// authenticated caller may (the handlers refuse anonymous callers).
var notGoverned = map[string]bool{
	"ListBuckets": true, "GetService": true, // COS
	"CreateBucket": true, "PutBucket": true, // OSS, COS
}

// enforce decides an operation other than the ?policy API, after the
// bucket was found and before the operation runs. It reports whether the
// operation may run; when it refuses, it has written the reply (403
// AccessDenied in the cloud's format, or the error that kept it from
// deciding). A multi-object delete passes here and is decided key by key
// (allowedKeys).
func (g *gateway) enforce(w http.ResponseWriter, r *http.Request, x *exchange) bool {
	m := x.m
	if notGoverned[m.Operation] {
		return true
	}
	ctx := r.Context()
	p, err := g.policies.Policy(ctx, m.Bucket)
	if err != nil {
		g.writeError(w, r, errorf(http.StatusInternalServerError, "InternalError", "reading the bucket policy: %v", err))
		return false
	}
	single := true
	for i := range m.Checks {
		single = single && m.Checks[i].Bucket == m.Bucket
	}
	if single {
		return m.Enforce(w, p, requestID(r))
	}
	// A copy whose source lies in another bucket: each check against the
	// policy of its own bucket.
	byBucket := map[string]*bucketpolicy.Policy{m.Bucket: p}
	for i := range m.Checks {
		name := m.Checks[i].Bucket
		if _, ok := byBucket[name]; ok {
			continue
		}
		if g.store.bucket(name) == nil {
			// Asked before any policy: the handler would otherwise keep
			// an entry for every name a client makes up.
			g.writeError(w, r, errNoSuchBucket)
			return false
		}
		q, err := g.policies.Policy(ctx, name)
		if err != nil {
			g.writeError(w, r, errorf(http.StatusInternalServerError, "InternalError", "reading the bucket policy of %s: %v", name, err))
			return false
		}
		byBucket[name] = q
	}
	return m.EnforceFunc(w, func(b string) *bucketpolicy.Policy { return byBucket[b] }, requestID(r))
}

// allowedKeys decides a multi-object delete key by key: for each key in
// the body's order, whether its own check (x.m.Checks[i], the delete of
// that key, or of its version) passes the bucket's policy with the owner
// fallback. A refused key is answered AccessDenied inside the 200 result,
// as S3 does. The gateway reads the body itself too; if its keys are not
// the mapper's, one after another, nothing is deleted.
func (g *gateway) allowedKeys(r *http.Request, x *exchange, keys []string) ([]bool, *apiError) {
	m := x.m
	if len(m.Checks) != len(keys) {
		return nil, errorf(http.StatusInternalServerError, "InternalError", "the policy mapper read %d keys to delete, the gateway %d", len(m.Checks), len(keys))
	}
	p, err := g.policies.Policy(r.Context(), m.Bucket)
	if err != nil {
		return nil, errorf(http.StatusInternalServerError, "InternalError", "reading the bucket policy: %v", err)
	}
	ok := make([]bool, len(keys))
	for i, k := range keys {
		c := &m.Checks[i]
		if c.Key != k || c.Bucket != m.Bucket {
			return nil, errorf(http.StatusInternalServerError, "InternalError", "the policy mapper and the gateway read different keys to delete")
		}
		ok[i] = p.Authorize(c.Request)
	}
	return ok, nil
}
