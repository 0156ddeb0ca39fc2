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

	exact    map[string]span // principal string -> statements
	account  map[string]span // account -> statements
	role     map[string]span // session prefix ("...:assumed-role/R/") -> statements
	everyone span            // everyone principals and NotPrincipal
	anon     span            // anonymous principals (cos)

	resources rnode // radix tree of resource prefixes
}

// span is a list of statement numbers: arena[lo:hi].
type span struct{ lo, hi uint32 }

func (ix *index) list(s span) []int32 { return ix.arena[s.lo:s.hi] }

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
	var (
		byAction = map[string][]int32{}
		fallback []int32
		exact    = map[string][]int32{}
		account  = map[string][]int32{}
		role     = map[string][]int32{}
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
			byAction[a] = appendOnce(byAction[a], int32(i))
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
				case pExact, pOpaque:
					exact[en.value] = appendOnce(exact[en.value], id)
				case pAccount:
					account[en.value] = appendOnce(account[en.value], id)
				case pRole:
					if en.value != "" {
						exact[en.value] = appendOnce(exact[en.value], id)
					}
					role[en.prefix] = appendOnce(role[en.prefix], id)
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

	ix.byAction = ix.pack(byAction)
	ix.actionFallback = ix.add(fallback)
	ix.exact = ix.pack(exact)
	ix.account = ix.pack(account)
	ix.role = ix.pack(role)
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

func (ix *index) pack(m map[string][]int32) map[string]span {
	out := make(map[string]span, len(m))
	for k, list := range m {
		out[k] = ix.add(list)
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
	case patExact, patPrefix, patPrefixSuffix:
		return p.lit
	case patGeneral:
		if len(p.g.head) > 0 && p.g.head[0].kind == itemLit {
			return p.g.head[0].lit
		}
	}
	return ""
}

// candidates iterates over the statements that may apply: either all of
// them, or the union of up to maxLists lists of statement numbers.
type candidates struct {
	all   []*statement
	lists [maxLists][]int32
	n     int // lists in use; -1: iterate all
	li, i int
}

func (c *candidates) add(list []int32) {
	if len(list) > 0 {
		c.lists[c.n] = list
		c.n++
	}
}

func (c *candidates) size() int {
	total := 0
	for _, l := range c.lists[:c.n] {
		total += len(l)
	}
	return total
}

// candidates fills c with the smallest dimension for the request.
func (ix *index) candidates(e *evaluation, c *candidates) {
	c.all = ix.all
	if ix.byAction == nil {
		c.n = -1
		return
	}

	// Action: two lists.
	var best candidates
	best.add(ix.list(ix.byAction[e.action]))
	best.add(ix.list(ix.actionFallback))
	bestSize := best.size()

	// Principal: up to seven lists.
	if bestSize > 1 {
		var pc candidates
		ix.principalLists(e, &pc)
		if s := pc.size(); s < bestSize {
			best, bestSize = pc, s
		}
	}

	// Resource: the lists along the request's path in the tree.
	if bestSize > 1 {
		var rc candidates
		if ix.resourceLists(e.req.Resource, &rc) {
			if s := rc.size(); s < bestSize {
				best = rc
			}
		}
	}
	*c = best
	c.all = ix.all
}

func (ix *index) principalLists(e *evaluation, c *candidates) {
	principal := e.req.Principal
	c.add(ix.list(ix.everyone))
	if principal == "" {
		c.add(ix.list(ix.anon))
		return
	}
	c.add(ix.list(ix.exact[principal]))
	c.add(ix.list(ix.account[principal]))
	if a := e.callerAccount; a != "" && a != principal {
		c.add(ix.list(ix.account[a]))
	}
	if i := strings.LastIndexByte(principal, '/'); i >= 0 {
		c.add(ix.list(ix.role[principal[:i+1]]))
	}
}

// resourceLists collects the lists along the resource's path; it reports
// false when the path holds more lists than fit.
func (ix *index) resourceLists(resource string, c *candidates) bool {
	n := &ix.resources
	c.add(ix.list(n.stmts))
	for resource != "" {
		n = n.child(resource[0])
		if n == nil || !strings.HasPrefix(resource, n.label) {
			return true
		}
		resource = resource[len(n.label):]
		if n.stmts.hi > n.stmts.lo {
			if c.n == maxLists {
				return false
			}
			c.add(ix.list(n.stmts))
		}
	}
	return true
}

// next returns the next candidate, or nil at the end. A statement in two
// lists of a dimension is returned twice, which costs a second check but
// cannot change the decision.
func (c *candidates) next() *statement {
	if c.n < 0 {
		if c.i >= len(c.all) {
			return nil
		}
		s := c.all[c.i]
		c.i++
		return s
	}
	for c.li < c.n {
		l := c.lists[c.li]
		if c.i < len(l) {
			s := c.all[l[c.i]]
			c.i++
			return s
		}
		c.li++
		c.i = 0
	}
	return nil
}
