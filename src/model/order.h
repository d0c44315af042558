// Evaluation order of a model's events (docs/model-language.md, "Semantics of one trial").
#ifndef BRINK_MODEL_ORDER_H_
#define BRINK_MODEL_ORDER_H_

#include <vector>

#include "brink/error.h"
#include "brink/model.h"

namespace brink {

// A topological order of the graph with an edge X → Y whenever one of Y's conditions names X
// and X is immediate; ties go to the event written first. When the graph has a cycle, appends
// one diagnostic naming it (at the first event of the cycle in file order) and returns {}.
std::vector<int> EvaluationOrder(const std::vector<Event>& events,
                                 std::vector<Diagnostic>* errors);

}  // namespace brink

#endif  // BRINK_MODEL_ORDER_H_
