package policyhttp

import (
	"context"
	"errors"
	"sync"
)

// Store keeps each bucket's policy document, byte for byte. The host brings
// its own (a database, a file per bucket); [MemoryStore] is one in memory.
// A Store must be safe for concurrent use; Get must never return a
// half-written document.
type Store interface {
	// GetPolicy returns the bucket's document, or ErrNoPolicy.
	GetPolicy(ctx context.Context, bucket string) ([]byte, error)
	// PutPolicy stores the bucket's document, replacing any other.
	PutPolicy(ctx context.Context, bucket string, doc []byte) error
	// DeletePolicy removes the bucket's document; removing none is not an
	// error.
	DeletePolicy(ctx context.Context, bucket string) error
}

// ErrNoPolicy is the error a [Store] returns for a bucket without a policy.
var ErrNoPolicy = errors.New("policyhttp: the bucket has no policy")

// MemoryStore is a [Store] in memory. The zero value is ready to use.
type MemoryStore struct {
	mu   sync.RWMutex
	docs map[string][]byte
}

// GetPolicy returns a copy of the bucket's document, or ErrNoPolicy.
func (s *MemoryStore) GetPolicy(_ context.Context, bucket string) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	doc, ok := s.docs[bucket]
	if !ok {
		return nil, ErrNoPolicy
	}
	return append([]byte(nil), doc...), nil
}

// PutPolicy stores a copy of doc.
func (s *MemoryStore) PutPolicy(_ context.Context, bucket string, doc []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs == nil {
		s.docs = map[string][]byte{}
	}
	s.docs[bucket] = append([]byte(nil), doc...)
	return nil
}

// DeletePolicy removes the bucket's document.
func (s *MemoryStore) DeletePolicy(_ context.Context, bucket string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.docs, bucket)
	return nil
}
