package graph

import (
	"github.com/radhus/radhus/graph/model"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/phone"
)

// contactFromInput reads a contact input: phone numbers kept as written and
// given in E.164, everything checked with the field at fault under "input".
func contactFromInput(in model.ContactInput) (*content.Contact, error) {
	c := &content.Contact{Kind: in.Kind, Name: in.Name, Tagline: deref(in.Tagline), Email: deref(in.Email),
		VisitingAddress: in.VisitingAddress, PostalAddress: in.PostalAddress}
	phones := make([]content.Phone, len(in.Phones))
	for i, p := range in.Phones {
		phones[i] = *p
	}
	for _, l := range in.Links {
		c.Links = append(c.Links, content.Link{Title: l.Title, URL: l.URL})
	}
	if err := content.CheckCount("input.phones", len(phones), content.MaxPhones); err != nil {
		return nil, err
	}
	if err := c.Validate("input"); err != nil {
		return nil, err
	}
	var err error
	if c.Phones, err = phone.NormalizeAll("input.phones", phones); err != nil {
		return nil, err
	}
	return c, nil
}

func contactPayload(c *content.Contact, err error) (*model.ContactPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ContactPayload{Contact: c}, nil
}

func hoursPayload(h *content.OpeningHours, err error) (*model.OpeningHoursPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.OpeningHoursPayload{OpeningHours: h}, nil
}
