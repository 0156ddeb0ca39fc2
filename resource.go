package bucketpolicy

import "strings"

// resourceSet is the compiled Resource (or NotResource) of a statement.
// Resources are matched case-sensitively; '*' crosses '/' and ':'.
type resourceSet struct {
	patterns []pattern
}

// compileResources compiles the values of a Resource or NotResource element.
func (c *compiler) compileResources(vals []strVal) (resourceSet, *valueError) {
	rs := resourceSet{patterns: make([]pattern, 0, len(vals))}
	for _, sv := range vals {
		err := checkResource(c.dialect, sv.s)
		if err == nil {
			var p pattern
			p, err = compilePattern(sv.s, syntax{wildcards: true, variables: c.variables}, &c.lim, c.keyFold())
			rs.patterns = append(rs.patterns, p)
		}
		if err != nil {
			return rs, err.at(sv.off)
		}
	}
	return rs, nil
}

// match reports whether the request's resource matches a pattern of the
// set: isUnknown when none does and one holds a policy variable whose key
// cannot be decided (several values, two spellings). An absent variable
// makes its pattern match nothing.
func (rs *resourceSet) match(resource string, e *evaluation) truth {
	undecided := false
	for i := range rs.patterns {
		p := &rs.patterns[i]
		if p.g == nil || len(p.g.vars) == 0 {
			if p.match(resource, nil) {
				return isTrue
			}
			continue
		}
		e.undecided = false
		if p.match(resource, e) {
			return isTrue
		}
		undecided = undecided || e.undecided
	}
	return unknownIf(undecided)
}

// checkResource validates the form of one resource pattern of the dialect:
//
//	aws, obs  arn:aws:s3:::BUCKET[/KEY] (partitions aws, aws-cn, aws-us-gov)
//	oss       acs:oss:REGION:OWNER:BUCKET[/KEY], acs:ossvector:REGION:OWNER:BUCKET[/INDEX]
//	cos       qcs::cos:REGION:uid/APPID:BUCKET-APPID/KEY
//
// and "*" alone in every dialect.
func checkResource(d Dialect, s string) *valueError {
	if s == "*" {
		return nil
	}
	var form string
	ok := false
	switch d {
	case OSS:
		form = "acs:oss:REGION:OWNER:BUCKET[/KEY] or acs:ossvector:REGION:OWNER:BUCKET[/INDEX]"
		rest, isOSS := strings.CutPrefix(s, "acs:oss:")
		if !isOSS {
			rest, isOSS = strings.CutPrefix(s, "acs:ossvector:")
		}
		if isOSS {
			f := strings.SplitN(rest, ":", 3)
			ok = len(f) == 3 && f[0] != "" && f[1] != "" && f[2] != ""
		}
		if ok && strings.Contains(s, "**") {
			return &valueError{msg: "invalid resource " + quote(s) + ": oss rejects consecutive wildcards \"**\""}
		}
	case COS:
		form = "qcs::cos:REGION:uid/APPID:BUCKET-APPID/KEY"
		if rest, isCOS := strings.CutPrefix(s, "qcs::cos:"); isCOS {
			f := strings.SplitN(rest, ":", 3)
			ok = len(f) == 3 && f[0] != "" && strings.HasPrefix(f[1], "uid/") && len(f[1]) > len("uid/") && f[2] != ""
		}
	default:
		form = "arn:aws:s3:::BUCKET or arn:aws:s3:::BUCKET/KEY"
		for _, p := range [...]string{"arn:aws:s3:::", "arn:aws-cn:s3:::", "arn:aws-us-gov:s3:::"} {
			if rest, isS3 := strings.CutPrefix(s, p); isS3 {
				ok = rest != ""
				break
			}
		}
	}
	if !ok {
		return &valueError{msg: "invalid resource " + quote(s) + ": want \"*\" or " + form}
	}
	return nil
}
