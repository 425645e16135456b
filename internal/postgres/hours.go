package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

const openingHoursColumns = `h.id, h.contact_id, c.schedule, h.version`

func scanOpeningHours(row pgx.Row) (*content.OpeningHours, error) {
	var oh content.OpeningHours
	var schedule []byte
	if err := row.Scan(&oh.ID, &oh.ContactID, &schedule, &oh.Version); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(schedule, &oh.Schedule); err != nil {
		return nil, fmt.Errorf("opening hours %d: %w", oh.ID, err)
	}
	return &oh, nil
}

// openingHoursFrom joins a schedule with its contact in the same state: the
// hours of a contact that is not published are not published either.
const openingHoursFrom = `
FROM opening_hours h JOIN opening_hours_contents c ON c.opening_hours_id = h.id AND c.state = @state
JOIN contact_contents hc ON hc.contact_id = h.contact_id AND hc.state = @state`

var openingHoursByIDSQL = scoped(`SELECT ` + openingHoursColumns + openingHoursFrom + `
WHERE h.id = ANY($1)`)

// OpeningHoursByID implements content.Reader.
func (s *Reader) OpeningHoursByID(ctx context.Context, ids []int64) (map[int64]*content.OpeningHours, error) {
	rows, err := s.db.Query(ctx, openingHoursByIDSQL.in(s.scope), ids)
	return collectOpeningHours(rows, err)
}

func collectOpeningHours(rows pgx.Rows, err error) (map[int64]*content.OpeningHours, error) {
	if err != nil {
		return nil, interpretError(err, "opening hours")
	}
	defer rows.Close()
	out := map[int64]*content.OpeningHours{}
	for rows.Next() {
		oh, err := scanOpeningHours(rows)
		if err != nil {
			return nil, interpretError(err, "opening hours")
		}
		out[oh.ID] = oh
	}
	return out, interpretError(rows.Err(), "opening hours")
}

var openingHoursByContactSQL = scoped(`SELECT ` + openingHoursColumns + openingHoursFrom + `
WHERE h.contact_id = ANY($1)
ORDER BY h.contact_id, c.position, h.id`)

// OpeningHoursByContact implements content.Reader.
func (s *Reader) OpeningHoursByContact(ctx context.Context, contactIDs []int64) (map[int64][]*content.OpeningHours, error) {
	rows, err := s.db.Query(ctx, openingHoursByContactSQL.in(s.scope), contactIDs)
	return collectHoursByContact(rows, err)
}

func collectHoursByContact(rows pgx.Rows, err error) (map[int64][]*content.OpeningHours, error) {
	if err != nil {
		return nil, interpretError(err, "opening hours")
	}
	defer rows.Close()
	out := map[int64][]*content.OpeningHours{}
	for rows.Next() {
		oh, err := scanOpeningHours(rows)
		if err != nil {
			return nil, interpretError(err, "opening hours")
		}
		out[oh.ContactID] = append(out[oh.ContactID], oh)
	}
	return out, interpretError(rows.Err(), "opening hours")
}
