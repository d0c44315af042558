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

std::string Row(const Figure& f, const std::string& name, bool bands) {
  char first[32] = "-";
  if (f.occurred) std::snprintf(first, sizeof first, "%.1f", RoundForOutput(f.mean_first_step));
  char numbers[128];
  std::snprintf(numbers, sizeof numbers, "%8s   %8s – %-8s  %6s", Percent(f.probability).c_str(),
                Percent(f.ci_low).c_str(), Percent(f.ci_high).c_str(), first);
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

void PrintTable(std::ostream& out, const Model& model, const Results& results,
                const RunInfo& info) {
  out << model.scenario << "\n";
  char line[256];
  const std::string draws =
      info.draws > 1 ? std::to_string(info.draws) + " draws (" + info.sampling + ") x " : "";
  const std::string kernel = info.kernel.empty() ? "" : " (" + info.kernel + " kernel)";
  if (info.engine == Engine::kExact)
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
  const std::string by = "by " + model.step_label + " " + std::to_string(model.horizon);
  char header[128];
  std::snprintf(header, sizeof header, "%8s   %-19s  mean first %s", "chance", "95% interval",
                model.step_label.c_str());
  if (model.num_levels() > 0) {
    out << "\n" << Pad("Escalation level, " + by, 46) << header << "\n";
    for (const Figure& f : results.figures)
      if (f.kind == Figure::Kind::kLevel)
        out << Row(f, CutText(">= " + f.id + " " + f.label, 42), bands);
  }
  out << "\n" << Pad("Event, " + by, 46) << header << "\n";
  for (const Figure& f : results.figures)
    if (f.kind == Figure::Kind::kEvent) out << Row(f, CutText(f.label.empty() ? f.id : f.label, 42), bands);
}

}  // namespace brink
