// Package hours is Rådhus' opening-hours engine: it validates the stored
// form of a channel's opening hours (Schedule), compiles it (Compile) and
// answers what visitors ask — the hours of a date range (Days), whether a
// channel is open at an instant (OpenAt), when that changes (NextChange),
// and ready-made renderings (Summary, SchemaOrg, OSM). It is pure: no
// database, no hidden clock. Callers pass instants; Clock, SystemClock and
// FixedClock exist so callers can inject "now".
//
// # Precedence
//
// Each civil date is resolved by the first layer that applies:
//
//  1. exception: an Exception covering the date (closed, or its own hours);
//  2. holiday policy: on a Swedish public holiday the channel is closed
//     unless HolidayPolicy.PublicHolidays is "regular"; on an eve
//     (Påskafton, Midsommarafton, Julafton, Nyårsafton) the Eves policy;
//     on the day before a public holiday that is itself neither an eve nor
//     a holiday the DayBefore policy. Mode "regular" falls through to the
//     weekly rules; "closed" closes; "hours" uses the policy's intervals;
//     "closeEarly" clips the day's normal intervals at ClosesAt and never
//     opens a day that is normally closed;
//  3. seasonal rule: a seasonal period covering the date replaces the
//     regular rules entirely for that date (weekdays it does not list are
//     closed). When several periods cover a date the shortest occurrence
//     wins (open-ended periods count as endless), ties going to the period
//     declared first;
//  4. regular rule.
//
// Day.Source names the deciding layer. Day.Holiday is set on every public
// holiday and eve, even when the policy is "regular"; Day.Reason is only
// set when an exception (its reason) or the holiday policy (the Swedish
// name, or "Dag före Kristi himmelsfärdsdag") decided the day.
//
// # Calendar
//
// SwedishHolidays lists the public holidays of lag (1989:253) om allmänna
// helgdagar except plain Sundays, plus the four de facto eves above with
// Public false. Pingstafton is deliberately not an eve: it is always a
// Saturday, few services treat it specially, and the DayBefore policy
// ("Dag före Pingstdagen") already reaches it. Other days before public
// holidays (Trettondagsafton, Valborgsmässoafton, Allhelgonaafton) are
// likewise handled by DayBefore.
//
// # Time and DST
//
// Intervals are wall-clock times in the schedule's zone (Europe/Stockholm
// by default), 00:00 inclusive to closing exclusive. An overnight interval
// (22:00–02:00) belongs to the day it opens. Wall times become instants by
// one rule: a time inside the spring-forward gap maps forward to the end of
// the gap (02:30 → 03:00, so 01:00–04:00 lasts two real hours that night),
// and a time that occurs twice on the fall-back night maps to its first
// occurrence (so 01:00–04:00 lasts four real hours that night). A span the
// gap shrinks to nothing is dropped. Spans that touch or overlap, also
// across midnight, are one continuous opening for OpenAt and NextChange.
package hours
