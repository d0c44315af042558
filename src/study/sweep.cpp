#include "brink/sweep.h"

#include <atomic>
#include <cmath>
#include <cstdint>
#include <map>
#include <mutex>
#include <stdexcept>
#include <variant>

#include "brink/error.h"
#include "brink/load.h"
#include "plan/plan.h"
#include "brink/format.h"
#include "brink/structure.h"
#include "engine/parallel.h"

namespace brink {
namespace {

constexpr size_t kMaxValues = kMaxSweepValues;

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
    throw UsageError("{vary} takes NAME=lo:hi:step or NAME=a,b,c, not '" + text + "'");
  SweepAxis axis;
  axis.name = text.substr(0, eq);
  const std::string spec = text.substr(eq + 1);
  const std::string what = "{vary} " + axis.name;
  if (IsStructureName(model, axis.name)) {
    // Whole numbers of steps: a list a,b,c or a range lo:hi:step.
    auto value = [&](const std::string& piece) {
      axis.structure = ParseStructure(model, axis.name, piece, "{vary}");
      return static_cast<double>(axis.structure->lo);
    };
    const size_t a = spec.find(':'), b = a == std::string::npos ? a : spec.find(':', a + 1);
    if (b != std::string::npos) {
      const double lo = value(spec.substr(0, a)), hi = value(spec.substr(a + 1, b - a - 1));
      const double step = value(spec.substr(b + 1));
      if (!(step > 0) || hi < lo)
        throw UsageError(what + ": a range lo:hi:step needs lo <= hi and step > 0");
      for (double v = lo; v <= hi && axis.values.size() <= kMaxValues; v += step)
        axis.values.push_back(v);
      if (axis.values.back() != hi)
        axis.warning = what + "=" + spec + ": the step does not land on " + FormatNumber(hi) +
                       "; the last point is " + FormatNumber(axis.values.back());
    } else {
      size_t start = 0;
      for (;;) {
        const size_t comma = spec.find(',', start);
        axis.values.push_back(value(spec.substr(start, comma - start)));
        if (comma == std::string::npos || axis.values.size() > kMaxValues) break;
        start = comma + 1;
      }
    }
    if (axis.values.size() > kMaxValues) throw UsageError(what + ": more than " + std::to_string(kMaxValues) + " values");
    return axis;
  }
  std::vector<double> check = PointValues(model);
  SetParameter(model, axis.name, 0, &check);  // throws for an unknown name
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
    if (count + 1 > kMaxValues) throw UsageError(what + ": more than " + std::to_string(kMaxValues) + " values");
    // Rounded to 12 decimals, so 0.2 + 2 × 0.2 reads 0.6 in the outputs, not 0.6000000000000001.
    for (int i = 0; i <= static_cast<int>(count); ++i)
      axis.values.push_back(std::min(1.0, std::round((lo + i * step) * 1e12) / 1e12));
    if (std::fabs(axis.values.back() - hi) > 1e-9)
      axis.warning = what + "=" + spec + ": the step does not land on " + FormatNumber(hi) +
                     "; the last point is " + FormatNumber(axis.values.back());
  } else {
    size_t start = 0;
    for (;;) {
      size_t comma = spec.find(',', start);
      axis.values.push_back(Number(spec.substr(start, comma - start), what));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (axis.values.size() > kMaxValues) throw UsageError(what + ": more than " + std::to_string(kMaxValues) + " values");
  }
  return axis;
}

int SweepDraws(const Model& model, const std::vector<SweepAxis>& axes,
               const std::vector<std::pair<std::string, double>>& sets,
               const RunSettings& request) {
  if (request.draws > 0) return request.draws;
  std::vector<std::pair<std::string, double>> pinned = sets;
  for (const SweepAxis& axis : axes)
    if (!axis.structural()) pinned.emplace_back(axis.name, axis.values[0]);
  return SettleParameters(model, pinned).sampled.empty() ? 1 : kDefaultDraws;
}

size_t SweepPoints(const std::vector<SweepAxis>& axes) {
  size_t total = 1;
  for (size_t a = 0; a < axes.size(); ++a) {
    for (size_t b = 0; b < a; ++b)
      if (axes[b].name == axes[a].name)
        throw UsageError("{vary} " + axes[a].name + " is given twice");
    if (axes[a].values.size() > kMaxSweepPoints / total)
      throw UsageError("the sweep has more than " + std::to_string(kMaxSweepPoints) + " points");
    total *= axes[a].values.size();
  }
  return total;
}

uint64_t SweepBytes(const Model& model, size_t points, int draws, int threads) {
  // Each point's results are handed on as it finishes (in order: a few may wait for an
  // earlier one), so a sweep holds at most a point per thread, plus a few waiting.
  if (draws > 1) return ResultBytes(model, draws, threads);  // points one after another
  return (static_cast<uint64_t>(std::min<size_t>(points, 4 * static_cast<size_t>(threads))) + 2) *
         ResultBytes(model, 1, 1);
}

void RunSweep(const Model& model, const std::vector<SweepAxis>& axes,
              const std::vector<std::pair<std::string, double>>& sets, const RunRequest& request,
              const std::function<void(size_t, SweepPoint)>& on_point, long baseline) {
  const size_t total = SweepPoints(axes);
  if (baseline >= 0 && !std::holds_alternative<FixedTrials>(request.mode))
    throw std::invalid_argument("RunSweep: a baseline point needs a request of fixed trials");
  if (baseline >= static_cast<long>(total))
    throw UsageError("{baseline} " + std::to_string(baseline) + ": the sweep's points are 0 to " +
                     std::to_string(total - 1));
  const int draws = SweepDraws(model, axes, sets, request);
  CheckMemory(SweepBytes(model, total, draws, request.threads),
              std::to_string(total) + " points × " + std::to_string(draws) + " draws",
              request);
  auto values_of = [&](size_t i) {
    std::vector<double> values(axes.size());
    size_t rest = i;
    for (size_t a = axes.size(); a-- > 0;) {
      values[a] = axes[a].values[rest % axes[a].values.size()];
      rest /= axes[a].values.size();
    }
    return values;
  };
  // A point's model: the sweep's, or a copy with the point's horizon and delays.
  bool structural = false;
  for (const SweepAxis& axis : axes) {
    structural = structural || axis.structural();
    if (baseline >= 0 && axis.structural())
      throw UsageError("{baseline} does not go with {vary} " + axis.name +
                       ": the baseline pairs points that differ in probabilities only");
  }
  auto model_at = [&](const std::vector<double>& values) {
    std::vector<StructureSetting> settings;
    for (size_t a = 0; a < axes.size(); ++a)
      if (axes[a].structural()) {
        StructureSetting at = *axes[a].structure;
        at.lo = at.hi = static_cast<int>(values[a]);
        settings.push_back(at);
      }
    return WithStructure(model, settings);
  };
  auto parameters_at = [&](const std::vector<double>& values) {
    std::vector<std::pair<std::string, double>> all = sets;
    for (size_t a = 0; a < axes.size(); ++a)
      if (!axes[a].structural()) all.emplace_back(axes[a].name, values[a]);
    return all;
  };
  ParameterSetting base;
  if (baseline >= 0) {
    const std::vector<double> values = values_of(static_cast<size_t>(baseline));
    base = SettleParameters(model, parameters_at(values));
  }
  auto run_point = [&](size_t i, int threads, bool report = false) {
    SweepPoint point;
    point.values = values_of(i);
    const std::vector<std::pair<std::string, double>> all = parameters_at(point.values);
    RunRequest r = request;
    r.threads = threads;
    r.progress = nullptr;
    if (report && request.progress)  // progress within the point, not only once per point
      r.progress = [&, i](double f) { request.progress((static_cast<double>(i) + f) / total); };
    if (baseline >= 0) r.mode = PairedBaseline{&base};
    if (structural) {
      const Model at = model_at(point.values);
      point.outcome = RunModel(at, SettleParameters(at, all), r);
    } else {
      point.outcome = RunModel(model, SettleParameters(model, all), r);
    }
    return point;
  };
  // Points one after another when few, when each has draws, or under MPI (each point's trials
  // then divided among the processes, brink/cluster.h).
  const bool across_processes = request.cluster != nullptr && request.cluster->size() > 1;
  if (total < 2 * static_cast<size_t>(request.threads) || draws > 1 || across_processes) {
    for (size_t i = 0; i < total; ++i) {
      on_point(i, run_point(i, request.threads, true));
      if (request.progress) request.progress(static_cast<double>(i + 1) / total);
    }
    return;
  }
  // Many single-draw points: whole points side by side, one thread each, handed on in
  // point order (a point that finishes early waits for the ones before it).
  std::mutex mutex;
  size_t next = 0;
  std::map<size_t, SweepPoint> early;
  // The lowest point that failed: points after it are skipped, those before it still run,
  // so the error reported is the one a sequential sweep would report.
  std::atomic<size_t> failed{SIZE_MAX};
  ForEachIndex(
      static_cast<int>(total), request.threads,
      [&](int index) {
        if (static_cast<size_t>(index) > failed) return;
        try {
          SweepPoint point = run_point(static_cast<size_t>(index), 1);
          std::lock_guard<std::mutex> lock(mutex);
          early.emplace(static_cast<size_t>(index), std::move(point));
          for (auto it = early.begin(); it != early.end() && it->first == next;
               it = early.erase(it), ++next)
            on_point(next, std::move(it->second));
        } catch (...) {
          for (size_t seen = failed; static_cast<size_t>(index) < seen;)
            failed.compare_exchange_weak(seen, static_cast<size_t>(index));
          throw;
        }
      },
      request.progress);
}

std::vector<SweepPoint> RunSweep(const Model& model, const std::vector<SweepAxis>& axes,
                                 const std::vector<std::pair<std::string, double>>& sets,
                                 const RunRequest& request) {
  std::vector<SweepPoint> points;
  RunSweep(model, axes, sets, request,
           [&](size_t, SweepPoint point) { points.push_back(std::move(point)); });
  return points;
}

}  // namespace brink
