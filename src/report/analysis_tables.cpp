// The terminal tables of sweep, sensitivity and compare (brink/report.h).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "brink/history.h"
#include "brink/report.h"
#include "brink/structure.h"

namespace brink {
namespace {

// The most tornado bars and important events the terminal lists (the files hold them all).
constexpr size_t kListed = 20;

// "level >= K (NAME)" or "event ID"; a now target: "level now >= K (NAME)" or "event ID
// active".
std::string TargetName(const Model& model, Target target) {
  const int events = static_cast<int>(model.events.size());
  if (target.row < events)
    return "event " + model.events[target.row].id + (target.now ? " active" : "");
  const int k = target.row - events + 1;
  return std::string(target.now ? "level now >= " : "level >= ") + std::to_string(k) + " (" +
         model.levels[k] + ")";
}

// Percentage points with a sign: "+1.23".
std::string Points(double d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.2f", 100 * RoundForOutput(d));
  return std::string(buffer) == "-0.00" ? "+0.00" : buffer;
}

std::string Pins(const Settings& pins) {
  std::string text;
  for (const auto& [name, value] : pins)
    text += (text.empty() ? "" : ", ") + name + "=" + FixedPercent(value);
  return text;
}

std::string Pad(const std::string& s, size_t width) {
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s : s + std::string(width - chars, ' ');
}

}  // namespace

std::string TargetText(const Model& model, Target target) {
  const int events = static_cast<int>(model.events.size());
  if (target.row < events)
    return (target.now ? "active:" : "") + model.events[target.row].id;
  return (target.now ? "level_at:" : "level:") + std::to_string(target.row - events + 1);
}

void PrintSweepTable(std::ostream& out, const Model& model, Target target,
                     const std::vector<std::string>& axes, const std::vector<SweepRow>& rows,
                     size_t total, const std::vector<std::string>& at_medians) {
  bool by_horizon = false;  // --vary horizon: each point's figures are at its own horizon
  for (const std::string& axis : axes) by_horizon = by_horizon || axis == "horizon";
  by_horizon = by_horizon && IsStructureName(model, "horizon");
  out << model.scenario << ": " << TargetName(model, target) << (target.now ? ", at " : ", by ")
      << (by_horizon ? "the point's horizon" : model.step_label + " " + std::to_string(model.horizon))
      << "\n";
  if (!at_medians.empty()) out << MediansLine(at_medians);
  std::vector<int> width;
  char cell[128];
  for (const std::string& axis : axes) {
    width.push_back(std::max<int>(8, static_cast<int>(axis.size())));
    std::snprintf(cell, sizeof cell, "%*s ", width.back(), axis.c_str());
    out << cell;
  }
  const bool versus = !rows.empty() && rows[0].versus;
  std::snprintf(cell, sizeof cell, versus ? "%9s   %-19s  %s\n" : "%9s   %s\n", "chance",
                "95% interval", "vs baseline (points, paired 95%)");
  out << cell;
  for (const SweepRow& row : rows) {
    for (size_t a = 0; a < row.values.size(); ++a) {
      // A horizon or a delay is a whole number of steps; a probability a percent.
      const std::string value = IsStructureName(model, axes[a])
                                    ? std::to_string(static_cast<int>(row.values[a]))
                                    : FixedPercent(row.values[a]);
      std::snprintf(cell, sizeof cell, "%*s ", width[a], value.c_str());
      out << cell;
    }
    const std::string interval = FixedPercent(row.low) + " – " + FixedPercent(row.high);
    std::snprintf(cell, sizeof cell, "%9s   ", FixedPercent(row.probability).c_str());
    out << cell << interval;
    if (row.versus) {
      // Pad the interval to 19 characters (the dash is one character in three bytes).
      out << std::string(interval.size() - 2 < 19 ? 19 - (interval.size() - 2) : 0, ' ');
      std::snprintf(cell, sizeof cell, "  %+6.2f  (%+.2f to %+.2f)", 100 * RoundForOutput(row.difference) + 0.0,
                    100 * RoundForOutput(row.paired_low) + 0.0,
                    100 * RoundForOutput(row.paired_high) + 0.0);
      out << cell;
    }
    out << "\n";
  }
  if (total > rows.size())
    out << "(the first " << rows.size() << " of " << total << " points; all are in sweep.csv)\n";
}

void PrintSensitivity(std::ostream& out, const Model& model, Target target,
                      const std::vector<TornadoBar>& bars,
                      const std::vector<EventImportance>& importance,
                      const std::vector<RankCorrelation>& ranks, int draws) {
  char line[512];
  out << model.scenario << "\nTarget: " << TargetName(model, target)
      << (target.now ? " at " + model.step_label + " " + std::to_string(model.horizon) : "")
      << " = "
      << FixedPercent(importance.empty() ? 0 : importance[0].p_target)
      << " with every parameter at its point value or median\n\nTornado (swing of the "
         "target, largest first):\n";
  for (size_t i = 0; i < bars.size() && i < kListed; ++i) {
    std::snprintf(line, sizeof line, "  %-28s %8s .. %-8s -> %8s .. %-8s (swing %.2f points)\n",
                  bars[i].parameter.c_str(), FixedPercent(bars[i].low).c_str(),
                  FixedPercent(bars[i].high).c_str(), FixedPercent(bars[i].target_at_low).c_str(),
                  FixedPercent(bars[i].target_at_high).c_str(), 100 * RoundForOutput(bars[i].swing));
    out << line;
  }
  if (bars.size() > kListed)
    out << "  (" << bars.size() - kListed << " more in tornado.csv)\n";
  out << "\nEvent importance (Birnbaum = P(target | certain) - P(target | impossible)):\n";
  std::vector<EventImportance> sorted = importance;
  std::stable_sort(sorted.begin(), sorted.end(), [](const EventImportance& a,
                                                    const EventImportance& b) {
    return a.birnbaum > b.birnbaum;
  });
  // Every event that matters (non-zero Birnbaum), up to kListed; the rest are counted.
  size_t listed = 0, nonzero = 0;
  for (const EventImportance& e : sorted) {
    if (e.birnbaum == 0) continue;
    ++nonzero;
    if (listed == kListed) continue;
    ++listed;
    std::snprintf(line, sizeof line,
                  "  %-28s certain %8s   impossible %8s   Birnbaum %.2f points\n",
                  e.event.c_str(), FixedPercent(e.p_if_certain).c_str(),
                  FixedPercent(e.p_if_impossible).c_str(), 100 * RoundForOutput(e.birnbaum));
    out << line;
  }
  if (nonzero > listed)
    out << "  (" << nonzero - listed << " more with non-zero importance in importance.csv)\n";
  if (sorted.size() > nonzero)
    out << "  (" << sorted.size() - nonzero << " event" << (sorted.size() - nonzero == 1 ? "" : "s")
        << " with no effect on the target)\n";
  if (!ranks.empty()) {
    out << "\nRank correlation with the target over " << draws << " draws:\n";
    for (const RankCorrelation& r : ranks) {
      std::snprintf(line, sizeof line, "  %-28s %+.3f\n", r.parameter.c_str(), RoundForOutput(r.rho));
      out << line;
    }
  }
}

void PrintSobol(std::ostream& out, const Model& model, Target target,
                const std::vector<SobolIndex>& indices, int samples) {
  out << "\nSobol indices of " << TargetText(model, target) << " (Saltelli design, " << samples
      << " rows, common random numbers; 95% bootstrap intervals):\n";
  int width = 9;
  for (const SobolIndex& i : indices) width = std::max(width, static_cast<int>(i.parameter.size()));
  char line[512];
  std::snprintf(line, sizeof line, "  %-*s %26s %26s\n", width, "parameter", "first order S1",
                "total effect ST");
  out << line;
  for (const SobolIndex& i : indices) {
    std::snprintf(line, sizeof line, "  %-*s %6.3f (%6.3f .. %6.3f)   %6.3f (%6.3f .. %6.3f)\n",
                  width, i.parameter.c_str(), i.s1, i.s1_low, i.s1_high, i.st, i.st_low,
                  i.st_high);
    out << line;
  }
}

void PrintCompare(std::ostream& out, const Model& model, const CompareOutcome& outcome,
                  const RunInfo& info) {
  out << model.scenario << "\n";
  out << "A: " << (info.pins_a.empty() ? "the model as written" : Pins(info.pins_a)) << "\n";
  out << "B: "
      << (!info.model_b.empty()
              ? info.model_b + (info.pins_b.empty() ? "" : " with " + Pins(info.pins_b))
              : info.pins_b.empty() ? "the model as written"
                                    : Pins(info.pins_b))
      << "\n";
  char line[512];
  const std::string draws = info.draws > 1 ? std::to_string(info.draws) + " draws (" +
                                                 info.sampling + ") x "
                                           : "";
  const std::string kernel = info.kernel.empty() ? "" : " (" + info.kernel + " kernel)";
  if (outcome.history) {
    // Each arm learned from the history on its own: the figures are its forecasts given it.
    std::snprintf(line, sizeof line, "%s, %s%s, seed %llu, %d thread%s, %.2f s\n",
                  info.engine == Method::kExact ? "exact likelihoods" : "likelihood-weighted trials",
                  info.draws > 1 ? std::to_string(info.draws).c_str() : "1",
                  info.draws > 1 ? " posterior draws per arm" : " draw (parameters pinned)",
                  static_cast<unsigned long long>(info.seed), info.threads,
                  info.threads == 1 ? "" : "s", info.wall_seconds);
    out << "Given the history " << info.history << ", observed through "
        << StepText(model, info.history_as_of) << ":\n"
        << line;
    const bool b_likelier = outcome.bayes_factor >= 1;
    auto times = [](double x) {
      char text[32];
      std::snprintf(text, sizeof text, "%.3g×", x);
      return std::string(text);
    };
    const std::string factor = b_likelier ? times(outcome.bayes_factor) : times(1 / outcome.bayes_factor);
    const std::string low = b_likelier ? times(outcome.bayes_low) : times(1 / outcome.bayes_high);
    const std::string high = b_likelier ? times(outcome.bayes_high) : times(1 / outcome.bayes_low);
    out << "Bayes factor: the history is " << factor << " (" << low << "–" << high
        << ") more likely under " << (b_likelier ? "B than under A" : "A than under B") << "\n";
    for (const auto& [name, e] : {std::pair<const char*, const ArmEvidence&>{"A", outcome.evidence_a},
                                  {"B", outcome.evidence_b}}) {
      std::snprintf(line, sizeof line, "  %s: log evidence %.4g ± %.2g (%s)\n", name,
                    RoundForOutput(e.log_evidence), e.log_evidence_se, e.method.c_str());
      out << line;
    }
    out << "difference: B - A in percentage points of the forecasts given the history, with "
           "95% intervals of two independent runs\n";
  } else {
    std::snprintf(line, sizeof line,
                  "%s engine%s, seed %llu, %s%llu trials, the same for both arms, %d thread%s, "
                  "%.2f s\n",
                  NameOf(info.engine).data(), kernel.c_str(), static_cast<unsigned long long>(info.seed),
                  draws.c_str(), static_cast<unsigned long long>(info.trials), info.threads,
                  info.threads == 1 ? "" : "s", info.wall_seconds);
    out << line;
    if (info.draws == 1 && !info.sampled.empty()) out << MediansLine(info.sampled);
    out << "difference: B - A in percentage points, with 95% intervals: paired (these runs) and "
           "independent (what two separate runs would give)\n";
  }
  const std::string horizon = model.step_label + " " + std::to_string(model.horizon);
  const std::string by = "by " + horizon;
  auto header = [&](const std::string& title, const std::string& when) {
    std::snprintf(line, sizeof line, "%8s %8s %8s   %-18s  %s", "A", "B", "B - A",
                  "paired", "independent");
    out << "\n" << Pad(title + ", " + when, 44) << line << "\n";
  };
  auto row = [&](const PairedValue& f, const std::string& name) {
    std::snprintf(line, sizeof line, "%8s %8s %8s   %-18s  %s", FixedPercent(f.p_a).c_str(),
                  FixedPercent(f.p_b).c_str(), Points(f.difference).c_str(),
                  (Points(f.paired_low) + " to " + Points(f.paired_high)).c_str(),
                  (Points(f.independent_low) + " to " + Points(f.independent_high)).c_str());
    out << "  " << Pad(name, 42) << line << "\n";
  };
  auto level_name = [](const PairedFigure& f) { return CutText(">= " + f.id + " " + f.label, 42); };
  auto event_name = [](const PairedFigure& f) {
    return CutText(f.label.empty() ? f.id : f.label, 42);
  };
  if (model.num_levels() > 0) {
    header("Escalation level", by);
    for (const PairedFigure& f : outcome.figures)
      if (f.kind == Figure::Kind::kLevel) row(f, level_name(f));
  }
  header("Event", by);
  for (const PairedFigure& f : outcome.figures)
    if (f.kind == Figure::Kind::kEvent) row(f, event_name(f));
  const bool two_way = !outcome.figures.empty() && outcome.figures[0].two_way;
  if (two_way) {
    // Version 2: what is going on at the horizon, and how often events began.
    if (model.num_levels() > 0) {
      header("Level now", "at " + horizon);
      for (const PairedFigure& f : outcome.figures)
        if (f.kind == Figure::Kind::kLevel) row(f.now, level_name(f));
    }
    header("Event active", "at " + horizon);
    for (const PairedFigure& f : outcome.figures)
      if (f.kind == Figure::Kind::kEvent) row(f.now, event_name(f));
    std::snprintf(line, sizeof line, "%8s %8s %8s   %s", "A", "B", "B - A",
                  outcome.history ? "independent" : "paired");
    out << "\n" << Pad("Mean occurrences, " + model.step_label + "s 1.." +
                           std::to_string(model.horizon), 44)
        << line << "\n";
    for (const PairedFigure& f : outcome.figures) {
      if (f.kind != Figure::Kind::kEvent) continue;
      const PairedMean& m = f.occurrences;
      auto number = [](double x, bool sign) {
        char text[32];
        std::snprintf(text, sizeof text, sign ? "%+.3f" : "%.3f", RoundForOutput(x) + 0.0);
        return std::string(text) == "-0.000" ? std::string("+0.000") : std::string(text);
      };
      std::snprintf(line, sizeof line, "%8s %8s %8s   %s", number(m.mean_a, false).c_str(),
                    number(m.mean_b, false).c_str(), number(m.difference, true).c_str(),
                    (number(m.paired_low, true) + " to " + number(m.paired_high, true)).c_str());
      out << "  " << Pad(event_name(f), 42) << line << "\n";
    }
  }
  if (outcome.history) return;
  // The gain: how much narrower the paired intervals are, where the arms differ at all.
  // (Version 2: the figures now too.)
  double paired = 0, independent = 0;
  for (const PairedFigure& f : outcome.figures)
    for (const PairedValue* v : {static_cast<const PairedValue*>(&f), &f.now}) {
      if (v == &f.now && !f.two_way) continue;
      if (v->p_a == v->p_b) continue;
      paired += v->paired_high - v->paired_low;
      independent += v->independent_high - v->independent_low;
    }
  if (paired > 0)
    std::snprintf(line, sizeof line,
                  "\nWhere the arms differ, the paired intervals are %.1f times narrower than "
                  "independent runs' (%.0f times fewer trials for the same width).\n",
                  independent / paired, std::pow(independent / paired, 2));
  else
    std::snprintf(line, sizeof line, "\nThe arms gave the same figures in every trial.\n");
  out << line;
}

}  // namespace brink
