package graph

// DirectAnswers counts the queries executed directly (for tests).
var DirectAnswers = &directAnswers

// DirectFieldNames lists the fields direct execution writes, by type.
func DirectFieldNames() map[string][]string {
	out := map[string][]string{}
	for typ, fields := range directFields {
		for name := range fields {
			out[typ] = append(out[typ], name)
		}
	}
	return out
}
