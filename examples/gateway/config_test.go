package main

import (
	"strings"
	"testing"
)

func TestParseIdentities(t *testing.T) {
	for _, tc := range []struct {
		name        string
		json        string
		d           dialect
		wantN       int
		wantSkipped int
		wantErr     string
	}{
		{name: "aws root and user", d: dialectAWS, wantN: 2, json: `{"identities": [
			{"access_key_id": "A1", "secret_access_key": "s", "principal": "arn:aws:iam::111122223333:root", "account": "111122223333"},
			{"access_key_id": "A2", "secret_access_key": "s", "principal": "arn:aws:iam::111122223333:user/alice", "account": "111122223333"}]}`},
		{name: "other dialects skipped", d: dialectOSS, wantN: 1, wantSkipped: 2, json: `{"identities": [
			{"access_key_id": "A1", "secret_access_key": "s", "principal": "arn:aws:iam::111122223333:root", "account": "111122223333"},
			{"access_key_id": "L1", "secret_access_key": "s", "principal": "1234567890", "account": "1234567890"},
			{"access_key_id": "C1", "secret_access_key": "s", "principal": "qcs::cam::uin/1:uin/2", "account": "1"}]}`},
		{name: "unknown field", d: dialectAWS, wantErr: `unknown field "region"`, json: `{"identities": [
			{"access_key_id": "A1", "secret_access_key": "s", "principal": "arn:aws:iam::1:root", "account": "1", "region": "x"}]}`},
		{name: "unknown top-level field", d: dialectAWS, wantErr: `unknown field "users"`, json: `{"identities": [], "users": []}`},
		{name: "no identities key", d: dialectAWS, wantErr: `want {"identities"`, json: `{}`},
		{name: "trailing data", d: dialectAWS, wantErr: "data after", json: `{"identities": []} {}`},
		{name: "missing secret", d: dialectAWS, wantErr: "secret_access_key is empty", json: `{"identities": [
			{"access_key_id": "A1", "principal": "arn:aws:iam::1:root", "account": "1"}]}`},
		{name: "duplicate key", d: dialectAWS, wantErr: "appears twice", json: `{"identities": [
			{"access_key_id": "A1", "secret_access_key": "s", "principal": "arn:aws:iam::1:root", "account": "1"},
			{"access_key_id": "A1", "secret_access_key": "t", "principal": "arn:aws:iam::1:user/b", "account": "1"}]}`},
		{name: "account differs from the ARN's", d: dialectAWS, wantErr: `names account "1"`, json: `{"identities": [
			{"access_key_id": "A1", "secret_access_key": "s", "principal": "arn:aws:iam::1:root", "account": "2"}]}`},
		{name: "cos owner differs", d: dialectCOS, wantErr: `names account "1"`, json: `{"identities": [
			{"access_key_id": "C1", "secret_access_key": "s", "principal": "qcs::cam::uin/1:uin/1", "account": "2"}]}`},
		{name: "principal in no form", d: dialectAWS, wantErr: "in no dialect's form", json: `{"identities": [
			{"access_key_id": "A1", "secret_access_key": "s", "principal": "alice", "account": "1"}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ids, skipped, err := parseIdentities([]byte(tc.json), tc.d)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || len(ids) != tc.wantN || skipped != tc.wantSkipped {
				t.Fatalf("%d identities, %d skipped, err %v; want %d, %d", len(ids), skipped, err, tc.wantN, tc.wantSkipped)
			}
		})
	}
}

// TestExampleCredentials: the shipped file has an owner, a second identity
// of the owner's account and another account's root in each dialect.
func TestExampleCredentials(t *testing.T) {
	for _, d := range []dialect{dialectAWS, dialectOBS, dialectOSS, dialectCOS} {
		t.Run(string(d), func(t *testing.T) {
			tg := startGateway(t, d) // fails unless owner, alice and other are there
			owner, alice, other := tg.ids["owner"], tg.ids["alice"], tg.ids["other"]
			b := &bucket{Owner: owner.Account}
			if !owner.caller("", false).owns(d, b) || alice.caller("", false).owns(d, b) || other.caller("", false).owns(d, b) {
				t.Errorf("only the owner's root owns its bucket")
			}
			if alice.Account != owner.Account || other.Account == owner.Account {
				t.Errorf("alice must share the owner's account and other must not")
			}
		})
	}
}
