#include "brink/sweep.h"

#include <cmath>

#include "brink/error.h"
#include "brink/load.h"
#include "brink/plan.h"
#include "brink/report.h"
#include "engine/parallel.h"

namespace brink {
namespace {

constexpr size_t kMaxValues = 10000;

double Number(const std::string& text, const std::string& what) {
  double v = 0;
  if (!ParsePointProbability(text, &v))
    throw UsageError(what + ": '" + text + "' is not a probability (a number in [0, 1] or a percent)");
  return v;
}

}  // namespace

SweepAxis ParseVary(const Model& model, const std::string& text) {
  size_t eq = text.find('=');
  if (eq == std::string::npos)
    throw UsageError("--vary takes NAME=lo:hi:step or NAME=a,b,c, not '" + text + "'");
  SweepAxis axis;
  axis.name = text.substr(0, eq);
  std::vector<double> check = PointValues(model);
  SetParameter(model, axis.name, 0, &check);  // throws for an unknown name
  const std::string spec = text.substr(eq + 1);
  const std::string what = "--vary " + axis.name;
  if (spec.find(':') != std::string::npos) {
    size_t a = spec.find(':'), b = spec.find(':', a + 1);
    if (b == std::string::npos || spec.find(':', b + 1) != std::string::npos)
      throw UsageError(what + ": a range is lo:hi:step, not '" + spec + "'");
    double lo = Number(spec.substr(0, a), what), hi = Number(spec.substr(a + 1, b - a - 1), what);
    double step = Number(spec.substr(b + 1), what);
    if (!(step > 0) || hi < lo)
      throw UsageError(what + ": a range lo:hi:step needs lo <= hi and step > 0");
    // Values lo + i·step, computed from i (not by accumulation), up to hi with a little
    // slack for decimal steps such as 0.1.
    const double count = std::floor((hi - lo) / step + 1e-9);
    if (count + 1 > kMaxValues) throw UsageError(what + ": more than 10000 values");
    // Rounded to 12 decimals, so 0.2 + 2 × 0.2 reads 0.6 in the outputs, not 0.6000000000000001.
    for (int i = 0; i <= static_cast<int>(count); ++i)
      axis.values.push_back(std::min(1.0, std::round((lo + i * step) * 1e12) / 1e12));
  } else {
    size_t start = 0;
    for (;;) {
      size_t comma = spec.find(',', start);
      axis.values.push_back(Number(spec.substr(start, comma - start), what));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (axis.values.size() > kMaxValues) throw UsageError(what + ": more than 10000 values");
  }
  return axis;
}

std::vector<SweepPoint> RunSweep(const Model& model, const std::vector<SweepAxis>& axes,
                                 const std::vector<std::pair<std::string, double>>& sets,
                                 const RunRequest& request) {
  constexpr size_t kMaxPoints = 1000000;
  size_t total = 1;
  for (size_t a = 0; a < axes.size(); ++a) {
    for (size_t b = 0; b < a; ++b)
      if (axes[b].name == axes[a].name)
        throw UsageError("--vary " + axes[a].name + " is given twice");
    if (axes[a].values.size() > kMaxPoints / total)
      throw UsageError("the sweep has more than 10^6 points");
    total *= axes[a].values.size();
  }
  {
    const int draws = request.draws > 0 ? request.draws
                      : SettleParameters(model, sets).sampled.empty() ? 1 : 200;
    CheckMemory(ResultBytes(model, draws, 1) * total,
                std::to_string(total) + " points × " + std::to_string(draws) + " draws",
                request);
  }
  std::vector<SweepPoint> points(total);
  for (size_t i = 0; i < total; ++i) {
    size_t rest = i;
    points[i].values.resize(axes.size());
    for (size_t a = axes.size(); a-- > 0;) {
      points[i].values[a] = axes[a].values[rest % axes[a].values.size()];
      rest /= axes[a].values.size();
    }
  }

  auto run_point = [&](size_t i, int threads) {
    std::vector<std::pair<std::string, double>> all = sets;
    for (size_t a = 0; a < axes.size(); ++a) all.emplace_back(axes[a].name, points[i].values[a]);
    RunRequest r = request;
    r.threads = threads;
    r.progress = nullptr;
    points[i].outcome = RunModel(model, SettleParameters(model, all), r);
  };
  std::vector<std::pair<std::string, double>> pinned = sets;
  for (const SweepAxis& axis : axes) pinned.emplace_back(axis.name, axis.values[0]);
  const bool single_draw = request.draws == 1 || SettleParameters(model, pinned).sampled.empty();
  if (total < 2 * static_cast<size_t>(request.threads) || !single_draw) {
    for (size_t i = 0; i < total; ++i) {
      run_point(i, request.threads);
      if (request.progress) request.progress(static_cast<double>(i + 1) / total);
    }
    return points;
  }
  // Many single-draw points: whole points side by side, one thread each.
  ForEachIndex(static_cast<int>(total), request.threads,
               [&](int i) { run_point(static_cast<size_t>(i), 1); }, request.progress);
  return points;
}

std::string SweepCsv(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points) {
  bool draws = false;
  for (const SweepPoint& p : points) draws = draws || p.outcome.draws > 1;
  std::string out = "point";
  for (const SweepAxis& axis : axes) out += "," + CsvField(axis.name);
  out += ",kind,id,probability,std_error,ci95_low,ci95_high";
  out += draws ? ",p05,p50,p95\n" : "\n";
  for (size_t i = 0; i < points.size(); ++i) {
    std::string prefix = std::to_string(i);
    for (double v : points[i].values) prefix += "," + FormatNumber(v);
    for (const Figure& f : points[i].outcome.results.figures) {
      out += prefix + "," + (f.kind == Figure::Kind::kEvent ? "event," : "level,") +
             CsvField(f.id) + "," + FormatNumber(f.probability) + "," +
             FormatNumber(f.std_error) + "," + FormatNumber(f.ci_low) + "," +
             FormatNumber(f.ci_high);
      if (draws)
        out += "," + FormatNumber(f.p05) + "," + FormatNumber(f.p50) + "," + FormatNumber(f.p95);
      out += "\n";
    }
  }
  return out;
}

}  // namespace brink
