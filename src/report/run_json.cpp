#include <cstdio>

#include "brink/report.h"

namespace brink {
namespace {

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string RunJson(const Model& model, const RunInfo& info) {
  const double total = static_cast<double>(info.trials) * info.draws;
  double rate = info.wall_seconds > 0 ? total / info.wall_seconds : 0;
  std::string sampled = "[";
  for (size_t i = 0; i < info.sampled.size(); ++i)
    sampled += (i ? ", " : "") + JsonString(info.sampled[i]);
  sampled += "]";
  std::string out = "{\n";
  out += "  \"brink_version\": " + JsonString(info.version) + ",\n";
  out += "  \"model\": " + JsonString(model.path) + ",\n";
  out += "  \"model_sha256\": " + JsonString(model.sha256) + ",\n";
  out += "  \"scenario\": " + JsonString(model.scenario) + ",\n";
  out += "  \"engine\": " + JsonString(info.engine) + ",\n";
  if (!info.kernel.empty()) out += "  \"simd_kernel\": " + JsonString(info.kernel) + ",\n";
  out += "  \"seed\": " + std::to_string(info.seed) + ",\n";
  out += "  \"trials\": " + std::to_string(info.trials) + ",\n";
  out += "  \"draws\": " + std::to_string(info.draws) + ",\n";
  out += "  \"sampling\": " + JsonString(info.sampling) + ",\n";
  out += "  \"sampled_parameters\": " + sampled + ",\n";
  out += "  \"threads\": " + std::to_string(info.threads) + ",\n";
  out += "  \"horizon\": " + std::to_string(model.horizon) + ",\n";
  out += "  \"wall_seconds\": " + FormatNumber(info.wall_seconds) + ",\n";
  out += "  \"trials_per_second\": " + FormatNumber(rate) + ",\n";
  if (info.engine == "exact") out += "  \"states\": " + std::to_string(info.states) + ",\n";
  if (!info.given.empty()) {
    out += "  \"given\": " + JsonString(info.given) + ",\n";
    out += "  \"given_probability\": " + FormatNumber(info.given_probability) + ",\n";
    if (info.engine != "exact")
      out += "  \"given_trials\": " + std::to_string(info.given_trials) + ",\n";
  }
  if (!info.precision_target.empty()) {
    out += "  \"precision_target\": " + JsonString(info.precision_target) + ",\n";
    out += "  \"precision\": " + FormatNumber(info.precision) + ",\n";
    out += std::string("  \"precision_relative\": ") +
           (info.precision_relative ? "true" : "false") + ",\n";
    out += "  \"precision_half_width\": " + FormatNumber(info.precision_half_width) + ",\n";
    out += std::string("  \"precision_reached\": ") +
           (info.precision_reached ? "true" : "false") + ",\n";
  }
  out += "  \"command_line\": " + JsonString(info.command_line) + "\n";
  return out + "}\n";
}

}  // namespace brink
