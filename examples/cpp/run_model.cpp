// brink from C++: load a model, run it, print each figure and the summary CSV.
//
// Built against an installed brink (find_package(brink); see CMakeLists.txt here):
//   cmake -S examples/cpp -B build-example -DCMAKE_PREFIX_PATH=/usr/local
//   cmake --build build-example && build-example/run_model models/russia_dprk_treaty.yaml
// The numbers are those of `brink run MODEL --draws 1 --trials 100000` (seed 20240619), byte
// for byte in the CSV.
#include <cstdio>
#include <iostream>

#include "brink/error.h"
#include "brink/load.h"
#include "brink/report.h"
#include "brink/run.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: run_model MODEL.yaml\n";
    return 2;
  }
  try {
    const brink::Model model = brink::LoadModel(argv[1]);
    brink::RunRequest request;
    request.seed = 20240619;
    request.trials = 100000;
    request.draws = 1;  // uncertain values at their medians
    request.threads = 2;
    const brink::RunOutcome outcome =
        brink::RunModel(model, brink::SettleParameters(model, {}), request);
    std::cerr << model.scenario << "\n";
    for (const brink::Figure& f : outcome.results.figures)
      std::fprintf(stderr, "  %-5s %-32s %7.3f%%  (95%%: %.3f%% - %.3f%%)\n",
                   f.kind == brink::Figure::Kind::kLevel ? "level" : "event", f.id.c_str(),
                   100 * f.probability, 100 * f.ci_low, 100 * f.ci_high);
    std::cout << brink::SummaryCsv(outcome.results);
  } catch (const brink::ModelError& e) {
    std::cerr << e.Format();
    return 2;
  } catch (const brink::UsageError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
