package policyhttp

import (
	"net/http"
	"strings"

	"github.com/bucketpolicy/bucketpolicy"
)

// This file holds the shape of a cloud's operation table and the routing
// every cloud shares: method, then what the request addresses (the
// service, a bucket, an object), then the sub-resource keyword of its
// query, then the parameters and headers that tell operations of one
// keyword apart. The tables themselves are s3.go, oss.go and cos.go.

// route is one row of a cloud's operation table.
type route struct {
	method string
	level  level
	sub    string   // the sub-resource keyword that selects the operation; "" for none
	need   []string // the selector parameters the request has; any other selector excludes the row
	copy   bool     // the request names a copy source (x-amz-copy-source and the like)
	op     string   // the operation, as the API reference names it
	action string   // the action it needs, as the policy writes it
	// versioned is the action when the request names a version (S3's
	// ...Version actions); "" when the version does not change it.
	versioned string
	flags     flags
	// eq, when set, is a parameter and the value the request must give it
	// (OSS tells ?replication&comp=add from comp=delete).
	eq [2]string
}

// flags mark routes whose requests need more than their own action or
// carry more condition keys.
type flags uint16

const (
	listing       flags = 1 << iota // fills the prefix, delimiter and max-keys keys
	objectACL                       // an ACL header adds the object ACL action (§1.3)
	objectTags                      // a tagging header adds the object tagging action
	copySource                      // reads the copy source: a second check
	deleteKeys                      // one check per key of the body (DeleteObjects)
	existing                        // object operation: ExistingObjectTag keys apply
	listV2                          // a listing whose list-type may be 2
	aclWrite                        // sets an ACL: the ACL and grant header keys apply
	upload                          // writes an object: encryption and storage-class keys apply
	bucketCreate                    // S3's CreateBucket: its headers may add checks
	createsBucket                   // creates the bucket: its owner is the caller's account
)

// cloud is what routing needs to know of one cloud's API.
type cloud struct {
	routes []route
	// byMethod lists, for each method (see methodIndex) and sub-resource
	// keyword ("" for none), the rows that have them, in table order
	// (built by init from routes), so that routing looks at a handful of
	// rows instead of the whole table.
	byMethod [len(methods)]map[string][]int32
	// keywords are the sub-resource keywords that select operations.
	keywords map[string]bool
	// selectors are parameters that tell apart operations of one keyword
	// (uploadId, partNumber).
	selectors map[string]bool
	// params are the parameters that select nothing: listing options,
	// response overrides, the version id.
	params map[string]bool
	// authPrefixes are prefixes of the parameters a presigned URL carries
	// (X-Amz-, x-oss-, q-), compared ASCII-case-insensitively.
	authPrefixes []string
	// copyHeaders name the copy source, first the cloud's own.
	copyHeaders []string
	// versionParam is the query parameter that names a version.
	versionParam string
	service      *service
	dialect      bucketpolicy.Dialect
}

// appendResource writes the resource a check names, in the dialect's form:
// the service's, a bucket's (bucket set, tg.level bucket) or an object's.
// (A switch rather than a function value, so that the buffer stays on the
// caller's stack.)
func (cl *cloud) appendResource(m *Mapper, b []byte, tg target, bucket, key string) []byte {
	switch cl.dialect {
	case bucketpolicy.OSS:
		return ossResource(m, b, tg, bucket, key)
	case bucketpolicy.COS:
		return cosResource(m, b, tg, bucket, key)
	}
	return s3Resource(m, b, tg, bucket, key)
}

// fillKeys fills the request's condition keys into mp.
func (cl *cloud) fillKeys(m *Mapper, mp *Mapping, r *http.Request, q *query, rt *route, tg target, stamp, epoch string) error {
	switch cl.dialect {
	case bucketpolicy.OSS:
		return ossKeys(m, mp, r, q, rt, tg, stamp, epoch)
	case bucketpolicy.COS:
		return cosKeys(m, mp, r, q, rt, tg, stamp, epoch)
	}
	return s3Keys(m, mp, r, q, rt, tg, stamp, epoch)
}

// methods are the methods the tables route.
var methods = [...]string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodOptions}

// methodIndex returns the index of method in methods, or -1.
func methodIndex(method string) int {
	for i, m := range methods {
		if m == method {
			return i
		}
	}
	return -1
}

// indexRoutes builds cl.byMethod. A row with a method outside methods
// would never be found: it panics, at init.
func (cl *cloud) indexRoutes() {
	for i := range cl.byMethod {
		cl.byMethod[i] = make(map[string][]int32)
	}
	for i := range cl.routes {
		rt := &cl.routes[i]
		m := methodIndex(rt.method)
		if m < 0 {
			panic("policyhttp: route " + rt.op + " has the method " + rt.method + ", which routing does not know")
		}
		cl.byMethod[m][rt.sub] = append(cl.byMethod[m][rt.sub], int32(i))
	}
}

func init() {
	for _, cl := range []*cloud{s3Cloud, obsCloud, ossCloud, ossVectorCloud, cosCloud} {
		cl.indexRoutes()
	}
}

// set builds a set of strings.
func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// route finds the row of the table for a request, or explains why there
// is none.
func (cl *cloud) route(method string, lvl level, q *query, hasCopy bool) (*route, error) {
	sub := ""
	var selected []string
	for i := range q.n {
		name := q.at(i).name
		switch {
		case cl.keywords[name]:
			if sub != "" {
				return nil, notImplemented("the request names two sub-resources, " + quote(sub) + " and " + quote(name))
			}
			sub = name
		case cl.selectors[name]:
			selected = append(selected, name)
		case cl.params[name], cl.isAuthParam(name):
		default:
			return nil, notImplemented("the query parameter " + quote(name) + " is not one this server knows")
		}
	}
	var rows []int32
	if mi := methodIndex(method); mi >= 0 {
		rows = cl.byMethod[mi][sub]
	}
	for _, i := range rows {
		rt := &cl.routes[i]
		if rt.level != lvl || rt.copy != hasCopy || !sameSet(rt.need, selected) {
			continue
		}
		if rt.eq[0] != "" {
			if v, _ := q.get(rt.eq[0]); v != rt.eq[1] {
				continue
			}
		}
		return rt, nil
	}
	what := method + " on " + lvl.String()
	if sub != "" {
		what += " with ?" + sub
	}
	if len(selected) > 0 {
		what += " and " + strings.Join(selected, ", ")
	}
	if hasCopy {
		what += " with a copy source"
	}
	if method != http.MethodGet && method != http.MethodHead && method != http.MethodPut &&
		method != http.MethodPost && method != http.MethodDelete {
		what = "the method " + quote(method)
	}
	return nil, notImplemented(what + " is not an operation this server knows")
}

func (cl *cloud) isAuthParam(name string) bool {
	for _, p := range cl.authPrefixes {
		if len(name) >= len(p) && strings.EqualFold(name[:len(p)], p) {
			return true
		}
	}
	return false
}

// sameSet reports whether two small lists hold the same names.
func sameSet(want, got []string) bool {
	if len(want) != len(got) {
		return false
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			if g == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
