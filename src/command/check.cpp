// Check (brink/command.h): every field of a request in its range, and the options that do not
// go together, each refused with a UsageError naming the field.
#include "command/check.h"

#include <cmath>
#include <string>

#include "brink/error.h"
#include "brink/html_report.h"
#include "engine/engine.h"

namespace brink {
namespace {

void CheckRange(const std::string& field, uint64_t value, uint64_t low, uint64_t high,
                const std::string& high_text) {
  if (value < low || value > high)
    throw UsageError("{" + field + "} must be a whole number from " + std::to_string(low) +
                     " to " + high_text + ", not " + std::to_string(value));
}

void CheckText(const std::string& field, const std::optional<std::string>& text) {
  if (text && text->empty()) throw UsageError("{" + field + "} is empty");
}

// 0 is every core.
void CheckThreads(int threads) {
  if (threads < 0 || threads > kMaxThreads)
    throw UsageError("{threads} must be a whole number from 1 to 1024 (or 0: every core), not " +
                     std::to_string(threads));
}

void CheckEngine(Engine engine, const std::vector<Engine>& allowed) {
  for (Engine e : allowed)
    if (e == engine) return;
  throw UsageError("{engine} must be " + OneOf(NamesOf(allowed)) + ", not " +
                   std::string(NameOf(engine)));
}

void CheckModelRun(const ModelRun& r, const std::vector<Engine>& engines) {
  if (r.trials) CheckRange("trials", *r.trials, 1, kMaxTrials, "2^38");
  CheckThreads(r.threads);
  if (r.draws)
    CheckRange("draws", static_cast<uint64_t>(std::max(*r.draws, 0)), 1, kMaxDraws,
               std::to_string(kMaxDraws));
  CheckRange("max_states", r.max_states, 1, kMaxStates, "2e9");
  if (r.max_memory && *r.max_memory == 0)
    throw UsageError("{max_memory} must be at least one byte");
  if (r.output.out) CheckText("out", r.output.out);
  CheckEngine(r.engine, engines);
}

void CheckPrecision(const std::optional<Precision>& precision, uint64_t max_trials,
                    Engine engine) {
  if (precision) {
    if (engine == Engine::kExact)
      throw UsageError("{precision} applies to the Monte Carlo engines; the exact engine's "
                       "figures have no sampling error");
    const double h = precision->half_width;
    if (!(h > 0) || !std::isfinite(h) || (!precision->relative && h >= 1))
      throw UsageError("{precision} takes a half-width in (0, 1), e.g. 0.001, or a relative one "
                       "such as 5%");
  }
  CheckRange("max_trials", max_trials, 1, kMaxTrials, "2^38");
}

// A live report re-runs `brink run` in the page: checked before anything runs.
void CheckReport(const Output& output, const char* command) {
  if (output.report != ReportKind::kLive) return;
  if (command != nullptr)
    throw UsageError(std::string("{report} live makes a page that re-runs `brink run`; `brink ") +
                     command + "` writes a static report: {report} or {report} static");
  if (!LiveReportAvailable())
    throw UsageError("{report} live: this brink was built without its WebAssembly engine "
                     "(install Debian's emscripten and build again); {report} static needs no "
                     "more than Vega");
}

const std::vector<Engine> kModelEngines = {Engine::kFast, Engine::kReference, Engine::kExact};

}  // namespace

void Check(const RunCommand& r) {
  CheckModelRun(r, kModelEngines);
  if (r.output.report == ReportKind::kLive) {
    if (r.engine == Engine::kExact) CheckReport(r.output, "run --engine exact");
    for (const auto& [set, flag] : {std::pair{r.given.has_value(), "{given}"},
                                    {r.history.has_value(), "{history}"}, {r.rare, "{rare}"}})
      if (set)
        throw UsageError(std::string("{report} live makes a page that re-runs plain `brink "
                                     "run`, without ") + flag + ": drop it, or write {report} static");
    CheckReport(r.output, nullptr);
  }
  if (r.history) {
    CheckText("history", r.history->path);
    if (r.rare) throw UsageError("{rare} does not go with {history}");
    if (r.precision) throw UsageError("{history} does not go with {precision}");
    if (r.given)
      throw UsageError("{history} does not go with {given}: write what is known into the "
                       "history (happened, not_happened)");
  }
  CheckText("target", r.target);
  CheckPrecision(r.precision, r.max_trials, r.engine);
  if (r.rare && r.engine != Engine::kExact) {  // the exact engine has no use for rare
    if (r.given) throw UsageError("{rare} does not go with {given}");
    if (r.engine != Engine::kFast)
      throw UsageError("{rare} runs its own engine (importance sampling): drop {engine}");
    if (r.draws && *r.draws > 1)
      throw UsageError("{rare} estimates one draw, the uncertain values at their medians: drop "
                       "{draws}, or pin values with {set}");
    if (r.precision && !r.precision->relative)
      throw UsageError("{rare} aims at a relative precision: give {precision} as a percent of "
                       "the estimate, e.g. 10%");
  }
}

void Check(const ExactCommand& r) {
  CheckReport(r.output, "exact");
  if (r.history) CheckText("history", r.history->path);
  CheckRange("max_states", r.max_states, 1, kMaxStates, "2e9");
  if (r.draws)
    CheckRange("draws", static_cast<uint64_t>(std::max(*r.draws, 0)), 1, kMaxDraws,
               std::to_string(kMaxDraws));
  CheckThreads(r.threads);
  if (r.max_memory && *r.max_memory == 0)
    throw UsageError("{max_memory} must be at least one byte");
  if (r.output.out) CheckText("out", r.output.out);
}

void Check(const SweepCommand& r) {
  CheckModelRun(r, kModelEngines);
  CheckText("target", r.target);
  CheckPrecision(r.precision, r.max_trials, r.engine);
  if (r.baseline && r.precision)
    throw UsageError("{baseline} does not go with {precision}: each point runs the baseline's "
                     "trials, a fixed number");
  CheckReport(r.output, "sweep");
  if (r.vary.empty()) throw UsageError("{vary} is required: give NAME=lo:hi:step or NAME=a,b,c");
}

void Check(const SensitivityCommand& r) {
  CheckModelRun(r, kModelEngines);
  CheckReport(r.output, "sensitivity");
  CheckText("target", r.target);
  if (!(r.swing >= 0 && r.swing <= 1))
    throw UsageError("{swing} takes a relative swing in [0, 1] such as 50% or 0.25");
  CheckRange("sobol_samples", static_cast<uint64_t>(std::max(r.sobol_samples, 0)),
             kMinSobolSamples, kMaxSobolSamples, std::to_string(kMaxSobolSamples));
}

void Check(const CompareCommand& r) {
  if (r.history) {
    CheckModelRun(r, kModelEngines);
    CheckText("history", r.history->path);
  } else {
    CheckModelRun(r, {Engine::kFast, Engine::kReference});
  }
  CheckReport(r.output, "compare");
  if (r.b_model) CheckText("b_model", r.b_model->path);
  if (r.a.empty() && r.b.empty() && !r.b_model)
    throw UsageError("compare needs two different arms: give {a} NAME=VALUE and {b} "
                     "NAME=VALUE, or {b_model} FILE");
}

}  // namespace brink
