// libFuzzer target: the strings a user passes on the command line about a model — --given
// conditions, --vary specs and --set values — parsed against the default model. The first
// byte picks the parser. Each must succeed or throw UsageError; nothing else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "brink/error.h"
#include "brink/given.h"
#include "brink/load.h"
#include "brink/sweep.h"

namespace {

const brink::Model& DefaultModel() {
  static const brink::Model model = brink::LoadModel(BRINK_SOURCE_DIR "/examples/one-way/russia_dprk_treaty.yaml");
  return model;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 3) {
      case 0: {
        brink::Condition c = brink::ParseGiven(DefaultModel(), text);
        (void)brink::Satisfiable(c);
        break;
      }
      case 1:
        (void)brink::ParseVary(DefaultModel(), text);
        break;
      default: {
        double value = 0;
        (void)brink::ParsePointProbability(text, &value);
        break;
      }
    }
  } catch (const brink::UsageError&) {
  } catch (const brink::ModelError&) {
  }
  return 0;
}
