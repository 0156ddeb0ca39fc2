package bucketpolicy

import (
	"slices"
	"strings"
)

// actionSet is the compiled Action (or NotAction) of a statement. Actions
// are matched case-insensitively: both sides are folded to ASCII lower case
// ("s3:getobject"), and cos actions lose their "name/" prefix (see
// foldAction).
type actionSet struct {
	exact    []string  // sorted, folded
	patterns []pattern // folded wildcard patterns
	all      bool      // "*"
}

// compileActions compiles the values of an Action or NotAction element.
func (c *compiler) compileActions(vals []strVal) (actionSet, *valueError) {
	var as actionSet
	for _, sv := range vals {
		folded, wild, err := compileAction(c.dialect, sv.s, &c.arena)
		if err == nil && wild && folded != "*" {
			var p pattern
			p, err = compilePattern(folded, syntax{wildcards: true}, &c.lim, false)
			as.patterns = append(as.patterns, p)
		}
		if err != nil {
			return as, err.at(sv.off)
		}
		switch {
		case folded == "*":
			as.all = true
		case !wild:
			if as.exact == nil {
				as.exact = make([]string, 0, len(vals))
			}
			as.exact = append(as.exact, folded)
		}
	}
	slices.Sort(as.exact)
	as.exact = slices.Clip(slices.Compact(as.exact))
	as.patterns = slices.Clip(as.patterns)
	return as, nil
}

// chunk returns an empty slice of *arena with room for n bytes, starting a
// new chunk when the current one is full. The bytes a caller appends there
// are never written again, so strings may alias them; a chunk lives as long
// as the policy keeps a string of it.
func chunk(arena *[]byte, n int) []byte {
	if cap(*arena)-len(*arena) < n {
		*arena = make([]byte, 0, max(1024, n))
	}
	b := (*arena)[len(*arena):len(*arena)]
	*arena = (*arena)[:len(*arena)+n]
	return b
}

// compileAction checks and folds one action of a policy. It returns the
// folded action and whether it holds wildcards.
// An action that needs folding is folded into arena, a buffer of the
// parse that grows by chunks (see compiler.arena).
func compileAction(d Dialect, text string, arena *[]byte) (string, bool, *valueError) {
	if text == "*" {
		return "*", true, nil
	}
	folded := foldAction(d, text, chunk(arena, len(text)))
	svc, name, ok := strings.Cut(folded, ":")
	want := actionService(d)
	if !ok || svc != want {
		form := want + ":ActionName"
		if d == COS {
			form = "name/cos:ActionName or cos:ActionName"
		}
		return "", false, &valueError{msg: "invalid action " + quote(text) + ": want \"*\" or " + form}
	}
	if name == "" {
		return "", false, &valueError{msg: "invalid action " + quote(text) + ": the action name is empty"}
	}
	wild := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '*' || c == '?':
			wild = true
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		default:
			return "", false, &valueError{msg: "invalid action " + quote(text) + ": an action name is made of letters, digits and the wildcards * and ?"}
		}
	}
	if d == OSS && strings.Contains(name, "**") {
		return "", false, &valueError{msg: "invalid action " + quote(text) + ": oss rejects consecutive wildcards \"**\""}
	}
	return folded, wild, nil
}

// actionService returns the service prefix of the dialect's actions.
func actionService(d Dialect) string {
	switch d {
	case OSS:
		return "oss"
	case COS:
		return "cos"
	}
	return "s3"
}

// match reports whether the request's folded action matches the set.
func (as *actionSet) match(e *evaluation) bool {
	if as.all {
		return true
	}
	if len(as.exact) <= 8 {
		for _, x := range as.exact {
			if x == e.action {
				return true
			}
		}
	} else if _, found := slices.BinarySearch(as.exact, e.action); found {
		return true
	}
	for i := range as.patterns {
		if as.patterns[i].match(e.action, nil) {
			return true
		}
	}
	return false
}
