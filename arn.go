package bucketpolicy

import "strings"

// splitARN cuts s at its first five colons into the six parts of an ARN:
// "arn", partition, service, region, account and resource. The resource
// part keeps any further colons. With variables set, colons inside policy
// variables (${aws:username}) do not cut.
func splitARN(s string, variables bool) (parts [6]string, ok bool) {
	n := 0
	start := 0
	for i := 0; i < len(s) && n < 5; i++ {
		switch {
		case variables && s[i] == '$' && strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return parts, false
			}
			i += end
		case s[i] == ':':
			parts[n] = s[start:i]
			n++
			start = i + 1
		}
	}
	if n < 5 {
		return parts, false
	}
	parts[5] = s[start:]
	return parts, true
}

// principalAccount returns the account that a request principal names, or
// "" when it names none:
//
//	aws, obs  arn:PARTITION:iam::ACCOUNT:...   arn:PARTITION:sts::ACCOUNT:...
//	oss       arn:sts::UID:assumed-role/...
//	cos       qcs::cam::uin/OWNER:uin/UIN
func principalAccount(d Dialect, principal string) string {
	switch d {
	case COS:
		rest, ok := strings.CutPrefix(principal, "qcs::cam::uin/")
		if !ok {
			return ""
		}
		owner, sub, ok := strings.Cut(rest, ":uin/")
		if !ok || owner == "" || sub == "" {
			return ""
		}
		return owner
	case OSS:
		rest, ok := strings.CutPrefix(principal, "arn:sts::")
		if !ok {
			return ""
		}
		acct, _, ok := strings.Cut(rest, ":")
		if !ok {
			return ""
		}
		return acct
	}
	if !strings.HasPrefix(principal, "arn:") {
		return ""
	}
	parts, ok := splitARN(principal, false)
	if !ok || (parts[2] != "iam" && parts[2] != "sts") || parts[3] != "" {
		return ""
	}
	return parts[4]
}
