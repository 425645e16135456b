package graph_test

import (
	"context"
	"testing"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/demo"
)

// newDraftContact creates a contact draft with one schedule and returns their
// IDs.
func newDraftContact(t *testing.T, b *bundle) (contact, hours string) {
	t.Helper()
	ed := b.store.ContactEditor()
	c, err := ed.CreateContact(context.Background(), &content.Contact{Kind: content.ContactFacility, Name: "Simhallen"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := ed.AddOpeningHours(context.Background(), c.ID, 0, demo.ServiceCentreHours())
	if err != nil {
		t.Fatal(err)
	}
	return c.GlobalID(), h.GlobalID()
}

func init() {
	contactVars := func(t *testing.T, b *bundle) map[string]any {
		c, _ := newDraftContact(t, b)
		return map[string]any{"id": c}
	}
	hoursVars := func(t *testing.T, b *bundle) map[string]any {
		_, h := newDraftContact(t, b)
		return map[string]any{"id": h}
	}
	const input = `{kind: FACILITY, name: "Simhallen", email: "simhallen@kommun.se", phones: [{label: "Kassan", number: "0586-610 00"}]}`
	const schedule = `{channel: "staffed", rules: [{days: ["mon"], intervals: [{opens: "08:00", closes: "16:00"}]}]}`
	registerMutation("createContact", mutationCase{query: `mutation { createContact(input: ` + input + `) { contact { id } } }`})
	registerMutation("updateContact", mutationCase{
		query: `mutation($id: ID!) { updateContact(id: $id, expectedVersion: 1, input: ` + input + `) { contact { version } } }`,
		vars:  contactVars,
	})
	registerMutation("deleteContact", mutationCase{query: `mutation($id: ID!) { deleteContact(id: $id, expectedVersion: 1) }`, vars: contactVars})
	registerMutation("publishContact", mutationCase{query: `mutation($id: ID!) { publishContact(id: $id, expectedVersion: 1) { contact { version } } }`, vars: contactVars})
	registerMutation("unpublishContact", mutationCase{query: `mutation($id: ID!) { unpublishContact(id: $id, expectedVersion: 1) { contact { version } } }`, vars: contactVars})
	registerMutation("addOpeningHours", mutationCase{
		query: `mutation($id: ID!) { addOpeningHours(contactId: $id, schedule: ` + schedule + `) { openingHours { version } } }`,
		vars:  contactVars,
	})
	registerMutation("updateOpeningHours", mutationCase{
		query: `mutation($id: ID!) { updateOpeningHours(id: $id, expectedVersion: 1, schedule: ` + schedule + `) { openingHours { version } } }`,
		vars:  hoursVars,
	})
	registerMutation("setOpeningExceptions", mutationCase{
		query: `mutation($id: ID!) { setOpeningExceptions(id: $id, expectedVersion: 1, exceptions: [{from: "2026-12-24", closed: true}]) { openingHours { version } } }`,
		vars:  hoursVars,
	})
	registerMutation("deleteOpeningHours", mutationCase{query: `mutation($id: ID!) { deleteOpeningHours(id: $id, expectedVersion: 1) }`, vars: hoursVars})
}

func TestContactMutations(t *testing.T) {
	t.Parallel()
	b := setup(t)
	editor := b.signIn(t, content.RoleEditor)
	publisher := b.signIn(t, content.RolePublisher)
	const create = `mutation($in: ContactInput!) { createContact(input: $in) { contact { id name email version
		phones { label number e164 } links { url } visitingAddress { city } } } }`
	in := map[string]any{"kind": "SERVICE_CENTRE", "name": " Servicecenter ", "email": "kommun@karlskoga.se",
		"phones":          []any{map[string]any{"label": "Växel", "number": "0586-610 00"}},
		"links":           []any{map[string]any{"title": "Webb", "url": "https://karlskoga.se/"}},
		"visitingAddress": map[string]any{"street": "Katrinedalsgatan 4", "city": "Karlskoga"}}
	var d struct {
		CreateContact struct {
			Contact struct {
				ID, Name, Email string
				Version         int
				Phones          []struct{ Label, Number, E164 string }
			}
		}
	}
	ok(t, b.doAs(t, editor, create, map[string]any{"in": in}), &d)
	c := d.CreateContact.Contact
	if c.Name != "Servicecenter" || c.Version != 1 || len(c.Phones) != 1 || c.Phones[0].Number != "0586-610 00" || c.Phones[0].E164 != "+4658661000" {
		t.Errorf("createContact = %+v", c)
	}
	bad := []struct {
		field string
		set   func(m map[string]any)
	}{
		{"input.phones[0].number", func(m map[string]any) { m["phones"] = []any{map[string]any{"number": "ring oss"}} }},
		{"input.email", func(m map[string]any) { m["email"] = "kommun@" }},
		{"input.links[0].url", func(m map[string]any) { m["links"] = []any{map[string]any{"title": "x", "url": "javascript:alert(1)"}} }},
		{"input.name", func(m map[string]any) { m["name"] = "  " }},
		{"input.visitingAddress.city", func(m map[string]any) { m["visitingAddress"] = map[string]any{"street": "x", "city": ""} }},
	}
	for _, tt := range bad {
		m := map[string]any{}
		for k, v := range in {
			m[k] = v
		}
		tt.set(m)
		r := b.doAs(t, editor, create, map[string]any{"in": m})
		if len(r.Errors) != 1 || r.Errors[0].Extensions.Code != content.EINVALID || r.Errors[0].Extensions.Field != tt.field {
			t.Errorf("%s: %+v, want BAD_USER_INPUT on it", tt.field, r.Errors)
		}
	}

	// A draft is not public; opening hours added to it neither.
	const read = `query($id: ID!) { contact(id: $id) { name openingHours { channel } } }`
	if code := b.do(t, read, map[string]any{"id": c.ID}).code(t); code != content.ENOTFOUND {
		t.Errorf("draft contact: code %q, want NOT_FOUND", code)
	}
	const add = `mutation($id: ID!) { addOpeningHours(contactId: $id, schedule: {channel: "staffed",
		rules: [{days: ["mon", "tue"], intervals: [{opens: "07:30", closes: "17:00"}]}]}) { openingHours { id version } } }`
	var h struct {
		AddOpeningHours struct{ OpeningHours struct{ ID string } }
	}
	ok(t, b.doAs(t, editor, add, map[string]any{"id": c.ID}), &h)
	r := b.doAs(t, editor, `mutation($id: ID!) { addOpeningHours(contactId: $id, schedule: {channel: "staffed",
		rules: [{days: ["mon"], intervals: [{opens: "25:00", closes: "17:00"}]}]}) { openingHours { id } } }`, map[string]any{"id": c.ID})
	if len(r.Errors) != 1 || r.Errors[0].Extensions.Field != "schedule.rules[0].intervals[0].opens" {
		t.Errorf("bad schedule: %+v, want the field schedule.rules[0].intervals[0].opens", r.Errors)
	}
	r = b.doAs(t, editor, `mutation($id: ID!) { setOpeningExceptions(id: $id, expectedVersion: 1, exceptions: [
		{from: "2026-12-24", closed: true}, {from: "2026-12-31", intervals: [{opens: "10:00", closes: "09:00"}]}]) { openingHours { version } } }`,
		map[string]any{"id": h.AddOpeningHours.OpeningHours.ID})
	if len(r.Errors) != 1 || r.Errors[0].Extensions.Code != content.EINVALID || r.Errors[0].Extensions.Field == "" {
		t.Errorf("bad exception: %+v, want BAD_USER_INPUT naming exceptions[1]", r.Errors)
	}
	var ex struct {
		SetOpeningExceptions struct{ OpeningHours struct{ Version int } }
	}
	ok(t, b.doAs(t, editor, `mutation($id: ID!) { setOpeningExceptions(id: $id, expectedVersion: 1, exceptions: [
		{from: "2026-12-24", closed: true}]) { openingHours { version } } }`, map[string]any{"id": h.AddOpeningHours.OpeningHours.ID}), &ex)
	if ex.SetOpeningExceptions.OpeningHours.Version != 2 {
		t.Errorf("version after setOpeningExceptions = %d, want 2", ex.SetOpeningExceptions.OpeningHours.Version)
	}

	// Stale versions conflict; publishing shows the contact with its hours.
	const update = `mutation($id: ID!, $v: Int!, $in: ContactInput!) { updateContact(id: $id, expectedVersion: $v, input: $in) { contact { version } } }`
	in["name"] = "Kontaktcenter"
	if code := b.doAs(t, editor, update, map[string]any{"id": c.ID, "v": 5, "in": in}).code(t); code != content.ECONFLICT {
		t.Errorf("stale updateContact: code %q, want CONFLICT", code)
	}
	var u struct {
		UpdateContact struct{ Contact struct{ Version int } }
	}
	ok(t, b.doAs(t, editor, update, map[string]any{"id": c.ID, "v": 1, "in": in}), &u)
	if code := b.doAs(t, editor, `mutation($id: ID!) { publishContact(id: $id, expectedVersion: 2) { contact { version } } }`,
		map[string]any{"id": c.ID}).code(t); code != content.EFORBIDDEN {
		t.Errorf("editor publishing: code %q, want FORBIDDEN", code)
	}
	if r := b.doAs(t, publisher, `mutation($id: ID!) { publishContact(id: $id, expectedVersion: 2) { contact { version } } }`,
		map[string]any{"id": c.ID}); r.code(t) != "" {
		t.Fatalf("publishContact: %+v", r.Errors)
	}
	var pub struct {
		Contact struct {
			Name         string
			OpeningHours []struct{ Channel string }
		}
	}
	b.query(t, read, map[string]any{"id": c.ID}, &pub)
	if pub.Contact.Name != "Kontaktcenter" || len(pub.Contact.OpeningHours) != 1 {
		t.Errorf("published contact = %+v, want Kontaktcenter with one schedule", pub.Contact)
	}
	// Unpublishing hides it and its hours again.
	if r := b.doAs(t, publisher, `mutation($id: ID!) { unpublishContact(id: $id, expectedVersion: 3) { contact { version } } }`,
		map[string]any{"id": c.ID}); r.code(t) != "" {
		t.Fatalf("unpublishContact: %+v", r.Errors)
	}
	if code := b.do(t, read, map[string]any{"id": c.ID}).code(t); code != content.ENOTFOUND {
		t.Errorf("unpublished contact: code %q, want NOT_FOUND", code)
	}
	var audits int
	if err := b.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE item_kind IN ('Contact', 'OpeningHours')`).Scan(&audits); err != nil || audits < 6 {
		t.Errorf("audit entries of contacts and hours = %d, %v, want every change", audits, err)
	}
}
