package peers

import (
	"maps"
	"testing"

	"github.com/bucketpolicy/bucketpolicy"
)

// probe is a request beyond the benchmark shapes that exercises one rule
// where an engine, or the Cedar translation, may part from IAM. want is
// the IAM decision (/work/shared/spec/semantics.md), which ours gives;
// differ lists the engines that decide otherwise, with why. TestFidelity
// asserts both, so the differences README.md reports are measured ones.
type probe struct {
	name                        string
	policy                      string
	principal, action, resource string
	context                     map[string][]string
	want                        bucketpolicy.Decision
	differ                      map[string]difference
}

type difference struct {
	got bucketpolicy.Decision
	why string
}

// withContext returns the bench context changed by edit.
func withContext(edit func(map[string][]string)) map[string][]string {
	c := benchContext()
	edit(c)
	return c
}

var probes = []probe{
	{
		name: "ActionNameCase", policy: "small3",
		principal: "alice", action: "s3:getobject", resource: "arn:aws:s3:::mybucket/public/a.txt",
		context: benchContext(), want: bucketpolicy.Allow,
		differ: map[string]difference{
			"seaweedfs": {bucketpolicy.NoDecision, "actions are matched by case-sensitive regular expressions (util/wildcard.CompileWildcardPattern); its handlers pass canonical names"},
			"cedar":     {bucketpolicy.NoDecision, "entity ids are case-sensitive: Action::\"s3:getobject\" is not Action::\"s3:GetObject\"; the host must canonicalise action names"},
		},
	},
	{
		name: "ConditionKeyCase", policy: "small3",
		principal: "alice", action: "s3:GetObject", resource: "arn:aws:s3:::mybucket/public/a.txt",
		context: withContext(func(c map[string][]string) {
			c["aws:referer"] = c["aws:Referer"]
			delete(c, "aws:Referer")
		}),
		want: bucketpolicy.Allow,
		differ: map[string]difference{
			"seaweedfs": {bucketpolicy.NoDecision, "condition keys are exact map keys (getConditionContextValue); its own ExtractConditionValuesFromRequest spells them as its policies do"},
			"cedar":     {bucketpolicy.NoDecision, "record attributes are case-sensitive; the host must spell each key as the policy does"},
		},
	},
	{
		name: "NotIpAddressKeyAbsent", policy: "large100",
		principal: "user0", action: "s3:PutObject", resource: "arn:aws:s3:::mybucket/dept0/x",
		context: withContext(func(c map[string][]string) { delete(c, "aws:SourceIp") }),
		want:    bucketpolicy.Deny,
		differ:  map[string]difference{},
	},
	{
		name: "NotIpAddressUnreadable", policy: "large100",
		principal: "user0", action: "s3:PutObject", resource: "arn:aws:s3:::mybucket/dept0/x",
		context: withContext(func(c map[string][]string) { c["aws:SourceIp"] = []string{"10.1.2.3:5555"} }),
		want:    bucketpolicy.Deny,
		differ: map[string]difference{
			"cedar": {bucketpolicy.NoDecision, "the host cannot make an ipaddr of the text and passes a string; the type error makes Cedar skip the forbid (an erroring policy never applies), so the Deny fails open"},
		},
	},
	{
		name: "ActionPatternKnownMember", policy: "large100",
		principal: "user1", action: "s3:GetObjectVersion", resource: "arn:aws:s3:::mybucket/dept1/x",
		context: withContext(func(c map[string][]string) { c["aws:UserAgent"] = []string{"agent-1"} }),
		want:    bucketpolicy.Allow,
		differ:  map[string]difference{},
	},
	{
		name: "ActionPatternUnlistedAction", policy: "large100",
		principal: "user1", action: "s3:GetObjectFutureThing", resource: "arn:aws:s3:::mybucket/dept1/x",
		context: withContext(func(c map[string][]string) { c["aws:UserAgent"] = []string{"agent-1"} }),
		want:    bucketpolicy.Allow,
		differ: map[string]difference{
			"cedar": {bucketpolicy.NoDecision, "an IAM action pattern becomes an action group whose members the host enumerates; an action missing from the list is not a member"},
		},
	},
	{
		name: "VariableOtherUser", policy: "small3",
		principal: "alice", action: "s3:PutObject", resource: "arn:aws:s3:::mybucket/home/bob/x",
		context: benchContext(), want: bucketpolicy.NoDecision,
		differ: map[string]difference{},
	},
	{
		name: "VariableKeyAbsent", policy: "small3",
		principal: "alice", action: "s3:PutObject", resource: "arn:aws:s3:::mybucket/home/alice/x",
		context: withContext(func(c map[string][]string) { delete(c, "aws:username") }),
		want:    bucketpolicy.NoDecision,
		differ:  map[string]difference{},
	},
}

// TestFidelity runs the probes through every engine.
func TestFidelity(t *testing.T) {
	for _, p := range probes {
		for _, engine := range engines {
			t.Run(p.name+"/"+engine, func(t *testing.T) {
				got, errs := decide(t, engine, p.policy, p.principal, p.action, p.resource, maps.Clone(p.context))
				want := p.want
				d, differs := p.differ[engine]
				if differs {
					want = d.got
				}
				if got != want {
					t.Errorf("%s decides %v, want %v", engine, got, want)
				}
				if differs {
					t.Logf("documented difference: %s decides %v where IAM decides %v: %s", engine, got, p.want, d.why)
				}
				for _, e := range errs {
					t.Logf("cedar evaluation error in %s: %s", e.PolicyID, e.Message)
				}
			})
		}
	}
}
