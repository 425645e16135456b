package content

// Locales Rådhus serves, the default first. A page without a variant in the locale
// asked for falls back to DefaultLocale.
const DefaultLocale = "sv"

var locales = []string{"sv", "en"}

// Locales returns the supported locales, the default first.
func Locales() []string { return append([]string(nil), locales...) }

// ParseLocale validates a locale argument; "" means DefaultLocale.
func ParseLocale(field, s string) (string, error) {
	if s == "" {
		return DefaultLocale, nil
	}
	for _, l := range locales {
		if s == l {
			return l, nil
		}
	}
	return "", Invalid(field, "unsupported locale %q (supported: sv, en)", s)
}
