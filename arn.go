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

// callerAccount returns the caller's account: the one its principal
// names, else account, else (for a principal that is not an ARN nor a cos
// name) the principal itself, which then names an account. For aws and obs
// it also returns the caller's partition (the ARN's, or "aws" for a
// principal that is not an ARN) and whether the caller is the account's
// root (an arn:PARTITION:iam::ACCOUNT:root principal, or a bare principal
// that is its own account). The principals the dialects name accounts in:
//
//	aws, obs  arn:PARTITION:iam::ACCOUNT:...   arn:PARTITION:sts::ACCOUNT:...
//	oss       arn:sts::UID:assumed-role/...
//	cos       qcs::cam::uin/OWNER:uin/UIN      (the root when UIN is OWNER)
func callerAccount(d Dialect, principal, account string) (acct, partition string, root bool) {
	if principal == "" {
		return "", "", false
	}
	switch d {
	case COS:
		rest, ok := strings.CutPrefix(principal, "qcs::cam::uin/")
		if !ok {
			return account, "", false
		}
		owner, sub, ok := strings.Cut(rest, ":uin/")
		if !ok || owner == "" || sub == "" {
			return account, "", false
		}
		return owner, "", owner == sub
	case OSS:
		if rest, ok := strings.CutPrefix(principal, "arn:sts::"); ok {
			if uid, _, ok := strings.Cut(rest, ":"); ok {
				return uid, "", false
			}
		}
	default:
		if strings.HasPrefix(principal, "arn:") {
			parts, ok := splitARN(principal, false)
			if ok && (parts[2] == "iam" || parts[2] == "sts") && parts[3] == "" && parts[4] != "" {
				return parts[4], parts[1], parts[2] == "iam" && parts[5] == "root"
			}
			return account, parts[1], false
		}
		partition = "aws"
	}
	if account == "" || account == principal {
		return principal, partition, true
	}
	return account, partition, false
}
