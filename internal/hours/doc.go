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
//  2. holiday override: a HolidayOverride naming a holiday or eve on the
//     date (when two holidays coincide, the first in calendar order that
//     has one);
//  3. holiday policy, by the kind of day: PUBLIC_HOLIDAY takes
//     HolidayPolicy.Public (closed unless said otherwise), EVE (påskafton,
//     midsommarafton, julafton, nyårsafton) takes Eves, DAY_BEFORE_HOLIDAY
//     (the day before a public holiday that is itself neither an eve nor a
//     holiday) takes DayBefore. Mode "regular" falls through to the
//     weekly rules; "closed" closes; "hours" uses the policy's intervals;
//     "closeEarly" clips the day's normal intervals at ClosesAt and never
//     opens a day that is normally closed;
//  4. seasonal rule: a seasonal period covering the date replaces the
//     regular rules entirely for that date (weekdays it does not list are
//     closed). When several periods cover a date the shortest occurrence
//     wins (open-ended periods count as endless), ties going to the period
//     declared first;
//  5. regular rule.
//
// Day.Source names the deciding layer (an override counts as HOLIDAY) and
// Day.Kind the kind of day, whatever decided it. Day.Holiday is set on every
// public holiday and eve, Day.Before on the day before a holiday, even when
// the policy is "regular"; Day.Reason is only set when an exception (its
// reason) or the holiday policy (the holiday's name, or "Dag före
// långfredagen") decided the day. Texts are Swedish with optional English
// (Text); names inside a phrase follow Swedish writing: lower case except
// proper nouns ("Dag före Kristi himmelsfärdsdag").
//
// # Calendar
//
// SwedishHolidays lists the public holidays of lag (1989:253) om allmänna
// helgdagar except plain Sundays, plus the four de facto eves above with
// Public false. From 2005 that is Sveriges nationaldag on 6 June (its name
// in the act; key "nationaldagen"); until 2004 annandag pingst instead.
// Years before 1953, when midsommardagen and alla helgons dag had fixed
// dates, are computed by the 1953 rules and refused by the API
// (FirstHolidayYear). Pingstafton is deliberately not an eve: it is always
// a Saturday, few services treat it specially, and the DayBefore policy
// ("Dag före pingstdagen") already reaches it. Other days before public
// holidays (trettondagsafton, valborgsmässoafton, allhelgonaafton) are
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
