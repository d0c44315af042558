// `brink sweep` and `brink sensitivity`.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "brink/error.h"
#include "brink/load.h"
#include "brink/output_folder.h"
#include "brink/report.h"
#include "brink/run.h"
#include "brink/sensitivity.h"
#include "brink/sobol.h"
#include "brink/structure.h"
#include "brink/sweep.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/json_output.h"
#include "cli/record.h"

namespace brink {
namespace {

// The most tornado bars and important events the terminal lists (the files hold them all).
constexpr size_t kListed = 20;

}  // namespace

// The --target text that names figure `target`: "level:K" or the event id.
std::string TargetText(const Model& model, int target) {
  const int events = static_cast<int>(model.events.size());
  return target < events ? model.events[target].id : "level:" + std::to_string(target - events + 1);
}

namespace {

// "level >= K NAME" or "event ID".
std::string TargetName(const Model& model, int target) {
  const int events = static_cast<int>(model.events.size());
  if (target < events) return "event " + model.events[target].id;
  const int k = target - events + 1;
  return "level >= " + std::to_string(k) + " (" + model.levels[k] + ")";
}

// The common flags of both commands.
void AddCommonOptions(CLI::App* command, CommandOptions* options, const std::string& outputs) {
  command->add_option("MODEL", options->model_path, "The model file (YAML); - reads it from standard input")->required();
  command->add_option("-n,--trials", options->trials, "Trials per run (e.g. 1e5)")
      ->capture_default_str();
  command->add_option("--seed", options->seed, "Seed, shared by every run (common random numbers)")
      ->capture_default_str();
  command->add_option("-j,--threads", options->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  command->add_option("-o,--out", options->out_dir,
                      "Folder for " + outputs + ", replaced whole (default: a new folder "
                      "results/MODEL-YYYYMMDD-HHMMSS, linked from results/MODEL-latest)");
  command->add_option("--set", options->sets,
                      "Set a named parameter to a point value in every run (repeatable)");
  command->add_option("--engine", options->engine,
                      "fast, reference or exact (exact figures for small models; --trials unused)")
      ->check(CLI::IsMember({"fast", "reference", "exact"}))
      ->capture_default_str();
  command->add_option("--max-states", options->max_states, "The exact engine's bound")
      ->capture_default_str();
  AddSimdOption(command, options);
  AddFormatOption(command, options);
  AddReportOption(command, options);
  command->add_flag("-q,--quiet", options->quiet, "Print nothing; only write the files");
}

}  // namespace

void AddSweepCommand(CLI::App* app, CommandOptions* options) {
  CLI::App* sweep = app->add_subcommand(
      "sweep", "Run a model over a grid of parameter values (common random numbers)");
  AddCommonOptions(sweep, options, "sweep.csv");
  sweep->add_option("--vary", options->varies,
                    "NAME=lo:hi:step or NAME=a,b,c (percents allowed); several make a grid")
      ->required();
  sweep->add_option("--baseline", options->sweep_baseline,
                    "Also give each point's difference from this point (a number from 0, as in "
                    "sweep.csv; alone: the first point), with the paired interval; each point "
                    "then runs beside the baseline on the same trials, at twice the cost")
      ->expected(0, 1);
  AddSamplingOptions(sweep, options);
  AddPrecisionOptions(sweep, options);
  sweep->footer(
      "Example:\n"
      "  brink sweep models/russia_dprk_treaty.yaml --vary invoke_if_attacked=20%:90%:10%");
}

void AddSensitivityCommand(CLI::App* app, CommandOptions* options) {
  CLI::App* sensitivity = app->add_subcommand(
      "sensitivity", "Which parameters and events matter most for one target figure");
  // --set pins parameters in every run (and leaves them out of the tornado).
  AddCommonOptions(sensitivity, options,
                   "tornado.csv, importance.csv and rank_correlation.csv");
  sensitivity->add_option("--target", options->target,
                          "level:K or an event id (default: the top level)");
  sensitivity->add_option("--swing", options->swing,
                          "Relative swing of point parameters in the tornado, e.g. 50% or 0.25")
      ->capture_default_str();
  AddSamplingOptions(sensitivity, options);
  sensitivity->add_flag("--sobol", options->sobol,
                        "Also the Sobol indices (first order and total effect, with bootstrap "
                        "intervals) of every uncertain parameter: sobol.csv");
  sensitivity->add_option("--sobol-samples", options->sobol_samples,
                          "Rows N of the Saltelli design: N x (parameters + 2) runs of --trials")
      ->check(CLI::Range(8, 1000000))
      ->capture_default_str();
  sensitivity->footer(
      "Example:\n"
      "  brink sensitivity models/russia_dprk_treaty.yaml --target level:4");
}

int Sweep(const CommandOptions& given_options) {
  CommandOptions options = given_options;
  auto start = std::chrono::steady_clock::now();
  Model model = LoadForCommand(&options);
  std::vector<SweepAxis> axes;
  for (const std::string& vary : options.varies) axes.push_back(ParseVary(model, vary));
  RunRequest request;
  FillRequest(options, &request);
  request.trials = ParseTrials(options.trials);
  const int target = FindTarget(model, options.target);
  request.target = target;
  for (const SweepAxis& axis : axes)
    if (!axis.warning.empty()) std::cerr << "brink: warning: " << axis.warning << "\n";
  const std::vector<std::pair<std::string, double>> sets = ParseSets(options.sets);
  const ParameterSetting setting = SettleParameters(model, sets);
  const std::string out = OutputPath(options);
  const size_t total = SweepPoints(axes);
  const int draws = SweepDraws(model, axes, sets, request);
  long baseline = -1;
  if (options.has_sweep_baseline) {
    baseline = 0;
    if (!options.sweep_baseline.empty()) {
      const std::string& text = options.sweep_baseline;
      unsigned long k = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), k);
      if (ec != std::errc() || end != text.data() + text.size() || k >= total)
        throw UsageError("--baseline takes a point number from 0 to " + std::to_string(total - 1) +
                         " (sweep.csv's point column), not '" + text + "'");
      baseline = static_cast<long>(k);
    }
  }
  const std::unique_ptr<OutputFolder> folder = OpenOutput(options, out, [&](const OutputFolder& f) {
    f.CheckSpace(SweepCsvBytes(model, axes, total, draws > 1, baseline >= 0),
                 std::to_string(total) + " points × " +
                     std::to_string(model.events.size() + model.num_levels()) + " figures");
  });
  // sweep.csv is written point by point as the points finish; the table needs only the
  // target's figure of each point.
  std::vector<SweepRow> rows;
  const bool json = !options.quiet && options.format == "json";
  Json points = Json::array();  // with --format json: every point's figures
  uint64_t trials = request.trials;
  {
    OutputFolder::Writer csv = folder->Open("sweep.csv");
    csv.Append(SweepCsvHeader(axes, draws > 1, baseline >= 0));
    Progress progress(!options.quiet, options.progress_hook);
    request.progress = progress.Callback();
    RunSweep(model, axes, sets, request, [&](size_t i, SweepPoint point) {
      csv.Append(SweepCsvRows(i, point, draws > 1));
      const Figure& f = point.outcome.results.figures[target];
      if (i == 0) trials = point.outcome.trials;
      if (json) {
        Json values = Json::object();
        for (size_t a = 0; a < axes.size(); ++a) values[axes[a].name] = point.values[a];
        Json entry = {{"point", i}, {"values", values},
                      {"figures", FiguresJson(point.outcome.results)}};
        if (baseline >= 0) entry["versus_baseline"] = PairedFiguresJson(point.outcome.versus_baseline);
        points.push_back(std::move(entry));
      }
      if (rows.size() < kTableRows) {
        SweepRow row{std::move(point.values), f.probability, f.ci_low, f.ci_high};
        if (baseline >= 0) {
          const PairedFigure& v = point.outcome.versus_baseline[target];
          row.versus = true;
          row.difference = v.difference;
          row.paired_low = v.paired_low;
          row.paired_high = v.paired_high;
        }
        rows.push_back(std::move(row));
      }
    }, baseline);
    csv.Close();
  }
  RunInfo info = RecordInfo("sweep", options, model, setting, request);
  info.trials = trials;
  info.draws = draws;
  RunOutcome planned;  // the names of the sampled parameters (or those held at the median)
  {
    std::vector<std::pair<std::string, double>> pinned = sets;
    for (const SweepAxis& axis : axes)
      if (!axis.structural) pinned.emplace_back(axis.name, axis.values[0]);
    RunRequest one = request;
    one.draws = 1;
    PlanDraws(model, SettleParameters(model, pinned), one, &planned);
  }
  info.sampled = planned.sampled_names;
  if (!info.sampled.empty())
    info.sampling = draws == 1 ? "medians" : SamplingName(request.sampling);
  for (const SweepAxis& axis : axes) info.axes.push_back({axis.name, axis.values});
  info.points = total;
  info.target = TargetText(model, target);
  info.baseline_point = baseline;
  info.files = {"sweep.csv", "model.yaml"};
  info.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CommitRecord(options, model, info, folder.get(), out);
  if (options.quiet) return 0;
  if (json) {
    Json document = JsonDocument(RunJson(model, info));
    document["points"] = std::move(points);
    document["out"] = out;
    PrintJson(document);
    return 0;
  }
  std::vector<std::string> names;
  for (const SweepAxis& axis : axes) names.push_back(axis.name);
  PrintSweepTable(std::cout, model, target, names, rows, total,
                  draws == 1 ? info.sampled : std::vector<std::string>());
  std::cout << "\nWrote sweep.csv (" << total << " points, every figure), model.yaml and run.json to "
            << out << "/\n";
  return 0;
}

int Sensitivity(const CommandOptions& given_options) {
  CommandOptions options = given_options;
  auto start = std::chrono::steady_clock::now();
  Model model = LoadForCommand(&options);
  RunRequest request;
  FillRequest(options, &request);
  request.trials = ParseTrials(options.trials);
  const int target = FindTarget(model, options.target);
  double swing = 0;
  if (!ParsePointProbability(options.swing, &swing))
    throw UsageError("--swing takes a relative swing in [0, 1] such as 50% or 0.25, not '" +
                     options.swing + "'");
  const Settings sets = ParseSets(options.sets);
  const std::string out = OutputPath(options);
  const std::unique_ptr<OutputFolder> folder = OpenOutput(options, out);

  ParameterSetting setting = SettleParameters(model, sets);
  std::vector<TornadoBar> bars;
  std::vector<EventImportance> importance;
  std::vector<SobolIndex> sobol;
  RunOutcome draws;
  {
    // Progress over every run: the tornado's, the importance runs, then the draws (which
    // count as many runs as they have draws).
    size_t named = 0;
    for (const Parameter& p : model.parameters)
      if (p.named && std::none_of(sets.begin(), sets.end(),
                                  [&](const auto& set) { return set.first == p.name; }))
        ++named;
    const int draw_count = setting.sampled.empty() ? 0
                           : request.draws > 0     ? request.draws
                                                   : 200;
    const double sobol_runs =
        options.sobol ? static_cast<double>(options.sobol_samples) * (setting.sampled.size() + 2)
                      : 0;
    const double total = static_cast<double>(2 * named + (named > 0) + 1 +
                                             2 * model.events.size() + draw_count) + sobol_runs;
    double runs = 0;
    Progress progress(!options.quiet, options.progress_hook);
    const std::function<void(double)> show = progress.Callback();
    auto run_done = [&] {
      runs += 1;
      if (show) show(runs / total);
    };
    bars = Tornado(model, target, swing, sets, request, run_done);
    importance = Importance(model, target, sets, request, run_done);
    RunRequest with_draws = request;
    if (show) with_draws.progress = [&](double f) { show((runs + f * draw_count) / total); };
    if (!setting.sampled.empty()) draws = RunModel(model, setting, with_draws);
    runs += draw_count;
    if (options.sobol) {
      SobolOptions sobol_options;
      sobol_options.samples = options.sobol_samples;
      if (show) sobol_options.progress = [&](double f) { show((runs + f * sobol_runs) / total); };
      sobol = SobolIndices(model, target, sets, request, sobol_options);
    }
  }
  RunInfo info = RecordInfo("sensitivity", options, model, setting, request);
  info.trials = request.trials;
  info.draws = setting.sampled.empty() ? 1 : draws.draws;
  if (!setting.sampled.empty())
    info.sampling = draws.draws == 1 ? "medians" : SamplingName(request.sampling);
  info.sampled = draws.sampled_names;
  info.target = TargetText(model, target);
  info.swing = swing;
  folder->Add("tornado.csv", TornadoCsv(bars));
  folder->Add("importance.csv", ImportanceCsv(importance));
  info.files = {"tornado.csv", "importance.csv"};
  // Rank correlations need 3 draws or more; otherwise no file.
  std::vector<RankCorrelation> ranks = TargetRankCorrelations(draws, target);
  if (!ranks.empty()) {
    folder->Add("rank_correlation.csv", RankCorrelationCsv(ranks));
    info.files.push_back("rank_correlation.csv");
  }
  if (options.sobol) {
    folder->Add("sobol.csv", SobolCsv(sobol));
    info.files.push_back("sobol.csv");
  }
  info.files.push_back("model.yaml");
  info.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CommitRecord(options, model, info, folder.get(), out);
  if (options.quiet) return 0;
  if (options.format == "json") {
    Json document = JsonDocument(RunJson(model, info));
    if (options.sobol) {
      Json indices = Json::array();
      for (const SobolIndex& i : sobol)
        indices.push_back({{"parameter", i.parameter}, {"s1", i.s1}, {"s1_low", i.s1_low},
                           {"s1_high", i.s1_high}, {"st", i.st}, {"st_low", i.st_low},
                           {"st_high", i.st_high}});
      document["sobol"] = indices;
    }
    document["tornado"] = TornadoJson(bars);
    document["importance"] = ImportanceJson(importance);
    document["rank_correlations"] = RankCorrelationsJson(ranks);
    document["out"] = out;
    PrintJson(document);
    return 0;
  }
  PrintSensitivity(std::cout, model, target, bars, importance, ranks, info.draws);
  if (options.sobol) PrintSobol(std::cout, model, target, sobol, options.sobol_samples);
  std::cout << "\nWrote tornado.csv, importance.csv"
            << (ranks.empty() ? "" : ", rank_correlation.csv")
            << (options.sobol ? ", sobol.csv" : "") << ", model.yaml and run.json to " << out
            << "/\n";
  return 0;
}

void PrintSweepTable(std::ostream& out, const Model& model, int target,
                     const std::vector<std::string>& axes, const std::vector<SweepRow>& rows,
                     size_t total, const std::vector<std::string>& at_medians) {
  bool by_horizon = false;  // --vary horizon: each point's figures are at its own horizon
  for (const std::string& axis : axes) by_horizon = by_horizon || axis == "horizon";
  by_horizon = by_horizon && IsStructureName(model, "horizon");
  out << model.scenario << ": " << TargetName(model, target) << ", by "
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

void PrintSensitivity(std::ostream& out, const Model& model, int target,
                      const std::vector<TornadoBar>& bars,
                      const std::vector<EventImportance>& importance,
                      const std::vector<RankCorrelation>& ranks, int draws) {
  char line[512];
  out << model.scenario << "\nTarget: " << TargetName(model, target) << " = "
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

}  // namespace brink

namespace brink {

void PrintSobol(std::ostream& out, const Model& model, int target,
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

}  // namespace brink
