// `brink show DIR`: a finished run's table again, from the files it wrote (no re-run).
#include <charconv>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "brink/error.h"
#include "brink/load.h"
#include "brink/report.h"
#include "brink/run.h"
#include "brink/sensitivity.h"
#include "brink/structure.h"
#include "report/folder_check.h"

namespace brink {
namespace fs = std::filesystem;
namespace {

// The files of one output folder, read for `show`.
class RunFolder {
 public:
  explicit RunFolder(const std::string& dir) : dir_(dir) {}

  bool Has(const std::string& name) const { return fs::is_regular_file(dir_ / name); }

  std::string Read(const std::string& name) const {
    std::ifstream in(dir_ / name, std::ios::binary);
    if (!in)
      throw UsageError("show " + dir_.string() + ": no " + name + " there (is this a folder a "
                       "brink run, exact, sweep, sensitivity or compare wrote?)");
    std::stringstream text;
    text << in.rdbuf();
    const std::string path = (dir_ / name).string();
    if (name == "run.json")
      CheckRunRecord(path, text.str());
    else
      CheckFolderText(path, text.str());
    return text.str();
  }

  // The rows of a CSV file, its header checked to begin with `columns`.
  std::vector<std::vector<std::string>> Csv(const std::string& name,
                                            const std::string& columns) const {
    std::vector<std::vector<std::string>> rows;
    try {
      rows = ParseCsv(Read(name));
    } catch (const std::invalid_argument& e) {
      throw Bad(name, e.what());
    }
    std::string header;
    for (const std::string& field : rows.empty() ? std::vector<std::string>() : rows[0])
      header += (header.empty() ? "" : ",") + field;
    if (header.rfind(columns, 0) != 0) throw Bad(name, "its columns are not " + columns);
    rows.erase(rows.begin());
    return rows;
  }

  double Number(const std::string& name, const std::string& text) const {
    double x = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    if (ec != std::errc() || end != text.data() + text.size())
      throw Bad(name, "'" + text + "' is not a number");
    return x;
  }

  Figure::Kind Kind(const std::string& name, const std::string& text) const {
    const std::optional<Figure::Kind> kind = ParseName<Figure::Kind>(text);
    if (!kind) throw Bad(name, "'" + text + "' is not a kind of figure (event or level)");
    return *kind;
  }

  UsageError Bad(const std::string& name, const std::string& why) const {
    return UsageError("show: " + (dir_ / name).string() + " is not as brink wrote it: " + why);
  }

 private:
  fs::path dir_;
};

Results ReadSummary(const RunFolder& folder, const RunInfo& info,
                    const std::string& name = "summary.csv") {
  Results results;
  results.draws = info.draws;
  results.simulated = info.engine == Method::kExact ? 0 : info.trials * static_cast<uint64_t>(info.draws);
  results.counted = info.given.empty() ? results.simulated : info.given_trials;
  for (const auto& row : folder.Csv(name, "kind,id,label,probability,std_error,ci95_low,ci95_high")) {
    // A version-2 model's summary has three more columns (brink/report.h SummaryCsv).
    const bool two_way = row.size() == 14;
    if (row.size() != 11 && !two_way)
      throw folder.Bad(name, "a row has " + std::to_string(row.size()) + " fields, not 11 or 14");
    if (!results.figures.empty() && two_way != results.two_way)
      throw folder.Bad(name, "its rows have different numbers of fields");
    results.two_way = two_way;
    if (row[0] == "given") {
      GivenFigure& g = results.given;
      g.text = row[2];
      g.probability = folder.Number(name, row[3]);
      g.std_error = folder.Number(name, row[4]);
      g.ci_low = folder.Number(name, row[5]);
      g.ci_high = folder.Number(name, row[6]);
      continue;
    }
    Figure f;
    f.kind = folder.Kind(name, row[0]);
    f.id = row[1];
    f.label = row[2];
    f.probability = folder.Number(name, row[3]);
    f.std_error = folder.Number(name, row[4]);
    f.ci_low = folder.Number(name, row[5]);
    f.ci_high = folder.Number(name, row[6]);
    f.occurred = !row[7].empty();
    if (f.occurred) f.mean_first_step = folder.Number(name, row[7]);
    f.p05 = folder.Number(name, row[8]);
    f.p50 = folder.Number(name, row[9]);
    f.p95 = folder.Number(name, row[10]);
    if (two_way) {
      f.now.probability = folder.Number(name, row[11]);
      if (!row[12].empty()) f.now.mean_occurrences = folder.Number(name, row[12]);
      f.now.mean_steps_active = folder.Number(name, row[13]);
    }
    results.figures.push_back(f);
  }
  return results;
}

void ShowSweep(const RunFolder& folder, const Model& model, const RunInfo& info,
               std::ostream& out) {
  const Target target = ParseTarget(model, info.target);
  const Figure::Kind kind = target.row < static_cast<int>(model.events.size())
                                ? Figure::Kind::kEvent
                                : Figure::Kind::kLevel;
  const std::string id = kind == Figure::Kind::kEvent
                             ? model.events[target.row].id
                             : std::to_string(target.row - model.events.size() + 1);
  const size_t axes = info.axes.size();
  std::vector<SweepRow> rows;
  const std::string name = "sweep.csv";
  const auto csv = folder.Csv(name, "point");
  // With --baseline, the last three columns of version 1 are the difference and its paired
  // interval. A version-2 model's rows then have 6 (with --baseline 9) more (SweepCsvHeader).
  const bool versus = info.baseline_point >= 0;
  const size_t extra = model.IsTwoWay() ? (versus ? 9 : 6) : 0;
  for (const auto& row : csv) {
    if (row.size() < axes + 7 + extra) throw folder.Bad(name, "a row is too short");
    if (folder.Kind(name, row[axes + 1]) != kind || row[axes + 2] != id)
      continue;
    if (rows.size() == kTableRows) break;
    SweepRow r;
    for (size_t a = 0; a < axes; ++a) r.values.push_back(folder.Number(name, row[1 + a]));
    const size_t n = row.size() - extra;  // version 1's columns
    const size_t at = target.now ? n : axes + 3;  // probability (or active_probability)
    r.probability = folder.Number(name, row[at]);
    r.low = folder.Number(name, row[at + 2]);
    r.high = folder.Number(name, row[at + 3]);
    if (versus) {
      r.versus = true;
      const size_t last = target.now ? row.size() : n;  // after the last of the three
      r.difference = folder.Number(name, row[last - 3]);
      r.paired_low = folder.Number(name, row[last - 2]);
      r.paired_high = folder.Number(name, row[last - 1]);
    }
    rows.push_back(std::move(r));
  }
  std::vector<std::string> names;
  for (const AxisRecord& axis : info.axes) names.push_back(axis.name);
  PrintSweepTable(out, model, target, names, rows, info.points,
                  info.draws == 1 ? info.sampled : std::vector<std::string>());
}

void ShowSensitivity(const RunFolder& folder, const Model& model, const RunInfo& info,
                     std::ostream& out) {
  std::vector<TornadoBar> bars;
  std::string name = "tornado.csv";
  for (const auto& row : folder.Csv(name, "parameter,low,high,target_at_low,target_at_high,swing")) {
    if (row.size() < 6) throw folder.Bad(name, "a row is too short");
    bars.push_back({row[0], folder.Number(name, row[1]), folder.Number(name, row[2]),
                    folder.Number(name, row[3]), folder.Number(name, row[4]),
                    folder.Number(name, row[5])});
  }
  std::vector<EventImportance> importance;
  name = "importance.csv";
  for (const auto& row :
       folder.Csv(name, "event,p_target,p_if_certain,p_if_impossible,birnbaum")) {
    if (row.size() < 5) throw folder.Bad(name, "a row is too short");
    EventImportance e;
    e.event = row[0];
    e.p_target = folder.Number(name, row[1]);
    e.p_if_certain = folder.Number(name, row[2]);
    e.p_if_impossible = folder.Number(name, row[3]);
    e.birnbaum = folder.Number(name, row[4]);
    importance.push_back(e);
  }
  std::vector<RankCorrelation> ranks;
  name = "rank_correlation.csv";
  if (folder.Has(name))
    for (const auto& row : folder.Csv(name, "parameter,spearman_rho")) {
      if (row.size() < 2) throw folder.Bad(name, "a row is too short");
      ranks.push_back({row[0], folder.Number(name, row[1])});
    }
  PrintSensitivity(out, model, ParseTarget(model, info.target), bars, importance, ranks,
                   info.draws);
}

void ShowCompare(const RunFolder& folder, const Model& model, const RunInfo& info,
                 std::ostream& out) {
  CompareOutcome outcome;
  outcome.trials = info.trials;
  outcome.draws = info.draws;
  const std::string name = "compare.csv";
  for (const auto& row : folder.Csv(name, "kind,id,label,p_a,p_b,difference,paired_low,"
                                          "paired_high,independent_low,independent_high")) {
    // Two version-2 arms: 12 more fields (CompareCsv).
    const size_t fields = model.IsTwoWay() && !info.compare_history ? 22 : 10;
    if (row.size() != fields)
      throw folder.Bad(name, "a row has " + std::to_string(row.size()) + " fields, not " +
                                 std::to_string(fields));
    PairedFigure f;
    f.kind = folder.Kind(name, row[0]);
    f.id = row[1];
    f.label = row[2];
    f.p_a = folder.Number(name, row[3]);
    f.p_b = folder.Number(name, row[4]);
    f.difference = folder.Number(name, row[5]);
    f.paired_low = folder.Number(name, row[6]);
    f.paired_high = folder.Number(name, row[7]);
    f.independent_low = folder.Number(name, row[8]);
    f.independent_high = folder.Number(name, row[9]);
    if (fields == 22) {
      f.two_way = true;
      double* now[] = {&f.now.p_a, &f.now.p_b, &f.now.difference, &f.now.paired_low,
                       &f.now.paired_high, &f.now.independent_low, &f.now.independent_high};
      for (int i = 0; i < 7; ++i) *now[i] = folder.Number(name, row[10 + i]);
      if (f.kind == Figure::Kind::kEvent) {
        double* mean[] = {&f.occurrences.mean_a, &f.occurrences.mean_b,
                          &f.occurrences.difference, &f.occurrences.paired_low,
                          &f.occurrences.paired_high};
        for (int i = 0; i < 5; ++i) *mean[i] = folder.Number(name, row[17 + i]);
      }
    }
    outcome.figures.push_back(f);
  }
  outcome.history = info.compare_history;
  outcome.evidence_a = info.evidence_a;
  outcome.evidence_b = info.evidence_b;
  outcome.bayes_factor = info.bayes_factor;
  outcome.bayes_low = info.bayes_low;
  outcome.bayes_high = info.bayes_high;
  PrintCompare(out, model, outcome, info);
}

// What a run given a history learned, from posterior.csv, correlations.csv, scores.csv and
// prior_summary.csv.
HistoryOutcome ReadHistory(const RunFolder& folder, const RunInfo& info) {
  HistoryOutcome h;
  h.as_of = info.history_as_of;
  h.log_evidence = info.log_evidence;
  h.log_evidence_se = info.log_evidence_se;
  h.effective_draws = info.effective_draws;
  h.method = info.history_method;
  RunInfo before = info;
  before.draws = info.before_draws;
  h.before = ReadSummary(folder, before, "prior_summary.csv");
  std::string name = "posterior.csv";
  if (folder.Has(name))
    for (const auto& row : folder.Csv(name, "parameter,prior_mean,prior_sd,posterior_mean")) {
      if (row.size() != 9) throw folder.Bad(name, "a row has " + std::to_string(row.size()) +
                                                      " fields, not 9");
      PosteriorParameter p;
      p.name = row[0];
      double* fields[] = {&p.prior_mean, &p.prior_sd, &p.posterior_mean, &p.posterior_sd,
                          &p.p05, &p.p50, &p.p95, &p.mc_se};
      for (int i = 0; i < 8; ++i) *fields[i] = folder.Number(name, row[1 + i]);
      h.parameters.push_back(p);
    }
  name = "correlations.csv";
  if (folder.Has(name))
    for (const auto& row : folder.Csv(name, "parameter_a,parameter_b,prior,posterior")) {
      if (row.size() != 4) throw folder.Bad(name, "a row has " + std::to_string(row.size()) +
                                                      " fields, not 4");
      h.correlations.push_back(
          {row[0], row[1], folder.Number(name, row[2]), folder.Number(name, row[3])});
    }
  name = "scores.csv";
  for (const auto& row : folder.Csv(name, "kind,id,label,as_of,forecast,outcome,brier,log_score")) {
    if (row.size() != 8) throw folder.Bad(name, "a row has " + std::to_string(row.size()) +
                                                    " fields, not 8");
    if (row[0] == "total") continue;
    Score s;
    s.kind = folder.Kind(name, row[0]);
    s.id = row[1];
    s.label = row[2];
    s.forecast = folder.Number(name, row[4]);
    s.outcome = row[5] == "1";
    s.brier = folder.Number(name, row[6]);
    s.log_score = folder.Number(name, row[7]);
    h.scores.push_back(s);
  }
  return h;
}

}  // namespace

void ShowFolder(const std::string& dir, std::ostream& out) {
  RunFolder folder(dir);
  const RunInfo info = ReadRunJson((fs::path(dir) / "run.json").string(), folder.Read("run.json"),
                                   "show: ");
  Model model =
      LoadModelFromString(folder.Read("model.yaml"), (fs::path(dir) / "model.yaml").string());
  // The run's --set horizon= and delay:EVENT= settings, as it applied them.
  std::vector<StructureSetting> structure;
  for (const std::string& text : info.structure) {
    const size_t eq = text.find('=');
    structure.push_back(ParseStructure(model, text.substr(0, eq), text.substr(eq + 1), "run.json"));
  }
  if (!structure.empty()) model = WithStructure(model, structure);
  switch (info.command) {
    case CommandKind::kRun:
    case CommandKind::kExact:
      if (!info.history.empty() && folder.Has("scores.csv"))
        PrintHistoryTable(out, model, ReadSummary(folder, info), info, ReadHistory(folder, info));
      else
        PrintTable(out, model, ReadSummary(folder, info), info);
      return;
    case CommandKind::kSweep:
      ShowSweep(folder, model, info, out);
      return;
    case CommandKind::kSensitivity:
      ShowSensitivity(folder, model, info, out);
      return;
    case CommandKind::kCompare:
      ShowCompare(folder, model, info, out);
      return;
    case CommandKind::kReport:
    case CommandKind::kGraph:
    case CommandKind::kShow:
    case CommandKind::kValidate:
    case CommandKind::kBench:
      break;
  }
  throw folder.Bad("run.json", "unknown command '" + std::string(NameOf(info.command)) + "'");
}

}  // namespace brink
