// The model as Graphviz DOT (brink/model_graph.h).
#include "brink/model_graph.h"

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "brink/report.h"

namespace brink {
namespace {

// Okabe–Ito colours, distinguishable with every common colour-vision deficiency.
constexpr const char* kTriggerFill = "#F5D7A3";   // orange, light
constexpr const char* kResponseFill = "#BFDDF2";  // sky blue, light
constexpr const char* kInhibitor = "#D55E00";     // vermilion

std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string ProbabilityText(const Model& model, int param) {
  const Parameter& p = model.parameters[param];
  if (p.named) return p.name;
  if (p.dist.kind == Distribution::Kind::kPoint) return FormatNumber(100 * p.dist.a) + "%";
  return p.dist.Text();
}

std::string DelayText(const Event& e) {
  if (e.kind != Event::Kind::kResponse || e.delay_hi == 0) return "";
  if (e.delay_lo == e.delay_hi) return "delay " + std::to_string(e.delay_lo);
  return "delay " + std::to_string(e.delay_lo) + "–" + std::to_string(e.delay_hi);
}

void Edge(std::ostringstream& dot, const Model& model, int from, int to, bool inhibitor,
          bool dashed, const std::string& label) {
  dot << "  " << Quoted(model.events[from].id) << " -> " << Quoted(model.events[to].id) << " [";
  dot << "label=" << Quoted(label);
  if (dashed) dot << ", style=dashed";
  if (inhibitor) dot << ", arrowhead=tee, color=" << Quoted(kInhibitor)
                     << ", fontcolor=" << Quoted(kInhibitor);
  dot << "];\n";
}

void Node(std::ostringstream& dot, const Model& model, int i, const std::string& indent) {
  const Event& e = model.events[i];
  std::string text = e.label == e.id ? e.id : e.label + "\n(" + e.id + ")";
  const bool trigger = e.kind == Event::Kind::kTrigger;
  if (e.probability.size() == 1)
    text += "\n" + std::string(trigger ? "hazard " : "p ") +
            ProbabilityText(model, e.probability[0].param);
  dot << indent << Quoted(e.id) << " [label=" << Quoted(text)
      << ", shape=" << (trigger ? "ellipse" : "box") << ", style=\"filled"
      << (trigger ? "" : ",rounded") << "\", fillcolor=" << Quoted(trigger ? kTriggerFill : kResponseFill)
      << "];\n";
}

}  // namespace

// For each event a condition names: true when every mention stands under an odd number of
// `not`s (the event restrains rather than enables). The postfix program is rebuilt as a tree.
std::string ModelDot(const Model& model) {
  std::ostringstream dot;
  dot << "digraph brink {\n"
      << "  graph [rankdir=TB, fontname=\"Helvetica\", labelloc=t, label="
      << Quoted(model.scenario) << "];\n"
      << "  node [fontname=\"Helvetica\", fontsize=11];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  // Nodes: level 0 outside any cluster, then a cluster per level.
  for (size_t i = 0; i < model.events.size(); ++i)
    if (model.events[i].level == 0) Node(dot, model, static_cast<int>(i), "  ");
  for (int level = 1; level <= model.num_levels(); ++level) {
    dot << "  subgraph cluster_level_" << level << " {\n"
        << "    label=" << Quoted("level " + std::to_string(level) + ": " + model.levels[level])
        << "; style=rounded; color=\"#888888\";\n";
    for (size_t i = 0; i < model.events.size(); ++i)
      if (model.events[i].level == level) Node(dot, model, static_cast<int>(i), "    ");
    dot << "  }\n";
  }
  // Edges: each gate, then each case's condition.
  for (size_t i = 0; i < model.events.size(); ++i) {
    const Event& e = model.events[i];
    const int to = static_cast<int>(i);
    std::string gate_label = e.kind == Event::Kind::kTrigger ? "while" : "";
    if (e.kind == Event::Kind::kResponse && e.probability.size() == 1)
      gate_label = "p " + ProbabilityText(model, e.probability[0].param);
    const std::string delay = DelayText(e);
    if (!delay.empty()) gate_label += gate_label.empty() ? delay : ", " + delay;
    for (auto [from, inhibitor] : ConditionEvents(e.gate))
      Edge(dot, model, from, to, inhibitor, false, gate_label);
    for (size_t c = 0; c < e.probability.size(); ++c) {
      const std::string label = "case " + std::to_string(c + 1) + ": " +
                                ProbabilityText(model, e.probability[c].param);
      for (auto [from, inhibitor] : ConditionEvents(e.probability[c].when))
        Edge(dot, model, from, to, inhibitor, true, label);
    }
  }
  dot << "}\n";
  return dot.str();
}

int ConditionReferences(const Model& model) {
  int count = 0;
  for (const Event& e : model.events) {
    count += static_cast<int>(e.gate.Events().size());
    for (const Case& c : e.probability) count += static_cast<int>(c.when.Events().size());
  }
  return count;
}

}  // namespace brink
