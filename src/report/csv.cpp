#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

#include "brink/report.h"

namespace brink {

std::string FormatNumber(double x) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, ec == std::errc() ? end : buffer);
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

const char* KindName(Figure::Kind kind) {
  return kind == Figure::Kind::kEvent ? "event" : "level";
}

}  // namespace

std::string SummaryCsv(const Results& results) {
  std::string out =
      "kind,id,label,probability,std_error,ci95_low,ci95_high,mean_first_step\n";
  for (const Figure& f : results.figures) {
    out += std::string(KindName(f.kind)) + "," + CsvField(f.id) + "," + CsvField(f.label) + "," +
           FormatNumber(f.probability) + "," + FormatNumber(f.std_error) + "," +
           FormatNumber(f.ci_low) + "," + FormatNumber(f.ci_high) + "," +
           (f.occurred ? FormatNumber(f.mean_first_step) : "") + "\n";
  }
  const GivenFigure& g = results.given;
  if (!g.text.empty())
    out += "given,given," + CsvField(g.text) + "," + FormatNumber(g.probability) + "," +
           FormatNumber(g.std_error) + "," + FormatNumber(g.ci_low) + "," +
           FormatNumber(g.ci_high) + ",\n";
  return out;
}

std::string TimelineCsv(const Results& results) {
  std::string out = "step,kind,id,probability\n";
  if (results.figures.empty()) return out;
  const size_t horizon = results.figures[0].by_step.size();
  for (size_t t = 0; t < horizon; ++t)
    for (const Figure& f : results.figures)
      out += std::to_string(t + 1) + "," + KindName(f.kind) + "," + CsvField(f.id) + "," +
             FormatNumber(f.by_step[t]) + "\n";
  return out;
}

void WriteFileAtomically(const std::string& path, const std::string& content) {
  std::filesystem::path target(path);
  std::filesystem::path temp = target;
  temp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw std::runtime_error("cannot write " + temp.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw std::runtime_error("cannot write " + path);
  }
}

}  // namespace brink
