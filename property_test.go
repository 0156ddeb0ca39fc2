package bucketpolicy_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/bucketpolicy/bucketpolicy"
)

// Property tests over generated policies and requests. The generator draws
// from small vocabularies so that statements often apply, conditions often
// decide, and every operator family and principal form turns up.

type genPolicy struct {
	dialect bucketpolicy.Dialect
	version string
	stmts   []genStmt
}

type genStmt struct {
	sid        string
	effect     string
	principal  any
	notPrinc   bool
	actions    []string
	notAction  bool
	resources  []string
	notRes     bool
	conditions []genCond
}

type genCond struct {
	op, key string
	values  []string
}

// vocab is what the generator draws a dialect's statements from.
type vocab struct {
	principals []any
	actions    []string
	resources  []string
	conds      []genCond
}

var awsVocab = vocab{
	principals: []any{"*",
		map[string]any{"AWS": "*"},
		map[string]any{"AWS": []string{"alice", "bob"}},
		map[string]any{"AWS": "arn:aws:iam::111122223333:root"},
		map[string]any{"AWS": "arn:aws:iam::111122223333:user/bob"},
		map[string]any{"AWS": "arn:aws:iam::111122223333:role/R"},
		map[string]any{"AWS": "arn:aws:sts::111122223333:assumed-role/R/s1"},
		map[string]any{"CanonicalUser": "c0ffee"},
	},
	actions:   []string{"s3:GetObject", "s3:PutObject", "s3:Get*", "s3:*", "*", "s3:DeleteObject", "s3:ListBucket", "s3:?etObject"},
	resources: []string{"arn:aws:s3:::b/*", "arn:aws:s3:::b/a/*", "arn:aws:s3:::b/a/?", "arn:aws:s3:::b", "*", "arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::c/*", "arn:aws:s3:::b/*.txt"},
	conds: []genCond{
		{"StringEquals", "aws:username", []string{"alice", "bob"}},
		{"StringNotEquals", "aws:username", []string{"alice"}},
		{"StringEqualsIgnoreCase", "aws:UserAgent", []string{"AGENT"}},
		{"StringLike", "s3:prefix", []string{"a/*", ""}},
		{"StringNotLike", "aws:Referer", []string{"https://example.com/*"}},
		{"StringEqualsIfExists", "aws:SourceVpc", []string{"vpc-1"}},
		{"IpAddress", "aws:SourceIp", []string{"10.0.0.0/8", "2001:db8::/32"}},
		{"NotIpAddress", "aws:SourceIp", []string{"10.1.0.0/16"}},
		{"NumericLessThan", "s3:max-keys", []string{"100"}},
		{"NumericGreaterThanEquals", "s3:max-keys", []string{"10", "50"}},
		{"DateLessThan", "aws:CurrentTime", []string{"2026-06-01T00:00:00Z"}},
		{"Bool", "aws:SecureTransport", []string{"true"}},
		{"Null", "aws:username", []string{"false"}},
		{"Null", "aws:SourceVpc", []string{"true"}},
		{"ForAnyValue:StringEquals", "aws:TagKeys", []string{"a", "b"}},
		{"ForAllValues:StringLike", "aws:TagKeys", []string{"a*", "b"}},
		{"ForAllValues:StringNotEquals", "aws:TagKeys", []string{"secret"}},
		{"ArnLike", "aws:SourceArn", []string{"arn:aws:sqs:*:111122223333:*"}},
		{"StringEquals", "aws:username", []string{"${aws:userid}"}},
	},
}

var ossVocab = vocab{
	principals: []any{[]string{"*"}, []string{}, "*", []string{"20214760404935xxxx"}, []string{"174649585760xxxx"},
		[]string{"arn:sts::174649585760xxxx:assumed-role/R/*"}, []string{"*", "20214760404935xxxx"}},
	actions:   []string{"oss:GetObject", "oss:PutObject", "oss:Get*", "oss:*", "oss:ListObjects"},
	resources: []string{"acs:oss:*:174649585760xxxx:b/*", "acs:oss:*:174649585760xxxx:b", "acs:oss:*:*:b/a/*", "*"},
	conds: []genCond{
		{"StringEquals", "acs:SourceVpc", []string{"vpc-1"}},
		{"StringNotEquals", "acs:SourceVpc", []string{"vpc-1"}},
		{"StringLike", "oss:Prefix", []string{"a/*", ""}},
		{"IpAddress", "acs:SourceIp", []string{"10.0.0.0/8"}},
		{"NotIpAddress", "acs:SourceIp", []string{"203.0.113.5"}},
		{"Bool", "acs:SecureTransport", []string{"true"}},
		{"StringNotLike", "acs:AccessId", []string{"TMP.*", "STS.*"}},
	},
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func pickSome[T any](r *rand.Rand, xs []T, max int) []T {
	n := 1 + r.IntN(max)
	out := make([]T, 0, n)
	for range n {
		out = append(out, pick(r, xs))
	}
	return out
}

func genStatement(r *rand.Rand, d bucketpolicy.Dialect, i int) genStmt {
	s := genStmt{effect: pick(r, []string{"Allow", "Allow", "Deny"})}
	if d == bucketpolicy.OSS {
		s.principal = pick(r, ossVocab.principals)
		s.actions = pickSome(r, ossVocab.actions, 3)
		s.resources = pickSome(r, ossVocab.resources, 2)
		if r.IntN(2) == 0 {
			s.conditions = pickSome(r, ossVocab.conds, 2)
		}
		return s
	}
	s.sid = fmt.Sprint("S", i)
	s.principal = pick(r, awsVocab.principals)
	s.notPrinc = r.IntN(8) == 0 && s.principal != "*"
	s.actions = pickSome(r, awsVocab.actions, 3)
	s.notAction = r.IntN(8) == 0
	s.resources = pickSome(r, awsVocab.resources, 2)
	s.notRes = r.IntN(8) == 0
	if r.IntN(3) > 0 {
		s.conditions = pickSome(r, awsVocab.conds, 3)
	}
	return s
}

func genPolicyFor(r *rand.Rand, d bucketpolicy.Dialect) genPolicy {
	g := genPolicy{dialect: d, version: "2012-10-17"}
	if d == bucketpolicy.OSS {
		g.version = "1"
	}
	n := 1 + r.IntN(12)
	for i := range n {
		g.stmts = append(g.stmts, genStatement(r, d, i))
	}
	return g
}

// doc renders the policy. Duplicate keys (the same condition twice) are
// merged the way a writer would: the values join.
func (g genPolicy) doc() []byte {
	var stmts []map[string]any
	for _, s := range g.stmts {
		m := map[string]any{"Effect": s.effect}
		if s.sid != "" {
			m["Sid"] = s.sid
		}
		el := func(name string, not bool) string {
			if not {
				return "Not" + name
			}
			return name
		}
		m[el("Principal", s.notPrinc)] = s.principal
		m[el("Action", s.notAction)] = s.actions
		m[el("Resource", s.notRes)] = s.resources
		if len(s.conditions) > 0 {
			cond := map[string]map[string][]string{}
			for _, c := range s.conditions {
				if cond[c.op] == nil {
					cond[c.op] = map[string][]string{}
				}
				cond[c.op][c.key] = append(cond[c.op][c.key], c.values...)
			}
			m["Condition"] = cond
		}
		stmts = append(stmts, m)
	}
	b, err := json.Marshal(map[string]any{"Version": g.version, "Statement": stmts})
	if err != nil {
		panic(err)
	}
	return b
}

func (g genPolicy) parse(t *testing.T) *bucketpolicy.Policy {
	t.Helper()
	p, err := bucketpolicy.Parse(g.doc(), bucketpolicy.WithDialect(g.dialect))
	if err != nil {
		t.Fatalf("generated policy does not parse: %v\n%s", err, g.doc())
	}
	return p
}

func (g genPolicy) clone() genPolicy {
	c := g
	c.stmts = slices.Clone(g.stmts)
	for i := range c.stmts {
		c.stmts[i].actions = slices.Clone(c.stmts[i].actions)
		c.stmts[i].resources = slices.Clone(c.stmts[i].resources)
		c.stmts[i].conditions = slices.Clone(c.stmts[i].conditions)
		for j := range c.stmts[i].conditions {
			c.stmts[i].conditions[j].values = slices.Clone(c.stmts[i].conditions[j].values)
		}
	}
	return c
}

func genRequest(r *rand.Rand, d bucketpolicy.Dialect) bucketpolicy.Request {
	if d == bucketpolicy.OSS {
		req := bucketpolicy.Request{
			Principal: pick(r, []string{"", "20214760404935xxxx", "174649585760xxxx", "arn:sts::174649585760xxxx:assumed-role/R/s", "99999"}),
			Action:    pick(r, []string{"oss:GetObject", "oss:PutObject", "oss:ListObjects", "oss:DeleteObject"}),
			Resource:  pick(r, []string{"acs:oss:cn-hangzhou:174649585760xxxx:b/a/x", "acs:oss:cn-hangzhou:174649585760xxxx:b", "acs:oss:cn-hangzhou:174649585760xxxx:c/k"}),
			Context:   map[string][]string{},
		}
		req.Owner = req.Principal == "174649585760xxxx" && r.IntN(2) == 0
		if req.Principal != "" {
			req.Account = pick(r, []string{"", "174649585760xxxx"})
		}
		for _, k := range []string{"acs:SourceVpc", "oss:Prefix", "acs:SourceIp", "acs:SecureTransport", "acs:AccessId"} {
			if r.IntN(3) > 0 {
				req.Context[k] = pickSome(r, map[string][]string{
					"acs:SourceVpc": {"vpc-1", "vpc-2"}, "oss:Prefix": {"a/x", "", "b/"},
					"acs:SourceIp": {"10.1.2.3", "203.0.113.5", "bad"}, "acs:SecureTransport": {"true", "false"},
					"acs:AccessId": {"STS.x", "LTAI"},
				}[k], 1)
			}
		}
		return req
	}
	req := bucketpolicy.Request{
		Principal: pick(r, []string{"", "alice", "bob", "arn:aws:iam::111122223333:user/bob", "arn:aws:iam::111122223333:user/carol",
			"arn:aws:sts::111122223333:assumed-role/R/s1", "arn:aws:sts::111122223333:assumed-role/R/s2", "arn:aws:iam::999:user/eve", "c0ffee"}),
		Owner:    r.IntN(4) == 0,
		Action:   pick(r, []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetObjectAcl"}),
		Resource: pick(r, []string{"arn:aws:s3:::b/a/x", "arn:aws:s3:::b/a/xy", "arn:aws:s3:::b", "arn:aws:s3:::b/alice/k", "arn:aws:s3:::c/k", "arn:aws:s3:::b/k.txt"}),
		Context:  map[string][]string{},
	}
	values := map[string][]string{
		"aws:username":        {"alice", "bob"},
		"aws:userid":          {"alice", "AID"},
		"aws:UserAgent":       {"agent", "other"},
		"s3:prefix":           {"a/x", "", "b/"},
		"aws:Referer":         {"https://example.com/p", "https://evil.test/"},
		"aws:SourceVpc":       {"vpc-1", "vpc-2"},
		"aws:SourceIp":        {"10.1.2.3", "10.2.0.1", "2001:db8::1", "::ffff:10.1.2.3", "not-ip"},
		"s3:max-keys":         {"5", "50", "500", "x"},
		"aws:CurrentTime":     {"2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"},
		"aws:SecureTransport": {"true", "false"},
		"aws:TagKeys":         {"a", "b", "secret"},
		"aws:SourceArn":       {"arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:sqs:us-east-1:999:q"},
	}
	for k, vs := range values {
		switch r.IntN(4) {
		case 0: // absent
		case 1:
			req.Context[k] = pickSome(r, vs, 3)
		default:
			req.Context[k] = []string{pick(r, vs)}
		}
	}
	return req
}

const propertyRounds = 3000

// TestProperties checks, over generated policies and requests, the laws a
// policy engine must obey. Each failure prints the policy and the request.
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for round := range propertyRounds {
		d := bucketpolicy.AWS
		if round%4 == 3 {
			d = bucketpolicy.OSS
		}
		g := genPolicyFor(r, d)
		p := g.parse(t)

		withDeny := g.clone()
		extraDeny := genStatement(r, d, len(g.stmts))
		extraDeny.effect = "Deny"
		withDeny.stmts = append(withDeny.stmts, extraDeny)
		pDeny := withDeny.parse(t)

		withAllow := g.clone()
		extraAllow := genStatement(r, d, len(g.stmts))
		extraAllow.effect = "Allow"
		withAllow.stmts = append(withAllow.stmts, extraAllow)
		pAllow := withAllow.parse(t)

		// Remove one condition from one Allow statement, if there is one.
		lessCond, removedFrom := g.clone(), -1
		for i, s := range lessCond.stmts {
			if s.effect == "Allow" && len(s.conditions) > 0 {
				// A condition is an (operator, key) pair: drop every entry
				// the document merges into it.
				gone := s.conditions[r.IntN(len(s.conditions))]
				lessCond.stmts[i].conditions = slices.DeleteFunc(s.conditions, func(c genCond) bool {
					return c.op == gone.op && c.key == gone.key
				})
				removedFrom = i
				break
			}
		}
		pLess := lessCond.parse(t)

		shuffled := g.clone()
		r.Shuffle(len(shuffled.stmts), func(i, j int) { shuffled.stmts[i], shuffled.stmts[j] = shuffled.stmts[j], shuffled.stmts[i] })
		for i := range shuffled.stmts {
			s := &shuffled.stmts[i]
			r.Shuffle(len(s.actions), func(i, j int) { s.actions[i], s.actions[j] = s.actions[j], s.actions[i] })
			r.Shuffle(len(s.resources), func(i, j int) { s.resources[i], s.resources[j] = s.resources[j], s.resources[i] })
			for k := range s.conditions {
				v := s.conditions[k].values
				r.Shuffle(len(v), func(i, j int) { v[i], v[j] = v[j], v[i] })
			}
		}
		pShuffled := shuffled.parse(t)

		for range 20 {
			req := genRequest(r, d)
			fail := func(law string, before, after bucketpolicy.Decision, doc []byte) {
				t.Helper()
				reqJSON, _ := json.Marshal(req)
				t.Fatalf("%s: %v became %v\npolicy: %s\nafter: %s\nrequest: %s", law, before, after, g.doc(), doc, reqJSON)
			}
			before := checkDecisions(t, p, req)

			if after := checkDecisions(t, pDeny, req); after == bucketpolicy.Allow && before != bucketpolicy.Allow || before == bucketpolicy.Deny && after != bucketpolicy.Deny {
				fail("adding a bucketpolicy.Deny statement", before, after, withDeny.doc())
			}
			if after := checkDecisions(t, pAllow, req); before == bucketpolicy.Deny && after != bucketpolicy.Deny || before == bucketpolicy.Allow && after != bucketpolicy.Allow {
				fail("adding an bucketpolicy.Allow statement", before, after, withAllow.doc())
			}
			if removedFrom >= 0 {
				after := checkDecisions(t, pLess, req)
				s := lessCond.stmts[removedFrom]
				// The OSS owner rule: an everyone statement that loses its last
				// condition stops binding the owner.
				ownerRule := d == bucketpolicy.OSS && req.Owner && len(s.conditions) == 0 && ossEveryone(s.principal)
				if before == bucketpolicy.Allow && after != bucketpolicy.Allow && !ownerRule || before == bucketpolicy.Deny && after != bucketpolicy.Deny {
					fail("removing a condition from an Allow", before, after, lessCond.doc())
				}
			}
			if after := checkDecisions(t, pShuffled, req); after != before {
				fail("reordering statements, actions, resources and values", before, after, shuffled.doc())
			}
			checked++
		}
	}
	t.Logf("%d policy/request pairs, each checked against 4 variants", checked)
}

func ossEveryone(principal any) bool {
	switch v := principal.(type) {
	case string:
		return v == "*"
	case []string:
		return len(v) == 0 || slices.Contains(v, "*")
	}
	return false
}
