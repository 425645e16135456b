// Package phone turns phone numbers as people write them ("0586-610 00") into
// E.164 ("+4658661000") for tel: links.
package phone

import (
	"errors"
	"strconv"

	"github.com/nyaruka/phonenumbers"

	"github.com/radhus/radhus/internal/content"
)

// ErrInvalid is returned for text that is not a valid phone number.
var ErrInvalid = errors.New("not a valid phone number")

// DefaultRegion is the region of numbers written without a country code.
const DefaultRegion = "SE"

// E164 parses number in region (DefaultRegion when "") and returns it in E.164.
func E164(number, region string) (string, error) {
	if region == "" {
		region = DefaultRegion
	}
	n, err := phonenumbers.Parse(number, region)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", ErrInvalid
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// Normalize checks a contact's labelled phone number: the label and the number
// as written are trimmed and kept, E164 is computed from the number. Errors:
// BAD_USER_INPUT on field+".label" or field+".number".
func Normalize(field string, p content.Phone) (content.Phone, error) {
	label, err := content.Text(field+".label", p.Label, content.MaxTitleLen)
	if err != nil {
		return content.Phone{}, err
	}
	number, err := content.RequiredText(field+".number", p.Number, content.MaxPhoneLen)
	if err != nil {
		return content.Phone{}, err
	}
	e164, err := E164(number, "")
	if err != nil {
		return content.Phone{}, content.Invalid(field+".number", "%q is not a phone number (write it as 0586-610 00 or +46 586 610 00)", number)
	}
	return content.Phone{Label: label, Number: number, E164: e164}, nil
}

// NormalizeAll normalises a contact's phone numbers, at most content.MaxPhones,
// naming field[i] in errors.
func NormalizeAll(field string, phones []content.Phone) ([]content.Phone, error) {
	if err := content.CheckCount(field, len(phones), content.MaxPhones); err != nil {
		return nil, err
	}
	out := make([]content.Phone, len(phones))
	for i, p := range phones {
		var err error
		if out[i], err = Normalize(field+"["+strconv.Itoa(i)+"]", p); err != nil {
			return nil, err
		}
	}
	return out, nil
}
