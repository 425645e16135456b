//go:build race

package graph_test

// raceEnabled says whether the race detector is on; it slows the decoding of
// large bodies far more than a cheap query.
const raceEnabled = true
