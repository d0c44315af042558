// Settings that change a model's structure rather than a probability: its horizon and a
// response's delay. The requests' `set` and `vary` name them "horizon" and "delay:EVENT" (a parameter named
// horizon keeps its name; write the model's horizon in the model then).
#ifndef BRINK_STRUCTURE_H_
#define BRINK_STRUCTURE_H_

#include <string>
#include <vector>

#include "brink/model.h"

namespace brink {

struct StructureSetting {
  enum class What { kHorizon, kDelay };
  What what = What::kHorizon;
  int event = -1;      // kDelay: the response
  int lo = 0, hi = 0;  // kHorizon: lo = hi = the horizon; kDelay: the delay's bounds
};

// True for "horizon" (unless the model has a parameter of that name) and "delay:...".
bool IsStructureName(const Model& model, const std::string& name);

// `value` for the setting `name`: "36" for horizon (1 to 10000), "2" or "1:3" for a
// response's delay (0 <= lo <= hi <= 10000). Throws UsageError naming `flag` ("{set}").
StructureSetting ParseStructure(const Model& model, const std::string& name,
                                const std::string& value, const std::string& flag);

// A copy of `model` with the settings applied. The random numbers of every decision stay
// keyed as before (by event and step), so runs at two horizons or two delays share them.
Model WithStructure(const Model& model, const std::vector<StructureSetting>& settings);

// "horizon=36" or "delay:strike=[1, 3]", for run.json and tables.
std::string StructureText(const Model& model, const StructureSetting& setting);

}  // namespace brink

#endif  // BRINK_STRUCTURE_H_
