// Calendar periods for a model's steps (`start:`; ../shared/spec/history.md "Dates"): step 1
// is the period `start`, step k the period k - 1 after it, in the unit of the model's step.
// Periods are ISO 8601: "2024" (a year), "2024-Q3" (a quarter), "2024-07" (a month),
// "2024-W28" (an ISO week, Monday to Sunday) and "2024-07-01" (a day).
#ifndef BRINK_MODEL_CALENDAR_H_
#define BRINK_MODEL_CALENDAR_H_

#include <optional>
#include <string>
#include <string_view>

namespace brink {

enum class CalendarUnit { kDay, kWeek, kMonth, kQuarter, kYear };

// The unit of a step label ("month", "months", "week"...); nullopt when it is not one.
std::optional<CalendarUnit> CalendarUnitOf(const std::string& step_label);

// The serial number of the period `text` in `unit`: consecutive periods have consecutive
// numbers. nullopt when `text` is not a valid ISO period of that unit (February 30, week 53 of
// a 52-week year, years outside 1..9999).
std::optional<long> ParsePeriod(CalendarUnit unit, std::string_view text);

// The ISO text of period `serial` of `unit` (the inverse of ParsePeriod).
std::string FormatPeriod(CalendarUnit unit, long serial);

// The form of a period of `unit`, for messages: "YYYY-MM".
const char* PeriodForm(CalendarUnit unit);

// A model's `start:` (`text`) for its step `step_label`: sets *start to its ISO text and
// *period to its serial number and returns "", or returns what is wrong.
std::string ParseStart(const std::string& step_label, const std::string& text,
                       std::string* start, long* period);

}  // namespace brink

#endif  // BRINK_MODEL_CALENDAR_H_
