// libFuzzer target: any bytes as a model file. The loader must return a Model or throw a
// ModelError, within the fuzzer's time and memory limits; a model that loads must also plan.
// Anything else (a crash, a sanitizer report, another exception, a hang) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "brink/error.h"
#include "brink/load.h"
#include "plan/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    brink::Model model = brink::LoadModelFromString(text, "fuzz.yaml");
    brink::Plan plan = brink::Compile(model, brink::PointValues(model));
    (void)plan;
  } catch (const brink::ModelError&) {
  }
  return 0;
}
