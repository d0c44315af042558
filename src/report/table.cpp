#include <cmath>
#include <cstdio>

#include "brink/history.h"
#include "brink/report.h"

namespace brink {
namespace {

std::string Percent(double p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, p < 0.001 && p > 0 ? "%.3f%%" : "%.2f%%", 100 * RoundForOutput(p));
  return buffer;
}

std::string Pad(const std::string& s, size_t width) {
  // Width in characters: count UTF-8 lead bytes only.
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s : s + std::string(width - chars, ' ');
}

// A version-2 model's row adds, after the interval of "ever", the chance "now" (at the
// horizon) and, for an event, the mean number of occurrences ("times").
std::string Row(const Figure& f, const std::string& name, bool bands, bool two_way) {
  char first[32] = "-";
  if (f.occurred) std::snprintf(first, sizeof first, "%.1f", RoundForOutput(f.mean_first_step));
  char numbers[160];
  if (two_way) {
    char times[32] = "";
    if (f.kind == Figure::Kind::kEvent)
      std::snprintf(times, sizeof times, "%.2f", RoundForOutput(f.now.mean_occurrences));
    std::snprintf(numbers, sizeof numbers, "%8s   %8s – %-8s  %8s  %6s  %6s",
                  Percent(f.probability).c_str(), Percent(f.ci_low).c_str(),
                  Percent(f.ci_high).c_str(), Percent(f.now.probability).c_str(), times, first);
  } else {
    std::snprintf(numbers, sizeof numbers, "%8s   %8s – %-8s  %6s",
                  Percent(f.probability).c_str(), Percent(f.ci_low).c_str(),
                  Percent(f.ci_high).c_str(), first);
  }
  std::string band;
  if (bands) band = "   (90% band " + Percent(f.p05) + "–" + Percent(f.p95) + ")";
  return "  " + Pad(name, 44) + numbers + band + "\n";
}

// "Given: EXPR (P = 12.34% [11.90%, 12.80%], held in 1234 of 10000 trials)"
std::string GivenLine(const Results& results) {
  const GivenFigure& g = results.given;
  std::string how = results.simulated == 0
                        ? ", exact"
                        : " [" + Percent(g.ci_low) + ", " + Percent(g.ci_high) + "], held in " +
                              std::to_string(results.counted) + " of " +
                              std::to_string(results.simulated) + " trials";
  return "Given: " + g.text + "  (P = " + Percent(g.probability) + how +
         "); every figure below is conditional on it\n";
}

// A step as the model's calendar names it: "month 24 (2026-06)", or "month 24" without start:.
std::string StepName(const Model& model, int step) {
  const std::string plain = model.step_label + " " + std::to_string(step);
  const std::string dated = StepText(model, step);
  return dated == plain ? plain : plain + " (" + dated + ")";
}

// The engine line of a run given a history.
std::string HistoryRunLine(const RunInfo& info) {
  char line[256];
  const std::string draws = std::to_string(info.draws) +
                            (info.draws == 1 ? " draw (parameters pinned)" : " posterior draws");
  if (info.engine == Method::kExact)
    std::snprintf(line, sizeof line, "exact engine, %s, %.2f s\n", draws.c_str(),
                  info.wall_seconds);
  else
    std::snprintf(line, sizeof line,
                  "likelihood-weighted trials, seed %llu, %s x %llu trials, %s%d thread%s, "
                  "%.2f s\n",
                  static_cast<unsigned long long>(info.seed), draws.c_str(),
                  static_cast<unsigned long long>(info.history_trials),
                  info.ranks > 1 ? (std::to_string(info.ranks) + " processes x ").c_str() : "",
                  info.threads, info.threads == 1 ? "" : "s", info.wall_seconds);
  return line;
}

std::string Signed(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%+.2f", RoundForOutput(x));
  return text;
}

}  // namespace

std::string FixedPercent(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f%%", 100 * RoundForOutput(fraction));
  return buffer;
}

std::string CutText(const std::string& s, size_t width) {
  size_t chars = 0, end = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (chars == width - 1) end = i;
    if (++chars > width) return s.substr(0, end) + "…";
  }
  return s;
}

std::string MediansLine(const std::vector<std::string>& sampled) {
  std::string names;
  for (size_t i = 0; i < sampled.size() && i < 3; ++i) names += (i ? ", " : "") + sampled[i];
  if (sampled.size() > 3) names += " and " + std::to_string(sampled.size() - 3) + " more";
  return "one draw: " + std::to_string(sampled.size()) + (sampled.size() == 1 ? " range" : " ranges") +
         " held at the median (" + names + "); the figures leave out your uncertainty\n";
}

namespace {

// An amount for the terminal: whole numbers from 100 up, else 3 significant digits.
std::string AmountText(double x) {
  char text[64];
  if (std::fabs(x) >= 100)
    std::snprintf(text, sizeof text, "%.0f", x);
  else
    std::snprintf(text, sizeof text, "%#.3g", x);
  return text;
}

// "Shells shipped (million shells) by month 24: mean 6.1 (5.9–6.3); median 5.4; 95th
// percentile 14.8; P(any) 87.0%[; 90% band of the mean 4.2–8.7]".
void PrintQuantities(std::ostream& out, const Model& model, const Results& results) {
  if (results.quantities.empty()) return;
  out << "\nQuantities, total by " << model.step_label << " " << model.horizon << "\n";
  for (const QuantityFigure& q : results.quantities) {
    out << "  " << q.label << (q.unit.empty() ? "" : " (" + q.unit + ")") << ": mean "
        << AmountText(q.mean) << " (" << AmountText(q.ci_low) << "–" << AmountText(q.ci_high)
        << "); median " << AmountText(q.p50) << "; 95th percentile " << AmountText(q.p95)
        << "; P(any) " << Percent(q.prob_positive);
    if (results.draws > 1)
      out << "; 90% band of the mean " << AmountText(q.band_p05) << "–" << AmountText(q.band_p95);
    out << "\n";
  }
}

}  // namespace

void PrintTable(std::ostream& out, const Model& model, const Results& results,
                const RunInfo& info) {
  out << model.scenario << "\n";
  char line[256];
  const std::string draws =
      info.draws > 1 ? std::to_string(info.draws) + " draws (" + info.sampling + ") x " : "";
  const std::string kernel = info.kernel.empty() ? "" : " (" + info.kernel + " kernel)";
  if (info.engine == Method::kExact)
    std::snprintf(line, sizeof line, "exact engine, %s%llu states, %.2f s\n", draws.c_str(),
                  static_cast<unsigned long long>(info.states), info.wall_seconds);
  else
    std::snprintf(line, sizeof line, "%s engine%s, seed %llu, %s%llu trials, %s%d thread%s, %.2f s\n",
                  NameOf(info.engine).data(), kernel.c_str(), static_cast<unsigned long long>(info.seed),
                  draws.c_str(), static_cast<unsigned long long>(info.trials),
                  info.ranks > 1 ? (std::to_string(info.ranks) + " processes x ").c_str() : "",
                  info.threads, info.threads == 1 ? "" : "s", info.wall_seconds);
  out << line;
  if (info.draws == 1 && !info.sampled.empty()) out << MediansLine(info.sampled);
  if (!results.given.text.empty()) out << GivenLine(results);
  if (!info.history.empty()) {
    char text[256];
    std::snprintf(text, sizeof text, "log likelihood %.6g (%s)", info.log_evidence,
                  info.history_method.c_str());
    out << "Given the history " << info.history << " (observed through "
        << StepText(model, info.history_as_of) << "): every figure below is conditional on it; "
        << text << "\n";
  }
  const bool bands = results.draws > 1;
  if (bands)
    out << "chance: mean over draws; 95% interval: of that mean; 90% band: the spread over "
           "draws of your uncertainty\n";
  const bool two_way = results.two_way;
  const std::string at = model.step_label + " " + std::to_string(model.horizon);
  const std::string by = "by " + at;
  char header[160];
  if (two_way) {
    out << "ever: has happened by " << at << "; now: is going on at " << at
        << "; times: mean occurrences\n";
    std::snprintf(header, sizeof header, "%8s   %-19s  %8s  %6s  mean first %s", "ever",
                  "95% interval", "now", "times", model.step_label.c_str());
  } else {
    std::snprintf(header, sizeof header, "%8s   %-19s  mean first %s", "chance", "95% interval",
                  model.step_label.c_str());
  }
  if (model.num_levels() > 0) {
    out << "\n" << Pad("Escalation level, " + by, 46) << header << "\n";
    for (const Figure& f : results.figures)
      if (f.kind == Figure::Kind::kLevel)
        out << Row(f, CutText(">= " + f.id + " " + f.label, 42), bands, two_way);
  }
  out << "\n" << Pad("Event, " + by, 46) << header << "\n";
  for (const Figure& f : results.figures)
    if (f.kind == Figure::Kind::kEvent)
      out << Row(f, CutText(f.label.empty() ? f.id : f.label, 42), bands, two_way);
  PrintQuantities(out, model, results);
}

void PrintHistoryTable(std::ostream& out, const Model& model, const Results& now,
                       const RunInfo& info, const HistoryOutcome& history) {
  out << model.scenario << "\n" << HistoryRunLine(info);
  char text[512];
  std::snprintf(text, sizeof text, "log evidence %.4g", RoundForOutput(history.log_evidence));
  std::string evidence = text;
  if (history.log_evidence_se > 0) {
    std::snprintf(text, sizeof text, " ± %.2g", history.log_evidence_se);
    evidence += text;
  }
  if (info.draws == 1 && !info.sampled.empty()) out << MediansLine(info.sampled);
  out << "Given the history " << info.history << ", observed through "
      << StepText(model, history.as_of) << ": " << evidence << " (" << info.history_method
      << ")\n";
  if (info.draws > 1) {
    std::snprintf(text, sizeof text, "%.0f", history.effective_draws);
    out << "posterior: " << info.draws << " draws, as many as " << text
        << " independent ones; ";
  }
  out << "before: " << info.before_draws << (info.before_draws == 1 ? " draw" : " draws")
      << " of the prior";
  if (info.engine != Method::kExact) out << " x " << info.before_trials << " trials";
  out << "\nnow: each figure given the history" << (info.draws > 1 ? ", averaged over the posterior" : "")
      << "; before: the same figure without it\n";

  if (!history.parameters.empty()) {
    out << "\n" << Pad("What the history taught, per " + model.step_label, 36)
        << "prior mean ± sd      posterior mean ± sd   90% interval\n";
    for (const PosteriorParameter& p : history.parameters) {
      std::snprintf(text, sizeof text, "%8s ± %-8s  ->  %8s ± %-8s  %s – %s",
                    Percent(p.prior_mean).c_str(), Percent(p.prior_sd).c_str(),
                    Percent(p.posterior_mean).c_str(), Percent(p.posterior_sd).c_str(),
                    Percent(p.p05).c_str(), Percent(p.p95).c_str());
      out << "  " << Pad(CutText(p.name, 32), 34) << text << "\n";
    }
    for (const PosteriorCorrelation& c : history.correlations)
      if (c.prior != 0 || std::fabs(c.posterior) >= 0.1)
        out << "  rank correlation " << c.a << " ~ " << c.b << ": " << Signed(c.prior)
            << " before, " << Signed(c.posterior) << " now\n";
  }

  const std::string by = "by " + StepName(model, model.horizon);
  // A model whose events end adds what is going on at the horizon, given the history.
  const bool two_way = now.two_way;
  if (two_way)
    out << "active: going on at " << StepName(model, model.horizon) << ", given the history\n";
  char header[160];
  std::snprintf(header, sizeof header, "%8s %9s   %-19s  %smean first %s", "before", "now",
                "95% interval", two_way ? "  active  " : "", model.step_label.c_str());
  auto row = [&](size_t f, const std::string& name) {
    const Figure& n = now.figures[f];
    const double before = f < history.before.figures.size() ? history.before.figures[f].probability : 0;
    char first[32] = "-";
    if (n.occurred) std::snprintf(first, sizeof first, "%.1f", RoundForOutput(n.mean_first_step));
    char active[32] = "";
    if (two_way) std::snprintf(active, sizeof active, "%8s  ", Percent(n.now.probability).c_str());
    char numbers[160];
    std::snprintf(numbers, sizeof numbers, "%8s  %8s   %8s – %-8s  %s%6s", Percent(before).c_str(),
                  Percent(n.probability).c_str(), Percent(n.ci_low).c_str(),
                  Percent(n.ci_high).c_str(), active, first);
    out << "  " << Pad(name, 44) << numbers << "\n";
  };
  if (model.num_levels() > 0) {
    out << "\n" << Pad("Escalation level, " + by, 46) << header << "\n";
    for (size_t f = 0; f < now.figures.size(); ++f)
      if (now.figures[f].kind == Figure::Kind::kLevel)
        row(f, CutText(">= " + now.figures[f].id + " " + now.figures[f].label, 42));
  }
  out << "\n" << Pad("Event, " + by, 46) << header << "\n";
  for (size_t f = 0; f < now.figures.size(); ++f)
    if (now.figures[f].kind == Figure::Kind::kEvent)
      row(f, CutText(now.figures[f].label.empty() ? now.figures[f].id : now.figures[f].label, 42));

  out << "\nScores of the forecasts before the history, by " << StepName(model, history.as_of)
      << "\n" << Pad("", 46) << "forecast  happened    Brier  log score\n";
  double brier = 0;
  for (const Score& s : history.scores) {
    const std::string name = s.kind == Figure::Kind::kLevel ? ">= " + s.id + " " + s.label
                                                             : (s.label.empty() ? s.id : s.label);
    std::snprintf(text, sizeof text, "%8s  %-8s  %7.3f  %9.3f", Percent(s.forecast).c_str(),
                  s.outcome ? "yes" : "no", RoundForOutput(s.brier), RoundForOutput(s.log_score));
    // A row about an episode ("active:", "onset:", "end:") keeps its ", what" whole.
    const size_t comma =
        s.id.find(':') != std::string::npos ? name.rfind(", ") : std::string::npos;
    const std::string what = comma != std::string::npos ? name.substr(comma) : "";
    const std::string cut =
        CutText(name.substr(0, name.size() - what.size()), 42 - what.size()) + what;
    out << "  " << Pad(cut, 44) << text << "\n";
    brier += s.brier;
  }
  std::snprintf(text, sizeof text,
                "  mean Brier score %.3f over %zu forecasts; the whole timed history: log score "
                "%.4g (its probability %.3g)\n",
                history.scores.empty() ? 0.0 : RoundForOutput(brier / history.scores.size()),
                history.scores.size(), RoundForOutput(history.log_evidence),
                std::exp(history.log_evidence));
  out << text;
}

}  // namespace brink
