package bucketpolicy

import (
	"slices"
	"strings"
)

// The index narrows the statements Evaluate checks. It is built in Parse
// along three dimensions, each of which gives, for a request, a set of
// statements that contains every statement that can apply:
//
//   - action: the statements that name the request's action exactly, and
//     those with wildcard actions, "*" or NotAction, which may match any.
//   - principal: statements by the exact principal, account or role they
//     name, plus those for everyone, anonymous callers, and NotPrincipal.
//   - resource: a radix tree of the literal prefixes of the Resource
//     patterns (the text before the first wildcard or variable); a request
//     collects the statements of every prefix of its resource, and those
//     without a prefix (NotResource, patterns that start with '*').
//
// Evaluate takes the dimension with the fewest statements and checks each
// of them in full, so the index decides only how much work is done, never
// the answer. Small policies skip it: a linear scan is cheaper.

// indexThreshold is the number of statements from which Evaluate uses the
// index. Below it, the cost of three lookups exceeds that of checking every
// statement.
const indexThreshold = 8

// maxLists bounds the statement lists one dimension may yield for a
// request; beyond it (a very deep resource tree) the dimension is not used.
const maxLists = 16

type index struct {
	all []*statement

	// Every list of statement numbers is a span of one array, so that a
	// list costs 8 bytes in a map rather than a slice header and an
	// allocation of its own.
	arena []int32

	byAction       map[string]span // folded exact action -> statements naming it
	actionFallback span            // statements that may match any action

	// byName maps a principal string or an account to the statements
	// that name it (one map for both, so that a request costs one lookup
	// for its principal and one for its account).
	byName   map[string]span
	names    nameFilter      // says which strings byName surely lacks
	accounts bool            // some statement names an account (byName holds accounts)
	role     map[string]span // session prefix ("...:assumed-role/R/") -> statements
	everyone span            // everyone principals and NotPrincipal
	anon     span            // anonymous principals (cos)

	resources rnode // radix tree of resource prefixes
}

// nameFilter is a filter of the strings of a map by their length (modulo
// 64) and their last byte: a string whose length or last byte no key has is
// surely not in the map, which spares a lookup (a request's principal is
// mostly named by no statement). Both bits set only says "look".
type nameFilter struct {
	lens uint64
	last [4]uint64
}

func (f *nameFilter) add(s string) {
	f.lens |= 1 << (len(s) % 64)
	if s != "" {
		b := s[len(s)-1]
		f.last[b/64] |= 1 << (b % 64)
	}
}

func (f *nameFilter) mayHave(s string) bool {
	if f.lens&(1<<(len(s)%64)) == 0 {
		return false
	}
	if s == "" {
		return true
	}
	b := s[len(s)-1]
	return f.last[b/64]&(1<<(b%64)) != 0
}

// span is a list of statement numbers: arena[lo:hi].
type span struct{ lo, hi uint32 }

// rnode is a node of the radix tree of resource prefixes.
type rnode struct {
	label    string // the edge from the parent
	stmts    span
	children []*rnode // sorted by the first byte of their label
	building []int32  // the statements while the tree is built
}

// buildIndex builds the index of a policy with at least min statements
// (Parse passes indexThreshold; tests pass 0 to index every policy).
func buildIndex(stmts []*statement, min int) index {
	ix := index{all: stmts}
	if len(stmts) < min {
		return ix
	}
	nActions, nNames := 0, 0
	for _, s := range stmts {
		nActions += len(s.actions.exact)
		nNames += len(s.principals.entries)
	}
	// The maps are built from (key, statement) pairs, grouped by sorting:
	// one map each, sized once, and no list per key while building
	// (growing maps of lists was a fifth of parsing Large100).
	var (
		byAction = make([]keyed, 0, nActions)
		fallback []int32
		byName   = make([]keyed, 0, nNames)
		role     []keyed
		everyone []int32
		anon     []int32
	)

	// Actions: each exactly named action lists the statements naming it;
	// statements with wildcards, "*" or NotAction are candidates for every
	// action. Building it costs one step per action of the policy.
	for i, s := range stmts {
		if s.notAction || s.actions.all || len(s.actions.patterns) > 0 {
			fallback = append(fallback, int32(i))
		}
		if s.notAction {
			continue
		}
		for _, a := range s.actions.exact {
			byAction = append(byAction, keyed{a, int32(i)})
		}
	}

	for i, s := range stmts {
		id := int32(i)
		if s.notPrincipal {
			everyone = append(everyone, id)
		} else {
			for _, en := range s.principals.entries {
				switch en.kind {
				case pEveryone:
					everyone = appendOnce(everyone, id)
				case pAnonymous:
					anon = appendOnce(anon, id)
				case pExact, pOpaque, pAccount:
					byName = append(byName, keyed{en.value, id})
					ix.accounts = ix.accounts || en.kind == pAccount
				case pRole:
					if en.value != "" {
						byName = append(byName, keyed{en.value, id})
					}
					role = append(role, keyed{en.prefix, id})
				}
			}
		}

		if s.notResource {
			ix.resources.building = appendOnce(ix.resources.building, id)
			continue
		}
		for k := range s.resources.patterns {
			ix.resources.insert(s.resources.patterns[k].literalPrefix(), id)
		}
	}

	ix.byAction = ix.group(byAction)
	ix.actionFallback = ix.add(fallback)
	ix.byName = ix.group(byName)
	for name := range ix.byName {
		ix.names.add(name)
	}
	ix.role = ix.group(role)
	ix.everyone = ix.add(everyone)
	ix.anon = ix.add(anon)
	ix.packTree(&ix.resources)
	ix.arena = slices.Clip(ix.arena)
	return ix
}

// add copies a list into the arena.
func (ix *index) add(list []int32) span {
	lo := uint32(len(ix.arena))
	ix.arena = append(ix.arena, list...)
	return span{lo, uint32(len(ix.arena))}
}

// keyed is a statement filed under a key (an action, a principal).
type keyed struct {
	key string
	id  int32
}

// group files the statements by key: each key's statements, in order and
// each once, become a span of the arena.
func (ix *index) group(pairs []keyed) map[string]span {
	slices.SortStableFunc(pairs, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	distinct := 0
	for i := range pairs {
		if i == 0 || pairs[i].key != pairs[i-1].key {
			distinct++
		}
	}
	out := make(map[string]span, distinct)
	for i := 0; i < len(pairs); {
		key, lo := pairs[i].key, uint32(len(ix.arena))
		for ; i < len(pairs) && pairs[i].key == key; i++ {
			if id := pairs[i].id; uint32(len(ix.arena)) == lo || ix.arena[len(ix.arena)-1] != id {
				ix.arena = append(ix.arena, id)
			}
		}
		out[key] = span{lo, uint32(len(ix.arena))}
	}
	return out
}

func (ix *index) packTree(n *rnode) {
	n.stmts = ix.add(n.building)
	n.building = nil
	n.children = slices.Clip(n.children)
	for _, c := range n.children {
		ix.packTree(c)
	}
}

// appendOnce appends id unless it is already the last element (statements
// are added in order, so that is the only place it can be).
func appendOnce(list []int32, id int32) []int32 {
	if n := len(list); n > 0 && list[n-1] == id {
		return list
	}
	return append(list, id)
}

// insert adds a statement under a prefix.
func (n *rnode) insert(prefix string, id int32) {
	for {
		if prefix == "" {
			n.building = appendOnce(n.building, id)
			return
		}
		i, found := slices.BinarySearchFunc(n.children, prefix[0], func(c *rnode, b byte) int {
			return int(c.label[0]) - int(b)
		})
		if !found {
			n.children = slices.Insert(n.children, i, &rnode{label: prefix, building: []int32{id}})
			return
		}
		c := n.children[i]
		common := 0
		for common < len(c.label) && common < len(prefix) && c.label[common] == prefix[common] {
			common++
		}
		if common < len(c.label) {
			// Split the edge: c becomes a child of a new node for the common part.
			mid := &rnode{label: c.label[:common], children: []*rnode{c}}
			c.label = c.label[common:]
			n.children[i] = mid
			c = mid
		}
		n, prefix = c, prefix[common:]
	}
}

// child returns the child whose label starts with b.
func (n *rnode) child(b byte) *rnode {
	lo, hi := 0, len(n.children)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if n.children[m].label[0] < b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(n.children) && n.children[lo].label[0] == b {
		return n.children[lo]
	}
	return nil
}

// literalPrefix returns the text every string the pattern matches starts
// with: the pattern up to its first wildcard or variable.
func (p *pattern) literalPrefix() string {
	switch p.kind {
	case patExact, patPrefix, patPrefixSuffix, patPrefixContains, patVarPrefix:
		return p.lit
	case patGeneral:
		if len(p.g.head) > 0 && p.g.head[0].kind == itemLit {
			return p.g.head[0].lit
		}
	}
	return ""
}

// spans collects the lists of statement numbers one dimension gives for a
// request, in a caller's array (arrays of several sizes: the principal's
// lists are few, the resource's up to maxLists), and their total length.
type spans struct {
	list []span
	size int
}

// add returns s with sp added (spans are passed by value, so that the
// arrays they slice stay on the caller's stack).
func (s spans) add(sp span) spans {
	if sp.hi > sp.lo && len(s.list) < cap(s.list) {
		s.list = append(s.list, sp)
		s.size += int(sp.hi - sp.lo)
	}
	return s
}

// principalLists collects the statements that can name the caller: those
// for everyone (and NotPrincipal), those naming its principal or its
// account, those of its role; for an anonymous caller those for everyone
// and for anonymous callers. c has room for five lists.
func (ix *index) principalLists(e *evaluation, c spans) spans {
	principal := e.req.Principal
	c = c.add(ix.everyone)
	if principal == "" {
		return c.add(ix.anon)
	}
	if ix.names.mayHave(principal) {
		c = c.add(ix.byName[principal])
	}
	if ix.accounts {
		e.caller()
		if a := e.callerAccount; a != "" && a != principal && ix.names.mayHave(a) {
			c = c.add(ix.byName[a])
		}
	}
	if len(ix.role) > 0 {
		if i := strings.LastIndexByte(principal, '/'); i >= 0 {
			c = c.add(ix.role[principal[:i+1]])
		}
	}
	return c
}

// resourceLists collects the lists along the resource's path; it reports
// false when the path holds more lists than fit.
func (ix *index) resourceLists(resource string, c spans) (spans, bool) {
	n := &ix.resources
	c = c.add(n.stmts)
	for resource != "" {
		n = n.child(resource[0])
		if n == nil || !strings.HasPrefix(resource, n.label) {
			return c, true
		}
		resource = resource[len(n.label):]
		if n.stmts.hi > n.stmts.lo {
			if len(c.list) == cap(c.list) {
				return c, false
			}
			c = c.add(n.stmts)
		}
	}
	return c, true
}
