#include "model/calendar.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace brink {
namespace {

namespace chr = std::chrono;

// Exactly `digits` decimal digits at text[at..], as a number; -1 otherwise.
int Digits(std::string_view text, size_t at, size_t digits) {
  if (at + digits > text.size()) return -1;
  int value = 0;
  for (size_t i = at; i < at + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Days since 1970-01-01 of the Monday of ISO week 1 of `year`: the week with January 4th.
long IsoWeekOne(int year) {
  const chr::sys_days jan4 = chr::year_month_day{chr::year{year}, chr::January, chr::day{4}};
  const unsigned weekday = chr::weekday{jan4}.iso_encoding();  // Monday 1 .. Sunday 7
  return (jan4 - chr::days{weekday - 1}).time_since_epoch().count();
}

}  // namespace

std::optional<CalendarUnit> CalendarUnitOf(const std::string& step_label) {
  std::string name = step_label;
  if (name.size() > 1 && name.back() == 's') name.pop_back();
  if (name == "day") return CalendarUnit::kDay;
  if (name == "week") return CalendarUnit::kWeek;
  if (name == "month") return CalendarUnit::kMonth;
  if (name == "quarter") return CalendarUnit::kQuarter;
  if (name == "year") return CalendarUnit::kYear;
  return std::nullopt;
}

const char* PeriodForm(CalendarUnit unit) {
  switch (unit) {
    case CalendarUnit::kDay: return "YYYY-MM-DD";
    case CalendarUnit::kWeek: return "YYYY-Www";
    case CalendarUnit::kMonth: return "YYYY-MM";
    case CalendarUnit::kQuarter: return "YYYY-Qq";
    case CalendarUnit::kYear: return "YYYY";
  }
  return "";
}

std::optional<long> ParsePeriod(CalendarUnit unit, std::string_view text) {
  const int year = Digits(text, 0, 4);
  if (year < 1) return std::nullopt;
  switch (unit) {
    case CalendarUnit::kYear:
      if (text.size() != 4) return std::nullopt;
      return year;
    case CalendarUnit::kQuarter: {
      if (text.size() != 7 || text[4] != '-' || text[5] != 'Q') return std::nullopt;
      const int q = Digits(text, 6, 1);
      if (q < 1 || q > 4) return std::nullopt;
      return 4L * year + (q - 1);
    }
    case CalendarUnit::kMonth: {
      if (text.size() != 7 || text[4] != '-') return std::nullopt;
      const int m = Digits(text, 5, 2);
      if (m < 1 || m > 12) return std::nullopt;
      return 12L * year + (m - 1);
    }
    case CalendarUnit::kWeek: {
      if (text.size() != 8 || text[4] != '-' || text[5] != 'W') return std::nullopt;
      const int w = Digits(text, 6, 2);
      const long weeks = (IsoWeekOne(year + 1) - IsoWeekOne(year)) / 7;  // 52 or 53
      if (w < 1 || w > weeks) return std::nullopt;
      // Mondays are 7 days apart, and day 4 (1970-01-05) is one: weeks since that one.
      const long monday = IsoWeekOne(year) + 7L * (w - 1);
      return (monday - 4 - ((monday - 4) % 7 + 7) % 7) / 7;
    }
    case CalendarUnit::kDay: {
      if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
      const int m = Digits(text, 5, 2), d = Digits(text, 8, 2);
      if (m < 1 || d < 1) return std::nullopt;
      const chr::year_month_day date{chr::year{year}, chr::month{static_cast<unsigned>(m)},
                                     chr::day{static_cast<unsigned>(d)}};
      if (!date.ok()) return std::nullopt;
      return chr::sys_days{date}.time_since_epoch().count();
    }
  }
  return std::nullopt;
}

std::string ParseStart(const std::string& step_label, const std::string& text,
                       std::string* start, long* period) {
  const std::optional<CalendarUnit> unit = CalendarUnitOf(step_label);
  if (!unit)
    return "'start' needs the model's step to be a unit of time (step: day, week, month, "
           "quarter or year), not '" + step_label + "'";
  const std::optional<long> serial = ParsePeriod(*unit, text);
  if (!serial)
    return "'start' must be a " + step_label + " written " + PeriodForm(*unit) + ", not '" +
           text + "'";
  *start = FormatPeriod(*unit, *serial);
  *period = *serial;
  return "";
}

std::string FormatPeriod(CalendarUnit unit, long serial) {
  char text[32];
  switch (unit) {
    case CalendarUnit::kYear:
      std::snprintf(text, sizeof text, "%04ld", serial);
      break;
    case CalendarUnit::kQuarter:
      std::snprintf(text, sizeof text, "%04ld-Q%ld", serial / 4, serial % 4 + 1);
      break;
    case CalendarUnit::kMonth:
      std::snprintf(text, sizeof text, "%04ld-%02ld", serial / 12, serial % 12 + 1);
      break;
    case CalendarUnit::kWeek: {
      // The ISO year of a week is the year of its Thursday.
      const chr::sys_days monday{chr::days{serial * 7 + 4}};
      const chr::year_month_day thursday{monday + chr::days{3}};
      const int year = static_cast<int>(thursday.year());
      const long week = (serial * 7 + 4 - IsoWeekOne(year)) / 7 + 1;
      std::snprintf(text, sizeof text, "%04d-W%02ld", year, week);
      break;
    }
    case CalendarUnit::kDay: {
      const chr::year_month_day date{chr::sys_days{chr::days{serial}}};
      std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                    static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
      break;
    }
  }
  return text;
}

}  // namespace brink
