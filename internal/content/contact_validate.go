package content

import (
	"context"

	"github.com/radhus/radhus/internal/hours"
)

// Validate checks and trims a contact as an editor gives it: kind, name,
// tagline, e-mail, links and addresses, within their limits. Phone numbers are
// normalised by internal/phone before. Errors: BAD_USER_INPUT naming the field
// under prefix ("input.email").
func (c *Contact) Validate(prefix string) error {
	f := func(name string) string { return prefix + "." + name }
	if !c.Kind.Valid() {
		return Invalid(f("kind"), "unknown kind %q", c.Kind)
	}
	var err error
	if c.Name, err = RequiredText(f("name"), c.Name, MaxTitleLen); err != nil {
		return err
	}
	if c.Tagline, err = Text(f("tagline"), c.Tagline, MaxShortTextLen); err != nil {
		return err
	}
	if c.Email != "" {
		if c.Email, err = ParseEmail(f("email"), c.Email); err != nil {
			return err
		}
	}
	if err := CheckCount(f("phones"), len(c.Phones), MaxPhones); err != nil {
		return err
	}
	if err := ValidateLinks(f("links"), c.Links); err != nil {
		return err
	}
	if err := c.VisitingAddress.validate(f("visitingAddress")); err != nil {
		return err
	}
	return c.PostalAddress.validate(f("postalAddress"))
}

func (a *Address) validate(field string) error {
	if a == nil {
		return nil
	}
	f := func(name string) string { return field + "." + name }
	var err error
	if a.Street, err = Text(f("street"), a.Street, MaxTitleLen); err != nil {
		return err
	}
	if a.PostalCode, err = Text(f("postalCode"), a.PostalCode, 20); err != nil {
		return err
	}
	if a.City, err = RequiredText(f("city"), a.City, MaxTitleLen); err != nil {
		return err
	}
	if a.Country, err = Text(f("country"), a.Country, MaxTitleLen); err != nil {
		return err
	}
	if a.Latitude != nil && (*a.Latitude < -90 || *a.Latitude > 90) {
		return Invalid(f("latitude"), "latitude must be -90 to 90")
	}
	if a.Longitude != nil && (*a.Longitude < -180 || *a.Longitude > 180) {
		return Invalid(f("longitude"), "longitude must be -180 to 180")
	}
	if (a.Latitude == nil) != (a.Longitude == nil) {
		return Invalid(f("latitude"), "give both latitude and longitude, or neither")
	}
	return nil
}

// ContactEditor changes contacts and their opening hours. Saves change the
// draft; PublishContact publishes a contact with its schedules. Every method
// that takes expectedVersion fails with CONFLICT (and the current version)
// when it is stale.
type ContactEditor interface {
	CreateContact(ctx context.Context, c *Contact) (*Contact, error)
	UpdateContact(ctx context.Context, id int64, expectedVersion int, c *Contact) (*Contact, error)
	DeleteContact(ctx context.Context, id int64, expectedVersion int) error
	PublishContact(ctx context.Context, id int64, expectedVersion int) (*Contact, error)
	UnpublishContact(ctx context.Context, id int64, expectedVersion int) (*Contact, error)
	AddOpeningHours(ctx context.Context, contactID int64, position int, s hours.Schedule) (*OpeningHours, error)
	UpdateOpeningHours(ctx context.Context, id int64, expectedVersion int, position *int, s hours.Schedule) (*OpeningHours, error)
	// SetOpeningExceptions errors name the field under "exceptions".
	SetOpeningExceptions(ctx context.Context, id int64, expectedVersion int, ex []hours.Exception) (*OpeningHours, error)
	DeleteOpeningHours(ctx context.Context, id int64, expectedVersion int) error
}
