package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"
)

// dialect names the cloud whose wire format the gateway speaks.
type dialect string

const (
	dialectAWS dialect = "aws"
	dialectOBS dialect = "obs"
	dialectOSS dialect = "oss"
	dialectCOS dialect = "cos"
)

// defaultRegion is each dialect's region when --region is not given.
var defaultRegion = map[dialect]string{
	dialectAWS: "us-east-1",
	dialectOBS: "cn-north-4",
	dialectOSS: "cn-hangzhou",
	dialectCOS: "ap-guangzhou",
}

// config is everything newGateway needs; main fills it from the flags,
// tests build it directly.
type config struct {
	Dialect           dialect
	Region            string
	Identities        []identity
	VirtualHostSuffix []string // host names under which <bucket>.<suffix> addresses a bucket
	DataDir           string   // "" keeps objects in memory
	// BlockPublicAccessOff starts new buckets with Block Public Access off
	// (--block-public-access=false); by default it is on.
	BlockPublicAccessOff bool
	MaxObjectSize        int64            // 0 means defaultMaxObjectSize
	Now                  func() time.Time // nil means time.Now
}

// identity is one entry of the credentials file.
type identity struct {
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
	Principal       string `json:"principal"`
	Account         string `json:"account"`
}

// credentialsFile is the exact shape of the --credentials file.
type credentialsFile struct {
	Identities []identity `json:"identities"`
}

var (
	arnPrincipal = regexp.MustCompile(`^arn:aws:iam::([0-9A-Za-z_-]+):(root|user/.+|role/.+)$`)
	uidPrincipal = regexp.MustCompile(`^[0-9]+$`)
	cosPrincipal = regexp.MustCompile(`^qcs::cam::uin/([0-9]+):uin/([0-9]+)$`)
)

// principalDialects reports which dialects write a caller the way p is
// written: an ARN for aws and obs, a numeric UID for oss, a qcs::cam name for
// cos. The account the principal names, if it names one, is returned too.
func principalDialects(p string) (ds []dialect, account string) {
	if m := arnPrincipal.FindStringSubmatch(p); m != nil {
		return []dialect{dialectAWS, dialectOBS}, m[1]
	}
	if m := cosPrincipal.FindStringSubmatch(p); m != nil {
		return []dialect{dialectCOS}, m[1]
	}
	if uidPrincipal.MatchString(p) {
		return []dialect{dialectOSS}, ""
	}
	return nil, ""
}

// loadIdentities reads a credentials file and keeps the identities written in
// d's form. One file may hold the identities of every dialect; those of the
// other dialects are skipped and counted. Unknown fields, missing values,
// duplicate access keys and principals in no dialect's form are errors.
func loadIdentities(path string, d dialect) (ids []identity, skipped int, err error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	return parseIdentities(raw, d)
}

func parseIdentities(raw []byte, d dialect) (ids []identity, skipped int, err error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f credentialsFile
	if err := dec.Decode(&f); err != nil {
		return nil, 0, fmt.Errorf("credentials: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, 0, errors.New("credentials: data after the JSON object")
	}
	if f.Identities == nil {
		return nil, 0, errors.New(`credentials: want {"identities": [...]}`)
	}
	seen := map[string]bool{}
	for i, id := range f.Identities {
		where := fmt.Sprintf("credentials: identities[%d]", i)
		switch {
		case id.AccessKeyID == "":
			return nil, 0, fmt.Errorf("%s: access_key_id is empty", where)
		case id.SecretAccessKey == "":
			return nil, 0, fmt.Errorf("%s: secret_access_key is empty", where)
		case id.Principal == "":
			return nil, 0, fmt.Errorf("%s: principal is empty", where)
		case id.Account == "":
			return nil, 0, fmt.Errorf("%s: account is empty", where)
		case strings.ContainsAny(id.AccessKeyID, " /:,;=&"):
			return nil, 0, fmt.Errorf("%s: access_key_id %q contains a character signatures cannot carry", where, id.AccessKeyID)
		case seen[id.AccessKeyID]:
			return nil, 0, fmt.Errorf("%s: access_key_id %q appears twice", where, id.AccessKeyID)
		}
		seen[id.AccessKeyID] = true
		ds, account := principalDialects(id.Principal)
		if ds == nil {
			return nil, 0, fmt.Errorf("%s: principal %q is in no dialect's form (arn:aws:iam::ACCOUNT:root|user/NAME, an OSS UID, qcs::cam::uin/OWNER:uin/UIN)", where, id.Principal)
		}
		if account != "" && account != id.Account {
			return nil, 0, fmt.Errorf("%s: principal %q names account %q, but account is %q", where, id.Principal, account, id.Account)
		}
		ok := false
		for _, x := range ds {
			ok = ok || x == d
		}
		if !ok {
			skipped++
			continue
		}
		ids = append(ids, id)
	}
	return ids, skipped, nil
}

// rootPrincipal is how dialect d writes the root of account: the caller that
// owns the account's buckets.
func rootPrincipal(d dialect, account string) string {
	switch d {
	case dialectOSS:
		return account
	case dialectCOS:
		return "qcs::cam::uin/" + account + ":uin/" + account
	default:
		return "arn:aws:iam::" + account + ":root"
	}
}
