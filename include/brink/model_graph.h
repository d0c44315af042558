// The model as a picture: Graphviz DOT text of its events and conditions, and the call to
// Graphviz's `dot` that turns it into SVG or PNG.
//
// The graph: a node per event (triggers as ellipses, responses as boxes, labelled with the
// event's label, id and probability), grouped into one cluster per escalation level. Every
// condition draws an edge from each event it names to the event it belongs to, once per
// condition: a solid edge for the `after`/`while` gate (labelled with the probability when the
// event has a single one, and the delay when set), a dashed edge for each case's `when`
// (labelled with the case number and its probability). An event named only under `not` is an
// inhibitor: its edge ends in a bar (arrowhead=tee) and is drawn in vermilion.
#ifndef BRINK_MODEL_GRAPH_H_
#define BRINK_MODEL_GRAPH_H_

#include <string>
#include <utility>
#include <vector>

#include "brink/model.h"
#include "brink/names.h"  // GraphFormat

namespace brink {

// The graph as DOT text (deterministic: file order throughout).
std::string ModelDot(const Model& model);

// Edges ModelDot draws: over every condition (each gate and each case's `when`), the number
// of distinct events it names.
int ConditionReferences(const Model& model);

// True when Graphviz's `dot` can be run (found on PATH).
bool GraphvizAvailable();

// Runs `dot -T<format>` on `dot_text` and returns what it printed. Throws UsageError when
// Graphviz is not installed (naming the Debian package), IoError when dot fails.
std::string RenderDot(const std::string& dot_text, GraphFormat format);

}  // namespace brink

#endif  // BRINK_MODEL_GRAPH_H_
