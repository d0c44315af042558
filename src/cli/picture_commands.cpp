// `brink report DIR`, `brink graph MODEL` and the --report option (cli/commands.h).
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "brink/error.h"
#include "brink/command.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "report/json_output.h"

namespace brink {

void AddReportOption(CLI::App* command, Flags* flags) {
  command->add_option("--report", flags->report,
                      "Also write report.html: the figures as charts, in one self-contained page "
                      "(brink report); --report live (brink run): the model too, runnable in the "
                      "page with a slider for each parameter")
      ->expected(0, 1);
}

std::optional<ReportKind> ReportOf(const CLI::App& command, const Flags& flags) {
  if (!Given(command, "--report")) return std::nullopt;
  if (flags.report.empty()) return ReportKind::kStatic;
  const std::optional<ReportKind> kind = ParseName<ReportKind>(flags.report);
  if (!kind)
    throw UsageError("--report takes static or live (or nothing: static), not '" +
                     flags.report + "'");
  return kind;
}

void AddReportCommand(CLI::App* app, Flags* flags) {
  CLI::App* report = app->add_subcommand(
      "report", "Write DIR/report.html: a finished run's figures as charts in one self-contained "
                "page (no re-run; opens offline)");
  report->add_option("DIR", flags->model_path,
                     "The output folder of a run, exact, sweep, sensitivity or compare command")
      ->required();
  AddFormatOption(report, flags);
  report->add_flag("--live", flags->live,
                   "Also embed the model and brink's engine (WebAssembly): a slider for each "
                   "named parameter, trials, seed and draws re-run the model in the page, with "
                   "the command line's bytes (a `brink run` folder; docs/reports.md)");
  report->add_flag("-q,--quiet", flags->quiet, "Print nothing; only write the file");
  report->footer("Example:\n  brink run models/russia_dprk_treaty.yaml --draws 200\n"
                 "  brink report results/russia_dprk_treaty-latest --live");
}

int Report(const CLI::App&, const Flags& flags) {
  ReportCommand request;
  request.folder = flags.model_path;
  if (flags.live) request.kind = ReportKind::kLive;
  const ReportOutcome outcome = Execute(request);
  if (flags.quiet) return 0;
  switch (flags.format) {
    case OutputFormat::kJson:
      std::cout << ReportDocument(outcome.path, outcome.bytes).dump(2) << "\n";
      return 0;
    case OutputFormat::kTable:
      std::cout << "Wrote " << outcome.path << " (" << (outcome.bytes + 512) / 1024 << " KB)\n";
      return 0;
  }
  return 0;
}

void AddGraphCommand(CLI::App* app, Flags* flags) {
  CLI::App* graph = app->add_subcommand(
      "graph", "Print the model as a Graphviz graph: events, the conditions between them, and "
               "the escalation levels");
  graph->add_option("MODEL", flags->model_path,
                    "The model file (YAML); - reads it from standard input")
      ->required();
  AddChoiceOption(graph, "--format", &flags->graph_format,
                  {GraphFormat::kDot, GraphFormat::kSvg, GraphFormat::kPng},
                  "dot (the graph's text), or svg or png drawn by Graphviz's dot");
  graph->add_option("-o,--output", flags->graph_output,
                    "Write to this file (replaced whole) instead of standard output");
  graph->footer("Triggers are ellipses, responses boxes, levels clusters; dashed edges come "
                "from a case's `when`, edges ending in a bar from an event under `not`.\n"
                "Example:\n  brink graph models/russia_dprk_treaty.yaml | dot -Tsvg > graph.svg");
}

int Graph(const CLI::App& command, const Flags& flags) {
  GraphCommand request;
  request.model.path = flags.model_path;
  request.format = flags.graph_format;
  if (Given(command, "--output")) {
    if (flags.graph_output.empty())
      throw UsageError("--output is empty: name a file, or leave -o out for standard output");
    request.output = flags.graph_output;
  }
  if (!request.output && request.format == GraphFormat::kPng && ::isatty(1))
    throw UsageError("--format png writes binary data: give -o FILE or redirect the output");
  const GraphOutcome outcome = Execute(request);
  if (request.output) return 0;
  std::cout.write(outcome.text.data(), static_cast<std::streamsize>(outcome.text.size()));
  std::cout.flush();
  if (!std::cout) throw IoError("cannot write to standard output");
  return 0;
}

void AddShowCommand(CLI::App* app, Flags* flags) {
  CLI::App* show = app->add_subcommand(
      "show", "Print a finished run's table again from its output folder (no re-run)");
  show->add_option("DIR", flags->model_path,
                   "The output folder of a run, exact, sweep, sensitivity or compare command")
      ->required();
  show->footer("Example:\n  brink show results/russia_dprk_treaty-latest");
}

int Show(const CLI::App&, const Flags& flags) {
  ShowCommand request;
  request.folder = flags.model_path;
  std::cout << Execute(request).table;
  return 0;
}

}  // namespace brink
