// Writers: every file a command writes (summary.csv, timeline.csv, draws.csv,
// distribution.csv, sweep.csv, tornado.csv, importance.csv, rank_correlation.csv, sobol.csv,
// compare.csv, run.json) and every terminal table. The files are made atomic by OutputFolder
// (brink/output_folder.h); the JSON documents of --format json are in src/report/json_output.h.
#ifndef BRINK_REPORT_H_
#define BRINK_REPORT_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "brink/compare.h"
#include "brink/estimate.h"
#include "brink/format.h"
#include "brink/model.h"
#include "brink/names.h"
#include "brink/posterior.h"
#include "brink/run.h"
#include "brink/sensitivity.h"
#include "brink/sobol.h"
#include "brink/sweep.h"

namespace brink {

// A parameter's value as a run resolved it.
struct ParameterRecord {
  enum class How { kPoint, kMedian, kSet };  // a point value, an uncertain one's median, --set
  std::string name;
  double value = 0;
  How how = How::kPoint;
};

// A sweep's axis as run.json records it.
struct AxisRecord {
  std::string name;
  std::vector<double> values;
};

// What run.json records about how the figures were made.
struct RunInfo {
  std::string version;
  CommandKind command = CommandKind::kRun;  // run, exact, sweep, sensitivity or compare
  Method engine = Method::kFast;  // run.json's "engine"
  std::string kernel;           // the fast engine's SIMD kernel ("avx2"...); "" for the others
  std::string command_line;
  std::string started;          // when the command began, UTC, ISO 8601 ("2026-11-27T14:03:11Z")
  uint64_t seed = 0;
  uint64_t trials = 0;          // per draw
  int draws = 1;
  std::string sampling;         // "" when nothing is sampled
  std::vector<std::string> sampled;  // the sampled parameters' names
  int threads = 1;              // per process
  int ranks = 1;                // processes of an MPI job (mpirun -np N)
  double wall_seconds = 0;
  // A conditional run (--given): the condition as written, its probability and, for Monte
  // Carlo, the trials in which it held. `given` is "" for an unconditional run.
  std::string given;
  double given_probability = 1;
  uint64_t given_trials = 0;
  uint64_t states = 0;  // engine "exact": the largest number of states held at once
  // With a history (brink/history.h): its file, SHA-256 and as_of, the log of its probability
  // under the model (the evidence; exact: with pinned parameters, the log-likelihood), that
  // estimate's standard error (0 when exact), the effective number of draws and the method.
  std::string history, history_sha256;
  int history_as_of = 0;
  double log_evidence = 0, log_evidence_se = 0, effective_draws = 0;
  std::string history_method;
  // ... and how the posterior was sampled (sequential Monte Carlo: its stages, likelihood
  // evaluations and Metropolis–Hastings acceptance rate; 0 when pinned), the trials of each
  // Monte Carlo likelihood estimate and a posterior draw's log-likelihood standard error (0
  // when exact), and the run of the figures before the history (draws, trials per draw).
  int history_stages = 0;
  uint64_t history_evaluations = 0;
  double history_acceptance = 0;
  uint64_t history_trials = 0;
  double history_log_likelihood_se = 0;
  int before_draws = 0;
  uint64_t before_trials = 0;
  double before_seconds = 0, posterior_seconds = 0, given_seconds = 0;  // where the time went
  // Precision control (--precision): the target figure ("" when off), the half-width asked
  // for (relative: a fraction of the estimate), the one reached, and whether it was.
  std::string precision_target;
  double precision = 0;
  bool precision_relative = false;
  double precision_half_width = 0;
  bool precision_reached = false;
  // run --rare (brink/rare.h): the importance-sampling run's pilot, its effective sample
  // size, and the plain Monte Carlo trials the same interval would take.
  bool rare = false;
  uint64_t rare_pilot_trials = 0;
  int rare_rounds = 0;
  double rare_effective_sample_size = 0;
  double rare_plain_trials = 0;
  double rare_speedup = 0;
  // Every parameter's value with the draws set aside (uncertain ones at their median), and
  // how it was set.
  std::vector<ParameterRecord> parameters;
  // sweep: the axes and the number of points; sensitivity: the swing. Both: the target.
  std::vector<AxisRecord> axes;
  uint64_t points = 0;
  long baseline_point = -1;     // sweep --baseline: the point the differences are from
  std::string target;
  double swing = -1;            // < 0: not a sensitivity run
  std::vector<std::string> files;  // the files the command wrote beside run.json
  std::vector<std::string> structure;  // --set horizon=N, delay:EVENT=LO:HI, as applied
  // compare: each arm's pins (--a, --b) and, with --b-model, the second model.
  std::vector<std::pair<std::string, double>> pins_a, pins_b;
  std::string model_b, model_b_sha256;
  // compare given a history (history, history_sha256 and history_as_of above): each arm's
  // evidence and the Bayes factor of B over A with its 95% interval.
  bool compare_history = false;
  ArmEvidence evidence_a, evidence_b;
  double bayes_factor = 1, bayes_low = 1, bayes_high = 1;
};

// `kind,id,label,probability,std_error,ci95_low,ci95_high,mean_first_step,p05,p50,p95`, one
// row per event then per level; mean_first_step is empty when the figure never occurred. A
// conditional run ends with `given,given,CONDITION,P(CONDITION),std_error,ci95_low,ci95_high,,,,`.
// A version-2 model (Results::two_way) adds `active_probability,mean_occurrences,
// mean_steps_active` (P(active at the horizon); mean_occurrences empty for levels; all three
// empty on the given row).
std::string SummaryCsv(const Results& results);
// occurrences.csv of a version-2 model: `kind,id,occurrences,probability,std_error`, for every
// event and n = 0 .. the largest count seen (exact: possible), P(N = n), N the number of
// onsets in steps 1..horizon.
std::string OccurrencesCsv(const Results& results);
// A model with quantities (../shared/spec/quantities.md "What is estimated"): quantities.csv,
// id,label,unit,mean,std_error,ci95_low,ci95_high,sd,p05,p50,p90,p95,p99,prob_positive (and
// band_p05,band_p95 of the mean over draws with draws); exceedance.csv, id,value,probability
// (P(total >= value), non-increasing); quantity_timeline.csv, step,id,mean,ci95_low,ci95_high.
std::string QuantitiesCsv(const Results& results);
std::string ExceedanceCsv(const Results& results);
std::string QuantityTimelineCsv(const Results& results);
// `draw`, one column per sampled parameter (its value in the draw), then `event_<id>` and
// `level_<k>` columns with the draw's probabilities, and, given `log_likelihood` (a run
// with a history: the posterior's draws), a last `log_likelihood` column. One row per draw.
// Column names are identifiers in R and pandas (ColumnName).
std::string DrawsCsv(const Results& results, const std::vector<std::string>& parameter_names,
                     const std::vector<std::vector<double>>& parameter_values,
                     const std::vector<double>* log_likelihood = nullptr);
// The same text, handed to `sink` a row at a time (a run with many draws writes it to its
// file as it goes).
void WriteDrawsCsv(const Results& results, const std::vector<std::string>& parameter_names,
                   const std::vector<std::vector<double>>& parameter_values,
                   const std::function<void(std::string_view)>& sink,
                   const std::vector<double>* log_likelihood = nullptr);
// An upper estimate of the bytes of a run's output files (draws.csv grows with the draws,
// timeline.csv with the horizon), checked against the free space before the run.
uint64_t RunOutputBytes(const Model& model, int draws, int sampled);
// `kind,id,bin_low,bin_high,count`: for each figure, a 20-bin histogram of its per-draw
// probabilities over their observed range [min, max] (one bin when all draws agree); the
// last bin includes its upper end.
std::string DistributionCsv(const Results& results);
// `step,kind,id,probability,label,ci95_low,ci95_high,p05,p50,p95`: cumulative P(by step) for
// every step, event and level, with its 95% interval and, with draws, its quantiles over
// draws (each equal to the probability with one draw); the first four columns as before. A
// version-2 model adds `active_probability`: P(active at the end of the step) (a level k:
// P(level at the step >= k)).
std::string TimelineCsv(const Results& results);
// run.json: the record of a command's run (README.md, "Outputs"). Adds `states` for the exact
// engine, `given`, `given_probability` and (Monte Carlo) `given_trials` for a conditional run,
// the precision fields with --precision, and the axes, target and swing of a sweep or
// sensitivity run.
std::string RunJson(const Model& model, const RunInfo& info);
// The run.json fields every run shares, built once for every front end (the command layer and
// the live page): version, command, engine (its Method) and kernel, seed, threads, processes,
// and every parameter's value in `setting` (point value, median, or pinned by `pins`). The
// front end adds what only it knows (command line, start time, structure, timings).
RunInfo RunRecord(CommandKind command, Engine engine, const RunSettings& settings,
                  const Model& model, const ParameterSetting& setting,
                  const std::vector<std::pair<std::string, double>>& pins);
// What a run's outcome adds to its record: trials, draws, the sampling ("medians" for one
// draw of uncertain values, else `sampling`'s name; "" with nothing uncertain), the sampled
// names and the condition's figure.
void RecordOutcome(const RunOutcome& outcome, Sampling sampling, RunInfo* info);

// Where files go, a piece at a time: sink(name, piece), the pieces of one file in a row, its
// first piece opening it.
using FileSink = std::function<void(const std::string& name, std::string_view piece)>;
// A run's files, in their order: summary.csv, timeline.csv, draws.csv (row by row),
// distribution.csv and, given a history, posterior.csv, correlations.csv (each when there is
// something to write), scores.csv and prior_summary.csv.
void WriteRunFiles(const RunOutcome& outcome, const FileSink& sink);

// The record RunJson wrote, read back from run.json's `text` (at `path`) by the same module:
// the fields `brink show` prints. Throws UsageError, located in the file (PATH:LINE:COL) for
// a field of the wrong type or text that is not UTF-8, else "WHO PATH is not as brink wrote
// it: ..." (who: e.g. "show: ").
RunInfo ReadRunJson(const std::string& path, const std::string& text, const std::string& who);
// The readable table: levels first, then events, each with its interval.
void PrintTable(std::ostream& out, const Model& model, const Results& results,
                const RunInfo& info);

// A run given a history (brink/posterior.h): posterior.csv
// (`parameter,prior_mean,prior_sd,posterior_mean,posterior_sd,posterior_p05,posterior_p50,
// posterior_p95,mc_se`), correlations.csv (`parameter_a,parameter_b,prior,posterior`: rank
// correlations) and scores.csv (`kind,id,label,as_of,forecast,outcome,brier,log_score`, then a
// `total` row: forecast P(history) = exp(log evidence), outcome 1, the rows' mean Brier score,
// and the log evidence as the log score of the whole timed history). as_of is a step number.
std::string PosteriorCsv(const std::vector<PosteriorParameter>& parameters);
std::string CorrelationsCsv(const std::vector<PosteriorCorrelation>& correlations);
std::string ScoresCsv(const HistoryOutcome& history);
// The table of a run given a history: how it ran, what the history taught about each uncertain
// value, each figure before the history and now (given it), and the scores. `history` needs
// only what the files keep: parameters, correlations, scores, before (figures), as_of and the
// log evidence (run.json's).
void PrintHistoryTable(std::ostream& out, const Model& model, const Results& now,
                       const RunInfo& info, const HistoryOutcome& history);

// sweep.csv: the header, then each point's rows (one per figure), as the points finish. A
// version-2 model's (two_way; its points' Results::two_way) rows add, after version 1's
// columns, each figure's NowFigure: active_probability, active_std_error, active_ci95_low,
// active_ci95_high, mean_occurrences (empty for a level), mean_steps_active, and with a
// baseline active_difference, active_paired_low, active_paired_high.
std::string SweepCsvHeader(const std::vector<SweepAxis>& axes, bool draws, bool baseline = false,
                           bool two_way = false);
std::string SweepCsvRows(size_t index, const SweepPoint& point, bool draws);
std::string SweepCsv(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points);
// An upper estimate of sweep.csv's bytes, checked against the free space before the sweep.
uint64_t SweepCsvBytes(const Model& model, const std::vector<SweepAxis>& axes, size_t points,
                       bool draws, bool baseline = false);  // two_way: model.IsTwoWay()
// tornado.csv, importance.csv and rank_correlation.csv (brink/sensitivity.h).
std::string TornadoCsv(const std::vector<TornadoBar>& bars);
std::string ImportanceCsv(const std::vector<EventImportance>& rows);
std::string RankCorrelationCsv(const std::vector<RankCorrelation>& rows);
// sobol.csv (brink/sobol.h).
std::string SobolCsv(const std::vector<SobolIndex>& indices);
// compare.csv (brink/compare.h).
std::string CompareCsv(const CompareOutcome& outcome);
// evidence.csv of compare given a history: `arm,model,log_evidence,log_evidence_se,
// effective_draws,method`, a row for A and one for B.
std::string EvidenceCsv(const CompareOutcome& outcome, const std::string& model_a,
                        const std::string& model_b);

// The terminal tables of sweep, sensitivity and compare, also printed by `brink show` from
// the files.
struct SweepRow {
  std::vector<double> values;  // one per axis
  double probability, low, high;  // the target figure and its 95% interval
  // With a baseline: the target's difference from the baseline point, paired 95% interval.
  bool versus = false;
  double difference = 0, paired_low = 0, paired_high = 0;
};
// The most sweep points the terminal table shows (sweep.csv has them all).
constexpr size_t kTableRows = 1000;
// The target's figure is its NowFigure when target.now (a version-2 model's active: or
// level_at: target).
void PrintSweepTable(std::ostream& out, const Model& model, Target target,
                     const std::vector<std::string>& axes, const std::vector<SweepRow>& rows,
                     size_t total, const std::vector<std::string>& at_medians);
void PrintSensitivity(std::ostream& out, const Model& model, Target target,
                      const std::vector<TornadoBar>& bars,
                      const std::vector<EventImportance>& importance,
                      const std::vector<RankCorrelation>& ranks, int draws);
// The Sobol table of `brink sensitivity --sobol`.
void PrintSobol(std::ostream& out, const Model& model, Target target,
                const std::vector<SobolIndex>& indices, int samples);
void PrintCompare(std::ostream& out, const Model& model, const CompareOutcome& outcome,
                  const RunInfo& info);
// The text that names a target (ParseTarget's grammar): "level:K" or an event id, and for a
// `now` target "level_at:K" or "active:EVENT".
std::string TargetText(const Model& model, Target target);

// `brink show DIR`: a finished run's table again, from the files it wrote (no re-run).
// Throws UsageError when the folder is not as a brink command wrote it.
void ShowFolder(const std::string& dir, std::ostream& out);

// At most `width` (>= 1) characters of `s` (UTF-8), cut with "…"; for names in tables.
std::string CutText(const std::string& s, size_t width);

// The table's line for a run of one draw with ranges in the model ("one draw: 5 ranges held at
// the median (…)").
std::string MediansLine(const std::vector<std::string>& sampled);

// A fraction as a percent with two decimals, for tables: "12.34%".
std::string FixedPercent(double fraction);

// `name` as a column name that is an identifier in R, pandas and SQL: runs of characters
// other than ASCII letters, digits and '_' become one '_' ("dprk_troops.p[2]" →
// "dprk_troops_p_2"); a name that would start with a digit gets an "x".
std::string ColumnName(const std::string& name);
// RFC 4180 field: quoted when it holds a comma, quote or line break.
std::string CsvField(const std::string& text);
// The rows and fields of RFC 4180 text, as CsvField writes them (LF or CRLF line ends).
// Throws std::invalid_argument for an unterminated quote or text after a closing quote.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text);

}  // namespace brink

#endif  // BRINK_REPORT_H_
