// Command ratios summarises `go test -bench` output of the peers module:
// per shape, the median time of each engine over all runs (-count) and
// the ratio peer/ours, single core (BenchmarkPeers, ns/op) and parallel
// (BenchmarkPeersParallel, ns/eval), then the median of every other
// benchmark in the input. It prints Markdown tables.
//
// Usage:
//
//	go run ./cmd/ratios out.txt [more.txt ...]
//	go run ./cmd/ratios < out.txt
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// baseline is the engine the others are divided by.
const baseline = "ours"

// goal is issue 14's target ratio for every peer on every shape.
const goal = 10

// samples holds every value read for one benchmark, by unit.
type samples struct {
	name   string
	values map[string][]float64
}

// results are the benchmarks of the input in the order first seen.
type results struct {
	order  []string
	byName map[string]*samples
	header []string // goos, goarch, pkg, cpu lines
}

var procSuffix = regexp.MustCompile(`-\d+$`)

// read parses benchmark lines; other lines are ignored, but for the
// goos/goarch/cpu header.
func (r *results) read(in io.Reader) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, h := range []string{"goos:", "goarch:", "cpu:"} {
			if strings.HasPrefix(line, h) && !slices.Contains(r.header, line) {
				r.header = append(r.header, line)
			}
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		name := procSuffix.ReplaceAllString(f[0], "")
		s := r.byName[name]
		if s == nil {
			s = &samples{name: name, values: map[string][]float64{}}
			r.byName[name] = s
			r.order = append(r.order, name)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return fmt.Errorf("%s: value %q: %v", f[0], f[i], err)
			}
			s.values[f[i+1]] = append(s.values[f[i+1]], v)
		}
	}
	return sc.Err()
}

// median returns the median of a benchmark's values in a unit and whether
// there were any.
func (r *results) median(name, unit string) (float64, bool) {
	s := r.byName[name]
	if s == nil || len(s.values[unit]) == 0 {
		return 0, false
	}
	v := slices.Clone(s.values[unit])
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2], true
	}
	return (v[n/2-1] + v[n/2]) / 2, true
}

// peersTable prints one table for a benchmark family (BenchmarkPeers or
// BenchmarkPeersParallel) in the given unit, and returns the worst ratio
// of each peer.
func (r *results) peersTable(w io.Writer, family, unit, title string) map[string]float64 {
	var shapeOrder, engineOrder []string
	for _, name := range r.order {
		rest, ok := strings.CutPrefix(name, family+"/")
		if !ok {
			continue
		}
		i := strings.LastIndexByte(rest, '/')
		if i < 0 {
			continue
		}
		shape, engine := rest[:i], rest[i+1:]
		if !slices.Contains(shapeOrder, shape) {
			shapeOrder = append(shapeOrder, shape)
		}
		if engine != baseline && !slices.Contains(engineOrder, engine) {
			engineOrder = append(engineOrder, engine)
		}
	}
	if len(shapeOrder) == 0 {
		return nil
	}
	fmt.Fprintf(w, "%s: %s, medians; ratio = peer / %s\n\n", title, unit, baseline)
	fmt.Fprintf(w, "| shape | %s |", baseline)
	for _, e := range engineOrder {
		fmt.Fprintf(w, " %s | %s / %s |", e, e, baseline)
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, "| --- | --: |")
	for range engineOrder {
		fmt.Fprint(w, " --: | --: |")
	}
	fmt.Fprintln(w)
	worst := map[string]float64{}
	for _, shape := range shapeOrder {
		base := family + "/" + shape + "/" + baseline
		ours, haveOurs := r.value(base, unit)
		fmt.Fprintf(w, "| %s | %s |", shape, r.cell(base, unit))
		for _, e := range engineOrder {
			name := family + "/" + shape + "/" + e
			peer, havePeer := r.value(name, unit)
			ratio := "—"
			if haveOurs && havePeer && ours > 0 {
				q := peer / ours
				ratio = formatRatio(q)
				if old, seen := worst[e]; !seen || q < old {
					worst[e] = q
				}
			}
			fmt.Fprintf(w, " %s | %s |", r.cell(name, unit), ratio)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	for _, e := range engineOrder {
		if q, ok := worst[e]; ok {
			verdict := "met"
			if q < goal {
				verdict = "not met"
			}
			fmt.Fprintf(w, "- %s: smallest ratio %s (goal ≥ %d× on every shape: %s)\n", e, formatRatio(q), goal, verdict)
		}
	}
	fmt.Fprintln(w)
	return worst
}

// value is a benchmark's median in unit, falling back to ns/op.
func (r *results) value(name, unit string) (float64, bool) {
	if v, ok := r.median(name, unit); ok {
		return v, true
	}
	return r.median(name, "ns/op")
}

// cell formats a median time, with allocations per op when reported.
func (r *results) cell(name, unit string) string {
	v, ok := r.value(name, unit)
	if !ok {
		return "—"
	}
	s := formatNs(v)
	if a, ok := r.median(name, "allocs/op"); ok && unit == "ns/op" {
		s += fmt.Sprintf(", %g allocs", a)
	}
	return s
}

// others prints the medians of every benchmark outside the peer families.
func (r *results) others(w io.Writer, families ...string) {
	var names []string
	for _, name := range r.order {
		if !slices.ContainsFunc(families, func(f string) bool { return strings.HasPrefix(name, f+"/") }) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return
	}
	fmt.Fprintf(w, "Other benchmarks (medians)\n\n| benchmark | time/op | B/op | allocs/op | MB/s | runs |\n| --- | --: | --: | --: | --: | --: |\n")
	for _, name := range names {
		row := []string{strings.TrimPrefix(name, "Benchmark"), "—", "—", "—", "—"}
		for i, unit := range []string{"ns/op", "B/op", "allocs/op", "MB/s"} {
			if v, ok := r.median(name, unit); ok {
				if unit == "ns/op" {
					row[i+1] = formatNs(v)
				} else {
					row[i+1] = strconv.FormatFloat(v, 'f', -1, 64)
					if unit == "MB/s" {
						row[i+1] = strconv.FormatFloat(v, 'f', 1, 64)
					}
				}
			}
		}
		fmt.Fprintf(w, "| %s | %d |\n", strings.Join(row, " | "), len(r.byName[name].values["ns/op"]))
	}
	fmt.Fprintln(w)
}

func formatNs(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2f ms", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.2f µs", v/1e3)
	case v >= 100:
		return fmt.Sprintf("%.0f ns", v)
	}
	return fmt.Sprintf("%.1f ns", v)
}

func formatRatio(q float64) string {
	if q >= 10 {
		return fmt.Sprintf("%.0f×", q)
	}
	return fmt.Sprintf("%.1f×", q)
}

func run(args []string, stdin io.Reader, w io.Writer) error {
	r := &results{byName: map[string]*samples{}}
	if len(args) == 0 {
		if err := r.read(stdin); err != nil {
			return err
		}
	}
	for _, path := range args {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		err = r.read(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	if len(r.order) == 0 {
		return errors.New("no benchmark lines in the input")
	}
	lo, hi := -1, 0
	for _, s := range r.byName {
		n := len(s.values["ns/op"])
		if lo < 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	for _, h := range r.header {
		fmt.Fprintf(w, "%s  \n", h)
	}
	if lo == hi {
		fmt.Fprintf(w, "runs per benchmark: %d\n\n", lo)
	} else {
		fmt.Fprintf(w, "runs per benchmark: %d to %d\n\n", lo, hi)
	}
	r.peersTable(w, "BenchmarkPeers", "ns/op", "Single core")
	r.peersTable(w, "BenchmarkPeersParallel", "ns/eval", "Parallel, RunParallel on GOMAXPROCS goroutines")
	r.others(w, "BenchmarkPeers", "BenchmarkPeersParallel")
	return nil
}

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(1)
	}
}
