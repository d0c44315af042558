// Writers: Results → summary.csv, timeline.csv, draws.csv, distribution.csv, run.json and the
// terminal table. The files are made atomic by OutputFolder (brink/output_folder.h).
#ifndef BRINK_REPORT_H_
#define BRINK_REPORT_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "brink/estimate.h"
#include "brink/model.h"

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
  std::string command;          // "run", "exact", "sweep", "sensitivity", "compare"
  std::string engine;
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
};

// `kind,id,label,probability,std_error,ci95_low,ci95_high,mean_first_step,p05,p50,p95`, one
// row per event then per level; mean_first_step is empty when the figure never occurred. A
// conditional run ends with `given,given,CONDITION,P(CONDITION),std_error,ci95_low,ci95_high,,,,`.
std::string SummaryCsv(const Results& results);
// `draw`, one column per sampled parameter (its value in the draw), then `event_<id>` and
// `level_<k>` columns with the draw's probabilities. One row per draw. Column names are
// identifiers in R and pandas (ColumnName).
std::string DrawsCsv(const Results& results, const std::vector<std::string>& parameter_names,
                     const std::vector<std::vector<double>>& parameter_values);
// The same text, handed to `sink` a row at a time (a run with many draws writes it to its
// file as it goes).
void WriteDrawsCsv(const Results& results, const std::vector<std::string>& parameter_names,
                   const std::vector<std::vector<double>>& parameter_values,
                   const std::function<void(std::string_view)>& sink);
// An upper estimate of the bytes of a run's output files (draws.csv grows with the draws,
// timeline.csv with the horizon), checked against the free space before the run.
uint64_t RunOutputBytes(const Model& model, int draws, int sampled);
// `kind,id,bin_low,bin_high,count`: for each figure, a 20-bin histogram of its per-draw
// probabilities over their observed range [min, max] (one bin when all draws agree); the
// last bin includes its upper end.
std::string DistributionCsv(const Results& results);
// `step,kind,id,probability,label,ci95_low,ci95_high,p05,p50,p95`: cumulative P(by step) for
// every step, event and level, with its 95% interval and, with draws, its quantiles over
// draws (each equal to the probability with one draw); the first four columns as before.
std::string TimelineCsv(const Results& results);
// run.json: the record of a command's run (docs/outputs.md). Adds `states` for the exact
// engine, `given`, `given_probability` and (Monte Carlo) `given_trials` for a conditional run,
// the precision fields with --precision, and the axes, target and swing of a sweep or
// sensitivity run.
std::string RunJson(const Model& model, const RunInfo& info);
// The readable table: levels first, then events, each with its interval.
void PrintTable(std::ostream& out, const Model& model, const Results& results,
                const RunInfo& info);

// At most `width` (>= 1) characters of `s` (UTF-8), cut with "…"; for names in tables.
std::string CutText(const std::string& s, size_t width);

// The table's line for a run of one draw with ranges in the model ("one draw: 5 ranges held at
// the median (…)").
std::string MediansLine(const std::vector<std::string>& sampled);

// A fraction as a percent with two decimals, for tables: "12.34%".
std::string FixedPercent(double fraction);
// A fraction as a percent with up to 3 significant digits: "4.87%", "0.0123%".
std::string FormatPercent(double fraction);

// `x` rounded to 15 significant digits: floating-point noise (0.9999999999999998 for a sum
// of exact probabilities that is 1, 0.014969999999999997 for 0.01497) goes, and no figure
// loses anything it carries (a Monte Carlo figure has at most 12 meaningful digits).
double RoundForOutput(double x);
// Shortest text that reads back as exactly RoundForOutput(x) ("0.125", "1e-07", "0.01497").
std::string FormatNumber(double x);
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
