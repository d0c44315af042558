// Units of time for probabilities written per another unit than the model's step
// (`hazard: 20% per year` in a monthly model; docs/model-language.md).
#ifndef BRINK_MODEL_TIME_UNIT_H_
#define BRINK_MODEL_TIME_UNIT_H_

#include <string>

namespace brink {

// Sets *exponent to the steps of `step_label` in one `unit` (1/12 for a monthly step and a
// year), so that p per unit is 1 - (1 - p)^exponent per step. Units: day, week, month,
// quarter, year (plurals too); they convert within days and weeks, or within months,
// quarters and years. Returns "" when it converts, else what is wrong.
std::string StepsPerUnit(const std::string& step_label, std::string unit, double* exponent);

}  // namespace brink

#endif  // BRINK_MODEL_TIME_UNIT_H_
