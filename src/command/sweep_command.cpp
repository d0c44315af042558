// brink sweep (brink/command.h): sweep.csv is written point by point as the points finish.
#include <chrono>
#include <memory>

#include "brink/command.h"
#include "brink/error.h"
#include "brink/output_folder.h"
#include "brink/report.h"
#include "brink/sweep.h"
#include "command/record.h"

namespace brink {

SweepCommandOutcome Execute(const SweepCommand& command) {
  Check(command);
  auto start = std::chrono::steady_clock::now();
  SweepCommandOutcome outcome;
  SettingTexts texts = command.sets;
  std::vector<std::string> structure;
  outcome.model = LoadForCommand(command.model, command.context, &texts, &structure);
  const Model& model = outcome.model;
  RefuseQuantities(model, "brink sweep");
  std::vector<SweepAxis> axes;
  for (const std::string& vary : command.vary) axes.push_back(ParseVary(model, vary));
  RunRequest request = BaseRequest(command);
  const Engine engine = command.engine;
  request.engine = engine;
  const Target target = ParseTarget(model, command.target.value_or(""));
  SetPrecision(command.precision, command.max_trials, target, &request);
  outcome.target = target;
  for (const SweepAxis& axis : axes)
    if (!axis.warning.empty()) {
      outcome.record.warnings.push_back(axis.warning);
      if (command.context.warn) command.context.warn(axis.warning);
    }
  const std::vector<std::pair<std::string, double>> sets = ParseSettings(model, texts, "set");
  const ParameterSetting setting = SettleParameters(model, sets);
  const std::string out = OutputPath(command.model, command.output);
  const size_t total = SweepPoints(axes);
  const int draws = SweepDraws(model, axes, sets, request);
  long baseline = -1;
  if (command.baseline) {
    if (*command.baseline >= total)
      throw UsageError("{baseline} takes a point number from 0 to " + std::to_string(total - 1) +
                       " (sweep.csv's point column), not '" + std::to_string(*command.baseline) +
                       "'");
    baseline = static_cast<long>(*command.baseline);
  }
  const std::unique_ptr<OutputFolder> folder =
      OpenOutput(command.context, command.output, out, [&](const OutputFolder& f) {
        f.CheckSpace(SweepCsvBytes(model, axes, total, draws > 1, baseline >= 0),
                     std::to_string(total) + " points × " +
                         std::to_string(model.events.size() + model.num_levels()) + " figures");
      });
  // sweep.csv is written point by point as the points finish; the table needs only the
  // target's figure of each point.
  uint64_t trials = request.trials;
  {
    OutputFolder::Writer csv = folder->Open("sweep.csv");
    csv.Append(SweepCsvHeader(axes, draws > 1, baseline >= 0, model.IsTwoWay()));
    request.progress = command.context.progress;
    RunSweep(model, axes, sets, request, [&](size_t i, SweepPoint point) {
      csv.Append(SweepCsvRows(i, point, draws > 1));
      const Figure& f = point.outcome.results.figures[target.row];
      if (i == 0) trials = point.outcome.trials;
      if (outcome.rows.size() < kTableRows) {
        SweepRow row{point.values, f.probability, f.ci_low, f.ci_high};
        if (target.now) row = SweepRow{point.values, f.now.probability, f.now.ci_low, f.now.ci_high};
        if (baseline >= 0) {
          const PairedFigure& figure = point.outcome.versus_baseline[target.row];
          const PairedValue& v = target.now ? figure.now : figure;
          row.versus = true;
          row.difference = v.difference;
          row.paired_low = v.paired_low;
          row.paired_high = v.paired_high;
        }
        outcome.rows.push_back(std::move(row));
      }
      if (command.keep_points) outcome.points.push_back(std::move(point));
    }, baseline);
    csv.Close();
  }
  RunInfo& info = outcome.record.info;
  info = RecordInfo(CommandKind::kSweep, command.context, engine, structure, sets, model,
                    setting, request);
  info.trials = trials;
  info.draws = draws;
  RunOutcome planned;  // the names of the sampled parameters (or those held at the median)
  {
    std::vector<std::pair<std::string, double>> pinned = sets;
    for (const SweepAxis& axis : axes)
      if (!axis.structural()) pinned.emplace_back(axis.name, axis.values[0]);
    RunSettings one = request;
    one.draws = 1;
    PlanDraws(model, SettleParameters(model, pinned), one, &planned);
  }
  info.sampled = planned.sampled_names;
  if (!info.sampled.empty())
    info.sampling = draws == 1 ? "medians" : SamplingName(request.sampling);
  for (const SweepAxis& axis : axes) {
    info.axes.push_back({axis.name, axis.values});
    outcome.axes.push_back(axis.name);
  }
  info.points = total;
  info.target = TargetText(model, target);
  info.baseline_point = baseline;
  info.wall_seconds = SecondsSince(start);
  outcome.total = total;
  outcome.record.out = out;
  CommitRecord(command.context, command.model, command.output, model, &info, folder.get(), out);
  return outcome;
}

}  // namespace brink
