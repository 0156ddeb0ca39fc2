package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// object is one stored object's metadata and, in memory mode, its bytes.
type object struct {
	Key          string            `json:"key"`
	Size         int64             `json:"size"`
	ETag         string            `json:"etag"` // quoted hex MD5
	CRC64        uint64            `json:"crc64"`
	ContentType  string            `json:"content_type,omitempty"`
	LastModified time.Time         `json:"last_modified"`
	Meta         map[string]string `json:"meta,omitempty"` // user metadata, names lower-case without prefix
	Checksums    map[string]string `json:"checksums,omitempty"`
	data         []byte
}

// publicAccessBlock is a bucket's Block Public Access configuration, in
// S3's four flags (OSS's one BlockPublicAccess flag sets and reads all
// four). Only BlockPublicPolicy has an effect here: while it is on, a
// public policy is refused (spec/http.md §3). The other three are kept and
// returned as they were put.
type publicAccessBlock struct {
	BlockPublicAcls       bool `json:"block_public_acls"`
	IgnorePublicAcls      bool `json:"ignore_public_acls"`
	BlockPublicPolicy     bool `json:"block_public_policy"`
	RestrictPublicBuckets bool `json:"restrict_public_buckets"`
}

// allBlocked is the configuration of a new bucket with Block Public Access
// on: every flag set, as AWS sets them on new buckets.
var allBlocked = publicAccessBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}

// bucket is one bucket: who owns it, its Block Public Access configuration,
// its policy document, and its objects.
type bucket struct {
	Name    string    `json:"name"`
	Owner   string    `json:"owner"` // the creating identity's account
	Created time.Time `json:"created"`

	// publicAccess is the Block Public Access configuration; nil when the
	// bucket has none (everything off). New buckets start with allBlocked
	// unless --block-public-access=false.
	publicAccess atomic.Pointer[publicAccessBlock]
	// policy is the bucket's policy document exactly as it was put (never
	// changed in place, so a reader never sees half of one); nil when it
	// has none. The compiled form lives in the gateway's PolicyHandler.
	policy atomic.Pointer[[]byte]

	mu      sync.RWMutex
	objects map[string]*object
}

// bucketFile is what --data keeps of a bucket, in DIR/<bucket>/bucket.json.
type bucketFile struct {
	Name              string             `json:"name"`
	Owner             string             `json:"owner"`
	Created           time.Time          `json:"created"`
	PublicAccessBlock *publicAccessBlock `json:"public_access_block,omitempty"`
}

// store holds the buckets. Objects live in memory, or under dir as files:
// DIR/<bucket>/bucket.json, DIR/<bucket>/policy.json (the policy document,
// when there is one), and DIR/<bucket>/objects/<sha256(key)>.json and
// .data. Bucket names are checked before they reach the file system and keys
// never do, so no request can name a path outside DIR.
type store struct {
	dir string

	mu      sync.RWMutex
	buckets map[string]*bucket
}

var (
	errBucketExists   = errors.New("bucket exists")
	errBucketNotEmpty = errors.New("bucket not empty")
)

func newStore(dir string) (*store, error) {
	s := &store{dir: dir, buckets: map[string]*bucket{}}
	if dir == "" {
		return s, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() || !validBucketName(e.Name()) {
			continue
		}
		b, err := s.loadBucket(e.Name())
		if err != nil {
			return nil, err
		}
		s.buckets[b.Name] = b
	}
	return s, nil
}

func (s *store) loadBucket(name string) (*bucket, error) {
	raw, err := os.ReadFile(filepath.Join(s.dir, name, "bucket.json"))
	if err != nil {
		return nil, err
	}
	var f bucketFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	b := &bucket{Name: name, Owner: f.Owner, Created: f.Created, objects: map[string]*object{}}
	b.publicAccess.Store(f.PublicAccessBlock)
	switch doc, err := os.ReadFile(filepath.Join(s.dir, name, "policy.json")); {
	case err == nil:
		b.policy.Store(&doc)
	case !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	metas, err := filepath.Glob(filepath.Join(s.dir, name, "objects", "*.json"))
	if err != nil {
		return nil, err
	}
	for _, m := range metas {
		raw, err := os.ReadFile(m)
		if err != nil {
			return nil, err
		}
		o := new(object)
		if err := json.Unmarshal(raw, o); err != nil {
			return nil, fmt.Errorf("%s: %w", m, err)
		}
		b.objects[o.Key] = o
	}
	return b, nil
}

// saveBucket writes the bucket's file; it is called on creation and whenever
// the Block Public Access configuration changes.
func (s *store) saveBucket(b *bucket) error {
	if s.dir == "" {
		return nil
	}
	raw, _ := json.Marshal(bucketFile{Name: b.Name, Owner: b.Owner, Created: b.Created, PublicAccessBlock: b.publicAccess.Load()})
	return writeFileAtomic(filepath.Join(s.dir, b.Name, "bucket.json"), raw)
}

// setPolicy stores the bucket's policy document (nil: none), on disk first
// under --data, then in memory.
func (s *store) setPolicy(b *bucket, doc []byte) error {
	if s.dir != "" {
		p := filepath.Join(s.dir, b.Name, "policy.json")
		if doc == nil {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		} else if err := writeFileAtomic(p, doc); err != nil {
			return err
		}
	}
	if doc == nil {
		b.policy.Store(nil)
	} else {
		doc = bytes.Clone(doc)
		b.policy.Store(&doc)
	}
	return nil
}

func (s *store) bucket(name string) *bucket {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.buckets[name]
}

func (s *store) createBucket(name, owner string, blockPublic bool, now time.Time) (*bucket, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.buckets[name]; b != nil {
		return b, errBucketExists
	}
	b := &bucket{Name: name, Owner: owner, Created: now.UTC().Truncate(time.Second), objects: map[string]*object{}}
	if blockPublic {
		pab := allBlocked
		b.publicAccess.Store(&pab)
	}
	if s.dir != "" {
		if err := os.MkdirAll(filepath.Join(s.dir, name, "objects"), 0o755); err != nil {
			return nil, err
		}
		if err := s.saveBucket(b); err != nil {
			return nil, err
		}
	}
	s.buckets[name] = b
	return b, nil
}

func (s *store) deleteBucket(b *bucket) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.objects) > 0 {
		return errBucketNotEmpty
	}
	if s.dir != "" {
		if err := os.RemoveAll(filepath.Join(s.dir, b.Name)); err != nil {
			return err
		}
	}
	delete(s.buckets, b.Name)
	return nil
}

// listBuckets returns the buckets owned by account, sorted by name.
func (s *store) listBuckets(account string) []*bucket {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*bucket
	for _, b := range s.buckets {
		if b.Owner == account {
			out = append(out, b)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// objectPath is where key's files live: named by a hash, so the key itself
// never becomes a path.
func (s *store) objectPath(b *bucket, key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(s.dir, b.Name, "objects", hex.EncodeToString(sum[:]))
}

func (s *store) putObject(b *bucket, o *object, data []byte) error {
	if s.dir == "" {
		o.data = data
	} else {
		meta, _ := json.Marshal(o)
		p := s.objectPath(b, o.Key)
		if err := writeFileAtomic(p+".data", data); err != nil {
			return err
		}
		if err := writeFileAtomic(p+".json", meta); err != nil {
			return err
		}
	}
	b.mu.Lock()
	b.objects[o.Key] = o
	b.mu.Unlock()
	return nil
}

func (s *store) getObject(b *bucket, key string) *object {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.objects[key]
}

// readObject returns o's bytes.
func (s *store) readObject(b *bucket, o *object) ([]byte, error) {
	if s.dir == "" {
		return o.data, nil
	}
	return os.ReadFile(s.objectPath(b, o.Key) + ".data")
}

// deleteObject removes key; removing a missing key is not an error.
func (s *store) deleteObject(b *bucket, key string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.objects[key]; !ok {
		return nil
	}
	if s.dir != "" {
		p := s.objectPath(b, key)
		if err := os.Remove(p + ".json"); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if err := os.Remove(p + ".data"); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	delete(b.objects, key)
	return nil
}

// listObjects returns the bucket's objects whose keys start with prefix and
// sort after after, in key order, with at most max entries, rolling keys up
// to common prefixes at delimiter. truncated reports whether more follow.
func (s *store) listObjects(b *bucket, prefix, delimiter, after string, max int) (objs []*object, prefixes []string, truncated bool) {
	// A page that ended on a common prefix goes on after every key under it.
	afterPrefix := false
	if delimiter != "" && strings.HasPrefix(after, prefix) {
		i := strings.Index(after[len(prefix):], delimiter)
		afterPrefix = i >= 0 && len(prefix)+i+len(delimiter) == len(after)
	}
	b.mu.RLock()
	keys := make([]string, 0, len(b.objects))
	for k := range b.objects {
		if strings.HasPrefix(k, prefix) && k > after && !(afterPrefix && strings.HasPrefix(k, after)) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	all := make([]*object, len(keys))
	for i, k := range keys {
		all[i] = b.objects[k]
	}
	b.mu.RUnlock()

	seen := map[string]bool{}
	for _, o := range all {
		if delimiter != "" {
			if i := strings.Index(o.Key[len(prefix):], delimiter); i >= 0 {
				cp := o.Key[:len(prefix)+i+len(delimiter)]
				if seen[cp] {
					continue
				}
				if len(objs)+len(prefixes) == max {
					return objs, prefixes, true
				}
				seen[cp] = true
				prefixes = append(prefixes, cp)
				continue
			}
		}
		if len(objs)+len(prefixes) == max {
			return objs, prefixes, true
		}
		objs = append(objs, o)
	}
	return objs, prefixes, false
}

// writeFileAtomic writes data to a temporary file beside path and renames it
// into place, so a reader never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// validBucketName reports whether name is a DNS-style bucket name: 3 to 63
// lower-case letters, digits, hyphens and dots, beginning and ending with a
// letter or digit, no "..". COS names (<name>-<appid>) are of this form too.
func validBucketName(name string) bool {
	if len(name) < 3 || len(name) > 63 || strings.Contains(name, "..") {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		if !alnum && (c != '-' && c != '.' || i == 0 || i == len(name)-1) {
			return false
		}
	}
	return true
}
