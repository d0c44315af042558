// libFuzzer target: any bytes as a history file, read against the default model and the
// history example's model. The reader must return a History or throw a ModelError; a history
// that loads must also give its exact likelihood (within a small state bound, so that a weak
// history on the default model stays quick) and run a few likelihood-weighted trials. Anything else (a crash, a sanitizer report, another exception,
// a hang) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "brink/error.h"
#include "brink/history.h"
#include "brink/load.h"
#include "engine/exact.h"
#include "engine/tilted.h"
#include "plan/plan.h"

namespace {

const brink::Model& Default() {
  static const brink::Model model =
      brink::LoadModel(BRINK_SOURCE_DIR "/examples/one-way/russia_dprk_treaty.yaml");
  return model;
}

const brink::Model& Border() {
  static const brink::Model model =
      brink::LoadModel(BRINK_SOURCE_DIR "/examples/history/border.yaml");
  return model;
}

void Try(const brink::Model& model, const std::string& text) {
  try {
    const brink::History history = brink::LoadHistoryFromString(model, text, "fuzz.yaml");
    const brink::Plan plan = brink::Compile(model, brink::PointValues(model));
    brink::ExactOptions options;
    options.history = &history;
    options.likelihood_only = true;
    options.max_states = 1000;
    try {
      (void)brink::SolveExact(plan, options);
    } catch (const brink::StateLimitError&) {
    }
    brink::TiltedTrials trials(plan, {}, 1, 0, &history);
    for (uint64_t i = 0; i < 16; ++i) (void)trials.Run(i);
  } catch (const brink::ModelError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Try(Default(), text);
  Try(Border(), text);
  return 0;
}
