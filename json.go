package bucketpolicy

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/tidwall/gjson"
)

// This file is the strict JSON reader the parser walks the document with:
// a flat depth scan that runs before any recursive reader sees the bytes,
// syntax errors with their place, and readers for keys, strings and lists
// that apply the rules every string obeys (no control characters, no lone
// surrogates, the field and pattern limits) and reject duplicate keys.

// depthOK reports whether arrays and objects nest at most max levels, and
// where the first too deep array or object starts and its JSON path. It is
// a flat scan, so that no input can make it recurse; it tracks the path
// of the open arrays and objects, which is how the error can name a place
// in a document the JSON reader must not be given.
func depthOK(doc string, max int) (int, string, bool) {
	type frame struct {
		array    bool
		index    int
		key      string // the current key, raw (without quotes)
		expected bool   // an object expects a key next
	}
	var stack []frame
	for i := 0; i < len(doc); i++ {
		switch c := doc[i]; c {
		case '"':
			start := i + 1
			for i++; i < len(doc) && doc[i] != '"'; i++ {
				if doc[i] == '\\' {
					i++
				}
			}
			if n := len(stack) - 1; n >= 0 && !stack[n].array && stack[n].expected {
				stack[n].key, stack[n].expected = doc[start:min(i, len(doc))], false
			}
		case '{', '[':
			if len(stack) == max {
				var b strings.Builder
				for _, f := range stack {
					if f.array {
						b.WriteString("[" + itoa(f.index) + "]")
						continue
					}
					key := f.key
					var unq string
					if json.Unmarshal([]byte(`"`+key+`"`), &unq) == nil {
						key = unq
					}
					writePathKey(&b, key, "")
				}
				return i, b.String(), false
			}
			stack = append(stack, frame{array: c == '[', expected: c == '{'})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if n := len(stack) - 1; n >= 0 {
				if stack[n].array {
					stack[n].index++
				} else {
					stack[n].expected = true
				}
			}
		}
	}
	return 0, "", true
}

// syntaxError locates a JSON syntax error; encoding/json reports where.
func syntaxError(doc string) (int, string) {
	var raw json.RawMessage
	err := json.Unmarshal([]byte(doc), &raw)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := int(se.Offset) - 1
		if off < 0 {
			off = 0
		}
		// encoding/json shows a byte as if it were Latin-1 ('ï' for 0xEF);
		// name bytes outside printable ASCII by their value instead.
		if off < len(doc) && (doc[off] >= 0x80 || doc[off] < 0x20) && !strings.HasPrefix(se.Error(), "unexpected end") {
			return off, "invalid JSON: unexpected byte 0x" + hex4(int(doc[off]))[2:]
		}
		return off, "invalid JSON: " + se.Error()
	}
	return -1, "invalid JSON"
}

// jsonKind names the type of a JSON value for messages.
func jsonKind(v gjson.Result) string {
	switch v.Type {
	case gjson.Null:
		return "null"
	case gjson.False, gjson.True:
		return "a boolean"
	case gjson.Number:
		return "a number"
	case gjson.String:
		return "a string"
	}
	if v.IsArray() {
		return "an array"
	}
	return "an object"
}

// eachKey calls fn for each member of an object, after checking the key
// like any string and rejecting a key that the object already has.
func (ps *parser) eachKey(obj gjson.Result, fn func(key string, v gjson.Result, keyOff int) *Error) *Error {
	var err *Error
	var seenBuf [16]string // on the stack for the usual small object
	seen := seenBuf[:0]
	var seenMap map[string]bool
	obj.ForEach(func(k, v gjson.Result) bool {
		if err = ps.checkString(k); err != nil {
			return false
		}
		dup := false
		if seenMap != nil {
			dup = seenMap[k.Str]
			seenMap[k.Str] = true
		} else {
			dup = slices.Contains(seen, k.Str)
			seen = append(seen, k.Str)
			if len(seen) == len(seenBuf) {
				seenMap = make(map[string]bool, 2*len(seen))
				for _, s := range seen {
					seenMap[s] = true
				}
			}
		}
		if dup {
			err = ps.errAt(k.Index, nil, "duplicate key "+quote(k.Str))
			return false
		}
		err = fn(k.Str, v, k.Index)
		return err == nil
	})
	return err
}

// checkString applies the rules every JSON string obeys: the field size
// limit, no C0 control characters (U+0000 to U+001F, which JSON allows only
// escaped and which no name, pattern or sensible value holds), no lone
// UTF-16 surrogates.
func (ps *parser) checkString(v gjson.Result) *Error {
	s := v.Str
	if err := ps.checkField(v, s); err != nil {
		return err
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 {
			return ps.errAt(v.Index, nil, "contains the control character U+"+hex4(int(s[i])))
		}
	}
	if strings.Contains(v.Raw, `\u`) && !surrogatesPaired(v.Raw) {
		return ps.errAt(v.Index, nil, "contains an unpaired UTF-16 surrogate escape")
	}
	return nil
}

// checkField applies the field limit (oss) to one value's text: a string
// after unescaping, or the JSON text of a number or boolean.
func (ps *parser) checkField(v gjson.Result, text string) *Error {
	if ps.lim.FieldBytes > 0 && len(text) > ps.lim.FieldBytes {
		return ps.errAt(v.Index, ErrLimit, "a field is "+itoa(len(text))+" bytes long; the "+ps.dialect.String()+
			" limit for one field is "+itoa(ps.lim.FieldBytes)+" bytes")
	}
	return nil
}

// surrogatesPaired reports whether every \uD800-\uDBFF escape of a raw JSON
// string is followed by a \uDC00-\uDFFF escape, and every low surrogate
// escape follows a high one.
func surrogatesPaired(raw string) bool {
	wantLow := false
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			if wantLow {
				return false
			}
			continue
		}
		i++
		if i >= len(raw) || raw[i] != 'u' || i+4 >= len(raw) {
			if wantLow {
				return false
			}
			continue
		}
		v := 0
		for _, c := range []byte(raw[i+1 : i+5]) {
			v <<= 4
			switch {
			case '0' <= c && c <= '9':
				v |= int(c - '0')
			case 'a' <= c && c <= 'f':
				v |= int(c-'a') + 10
			case 'A' <= c && c <= 'F':
				v |= int(c-'A') + 10
			}
		}
		i += 4
		switch {
		case v >= 0xD800 && v <= 0xDBFF:
			if wantLow {
				return false
			}
			wantLow = true
		case v >= 0xDC00 && v <= 0xDFFF:
			if !wantLow {
				return false
			}
			wantLow = false
		default:
			if wantLow {
				return false
			}
		}
	}
	return !wantLow
}

// str reads a JSON string.
func (ps *parser) str(v gjson.Result) (string, *Error) {
	if v.Type != gjson.String {
		return "", ps.errAt(v.Index, nil, "want a string, got "+jsonKind(v))
	}
	if err := ps.checkString(v); err != nil {
		return "", err
	}
	return v.Str, nil
}

// name reads a non-empty string (Sid, Id).
func (ps *parser) name(v gjson.Result) (string, *Error) {
	s, err := ps.str(v)
	if err == nil && s == "" {
		err = ps.errAt(v.Index, nil, "empty string")
	}
	return s, err
}

// strVal is one string of a list, with its offset.
type strVal struct {
	s   string
	off int
}

// listKind says what a list holds.
type listKind uint8

const (
	// names: non-empty strings (actions, resources, principals).
	names listKind = iota
	// scalars: strings, numbers or booleans, numbers and booleans as their
	// JSON text; empty strings allowed (condition values).
	scalars
)

// list reads one value or a non-empty array of values of the given kind.
// what names the values in messages ("action", "condition value").
// Every value is held to the pattern limit here, the one place that checks
// it.
func (ps *parser) list(v gjson.Result, kind listKind, what string) ([]strVal, *Error) {
	return ps.appendList(nil, v, kind, what)
}

// appendList is list appending to dst: the compiling walk passes a buffer
// it reuses from one list to the next (it keeps nothing of a list past
// compiling it), so that reading lists allocates once per document.
func (ps *parser) appendList(dst []strVal, v gjson.Result, kind listKind, what string) ([]strVal, *Error) {
	if !v.IsArray() {
		if kind == names && v.Type != gjson.String {
			return nil, ps.errAt(v.Index, nil, "want a string or an array of strings, got "+jsonKind(v))
		}
		sv, err := ps.listValue(v, kind, what)
		if err != nil {
			return nil, err
		}
		return append(dst, sv), nil
	}
	n := 0
	var err *Error
	v.ForEach(func(_, e gjson.Result) bool {
		n++
		if n > ps.lim.ListValues {
			err = ps.errAt(v.Index, ErrLimit, "has more than "+itoa(ps.lim.ListValues)+" values; the limit is "+itoa(ps.lim.ListValues))
			return false
		}
		var sv strVal
		if sv, err = ps.listValue(e, kind, what); err != nil {
			return false
		}
		dst = append(dst, sv)
		return true
	})
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, ps.errAt(v.Index, nil, "empty "+what+" list")
	}
	return dst, nil
}

func (ps *parser) listValue(e gjson.Result, kind listKind, what string) (strVal, *Error) {
	var s string
	switch {
	case e.Type == gjson.String:
		if err := ps.checkString(e); err != nil {
			return strVal{}, err
		}
		s = e.Str
		if s == "" && kind == names {
			return strVal{}, ps.errAt(e.Index, nil, "empty "+what)
		}
	case kind == scalars && (e.Type == gjson.Number || e.Type == gjson.True || e.Type == gjson.False):
		if err := ps.checkField(e, e.Raw); err != nil {
			return strVal{}, err
		}
		s = e.Raw
	case kind == scalars:
		return strVal{}, ps.errAt(e.Index, nil, "want a string, number or boolean, got "+jsonKind(e))
	default:
		return strVal{}, ps.errAt(e.Index, nil, "want a string ("+what+"), got "+jsonKind(e))
	}
	if ve := tooLong(s, &ps.lim); ve != nil {
		return strVal{}, ps.valueErr(e.Index, ve)
	}
	return strVal{s: s, off: e.Index}, nil
}
