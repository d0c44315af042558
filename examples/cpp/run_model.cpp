// brink from C++: the typed command API (brink/command.h). Runs a model as `brink run` does,
// into an output folder, prints each figure and writes the summary CSV on standard output.
//
// Built against an installed brink (find_package(brink); see CMakeLists.txt here):
//   cmake -S examples/cpp -B build-example -DCMAKE_PREFIX_PATH=/usr/local
//   cmake --build build-example && build-example/run_model examples/one-way/russia_dprk_treaty.yaml out
// The numbers and files are those of `brink run MODEL --draws 1 --trials 100000 --threads 2
// --out out` (seed 20240619), byte for byte.
#include <cstdio>
#include <iostream>

#include "brink/command.h"
#include "brink/error.h"
#include "brink/report.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: run_model MODEL.yaml OUT_FOLDER\n";
    return 2;
  }
  try {
    brink::RunCommand request;
    request.model.path = argv[1];
    request.trials = 100000;
    request.draws = 1;  // uncertain values at their medians
    request.threads = 2;
    request.output.out = argv[2];
    const brink::RunCommandOutcome outcome = brink::Execute(request);
    std::cerr << outcome.model.scenario << "\n";
    for (const brink::Figure& f : outcome.run.results.figures)
      std::fprintf(stderr, "  %-5s %-32s %7.3f%%  (95%%: %.3f%% - %.3f%%)\n",
                   f.kind == brink::Figure::Kind::kLevel ? "level" : "event", f.id.c_str(),
                   100 * f.probability, 100 * f.ci_low, 100 * f.ci_high);
    std::cout << brink::SummaryCsv(outcome.run.results);
  } catch (const brink::ModelError& e) {
    std::cerr << e.Format();
    return 2;
  } catch (const brink::UsageError& e) {
    // The request's fields as this program's users know them: here, as the C++ fields.
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const brink::IoError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
