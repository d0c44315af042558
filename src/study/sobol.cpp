// Sobol indices by the Saltelli design with common random numbers (brink/sobol.h).
#include "brink/sobol.h"

#include <algorithm>
#include <cmath>

#include "brink/error.h"
#include "brink/format.h"
#include "brink/sampling.h"
#include "engine/parallel.h"
#include "random/random.h"

namespace brink {
namespace {

struct Estimate {
  double s1 = 0, st = 0;
};

// The estimators over rows `rows` of the design (a bootstrap resample, or 0..N-1).
std::vector<Estimate> Estimators(const std::vector<double>& fa, const std::vector<double>& fb,
                                 const std::vector<std::vector<double>>& fab,
                                 const std::vector<int>& rows) {
  const double n = static_cast<double>(rows.size());
  double mean = 0;
  for (int j : rows) mean += fa[j] + fb[j];
  mean /= 2 * n;
  double variance = 0;
  for (int j : rows)
    variance += (fa[j] - mean) * (fa[j] - mean) + (fb[j] - mean) * (fb[j] - mean);
  variance /= 2 * n - 1;
  std::vector<Estimate> out(fab.size());
  if (!(variance > 0)) return out;  // the target does not vary: every index is 0
  for (size_t i = 0; i < fab.size(); ++i) {
    double first = 0, total = 0;
    for (int j : rows) {
      first += (fb[j] - mean) * (fab[i][j] - fa[j]);
      total += (fa[j] - fab[i][j]) * (fa[j] - fab[i][j]);
    }
    out[i].s1 = first / n / variance;
    out[i].st = total / (2 * n) / variance;
  }
  return out;
}

}  // namespace

std::vector<SobolIndex> SobolIndices(const Model& model, Target target,
                                     const std::vector<std::pair<std::string, double>>& sets,
                                     const RunSettings& request, const SobolOptions& options) {
  const ParameterSetting setting = SettleParameters(model, sets);
  const std::vector<int>& uncertain = setting.sampled;
  if (uncertain.empty())
    throw UsageError("{sobol} needs uncertain parameters (ranges or distributions) not pinned "
                     "by {set}: the model has none");
  // Groups: the uncertain parameters, correlated ones together (their joint effect is what
  // a variance decomposition can give; the groups are independent of each other).
  std::vector<int> group_of(model.parameters.size(), -1);
  std::vector<std::vector<int>> groups;
  for (int p : uncertain) {
    group_of[p] = static_cast<int>(groups.size());
    groups.push_back({p});
  }
  for (const Correlation& c : model.correlations) {
    const int a = group_of[c.a], b = group_of[c.b];
    if (a < 0 || b < 0 || a == b) continue;  // pinned, or together already
    for (int p : groups[b]) {
      groups[a].push_back(p);
      group_of[p] = a;
    }
    groups[b].clear();
  }
  groups.erase(std::remove_if(groups.begin(), groups.end(), [](const auto& g) { return g.empty(); }),
               groups.end());
  for (auto& g : groups) std::sort(g.begin(), g.end());
  std::sort(groups.begin(), groups.end());
  const int n = options.samples;
  const int k = static_cast<int>(groups.size());
  // A: draws 0..N-1 of a random design, B: draws N..2N-1 (independent of A).
  const std::vector<std::vector<double>> design =
      DrawParameterValues(model, setting.base, uncertain, 2 * n, Sampling::kRandom, request.seed);
  // Point j of matrix m: m = 0 A, 1 B, 2 + i AB_i.
  auto point = [&](int m, int j) {
    std::vector<double> values = design[j];
    if (m == 1) values = design[n + j];
    if (m >= 2)
      for (int p : groups[m - 2]) values[p] = design[n + j][p];
    return values;
  };
  const int runs = n * (k + 2);
  std::vector<double> f(runs);
  // Each run one draw at the point, all on the same random numbers (draw 0 of the seed).
  ForEachIndex(runs, request.threads, [&](int r) {
    ParameterSetting at;
    at.base = point(r / n, r % n);
    RunRequest one = PlainRequest(request);
    one.draws = 1;
    one.threads = 1;
    one.progress = nullptr;
    one.cluster = nullptr;  // runs side by side on threads: each process does them all
    const RunOutcome run = RunModel(model, at, one);
    const Figure& figure = run.results.figures[target.row];
    f[r] = target.now ? figure.now.probability : figure.probability;
  }, options.progress);
  const std::vector<double> fa(f.begin(), f.begin() + n), fb(f.begin() + n, f.begin() + 2 * n);
  std::vector<std::vector<double>> fab;
  for (int i = 0; i < k; ++i)
    fab.emplace_back(f.begin() + (2 + i) * n, f.begin() + (3 + i) * n);

  std::vector<int> rows(n);
  for (int j = 0; j < n; ++j) rows[j] = j;
  const std::vector<Estimate> point_estimate = Estimators(fa, fb, fab, rows);
  std::vector<std::vector<double>> s1(k), st(k);
  for (int b = 0; b < options.resamples; ++b) {
    // Parameter-purpose words of block 1 + b (the design itself reads block 0 only).
    KeyedStream words({request.seed, 0, static_cast<uint64_t>(b) + 1, 0, 0, Purpose::kParam});
    for (int j = 0; j < n; ++j)  // a uniform row: the high half of a 64-bit word times N
      rows[j] = static_cast<int>((static_cast<unsigned __int128>(words.Word(j)) * n) >> 64);
    const std::vector<Estimate> e = Estimators(fa, fb, fab, rows);
    for (int i = 0; i < k; ++i) {
      s1[i].push_back(e[i].s1);
      st[i].push_back(e[i].st);
    }
  }
  std::vector<SobolIndex> out;
  for (int i = 0; i < k; ++i) {
    SobolIndex index;
    for (int p : groups[i])
      index.parameter += (index.parameter.empty() ? "" : "+") + model.parameters[p].name;
    index.s1 = point_estimate[i].s1;
    index.st = point_estimate[i].st;
    index.s1_low = SampleQuantile(s1[i], 0.025);
    index.s1_high = SampleQuantile(s1[i], 0.975);
    index.st_low = SampleQuantile(st[i], 0.025);
    index.st_high = SampleQuantile(st[i], 0.975);
    out.push_back(index);
  }
  return out;
}

}  // namespace brink
