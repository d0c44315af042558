#include "brink/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "brink/format.h"
#include "brink/sampling.h"

namespace brink {
namespace {

// The target with parameters at their point values or medians, `sets` pinned too.
double TargetAt(const Model& model, Target target, const Settings& sets, const RunSettings& request,
                const std::vector<std::pair<int, double>>& forced = {}) {
  ParameterSetting setting = SettleParameters(model, sets);
  setting.sampled.clear();  // every uncertain parameter at its median
  RunRequest r = PlainRequest(request);
  r.draws = 1;
  r.forced = forced;
  r.progress = nullptr;
  return TargetValue(RunModel(model, setting, r).results, target);
}

}  // namespace

std::vector<TornadoBar> Tornado(const Model& model, Target target, double relative_swing,
                                const Settings& sets, const RunSettings& request,
                                const std::function<void()>& run_done) {
  auto done = [&] {
    if (run_done) run_done();
  };
  std::vector<TornadoBar> bars;
  const std::vector<double> base = SettleParameters(model, sets).base;
  double target_at_base = -1;  // run once, when the first bar needs it
  for (const Parameter& p : model.parameters) {
    auto pinned = [&](const auto& set) { return set.first == p.name; };
    if (!p.named || std::any_of(sets.begin(), sets.end(), pinned)) continue;
    TornadoBar bar;
    bar.parameter = p.name;
    if (p.dist.IsUncertain()) {
      bar.low = p.dist.Quantile(0.05);
      bar.high = p.dist.Quantile(0.95);
    } else {
      bar.low = std::clamp(p.dist.a * (1 - relative_swing), 0.0, 1.0);
      bar.high = std::clamp(p.dist.a * (1 + relative_swing), 0.0, 1.0);
    }
    Settings low = sets, high = sets;
    low.emplace_back(p.name, bar.low);
    high.emplace_back(p.name, bar.high);
    bar.target_at_low = TargetAt(model, target, low, request);
    done();
    bar.target_at_high = TargetAt(model, target, high, request);
    done();
    bar.swing = std::fabs(bar.target_at_high - bar.target_at_low);
    bar.base = base[model.FindParameter(p.name)];
    if (target_at_base < 0) {
      target_at_base = TargetAt(model, target, sets, request);
      done();
    }
    bar.target_at_base = target_at_base;
    bars.push_back(bar);
  }
  std::stable_sort(bars.begin(), bars.end(),
                   [](const TornadoBar& a, const TornadoBar& b) { return a.swing > b.swing; });
  return bars;
}

std::vector<EventImportance> Importance(const Model& model, Target target, const Settings& sets,
                                        const RunSettings& request,
                                        const std::function<void()>& run_done) {
  auto done = [&] {
    if (run_done) run_done();
  };
  const double base = TargetAt(model, target, sets, request);
  done();
  std::vector<EventImportance> rows;
  for (size_t e = 0; e < model.events.size(); ++e) {
    EventImportance row;
    row.event = model.events[e].id;
    row.p_target = base;
    row.p_if_certain = TargetAt(model, target, sets, request, {{static_cast<int>(e), 1.0}});
    done();
    row.p_if_impossible = TargetAt(model, target, sets, request, {{static_cast<int>(e), 0.0}});
    done();
    row.birnbaum = row.p_if_certain - row.p_if_impossible;
    const double inf = std::numeric_limits<double>::infinity();
    row.raw = base > 0 ? row.p_if_certain / base : (row.p_if_certain > 0 ? inf : std::nan(""));
    row.rrw = row.p_if_impossible > 0 ? base / row.p_if_impossible
                                      : (base > 0 ? inf : std::nan(""));
    rows.push_back(row);
  }
  return rows;
}

std::vector<RankCorrelation> TargetRankCorrelations(const RunOutcome& outcome, int target) {
  if (outcome.draws < 3) return {};
  std::vector<double> y;
  for (int d = 0; d < outcome.draws; ++d) y.push_back(outcome.results.per_draw[d][target]);
  return RankCorrelations(outcome, y);
}

std::vector<RankCorrelation> RankCorrelations(const RunOutcome& outcome,
                                              const std::vector<double>& y) {
  std::vector<RankCorrelation> rows;
  if (outcome.draws < 3) return rows;
  for (size_t i = 0; i < outcome.sampled_names.size(); ++i) {
    std::vector<double> x;
    for (int d = 0; d < outcome.draws; ++d) x.push_back(outcome.sampled_values[d][i]);
    rows.push_back({outcome.sampled_names[i], SpearmanCorrelation(x, y)});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const RankCorrelation& a, const RankCorrelation& b) {
    return std::fabs(a.rho) > std::fabs(b.rho);
  });
  return rows;
}

}  // namespace brink
