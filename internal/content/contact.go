package content

import "time"

// ContactKind is what a contact is.
type ContactKind string

// Contact kinds.
const (
	ContactServiceCentre ContactKind = "SERVICE_CENTRE"
	ContactDepartment    ContactKind = "DEPARTMENT"
	ContactFacility      ContactKind = "FACILITY"
	ContactPerson        ContactKind = "PERSON"
)

// Valid reports whether k is a known kind.
func (k ContactKind) Valid() bool {
	switch k {
	case ContactServiceCentre, ContactDepartment, ContactFacility, ContactPerson:
		return true
	}
	return false
}

// Contact is a published service centre, department, facility or person.
type Contact struct {
	ID              int64
	Name            string
	Kind            ContactKind
	Tagline         string
	Email           string
	Phones          []Phone
	VisitingAddress *Address
	PostalAddress   *Address
	Links           []Link
	UpdatedAt       time.Time
	Version         int
}

// Phone is a labelled phone number, as written and in E.164.
type Phone struct {
	Label  string `json:"label,omitempty"`
	Number string `json:"number"`
	E164   string `json:"e164"`
}

// Address is a postal or visiting address.
type Address struct {
	Street     string   `json:"street"`
	PostalCode string   `json:"postalCode,omitempty"`
	City       string   `json:"city"`
	Country    string   `json:"country,omitempty"`
	Latitude   *float64 `json:"latitude,omitempty"`
	Longitude  *float64 `json:"longitude,omitempty"`
}

// ContactFilter selects a contact listing, ordered by name.
type ContactFilter struct {
	Kind ContactKind // "": every kind
	Page PageRequest
}
