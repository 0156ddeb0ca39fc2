package main

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/bucketpolicy/bucketpolicy/policyhttp"
)

// This file holds the bucket policy API and Block Public Access. The
// ?policy and ?policyStatus requests are the library's: one
// policyhttp.PolicyHandler answers them (who may call, the size limit,
// digests, the cloud's acceptance rules, Block Public Access, the status
// codes), over a Store that keeps each document in its bucket (and under
// --data in DIR/<bucket>/policy.json). ?publicAccessBlock is the gateway's.

// newPolicyHandler is the gateway's ?policy handler.
func (g *gateway) newPolicyHandler() *policyhttp.PolicyHandler {
	return &policyhttp.PolicyHandler{
		Dialect: g.lib,
		Store:   policyStore{g.store},
		BlockPublicAccess: func(name string) bool {
			b := g.store.bucket(name)
			if b == nil {
				return true // cannot happen: the gateway found the bucket first
			}
			pab := b.publicAccess.Load()
			return pab != nil && pab.BlockPublicPolicy
		},
		BucketAccount: g.bucketAccount,
	}
}

// policyStore is the policyhttp.Store of the gateway: each document lives in
// its bucket, as an immutable byte slice swapped whole, so a reader never
// sees half of one.
type policyStore struct{ s *store }

var errPolicyNoBucket = errors.New("the bucket does not exist")

// GetPolicy returns the bucket's document, or policyhttp.ErrNoPolicy.
func (ps policyStore) GetPolicy(_ context.Context, name string) ([]byte, error) {
	b := ps.s.bucket(name)
	if b == nil {
		return nil, policyhttp.ErrNoPolicy
	}
	doc := b.policy.Load()
	if doc == nil {
		return nil, policyhttp.ErrNoPolicy
	}
	return *doc, nil
}

// PutPolicy stores the bucket's document.
func (ps policyStore) PutPolicy(_ context.Context, name string, doc []byte) error {
	b := ps.s.bucket(name)
	if b == nil {
		return errPolicyNoBucket
	}
	return ps.s.setPolicy(b, doc)
}

// DeletePolicy removes the bucket's document.
func (ps policyStore) DeletePolicy(_ context.Context, name string) error {
	b := ps.s.bucket(name)
	if b == nil {
		return nil
	}
	return ps.s.setPolicy(b, nil)
}

// The Block Public Access configuration on the wire. S3 and OBS write four
// flags (S3's namespace on S3's replies; OBS's SDK sends and reads none);
// OSS one, BlockPublicAccess.
type (
	s3PublicAccessBlock struct {
		XMLName               xml.Name `xml:"PublicAccessBlockConfiguration"`
		Xmlns                 string   `xml:"xmlns,attr,omitempty"`
		BlockPublicAcls       bool     `xml:"BlockPublicAcls"`
		IgnorePublicAcls      bool     `xml:"IgnorePublicAcls"`
		BlockPublicPolicy     bool     `xml:"BlockPublicPolicy"`
		RestrictPublicBuckets bool     `xml:"RestrictPublicBuckets"`
	}
	ossPublicAccessBlock struct {
		XMLName           xml.Name `xml:"PublicAccessBlockConfiguration"`
		BlockPublicAccess bool     `xml:"BlockPublicAccess"`
	}
)

// maxConfigBody bounds a configuration body the gateway reads.
const maxConfigBody = 64 << 10

var errNoPublicAccessBlock = &apiError{Status: http.StatusNotFound, Code: "NoSuchPublicAccessBlockConfiguration",
	Message: "The public access block configuration was not found"}

// putPublicAccessBlock answers S3's PutPublicAccessBlock and OSS's
// PutBucketPublicAccessBlock: it replaces the bucket's configuration. S3
// and OBS answer 200 with no body, OSS 200 (spec/http.md §3; oss.md §C).
func (g *gateway) putPublicAccessBlock(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	body, e := g.readConfigBody(r)
	if e != nil {
		return e
	}
	var pab publicAccessBlock
	if g.cfg.Dialect == dialectOSS {
		var c ossPublicAccessBlock
		if err := xml.Unmarshal(body, &c); err != nil {
			return errMalformedXML
		}
		if c.BlockPublicAccess {
			pab = allBlocked
		}
	} else {
		var c s3PublicAccessBlock
		if err := xml.Unmarshal(body, &c); err != nil {
			return errMalformedXML
		}
		pab = publicAccessBlock{BlockPublicAcls: c.BlockPublicAcls, IgnorePublicAcls: c.IgnorePublicAcls,
			BlockPublicPolicy: c.BlockPublicPolicy, RestrictPublicBuckets: c.RestrictPublicBuckets}
	}
	if e := g.setPublicAccessBlock(x.bucket, &pab); e != nil {
		return e
	}
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	return nil
}

// getPublicAccessBlock answers S3's GetPublicAccessBlock (404
// NoSuchPublicAccessBlockConfiguration when the bucket has none) and OSS's
// GetBucketPublicAccessBlock (BlockPublicAccess false when it has none).
func (g *gateway) getPublicAccessBlock(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	pab := x.bucket.publicAccess.Load()
	if g.cfg.Dialect == dialectOSS {
		return writeXML(w, ossPublicAccessBlock{BlockPublicAccess: pab != nil && pab.BlockPublicPolicy})
	}
	if pab == nil {
		return errNoPublicAccessBlock
	}
	return writeXML(w, s3PublicAccessBlock{Xmlns: xmlNamespace[g.cfg.Dialect], BlockPublicAcls: pab.BlockPublicAcls,
		IgnorePublicAcls: pab.IgnorePublicAcls, BlockPublicPolicy: pab.BlockPublicPolicy, RestrictPublicBuckets: pab.RestrictPublicBuckets})
}

// deletePublicAccessBlock removes the bucket's configuration: Block Public
// Access is then off. 204, as S3 and OSS answer.
func (g *gateway) deletePublicAccessBlock(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	if e := g.setPublicAccessBlock(x.bucket, nil); e != nil {
		return e
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (g *gateway) setPublicAccessBlock(b *bucket, pab *publicAccessBlock) *apiError {
	b.publicAccess.Store(pab)
	if err := g.store.saveBucket(b); err != nil {
		return errorf(http.StatusInternalServerError, "InternalError", "saving the bucket: %v", err)
	}
	return nil
}

// readConfigBody reads a small XML body and checks the digests the client
// sent with it (Content-MD5; for S3 and OBS x-amz-checksum-*: the S3 SDK
// sends a checksum with PutPublicAccessBlock).
func (g *gateway) readConfigBody(r *http.Request) ([]byte, *apiError) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxConfigBody+1))
	if err != nil {
		return nil, bodyError(err)
	}
	if len(body) > maxConfigBody {
		return nil, errorf(http.StatusBadRequest, "MalformedXML", "The configuration exceeds %d bytes", maxConfigBody)
	}
	if e := checkContentMD5(r, body); e != nil {
		return nil, e
	}
	if g.cfg.Dialect == dialectAWS || g.cfg.Dialect == dialectOBS {
		if e := checkChecksums(r, body); e != nil {
			return nil, e
		}
	}
	return body, nil
}

// isPublicAccessBlockOp reports whether op is a bucket's Block Public
// Access call (S3 and OBS: Put/Get/DeletePublicAccessBlock; OSS:
// Put/Get/DeleteBucketPublicAccessBlock).
func isPublicAccessBlockOp(op string) bool {
	return strings.HasSuffix(op, "PublicAccessBlock") && !strings.Contains(op, "AccessPoint")
}
