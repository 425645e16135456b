package hours

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func indentJSON(t *testing.T, raw json.RawMessage) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, raw)
	}
	b.WriteByte('\n')
	return b.Bytes()
}

func TestSchemaOrgGolden(t *testing.T) {
	s := serviceCentre()
	s.Rules = append(s.Rules,
		Rule{Days: []string{"sat"}, Intervals: []Interval{iv("10:00", "14:00")}},
		Rule{Days: []string{"mon", "tue", "wed", "thu", "fri"}, Intervals: []Interval{iv("09:00", "12:00"), iv("13:00", "15:00")}, ValidFrom: "06-22", ValidTo: "08-09"},
		Rule{Days: []string{"thu"}, Intervals: []Interval{ovn("18:00", "01:00")}, ValidFrom: "2027-01-01"},
	)
	s.Holidays.DayBefore = DayPolicy{Mode: ModeCloseEarly, ClosesAt: "13:00"}
	s.Exceptions = []Exception{
		{From: "2026-06-02", To: "2026-06-03", Closed: true, Reason: T("Stängt för inventering")},
		{From: "2026-06-13", Intervals: []Interval{iv("10:00", "24:00")}, Reason: T("Kulturnatten")},
	}
	c := compileT(t, s)
	golden(t, "schemaorg_service_centre.json", indentJSON(t, c.SchemaOrg("sv", date("2026-06-01"), date("2026-06-30"))))

	lib := compileT(t, librarySelfService())
	golden(t, "schemaorg_library.json", indentJSON(t, lib.SchemaOrg("sv", date("2026-12-20"), date("2026-12-31"))))
}

func TestSchemaOrgShape(t *testing.T) {
	c := compileT(t, serviceCentre())
	var doc struct {
		Regular []map[string]any `json:"openingHoursSpecification"`
		Special []map[string]any `json:"specialOpeningHoursSpecification"`
	}
	if err := json.Unmarshal(c.SchemaOrg("sv", date("2026-12-23"), date("2026-12-27")), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Regular) != 1 || doc.Regular[0]["@type"] != "OpeningHoursSpecification" || doc.Regular[0]["opens"] != "07:30" || doc.Regular[0]["closes"] != "17:00" {
		t.Errorf("regular = %v", doc.Regular)
	}
	if days, _ := doc.Regular[0]["dayOfWeek"].([]any); len(days) != 5 || days[0] != "https://schema.org/Monday" {
		t.Errorf("dayOfWeek = %v", doc.Regular[0]["dayOfWeek"])
	}
	// 24 (eve), 25, 26 (holidays) each a closed entry; 27 is a plain Sunday.
	if len(doc.Special) != 3 {
		t.Fatalf("special = %v", doc.Special)
	}
	for _, sp := range doc.Special {
		if sp["opens"] != "00:00" || sp["closes"] != "00:00" || sp["validFrom"] != sp["validThrough"] {
			t.Errorf("special entry %v", sp)
		}
	}
	// An empty range still yields both arrays.
	if got := string(c.SchemaOrg("sv", date("2026-11-23"), date("2026-11-24"))); got != `{"openingHoursSpecification":[{"@type":"OpeningHoursSpecification","dayOfWeek":["https://schema.org/Monday","https://schema.org/Tuesday","https://schema.org/Wednesday","https://schema.org/Thursday","https://schema.org/Friday"],"opens":"07:30","closes":"17:00"}],"specialOpeningHoursSpecification":[]}` {
		t.Errorf("SchemaOrg = %s", got)
	}
}
