// The live report's additions (live_page.h): the controls, the page's data and the engine,
// and the controller script (live_script.h).
#include "report/live_page.h"

#include <openssl/evp.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "brink/error.h"
#include "brink/limits.h"
#include "brink/model_json.h"
#include "brink/names.h"
#include "report/live_script.h"

namespace brink {
namespace {

using Json = nlohmann::ordered_json;

// The trials a control offers, and the draws (a page runs on one core).
constexpr uint64_t kLiveMinTrials = 1000;
constexpr uint64_t kLiveMaxTrials = 1000000;
constexpr int kLiveMaxDraws = 10000;

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// A value per step, as the engine holds it, of `x` as written (distribution.h).
double PerStep(const Distribution& dist, double x) {
  return dist.per_step == 1 ? x : 1 - std::pow(1 - x, dist.per_step);
}

// The slider of a named parameter: the support of its range or distribution (a `LO to HI`
// range: LO to HI as written; a point value: 0 to 1), per step, in steps of a power of ten
// at most a two-hundredth of the span (so a slider's values are short decimals).
struct Slider {
  double min = 0, max = 1, step = 0.001;
};

Slider SliderOf(const Distribution& dist) {
  Slider slider;
  switch (dist.kind) {
    case Distribution::Kind::kPoint:
    case Distribution::Kind::kBeta:
      break;
    case Distribution::Kind::kUniform:
    case Distribution::Kind::kLogitNormal:
    case Distribution::Kind::kLogNormal:  // not reached: the live report refuses quantities
      slider.min = PerStep(dist, dist.a);
      slider.max = PerStep(dist, dist.b);
      break;
    case Distribution::Kind::kTriangular:
    case Distribution::Kind::kPert:
      slider.min = PerStep(dist, dist.a);
      slider.max = PerStep(dist, dist.c);
      break;
  }
  const double span = slider.max - slider.min;
  slider.step = span > 0 ? std::pow(10.0, std::floor(std::log10(span / 200))) : 0.001;
  // The ends on the grid of steps (outward), so every value the slider offers is k steps.
  slider.min = std::max(0.0, std::floor(slider.min / slider.step + 1e-9) * slider.step);
  slider.max = std::min(1.0, std::ceil(slider.max / slider.step - 1e-9) * slider.step);
  return slider;
}

std::string Attribute(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.12g", value);
  return text;
}

// "30%" for 0.3: the value as the model writes it.
std::string Percent(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g%%", 100 * value);
  return text;
}

const char* kLiveStyle = R"CSS(
.live { border: 2px solid var(--accent); border-radius: 6px; padding: 0.4rem 0.9rem 0.7rem; margin: 1rem 0; }
.live h2 { margin-top: 0.3rem; }
.live fieldset { border: 0; padding: 0; margin: 0.4rem 0; }
.live legend { font-weight: 600; }
.live .params { display: grid; grid-template-columns: minmax(9rem, max-content) minmax(8rem, 1fr) 5rem; gap: 0.1rem 0.7rem; align-items: center; }
.live .params label { overflow-wrap: anywhere; } .live .params p { grid-column: 1 / -1; margin: 0; }
.live .params output { font-variant-numeric: tabular-nums; text-align: right; }
.live .params .moved { font-weight: 600; color: var(--accent); }
.live .run label { margin-right: 1rem; white-space: nowrap; }
.live input[type=number] { width: 7.5rem; } .live input[type=text] { width: 12rem; }
.live .status { margin: 0.4rem 0; } .live [data-status^="error"] { color: #b00; }
.live button { margin-right: 0.5rem; }
.live pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.live .downloads a { margin-right: 0.8rem; }
@media print { .live { display: none; } }
)CSS";

}  // namespace

LiveParts BuildLiveParts(const ReportFiles& files, const Json& run) {
  const std::string command = run.value("command", "");
  const std::string engine = run.value("engine", "");
  const auto command_kind = ParseName<CommandKind>(command);
  const auto engine_kind = ParseName<Engine>(engine);
  const bool is_run = command_kind == CommandKind::kRun;
  if (!is_run || (engine_kind != Engine::kFast && engine_kind != Engine::kReference))
    throw UsageError("a live report re-runs `brink run` (fast or reference engine); this folder "
                     "is of `brink " + command + "`" + (is_run ? " --engine " + engine : "") +
                     ": write a static report (--report, or --report static)");
  for (const auto& [key, flag] : {std::pair{"given", "--given"}, {"history", "--history"},
                                  {"pilot_rounds", "--rare"}})
    if (run.contains(key))
      throw UsageError(std::string("a live report re-runs plain `brink run`, and this run had ") +
                       flag + ": write a static report (--report, or --report static)");
  auto model_yaml = files.find("model.yaml");
  if (model_yaml == files.end()) throw UsageError("no model.yaml: a live report needs the model");
  const Model model = ModelOfRun(model_yaml->second, run);
  if (!model.quantities.empty())
    throw UsageError("the model has quantities, which the live report does not total yet: a "
                     "static report (--report) shows them (docs/quantities.md)");

  Json data;
  data["model"] = ModelToJson(model);
  data["model_yaml"] = model_yaml->second;
  std::string path = run.value("model", "");
  if (path.empty() || path == "-") path = "model.yaml";
  data["model_path"] = path;
  data["structure"] = run.value("structure", Json::array());
  data["trials"] = run.value("trials", uint64_t{100000});
  data["seed"] = run.contains("seed") ? run["seed"].dump() : std::to_string(kDefaultSeed);
  bool uncertain = false;
  for (const Parameter& p : model.parameters) uncertain = uncertain || p.dist.IsUncertain();
  data["ranges"] = uncertain;
  data["draws"] = run.value("draws", 1);
  const std::string sampling = run.value("sampling", "");
  data["sampling"] = ParseName<Sampling>(sampling) ? sampling : "lhs";

  // The controls' bounds, widened to take the run's own settings.
  const uint64_t trials = data["trials"].get<uint64_t>();
  const uint64_t min_trials = std::min(kLiveMinTrials, trials), max_trials = std::max(kLiveMaxTrials, trials);
  const int max_draws = std::max(kLiveMaxDraws, data["draws"].get<int>());
  std::ostringstream controls;
  controls << "<section id=\"brink-live\" class=\"live\" hidden>\n<h2>Try it: the model runs in "
              "this page</h2>\n<p class=\"note\">Move a slider and the model runs again here, "
              "in brink's own engine (compiled to WebAssembly, in a Web Worker), and every chart "
              "and table below is redrawn. A moved slider pins its parameter, as "
              "<code>--set</code> does; the same settings give the command line's files, byte "
              "for byte.</p>\n";
  controls << "<fieldset class=\"params\"><legend>Parameters</legend>\n";
  Json parameters = Json::array();
  Json pins = Json::array();
  const Json recorded = run.value("parameters", Json::object());
  for (const Parameter& p : model.parameters) {
    if (!p.named) continue;
    const Slider slider = SliderOf(p.dist);
    double value = p.dist.Median();
    bool pinned = false;
    if (recorded.contains(p.name)) {
      value = recorded[p.name].value("value", value);
      pinned = recorded[p.name].value("from", "") == "set";
    }
    if (pinned) pins.push_back(Json::array({p.name, value}));
    const double shown = std::min(std::max(value, slider.min), slider.max);
    const std::string how = pinned ? "set" : p.dist.IsUncertain() ? "median of " + p.dist.Text()
                                                                   : "as written";
    controls << "<label for=\"live-" << Escape(p.name) << "\">" << Escape(p.name)
             << "</label><input type=\"range\" id=\"live-" << Escape(p.name) << "\" data-param=\""
             << Escape(p.name) << "\" min=\"" << Attribute(slider.min) << "\" max=\""
             << Attribute(slider.max) << "\" step=\"" << Attribute(slider.step) << "\" value=\""
             << Attribute(shown) << "\" title=\"" << Escape(how) << "\"><output data-show=\""
             << Escape(p.name) << "\"" << (pinned ? " class=\"moved\"" : "") << ">"
             << Percent(value) << "</output>\n";
    parameters.push_back({{"name", p.name}, {"value", value}, {"pinned", pinned}});
  }
  if (parameters.empty())
    controls << "<p class=\"note\">This model names no parameters (its values are written in "
                "its events), so there is no slider: a value named under "
                "<code>parameters:</code> gets one.</p>\n";
  data["parameters"] = parameters;
  data["pins"] = pins;
  controls << "</fieldset>\n<fieldset class=\"run\"><legend>Run</legend>\n"
           << "<label>trials <input type=\"number\" data-control=\"trials\" min=\"" << min_trials
           << "\" max=\"" << max_trials << "\" step=\"1\" value=\""
           << data["trials"].get<uint64_t>() << "\"></label>\n"
           << "<label>seed <input type=\"text\" data-control=\"seed\" inputmode=\"numeric\" "
              "spellcheck=\"false\" value=\"" << Escape(data["seed"].get<std::string>())
           << "\"></label>\n";
  if (uncertain)
    controls << "<label>draws <input type=\"number\" data-control=\"draws\" min=\"1\" max=\""
             << max_draws << "\" step=\"1\" value=\"" << data["draws"].get<int>()
             << "\"></label>\n";
  controls << "</fieldset>\n<p class=\"status\">Status: <span data-status>done</span> "
              "<span data-timing class=\"note\"></span></p>\n<p><button type=\"button\" "
              "data-action=\"reset\">Reset to the run's own settings</button><button "
              "type=\"button\" data-action=\"copy\">Copy command</button><button type=\"button\" "
              "data-action=\"download\">Download the files</button></p>\n<pre data-command>"
              "</pre>\n<p class=\"downloads\" data-downloads hidden></p>\n</section>\n";

  Json page_files = Json::object();
  for (const char* name : {"summary.csv", "timeline.csv", "draws.csv", "distribution.csv",
                           "occurrences.csv", "model.yaml", "run.json"}) {
    auto it = files.find(name);
    if (it != files.end()) page_files[name] = it->second;
  }
  data["files"] = page_files;
  data["limits"] = {{"trials", {min_trials, max_trials}}, {"draws", {1, max_draws}}};

  const LiveEngine engine_files = LiveEngineFiles();
  std::ostringstream scripts;
  scripts << "<script id=\"brink-live-data\" type=\"application/json\">"
          << ScriptSafe(data.dump()) << "</script>\n";
  const std::pair<const char*, std::string_view> parts[] = {
      {"simd-wasm", engine_files.simd_wasm}, {"simd-js", engine_files.simd_js},
      {"scalar-wasm", engine_files.scalar_wasm}, {"scalar-js", engine_files.scalar_js}};
  for (const auto& [id, bytes] : parts)
    scripts << "<script id=\"brink-engine-" << id << "\" type=\"application/octet-stream\">"
            << Base64(bytes) << "</script>\n";
  scripts << "<script>" << LiveScript() << "</script>\n";
  return {kLiveStyle, controls.str(), scripts.str()};
}

}  // namespace brink
