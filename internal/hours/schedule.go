package hours

// Schedule is the stored and submitted form of one channel's opening hours.
// It is what the database keeps as jsonb and what editors send; Compile
// validates it and turns it into a queryable *Compiled.
type Schedule struct {
	Channel    string        `json:"channel"`            // "staffed", "self_service", "phone", or a named channel
	Label      Text          `json:"label,omitzero"`     // visitor-facing label per locale, e.g. "Meröppet"
	TimeZone   string        `json:"timeZone,omitempty"` // IANA name; "" means Europe/Stockholm
	Rules      []Rule        `json:"rules"`
	Exceptions []Exception   `json:"exceptions,omitempty"`
	Holidays   HolidayPolicy `json:"holidays"`
}

// Rule gives the weekly hours of some weekdays. A rule without a validity is
// "regular"; with ValidFrom/ValidTo it is "seasonal", and all seasonal rules
// sharing the same validity form one seasonal period.
type Rule struct {
	Days      []string   `json:"days"`                // "mon".."sun"
	Intervals []Interval `json:"intervals"`           // empty = closed on those days
	ValidFrom string     `json:"validFrom,omitempty"` // "MM-DD" (every year, may wrap over new year) or "YYYY-MM-DD"
	ValidTo   string     `json:"validTo,omitempty"`   // same form as ValidFrom, inclusive; may be empty only in the fixed form
}

// Interval is one opening on a day, in wall-clock time.
type Interval struct {
	Opens     string `json:"opens"`               // "HH:MM", 00:00..23:59
	Closes    string `json:"closes"`              // "HH:MM"; "24:00" allowed only here
	Overnight bool   `json:"overnight,omitempty"` // closes on the following day; required when closes <= opens
}

// Exception overrides everything else for one date or an inclusive range.
type Exception struct {
	From      string     `json:"from"`                // "YYYY-MM-DD"
	To        string     `json:"to,omitempty"`        // inclusive; "" = same as From
	Closed    bool       `json:"closed,omitempty"`    // closed the whole day
	Intervals []Interval `json:"intervals,omitempty"` // its own hours when not closed
	Reason    Text       `json:"reason,omitzero"`     // shown to visitors: "Stängt för inventering"
}

// HolidayPolicy says how Swedish public holidays, eves and the days before
// public holidays are treated, with overrides for single named days.
type HolidayPolicy struct {
	// PublicHolidays is the older form of Public.Mode: "closed" or
	// "regular". Stored schedules may still carry it; a schedule gives
	// either it or Public, not both.
	PublicHolidays string            `json:"publicHolidays,omitempty"`
	Public         DayPolicy         `json:"public,omitzero"`     // public holidays; mode "" means closed
	Eves           DayPolicy         `json:"eves"`                // Påskafton, Midsommarafton, Julafton, Nyårsafton; mode "" means regular
	DayBefore      DayPolicy         `json:"dayBefore"`           // the day before a public holiday that is not itself an eve or holiday; "" means regular
	Overrides      []HolidayOverride `json:"overrides,omitempty"` // one named holiday or eve treated on its own
}

// HolidayOverride replaces the general policy on one named public holiday
// or eve (HolidayKey), e.g. open 10:00–16:00 on annandag jul although public
// holidays are closed.
type HolidayOverride struct {
	Day string `json:"day"` // a holiday key: "julafton", "annandag_jul", ...
	DayPolicy
}

// DayPolicy is the treatment of one kind of special day.
type DayPolicy struct {
	Mode      string     `json:"mode,omitempty"`      // "regular", "closed", "hours", "closeEarly"
	Intervals []Interval `json:"intervals,omitempty"` // for "hours"
	ClosesAt  string     `json:"closesAt,omitempty"`  // for "closeEarly": clips the day's normal hours; never opens a closed day
}

// Public holiday policies of the older PublicHolidays form.
const (
	PublicHolidaysClosed  = "closed"
	PublicHolidaysRegular = "regular"
)

// Day policy modes.
const (
	ModeRegular    = "regular"
	ModeClosed     = "closed"
	ModeHours      = "hours"
	ModeCloseEarly = "closeEarly"
)

// DefaultTimeZone is used when Schedule.TimeZone is empty.
const DefaultTimeZone = "Europe/Stockholm"
