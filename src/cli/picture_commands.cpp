// `brink report DIR`, `brink graph MODEL` and the --report option (cli/commands.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "brink/error.h"
#include "brink/html_report.h"
#include "brink/model_graph.h"
#include "cli/commands.h"
#include "cli/record.h"

namespace brink {

void AddReportOption(CLI::App* command, CommandOptions* options) {
  command->add_flag("--report", options->report,
                    "Also write report.html: the figures as charts, in one self-contained page "
                    "(brink report)");
}

void AddReportCommand(CLI::App* app, CommandOptions* options) {
  CLI::App* report = app->add_subcommand(
      "report", "Write DIR/report.html: a finished run's figures as charts in one self-contained "
                "page (no re-run; opens offline)");
  report->add_option("DIR", options->model_path,
                     "The output folder of a run, exact, sweep, sensitivity or compare command")
      ->required();
  AddFormatOption(report, options);
  report->add_flag("-q,--quiet", options->quiet, "Print nothing; only write the file");
  report->footer("Example:\n  brink run models/russia_dprk_treaty.yaml --draws 200\n"
                 "  brink report results/russia_dprk_treaty-latest");
}

int Report(const CommandOptions& options) {
  const std::filesystem::path folder = options.model_path;
  if (!std::filesystem::is_directory(folder))
    throw UsageError(options.model_path + " is not a folder (name a run's output folder)");
  WriteReport(folder);
  const std::string path = (folder / "report.html").string();
  if (options.quiet) return 0;
  if (options.format == "json")
    std::cout << nlohmann::ordered_json{{"report", path},
                                        {"bytes", std::filesystem::file_size(path)}}.dump(2)
              << "\n";
  else
    std::cout << "Wrote " << path << " (" << (std::filesystem::file_size(path) + 512) / 1024
              << " KB)\n";
  return 0;
}

void AddGraphCommand(CLI::App* app, CommandOptions* options) {
  CLI::App* graph = app->add_subcommand(
      "graph", "Print the model as a Graphviz graph: events, the conditions between them, and "
               "the escalation levels");
  graph->add_option("MODEL", options->model_path,
                    "The model file (YAML); - reads it from standard input")
      ->required();
  graph->add_option("--format", options->graph_format,
                    "dot (the graph's text), or svg or png drawn by Graphviz's dot")
      ->check(CLI::IsMember({"dot", "svg", "png"}))
      ->capture_default_str();
  graph->add_option("-o,--output", options->graph_output,
                    "Write to this file (replaced whole) instead of standard output");
  graph->footer("Triggers are ellipses, responses boxes, levels clusters; dashed edges come "
                "from a case's `when`, edges ending in a bar from an event under `not`.\n"
                "Example:\n  brink graph models/russia_dprk_treaty.yaml | dot -Tsvg > graph.svg");
}

int Graph(const CommandOptions& options) {
  CommandOptions settings = options;
  const Model model = LoadForCommand(&settings);
  std::string text = ModelDot(model);
  if (options.graph_format == "svg") text = RenderDot(text, GraphFormat::kSvg);
  if (options.graph_format == "png") text = RenderDot(text, GraphFormat::kPng);
  if (options.graph_output.empty()) {
    if (options.graph_format == "png" && ::isatty(1))
      throw UsageError("--format png writes binary data: give -o FILE or redirect the output");
    std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
    std::cout.flush();
    if (!std::cout) throw IoError("cannot write to standard output");
    return 0;
  }
  // A temporary file beside the target, renamed over it.
  std::string temp = options.graph_output + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) throw UsageError("cannot write " + options.graph_output + ": its folder is not writable");
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fchmod(fd, 0644) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), options.graph_output.c_str()) != 0) {
    ::unlink(temp.c_str());
    throw IoError("cannot write " + options.graph_output);
  }
  return 0;
}

}  // namespace brink
