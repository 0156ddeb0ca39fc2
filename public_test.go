package bucketpolicy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPublic(t *testing.T) {
	const everyoneNoCond = `Principal "*" is everyone, and the statement has no condition`
	const noFix = ", and none of its conditions fixes a key that limits who can call"
	tests := []struct {
		name    string
		dialect Dialect
		doc     string
		want    []PublicStatement // nil: not public
	}{
		{name: "aws everyone", dialect: AWS,
			doc:  `{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
			want: []PublicStatement{{0, "PublicRead", everyoneNoCond}}},
		{name: "aws AWS star", dialect: AWS,
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","*"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
			want: []PublicStatement{{0, "", `Principal {"AWS": "*"} is everyone, and the statement has no condition`}}},
		{name: "aws Deny is never public", dialect: AWS,
			doc: `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}`},
		{name: "aws fixed principals", dialect: AWS,
			doc: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice","Service":"cloudtrail.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`},
		{name: "aws Federated web identity", dialect: AWS,
			doc:  `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"graph.facebook.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
			want: []PublicStatement{{0, "", `Principal {"Federated": "graph.facebook.com"} is anyone who signs in with that identity provider, and the statement has no condition`}}},
		{name: "aws Federated SAML provider", dialect: AWS,
			doc: `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/corp"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`},
		{name: "aws NotPrincipal", dialect: AWS,
			doc:  `{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
			want: []PublicStatement{{0, "", "NotPrincipal in an Allow statement grants everyone it does not name, and the statement has no condition"}}},
		{name: "aws NotPrincipal with a fixing condition", dialect: AWS,
			doc: `{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}`},
		{name: "aws SourceVpc with a wildcard", dialect: AWS,
			doc:  `{"Statement":[{"Sid":"V","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringLike":{"aws:SourceVpc":"vpc-*"}}}]}`,
			want: []PublicStatement{{0, "V", `Principal "*" is everyone` + noFix + ` (StringLike aws:SourceVpc: "vpc-*" has a wildcard)`}}},
		{name: "aws SourceVpc fixed", dialect: AWS,
			doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-91237329"}}}]}`},
		{name: "aws key in another case", dialect: AWS,
			doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"AWS:SOURCEVPC":"vpc-91237329"}}}]}`},
		{name: "aws negated and IfExists and ForAllValues do not fix", dialect: AWS,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{` +
				`"StringNotEquals":{"aws:SourceVpc":"vpc-1"},"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"},"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-1"},"Null":{"aws:SourceAccount":"false"}}}]}`,
			want: []PublicStatement{{0, "", `Principal "*" is everyone` + noFix +
				` (StringNotEquals aws:SourceVpc: a negated operator admits every value but those listed; StringEqualsIfExists aws:SourceVpce: it holds when the key is absent; ` +
				`ForAllValues:StringEquals aws:PrincipalOrgID: a for-all-values operator holds when the key is absent; ...)`}}},
		{name: "aws an unrelated key does not fix", dialect: AWS,
			doc:  `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:UserAgent":"curl/8"}}}]}`,
			want: []PublicStatement{{0, "", `Principal "*" is everyone` + noFix}}},
		{name: "aws policy variable", dialect: AWS,
			doc:  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:SourceAccount":"${aws:PrincipalAccount}"}}}]}`,
			want: []PublicStatement{{0, "", `Principal "*" is everyone` + noFix + ` (StringEquals aws:SourceAccount: "${aws:PrincipalAccount}" holds a policy variable)`}}},
		{name: "aws SourceIp /8 is fixed", dialect: AWS,
			doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","203.0.113.5","2001:db8::/32"]}}}]}`},
		{name: "aws SourceIp /7", dialect: AWS,
			doc:  `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","10.0.0.0/7"]}}}]}`,
			want: []PublicStatement{{0, "", `Principal "*" is everyone` + noFix + ` (IpAddress aws:SourceIp: "10.0.0.0/7" is broader than /8)`}}},
		{name: "aws SourceIp IPv6 /31", dialect: AWS,
			doc:  `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"IpAddress":{"aws:SourceIp":"2001:db8::/31"}}}]}`,
			want: []PublicStatement{{0, "", `Principal "*" is everyone` + noFix + ` (IpAddress aws:SourceIp: "2001:db8::/31" is broader than /32)`}}},
		{name: "aws userid of a role's sessions", dialect: AWS,
			doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringLike":{"aws:userid":"AROAEXAMPLEID:*"}}}]}`},
		{name: "aws userid wildcard", dialect: AWS,
			doc:  `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringLike":{"aws:userid":"AIDA*"}}}]}`,
			want: []PublicStatement{{0, "", `Principal "*" is everyone` + noFix + ` (StringLike aws:userid: "AIDA*" has a wildcard)`}}},
		{name: "aws access points of a fixed account", dialect: AWS,
			doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringLike":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:123456789012:accesspoint/*"}}}]}`},
		{name: "aws access points of any account", dialect: AWS,
			doc:  `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringLike":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:*:accesspoint/*"}}}]}`,
			want: []PublicStatement{{0, "", `Principal "*" is everyone` + noFix + ` (StringLike s3:DataAccessPointArn: "arn:aws:s3:us-west-2:*:accesspoint/*" has a wildcard)`}}},
		{name: "aws ArnLike SourceArn fixed", dialect: AWS,
			doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t"}}}]}`},
		{name: "aws one public statement of three", dialect: AWS,
			doc: `{"Statement":[{"Sid":"Trail","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"},` +
				`{"Sid":"Deny","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*"},` +
				`{"Sid":"Anyone","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
			want: []PublicStatement{{2, "Anyone", everyoneNoCond}}},
		{name: "obs as aws", dialect: OBS,
			doc:  `{"Statement":[{"Sid":"S","Effect":"Allow","Principal":{"AWS":["*"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}}]}`,
			want: []PublicStatement{{0, "S", `Principal {"AWS": "*"} is everyone` + noFix + ` (IpAddress aws:SourceIp: "0.0.0.0/0" is broader than /8)`}}},
		{name: "oss no Principal", dialect: OSS,
			doc:  `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*"}]}`,
			want: []PublicStatement{{0, "", "the statement has no Principal, which OSS reads as everyone, and the statement has no condition"}}},
		{name: "oss Principal []", dialect: OSS,
			doc:  `{"Version":"1","Statement":[{"Effect":"Allow","Principal":[],"Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*"}]}`,
			want: []PublicStatement{{0, "", "Principal [] is everyone, and the statement has no condition"}}},
		{name: "oss UID with a star", dialect: OSS,
			doc:  `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["20816353761158****"],"Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*"}]}`,
			want: []PublicStatement{{0, "", `principal "20816353761158****" contains "*", and OSS counts only fixed values without "*" as not public, and the statement has no condition`}}},
		{name: "oss SourceVpcId fixed", dialect: OSS,
			doc: `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["*"],"Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*","Condition":{"StringEquals":{"acs:SourceVpcId":"vpc-t4nlw426y44rd3iq4xxxx"}}}]}`},
		{name: "oss SourceVpcIp /8", dialect: OSS,
			doc: `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["*"],"Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*","Condition":{"IpAddress":{"acs:SourceVpcIp":"192.0.0.0/8"}}}]}`},
		{name: "oss AccessId with a star", dialect: OSS,
			doc:  `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["*"],"Action":"oss:GetObject","Resource":"acs:oss:*:*:b/*","Condition":{"StringLike":{"acs:AccessId":"STS.*"}}}]}`,
			want: []PublicStatement{{0, "", `Principal "*" is everyone` + noFix + ` (StringLike acs:AccessId: "STS.*" has a wildcard)`}}},
		{name: "cos anyone with a fixed vpc", dialect: COS,
			doc: `{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["qcs::cam::anyone:anyone"]},"action":"name/cos:GetObject","resource":"*","condition":{"string_equal":{"qcs:vpc":"vpc-aqp5jrc1"}}}]}`},
		{name: "cos anonymous", dialect: COS,
			doc:  `{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["qcs::cam::anonymous:anonymous"]},"action":"name/cos:GetObject","resource":"*","condition":{"ip_equal":{"qcs:ip":"0.0.0.0/1"}}}]}`,
			want: []PublicStatement{{0, "", `principal "qcs::cam::anonymous:anonymous" is every anonymous caller` + noFix + ` (ip_equal qcs:ip: "0.0.0.0/1" is broader than /8)`}}},
		{name: "cos keys are case-sensitive", dialect: COS,
			doc:  `{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["*"]},"action":"name/cos:GetObject","resource":"*","condition":{"string_equal":{"qcs:VPC":"vpc-aqp5jrc1"}}}]}`,
			want: []PublicStatement{{0, "", `principal "*" is everyone` + noFix}}},
		{name: "cos sub-account", dialect: COS,
			doc: `{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["qcs::cam::uin/100000000001:uin/100000000011"]},"action":"name/cos:GetObject","resource":"*"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(tt.doc), WithDialect(tt.dialect))
			if err != nil {
				t.Fatal(err)
			}
			got := p.Public()
			want := PublicVerdict{Public: tt.want != nil, Statements: tt.want}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestPublicVerdictString(t *testing.T) {
	var nilPolicy *Policy
	if v := nilPolicy.Public(); v.Public || v.Statements != nil || v.String() != "no" {
		t.Errorf("nil policy: %#v %q", v, v.String())
	}
	v := PublicVerdict{Public: true, Statements: []PublicStatement{{0, "A", "why"}, {2, "", "because"}}}
	if got, want := v.String(), `yes (statement 0 "A": why; statement 2: because)`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func BenchmarkPublic(b *testing.B) {
	doc := []byte(`{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"Trail","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"},` +
		`{"Sid":"Vpc","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-91237329"}}},` +
		`{"Sid":"Anyone","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/public/*"}]}`)
	p, err := Parse(doc)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if !p.Public().Public {
			b.Fatal("not public")
		}
	}
}
