package bucketpolicy

import "strings"

// This file reads the typed values of conditions: numbers, dates and
// booleans. The same readers serve policy values (in Parse, where a value
// that cannot be read rejects the document) and request values (in
// Evaluate, where it makes the condition not hold). None of them allocates.

// decimal is a number in plain notation: an optional '-', digits, and an
// optional '.' followed by digits. It is kept as its digit strings, so that
// comparison is exact whatever the magnitude.
type decimal struct {
	neg   bool
	ipart string // integer digits without leading zeros ("" for zero)
	fpart string // fraction digits without trailing zeros
}

// parseDecimal reads s; no sign but '-', no exponent, no hex, no NaN or
// infinity, no leading or trailing '.'.
func parseDecimal(s string) (decimal, bool) {
	var d decimal
	if strings.HasPrefix(s, "-") {
		d.neg = true
		s = s[1:]
	}
	ip, fp := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		ip, fp = s[:i], s[i+1:]
		if fp == "" {
			return decimal{}, false
		}
	}
	if ip == "" || !allDigits(ip) || !allDigits(fp) {
		return decimal{}, false
	}
	d.ipart = strings.TrimLeft(ip, "0")
	d.fpart = strings.TrimRight(fp, "0")
	if d.ipart == "" && d.fpart == "" {
		d.neg = false // -0 is 0
	}
	return d, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cmpDecimal returns -1, 0 or +1 as a is less than, equal to or greater
// than b.
func cmpDecimal(a, b decimal) int {
	if a.neg != b.neg {
		if a.neg {
			return -1
		}
		return 1
	}
	c := cmpMagnitude(a, b)
	if a.neg {
		return -c
	}
	return c
}

func cmpMagnitude(a, b decimal) int {
	if len(a.ipart) != len(b.ipart) {
		if len(a.ipart) < len(b.ipart) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(a.ipart, b.ipart); c != 0 {
		return c
	}
	// Without trailing zeros, fraction digit strings compare as numbers do.
	return strings.Compare(a.fpart, b.fpart)
}

// instant is a point in time: seconds since the Unix epoch and nanoseconds.
type instant struct {
	sec  int64
	nsec int32
}

func cmpInstant(a, b instant) int {
	switch {
	case a.sec < b.sec:
		return -1
	case a.sec > b.sec:
		return 1
	case a.nsec < b.nsec:
		return -1
	case a.nsec > b.nsec:
		return 1
	}
	return 0
}

// Epoch seconds are accepted for the years 0000 to 9999, as dates are.
const (
	minEpoch = -62167219200 // 0000-01-01T00:00:00Z
	maxEpoch = 253402300799 // 9999-12-31T23:59:59Z
)

// parseInstant reads an ISO 8601 date or date-time, or integer epoch
// seconds:
//
//	2026-01-01                     midnight UTC
//	2026-01-01T10:00Z              minutes
//	2026-01-01T10:00:00Z           seconds
//	2026-01-01T10:00:00.123Z       fractions of a second, 1 to 9 digits
//	2026-01-01T10:00:00+08:00      an offset (also +0800); no offset means UTC
//	1767225600                     epoch seconds (also negative)
func parseInstant(s string) (instant, bool) {
	if len(s) > 0 && (s[0] == '-' || len(s) < 10 || s[4] != '-') {
		// Epoch seconds: at most 12 digits keeps us inside year 9999.
		digits := strings.TrimPrefix(s, "-")
		if digits == "" || len(digits) > 12 || !allDigits(digits) {
			return instant{}, false
		}
		var v int64
		for i := 0; i < len(digits); i++ {
			v = v*10 + int64(digits[i]-'0')
		}
		if s[0] == '-' {
			v = -v
		}
		if v < minEpoch || v > maxEpoch {
			return instant{}, false
		}
		return instant{sec: v}, true
	}
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return instant{}, false
	}
	year, ok1 := atoiN(s[0:4])
	month, ok2 := atoiN(s[5:7])
	day, ok3 := atoiN(s[8:10])
	if !ok1 || !ok2 || !ok3 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return instant{}, false
	}
	var hour, min, sec, nsec, offset int
	rest := s[10:]
	if rest != "" {
		if rest[0] != 'T' || len(rest) < 6 || rest[3] != ':' {
			return instant{}, false
		}
		var ok4, ok5 bool
		hour, ok4 = atoiN(rest[1:3])
		min, ok5 = atoiN(rest[4:6])
		if !ok4 || !ok5 || hour > 23 || min > 59 {
			return instant{}, false
		}
		rest = rest[6:]
		if strings.HasPrefix(rest, ":") {
			if len(rest) < 3 {
				return instant{}, false
			}
			var ok bool
			sec, ok = atoiN(rest[1:3])
			if !ok || sec > 59 {
				return instant{}, false
			}
			rest = rest[3:]
			if strings.HasPrefix(rest, ".") {
				n := 1
				for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
					n++
				}
				frac := rest[1:n]
				if frac == "" || len(frac) > 9 {
					return instant{}, false
				}
				v, _ := atoiN(frac)
				for i := len(frac); i < 9; i++ {
					v *= 10
				}
				nsec = v
				rest = rest[n:]
			}
		}
		switch {
		case rest == "" || rest == "Z":
		case rest[0] == '+' || rest[0] == '-':
			var oh, om int
			var ok6, ok7 bool
			switch len(rest) {
			case 6: // +08:00
				if rest[3] != ':' {
					return instant{}, false
				}
				oh, ok6 = atoiN(rest[1:3])
				om, ok7 = atoiN(rest[4:6])
			case 5: // +0800
				oh, ok6 = atoiN(rest[1:3])
				om, ok7 = atoiN(rest[3:5])
			default:
				return instant{}, false
			}
			if !ok6 || !ok7 || oh > 23 || om > 59 {
				return instant{}, false
			}
			offset = oh*3600 + om*60
			if rest[0] == '-' {
				offset = -offset
			}
		default:
			return instant{}, false
		}
	}
	days := daysFromCivil(year, month, day)
	return instant{sec: days*86400 + int64(hour*3600+min*60+sec-offset), nsec: int32(nsec)}, true
}

// atoiN reads a string of decimal digits (no sign).
func atoiN(s string) (int, bool) {
	if s == "" || !allDigits(s) {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// ambiguousDate reports whether s, read as epoch seconds by parseInstant,
// is also an ISO 8601 date: four digits (a year, 2027) or eight that make a
// valid basic-format date (20270101). A policy must not hold one, since the
// two readings are decades apart.
func ambiguousDate(s string) bool {
	if !allDigits(s) {
		return false
	}
	switch len(s) {
	case 4:
		return true
	case 8:
		y, _ := atoiN(s[0:4])
		m, _ := atoiN(s[4:6])
		d, _ := atoiN(s[6:8])
		return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
	}
	return false
}

// parseBool reads "true" or "false" in any (ASCII) case.
func parseBool(s string) (v, ok bool) {
	switch {
	case asciiEqualFold(s, "true"):
		return true, true
	case asciiEqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// asciiEqualFold reports whether a and b are equal when ASCII letters are
// folded to lower case. Names in policies (actions, condition keys,
// elements) are ASCII; Unicode folding would let "\u212a" (KELVIN SIGN)
// equal "k".
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// asciiLower returns s with ASCII letters in lower case.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
