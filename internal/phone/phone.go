// Package phone turns phone numbers as people write them ("0586-610 00") into
// E.164 ("+4658661000") for tel: links.
package phone

import (
	"errors"

	"github.com/nyaruka/phonenumbers"
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
