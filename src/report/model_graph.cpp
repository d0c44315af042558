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

// How an event's occurrences end, as a line of its node: "ends: lasts 3–9", "ends: hazard
// 10%", "ends: p 80%, delay 0–2"; "" when they never end.
std::string EndsText(const Model& model, const Event& e) {
  const Ending& end = e.ends;
  auto range = [](int lo, int hi) {
    return lo == hi ? std::to_string(lo) : std::to_string(lo) + "–" + std::to_string(hi);
  };
  std::string text;
  switch (end.kind) {
    case Ending::Kind::kNever: return "";
    case Ending::Kind::kLasts: text = "lasts " + range(end.lasts_lo, end.lasts_hi); break;
    case Ending::Kind::kHazard:
    case Ending::Kind::kDecided:
      text = end.kind == Ending::Kind::kHazard ? "hazard " : "p ";
      text += end.probability.size() == 1 ? ProbabilityText(model, end.probability[0].param)
                                          : "by cases";
      if (end.kind == Ending::Kind::kDecided && end.delay_hi > 0)
        text += ", delay " + range(end.delay_lo, end.delay_hi);
      break;
  }
  return "ends: " + text;
}

void Node(std::ostringstream& dot, const Model& model, int i, const std::string& indent) {
  const Event& e = model.events[i];
  std::string text = e.label == e.id ? e.id : e.label + "\n(" + e.id + ")";
  const bool trigger = e.kind == Event::Kind::kTrigger;
  if (e.probability.size() == 1)
    text += "\n" + std::string(trigger ? "hazard " : "p ") +
            ProbabilityText(model, e.probability[0].param);
  // Version 2: how it ends, and its state at the start (a double border).
  if (e.Ends()) text += "\n" + EndsText(model, e);
  if (e.initially == InitialState::kActive) text += "\ninitially active";
  if (e.initially == InitialState::kEnded) text += "\ninitially ended";
  dot << indent << Quoted(e.id) << " [label=" << Quoted(text)
      << ", shape=" << (trigger ? "ellipse" : "box") << ", style=\"filled"
      << (trigger ? "" : ",rounded") << "\", fillcolor=" << Quoted(trigger ? kTriggerFill : kResponseFill);
  if (e.initially != InitialState::kNone) dot << ", peripheries=2";
  dot << "];\n";
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
    // Version 2: what the end reads (dashed, "ends while" or "ends after"), and a loop for an
    // event that recurs.
    const std::string ends_label =
        e.ends.kind == Ending::Kind::kHazard ? "ends while" : "ends after";
    for (auto [from, inhibitor] : ConditionEvents(e.ends.gate))
      Edge(dot, model, from, to, inhibitor, true, ends_label);
    for (size_t c = 0; c < e.ends.probability.size(); ++c)
      for (auto [from, inhibitor] : ConditionEvents(e.ends.probability[c].when))
        Edge(dot, model, from, to, inhibitor, true, "ends, case " + std::to_string(c + 1));
    if (e.recurs) Edge(dot, model, to, to, false, false, "recurs");
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
