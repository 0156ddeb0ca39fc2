package bucketpolicy

// index narrows the statements that Evaluate checks for a request.
type index struct {
	all []*statement
}

func buildIndex(stmts []*statement) index {
	return index{all: stmts}
}

// candidates is an iterator over the statements that may apply.
type candidates struct {
	list []*statement
	i    int
}

func (ix *index) candidates(e *evaluation, c *candidates) {
	c.list = ix.all
}

func (c *candidates) next() *statement {
	if c.i >= len(c.list) {
		return nil
	}
	s := c.list[c.i]
	c.i++
	return s
}
