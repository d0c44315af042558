// run.json, the run record, written and read back here alone (brink/report.h RunJson,
// ReadRunJson), with nlohmann/json: strings are escaped by the library, and text that is not
// UTF-8 (a command-line argument, say) becomes U+FFFD instead of invalid JSON.
#include <nlohmann/json.hpp>

#include "brink/error.h"
#include "brink/report.h"
#include "report/folder_check.h"

namespace brink {

std::string RunJson(const Model& model, const RunInfo& info) {
  const double total = static_cast<double>(info.trials) * info.draws;
  const double rate = info.wall_seconds > 0 ? total / info.wall_seconds : 0;
  nlohmann::ordered_json json;
  json["brink_version"] = info.version;
  json["command"] = NameOf(info.command);
  json["model"] = model.path;
  json["model_sha256"] = model.sha256;
  json["scenario"] = model.scenario;
  // Version 2 of the language (../shared/spec/episodes.md) is said; a version-1 record is as
  // it always was.
  if (model.IsTwoWay()) json["model_language"] = 2;
  json["engine"] = NameOf(info.engine);
  if (!info.kernel.empty()) json["simd_kernel"] = info.kernel;
  if (!info.started.empty()) json["started"] = info.started;
  json["seed"] = info.seed;
  json["trials"] = info.trials;
  json["draws"] = info.draws;
  json["sampling"] = info.sampling;
  json["sampled_parameters"] = info.sampled;
  json["threads"] = info.threads;
  json["ranks"] = info.ranks;
  json["horizon"] = model.horizon;
  json["step_label"] = model.step_label;
  nlohmann::ordered_json parameters = nlohmann::ordered_json::object();
  for (const ParameterRecord& p : info.parameters) {
    static constexpr const char* kHow[] = {"point", "median", "set"};
    parameters[p.name] = {{"value", p.value}, {"from", kHow[static_cast<int>(p.how)]}};
  }
  json["parameters"] = parameters;
  if (!info.structure.empty()) json["structure"] = info.structure;
  if (!info.axes.empty()) {
    nlohmann::ordered_json axes = nlohmann::ordered_json::array();
    for (const AxisRecord& axis : info.axes)
      axes.push_back({{"parameter", axis.name}, {"values", axis.values}});
    json["axes"] = axes;
    json["points"] = info.points;
    if (info.baseline_point >= 0) json["baseline_point"] = info.baseline_point;
  }
  if (info.command == CommandKind::kCompare) {
    auto pins = [](const std::vector<std::pair<std::string, double>>& list) {
      nlohmann::ordered_json object = nlohmann::ordered_json::object();
      for (const auto& [name, value] : list) object[name] = value;
      return object;
    };
    json["a"] = {{"set", pins(info.pins_a)}};
    json["b"] = {{"set", pins(info.pins_b)}};
    if (!info.model_b.empty()) {
      json["b"]["model"] = info.model_b;
      json["b"]["model_sha256"] = info.model_b_sha256;
    }
    if (info.compare_history) {
      auto evidence = [](const ArmEvidence& e) {
        return nlohmann::ordered_json{{"log_evidence", e.log_evidence},
                                      {"log_evidence_se", e.log_evidence_se},
                                      {"effective_draws", e.effective_draws},
                                      {"method", e.method}};
      };
      json["a"]["evidence"] = evidence(info.evidence_a);
      json["b"]["evidence"] = evidence(info.evidence_b);
      json["bayes_factor"] = {{"b_over_a", info.bayes_factor},
                              {"ci95_low", info.bayes_low},
                              {"ci95_high", info.bayes_high}};
    }
  }
  if (!info.target.empty()) json["target"] = info.target;
  if (info.swing >= 0) json["swing"] = info.swing;
  json["wall_seconds"] = info.wall_seconds;
  json["trials_per_second"] = rate;
  if (info.engine == Method::kExact) json["states"] = info.states;
  if (!info.given.empty()) {
    json["given"] = info.given;
    json["given_probability"] = info.given_probability;
    if (info.engine != Method::kExact) json["given_trials"] = info.given_trials;
  }
  if (!info.history.empty() && info.compare_history) {
    json["history"] = {{"path", info.history},
                       {"sha256", info.history_sha256},
                       {"as_of", info.history_as_of}};
  } else if (!info.history.empty()) {
    json["history"] = {{"path", info.history},
                       {"sha256", info.history_sha256},
                       {"as_of", info.history_as_of}};
    json["log_evidence"] = info.log_evidence;
    json["log_evidence_se"] = info.log_evidence_se;
    json["effective_draws"] = info.effective_draws;
    json["method"] = info.history_method;
    if (info.history_stages > 0)
      json["sampler"] = {{"stages", info.history_stages},
                         {"likelihood_evaluations", info.history_evaluations},
                         {"acceptance_rate", info.history_acceptance}};
    if (info.history_trials > 0)
      json["likelihood_trials"] = info.history_trials;
    if (info.history_trials > 0 && info.draws > 1)
      json["log_likelihood_se"] = info.history_log_likelihood_se;
    json["before_the_history"] = {{"draws", info.before_draws}, {"trials", info.before_trials}};
    json["seconds"] = {{"before", info.before_seconds},
                       {"posterior", info.posterior_seconds},
                       {"given", info.given_seconds}};
  }
  if (!info.precision_target.empty()) {
    json["precision_target"] = info.precision_target;
    json["precision"] = info.precision;
    json["precision_relative"] = info.precision_relative;
    json["precision_half_width"] = info.precision_half_width;
    json["precision_reached"] = info.precision_reached;
  }
  if (info.rare) {
    json["method"] = "importance sampling, cross-entropy tilts";
    json["pilot_rounds"] = info.rare_rounds;
    json["pilot_trials"] = info.rare_pilot_trials;
    json["trials_used"] = info.rare_pilot_trials + info.trials;
    json["effective_sample_size"] = info.rare_effective_sample_size;
    json["plain_monte_carlo_trials"] = info.rare_plain_trials;
    json["speedup"] = info.rare_speedup;
  }
  json["command_line"] = info.command_line;
  json["files"] = info.files;
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

RunInfo ReadRunJson(const std::string& path, const std::string& text, const std::string& who) {
  auto bad = [&](const std::string& why) {
    return UsageError(who + path + " is not as brink wrote it: " + why);
  };
  CheckRunRecord(path, text);  // the located errors: a field of the wrong type, a bad byte
  RunInfo info;
  try {
    const nlohmann::ordered_json json = nlohmann::ordered_json::parse(text);
    const std::string command = json.at("command").get<std::string>();
    const std::string engine = json.at("engine").get<std::string>();
    const std::optional<CommandKind> command_kind = ParseName<CommandKind>(command);
    if (!command_kind) throw bad("unknown command '" + command + "'");
    const std::optional<Method> engine_kind = ParseName<Method>(engine);
    if (!engine_kind) throw bad("unknown engine '" + engine + "'");
    info.command = *command_kind;
    info.engine = *engine_kind;
    info.kernel = json.value("simd_kernel", "");
    info.seed = json.at("seed").get<uint64_t>();
    info.trials = json.at("trials").get<uint64_t>();
    info.draws = json.at("draws").get<int>();
    info.sampling = json.value("sampling", "");
    for (const auto& text : json.value("structure", nlohmann::ordered_json::array()))
      info.structure.push_back(text.get<std::string>());
    for (const auto& name : json.value("sampled_parameters", nlohmann::ordered_json::array()))
      info.sampled.push_back(name.get<std::string>());
    info.threads = json.at("threads").get<int>();
    info.wall_seconds = json.at("wall_seconds").get<double>();
    info.states = json.value("states", uint64_t{0});
    info.given = json.value("given", "");
    info.given_probability = json.value("given_probability", 1.0);
    info.given_trials = json.value("given_trials", uint64_t{0});
    info.target = json.value("target", "");
    info.points = json.value("points", uint64_t{0});
    info.baseline_point = json.value("baseline_point", -1L);
    for (const auto& axis : json.value("axes", nlohmann::ordered_json::array()))
      info.axes.push_back({axis.at("parameter").get<std::string>(), {}});
    if (json.contains("history")) {
      const auto& history = json.at("history");
      info.history = history.at("path").get<std::string>();
      info.history_sha256 = history.value("sha256", "");
      info.history_as_of = history.at("as_of").get<int>();
      info.log_evidence = json.value("log_evidence", 0.0);
      info.log_evidence_se = json.value("log_evidence_se", 0.0);
      info.effective_draws = json.value("effective_draws", 1.0);
      info.history_method = json.value("method", "");
      info.history_trials = json.value("likelihood_trials", uint64_t{0});
      const auto before = json.value("before_the_history", nlohmann::ordered_json::object());
      info.before_draws = before.value("draws", 1);
      info.before_trials = before.value("trials", uint64_t{0});
    }
    info.ranks = json.value("ranks", 1);  // every command's: the processes of an MPI run
    if (info.command == CommandKind::kCompare && json.contains("bayes_factor")) {
      auto evidence = [](const nlohmann::ordered_json& e) {
        return ArmEvidence{e.at("log_evidence").get<double>(), e.at("log_evidence_se").get<double>(),
                           e.at("effective_draws").get<double>(), e.at("method").get<std::string>()};
      };
      info.compare_history = true;
      info.evidence_a = evidence(json.at("a").at("evidence"));
      info.evidence_b = evidence(json.at("b").at("evidence"));
      info.bayes_factor = json.at("bayes_factor").at("b_over_a").get<double>();
      info.bayes_low = json.at("bayes_factor").at("ci95_low").get<double>();
      info.bayes_high = json.at("bayes_factor").at("ci95_high").get<double>();
    }
    if (info.command == CommandKind::kCompare) {
      for (const auto& [name, value] : json.at("a").at("set").items())
        info.pins_a.emplace_back(name, value.get<double>());
      for (const auto& [name, value] : json.at("b").at("set").items())
        info.pins_b.emplace_back(name, value.get<double>());
      info.model_b = json.at("b").value("model", "");
    }
  } catch (const nlohmann::json::exception& e) {
    throw bad(e.what());
  }
  return info;
}

}  // namespace brink
