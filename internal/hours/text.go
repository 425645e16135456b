package hours

import (
	"encoding/json"
	"strings"
)

// Text is a visitor-facing string in Swedish and, optionally, English.
// Swedish is required whenever English is given; a reader asking for
// English gets Swedish when no English is written.
type Text struct {
	SV string `json:"sv"`
	EN string `json:"en,omitempty"`
}

// T returns a Swedish-only text.
func T(sv string) Text { return Text{SV: sv} }

// IsZero reports whether the text is empty in both languages.
func (t Text) IsZero() bool { return t.SV == "" && t.EN == "" }

// In returns the text in locale ("en…" for English, anything else
// Swedish), falling back to Swedish.
func (t Text) In(locale string) string {
	if t.EN != "" && isEnglish(locale) {
		return t.EN
	}
	return t.SV
}

// isEnglish reports whether a locale ("en", "en-GB", "en_US") is English.
func isEnglish(locale string) bool {
	return len(locale) >= 2 && strings.EqualFold(locale[:2], "en") && (len(locale) == 2 || locale[2] == '-' || locale[2] == '_')
}

// UnmarshalJSON accepts {"sv": ..., "en": ...} and, as schedules stored
// before texts had languages, a plain string (Swedish).
func (t *Text) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = Text{SV: s}
		return nil
	}
	if string(b) == "null" {
		*t = Text{}
		return nil
	}
	type plain Text
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*t = Text(p)
	return nil
}
