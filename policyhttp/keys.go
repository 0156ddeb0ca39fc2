package policyhttp

import (
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"

	"github.com/bucketpolicy/bucketpolicy"
)

// This file fills the condition keys of a request (http.md §1.4): what the
// request and the caller say, under each key's documented name and in the
// format the engine reads. Headers and query parameters reach the context
// only under the keys listed here; nothing is copied wholesale.

// reset makes mp an empty Mapping again, clearing only what the last
// mapping used (a Mapping is about 2 KB, most of it unused key storage).
func (mp *Mapping) reset() {
	clear(mp.keys[:mp.nkeys])
	clear(mp.vals[:mp.nkeys])
	clear(mp.checks[:])
	mp.nkeys, mp.overflow = 0, nil
	mp.Operation, mp.Bucket, mp.Key, mp.Checks = "", "", "", nil
	mp.caller, mp.dialect, mp.method, mp.path, mp.host = Caller{}, 0, "", "", ""
}

// add appends a key with one value.
func (mp *Mapping) add(name, value string) {
	if mp.nkeys < maxKeys {
		mp.vals[mp.nkeys] = value
		mp.keys[mp.nkeys] = bucketpolicy.Key{Name: name, Values: mp.vals[mp.nkeys : mp.nkeys+1 : mp.nkeys+1]}
		mp.nkeys++
		return
	}
	mp.addValues(name, []string{value})
}

// addValues appends a key with several values (tags). Past the inline
// storage, keys go to the heap (a request with many tags).
func (mp *Mapping) addValues(name string, values []string) {
	if mp.nkeys < maxKeys {
		mp.keys[mp.nkeys] = bucketpolicy.Key{Name: name, Values: values}
		mp.nkeys++
		return
	}
	mp.overflow = append(mp.overflow, bucketpolicy.Key{Name: name, Values: values})
}

// requestKeys returns the request's condition keys: the inline ones, and
// those past them.
func (mp *Mapping) requestKeys() []bucketpolicy.Key {
	keys := mp.keys[:mp.nkeys:mp.nkeys]
	if len(mp.overflow) > 0 {
		keys = append(keys, mp.overflow...)
	}
	return keys
}

// maxTags bounds the tags of a request or an object that become keys.
const maxTags = 10

// principalKeys fills the keys that describe the caller (aws, obs).
func (m *Mapper) principalKeys(mp *Mapping, c *Caller) {
	p := c.Principal
	if p == "" {
		mp.add("aws:PrincipalType", "Anonymous")
		return
	}
	account, typ, arn, user := describeCaller(p, c.Account)
	mp.add("aws:PrincipalType", typ)
	if account != "" {
		mp.add("aws:PrincipalAccount", account)
	}
	if arn != "" {
		mp.add("aws:PrincipalArn", arn)
	}
	if user != "" {
		mp.add("aws:username", user)
	}
	if len(c.Tags) > 0 && len(c.Tags) <= maxTags {
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range c.Tags {
				if !yield(k) {
					return
				}
			}
		}) {
			mp.add("aws:PrincipalTag/"+k, c.Tags[k])
		}
	}
}

// describeCaller reads an aws or obs caller: its account, its
// aws:PrincipalType, its aws:PrincipalArn (for a role session, the role's
// ARN, without the role's path, which the session ARN does not carry) and,
// for an IAM user, its user name.
func describeCaller(p, account string) (acct, typ, arn, user string) {
	if !strings.HasPrefix(p, "arn:") {
		// A name of an S3-compatible server: an account when it is its own.
		if account == "" || account == p {
			return p, "Account", "", ""
		}
		return account, "User", "", p
	}
	var parts [6]string // cut without allocating: this runs per request
	rest := p
	for i := range 5 {
		var ok bool
		if parts[i], rest, ok = strings.Cut(rest, ":"); !ok {
			return account, "User", p, ""
		}
	}
	parts[5] = rest
	acct, res := parts[4], parts[5]
	switch {
	case parts[2] == "iam" && res == "root":
		return acct, "Account", p, ""
	case parts[2] == "iam" && strings.HasPrefix(res, "user/"):
		return acct, "User", p, res[strings.LastIndexByte(res, '/')+1:]
	case parts[2] == "sts" && strings.HasPrefix(res, "assumed-role/"):
		role, _, _ := strings.Cut(strings.TrimPrefix(res, "assumed-role/"), "/")
		return acct, "AssumedRole", "arn:" + parts[1] + ":iam::" + acct + ":role/" + role, ""
	case parts[2] == "sts" && strings.HasPrefix(res, "federated-user/"):
		return acct, "FederatedUser", p, ""
	}
	return acct, "User", p, ""
}

// requestTags fills s3:RequestObjectTag/<key> and s3:RequestObjectTagKeys
// from an x-amz-tagging header (URL-encoded key=value pairs).
func requestTags(mp *Mapping, header string) error {
	vals, err := url.ParseQuery(header)
	if err != nil {
		return badRequest("InvalidArgument", "the tagging header is not URL-encoded key=value pairs")
	}
	if len(vals) > maxTags {
		return badRequest("InvalidArgument", "the tagging header has more than "+itoa(maxTags)+" tags")
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range vals {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range keys {
		if len(vals[k]) != 1 {
			return badRequest("InvalidArgument", "the tag "+quote(k)+" is given more than once")
		}
		mp.add("s3:RequestObjectTag/"+k, vals[k][0])
	}
	mp.addValues("s3:RequestObjectTagKeys", keys)
	return nil
}

// header returns the first value of a header given in its canonical form,
// without the allocation net/http's Get spends on canonicalising the name.
func header(r *http.Request, canonical string) string {
	if v := r.Header[canonical]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// client returns the client's address and whether it reached the server
// over TLS. The connection's peer is the client, unless it is a trusted
// proxy: then X-Forwarded-For (all its lines, as one list) is walked from
// the right, skipping trusted addresses, and the first untrusted one is the
// client (the left-most when all are trusted); X-Forwarded-Proto, if
// present, says the transport. The address is written without port or
// zone; an address that cannot be read where the walk needs it is an
// error.
func (m *Mapper) client(r *http.Request) (string, bool, error) {
	if a, host, ok := ipv4Port(r.RemoteAddr); ok && !m.trusted(a) {
		return host, r.TLS != nil, nil // the usual peer, read in a few steps
	}
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		a, err2 := netip.ParseAddr(r.RemoteAddr)
		if err2 != nil {
			return "", false, badRequest("InvalidRequest", "the peer address "+quote(r.RemoteAddr)+" cannot be read")
		}
		peer = netip.AddrPortFrom(a, 0)
	}
	addr := peer.Addr().WithZone("").Unmap()
	secure := r.TLS != nil
	if !m.trusted(addr) {
		return addrString(r.RemoteAddr, addr), secure, nil
	}
	if proto := r.Header["X-Forwarded-Proto"]; len(proto) > 0 {
		last := strings.TrimSpace(proto[len(proto)-1])
		if i := strings.LastIndexByte(last, ','); i >= 0 {
			last = strings.TrimSpace(last[i+1:])
		}
		switch strings.ToLower(last) {
		case "https":
			secure = true
		case "http":
			secure = false
		default:
			return "", false, badRequest("InvalidRequest", "X-Forwarded-Proto "+quote(last)+" is neither http nor https")
		}
	}
	lines := r.Header["X-Forwarded-For"]
	client := addr
	found := false
	for li := len(lines) - 1; li >= 0 && !found; li-- {
		entries := lines[li]
		for entries != "" && !found {
			var e string
			if i := strings.LastIndexByte(entries, ','); i >= 0 {
				e, entries = entries[i+1:], entries[:i]
			} else {
				e, entries = entries, ""
			}
			e = strings.TrimSpace(e)
			a, err := parseForwarded(e)
			if err != nil {
				return "", false, badRequest("InvalidRequest", "X-Forwarded-For holds "+quote(e)+", which is not an address")
			}
			client = a
			found = !m.trusted(a)
		}
	}
	return client.String(), secure, nil
}

// parseForwarded reads one X-Forwarded-For entry: an address, with or
// without a port, IPv6 possibly in brackets.
func parseForwarded(e string) (netip.Addr, error) {
	if ap, err := netip.ParseAddrPort(e); err == nil {
		return ap.Addr().WithZone("").Unmap(), nil
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(e, "["), "]"))
	if err != nil {
		return netip.Addr{}, err
	}
	return a.WithZone("").Unmap(), nil
}

func (m *Mapper) trusted(a netip.Addr) bool {
	for _, p := range m.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ipv4Port reads the commonest peer address, IPV4:PORT, in the form
// netip.ParseAddrPort accepts (decimal octets without leading zeros, a port
// below 65536), and returns the address and the text before the port;
// ok is false for anything else, which the caller reads with netip.
func ipv4Port(s string) (a netip.Addr, host string, ok bool) {
	var b [4]byte
	i := 0
	for k := range 4 {
		start, v := i, 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' && i-start < 3 {
			v = v*10 + int(s[i]-'0')
			i++
		}
		if i == start || v > 255 || (s[start] == '0' && i-start > 1) {
			return a, "", false
		}
		b[k] = byte(v)
		want := byte('.')
		if k == 3 {
			want = ':'
		}
		if i >= len(s) || s[i] != want {
			return a, "", false
		}
		i++
	}
	port := s[i:]
	if len(port) == 0 || len(port) > 5 {
		return a, "", false
	}
	p := 0
	for j := 0; j < len(port); j++ {
		if port[j] < '0' || port[j] > '9' {
			return a, "", false
		}
		p = p*10 + int(port[j]-'0')
	}
	if p > 65535 {
		return a, "", false
	}
	return netip.AddrFrom4(b), s[:len(s)-len(port)-1], true
}

// addrString writes a peer address, without allocating for the common
// IPv4 host:port (netip reads only the canonical form of an IPv4 address,
// so the text before the port is the address as it would be written).
func addrString(remote string, a netip.Addr) string {
	if i := strings.LastIndexByte(remote, ':'); i > 0 && a.Is4() && strings.IndexByte(remote, ':') == i && remote[0] != '[' {
		return remote[:i]
	}
	return a.String()
}
