package content

import (
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/radhus/radhus/internal/hours"
)

// OpeningHours is one published schedule of a contact, for one channel.
type OpeningHours struct {
	ID        int64
	ContactID int64
	Version   int
	hours.Schedule

	once     sync.Once
	compiled *hours.Compiled
	err      error
}

// Compiled returns the schedule ready for questions, compiling it once.
func (o *OpeningHours) Compiled() (*hours.Compiled, error) {
	o.once.Do(func() { o.compiled, o.err = hours.Compile(o.Schedule) })
	return o.compiled, o.err
}

// Channels of opening hours that the API treats specially.
const (
	ChannelStaffed = "staffed"
)

// DefaultTimeZone is the zone of a schedule that names none.
const DefaultTimeZone = "Europe/Stockholm"

// MaxDaysRange bounds the date range of resolved opening days.
const MaxDaysRange = 366

// LastHoursYear is the last year opening hours are resolved for; the first
// is hours.FirstHolidayYear, the first whose Swedish calendar Rådhus knows.
const LastHoursYear = 2200

// CheckHoursDate refuses a date outside the years opening hours are
// resolved for, as a BAD_USER_INPUT on field.
func CheckHoursDate(field string, d hours.Date) error {
	if d.Year < hours.FirstHolidayYear || d.Year > LastHoursYear {
		return Invalid(field, "%s must be in the years %d to %d", field, hours.FirstHolidayYear, LastHoursYear)
	}
	return nil
}

// OpenNow reports whether a contact is open at now: any of its staffed channels
// open, or any channel at all when it has no staffed one.
func OpenNow(schedules []*OpeningHours, now time.Time) (bool, error) {
	staffed := false
	for _, s := range schedules {
		if s.Channel == ChannelStaffed {
			staffed = true
			break
		}
	}
	for _, s := range schedules {
		if staffed && s.Channel != ChannelStaffed {
			continue
		}
		c, err := s.Compiled()
		if err != nil {
			return false, err
		}
		if c.OpenAt(now) {
			return true, nil
		}
	}
	return false, nil
}

// CheckSchedule validates a schedule submitted as a GraphQL
// OpeningHoursInput: nil, or a BAD_USER_INPUT error whose field is the
// input's path under prefix, the argument or field holding the schedule
// ("schedule.holidayPolicy.overrides[0].day"). Previews and the mutations
// that write schedules share it, so both report the same paths.
func CheckSchedule(prefix string, s hours.Schedule) error {
	if _, err := hours.Compile(s); err != nil {
		return InField(prefix, inputNames(err))
	}
	return nil
}

// inputNames renames a schedule error's field from the stored form to the
// input's: holidays is holidayPolicy, and a text's languages are the flat
// fields label/labelEn and reason/reasonEn.
func inputNames(err error) error {
	var fe *hours.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	f := fe.Field
	if strings.HasPrefix(f, "holidays") {
		f = "holidayPolicy" + strings.TrimPrefix(f, "holidays")
	}
	for _, t := range []string{"label", "reason"} {
		switch {
		case strings.HasSuffix(f, t+".sv"):
			f = strings.TrimSuffix(f, ".sv")
		case strings.HasSuffix(f, t+".en"):
			f = strings.TrimSuffix(f, ".en") + "En"
		}
	}
	return &hours.FieldError{Field: f, Message: fe.Message}
}

// InField turns an invalid schedule's error into a BAD_USER_INPUT error whose
// field is under the argument or field that held the schedule
// ("schedule.rules[1].intervals[0].closes"); other errors pass through.
func InField(prefix string, err error) error {
	var fe *hours.FieldError
	if errors.As(err, &fe) {
		return &Error{Code: EINVALID, Field: prefix + "." + fe.Field, Message: fe.Message}
	}
	return err
}
