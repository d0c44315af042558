// The model loader's events (model/loader.h): each event's kind, level, delay, and how its
// occurrences end, recur and start (../shared/spec/episodes.md).
#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <string>

#include "model/loader.h"

namespace brink::model_loader {

void ModelLoader::LoadDelay(const yaml::Node& node, Event* e) {
  Steps(node, 0, "delay", &e->delay_lo, &e->delay_hi);
}

void ModelLoader::Steps(const yaml::Node& node, int min, const std::string& what, int* lo,
    int* hi) {
  const std::string a = "a " + what;
  if (node.IsSequence()) {
    if (node.size() != 2) {
      Error(Loc(node), a + " range is [lo, hi]");
      return;
    }
    bool ok = Integer(node[0], min, kMaxHorizon, a, lo);
    ok = Integer(node[1], min, kMaxHorizon, a, hi) && ok;
    if (ok && *lo > *hi)
      Error(Loc(node), what + " range [" + std::to_string(*lo) + ", " + std::to_string(*hi) +
                           "] is reversed (lo must be <= hi)");
    return;
  }
  if (node.IsScalar()) {  // "1-4" or "1 to 4": a range written as text
    const std::string& text = node.Scalar();
    const size_t dash = text.find_first_of("-–");
    const size_t to = text.find(" to ");
    if ((dash != std::string::npos && dash > 0) || to != std::string::npos) {
      Error(Loc(node), a + " range is written [lo, hi], e.g. [1, 4], not " + Quote(text));
      return;
    }
  }
  if (Integer(node, min, kMaxHorizon, a, lo)) *hi = *lo;
}

void ModelLoader::LoadEnds(const yaml::Node& key, const yaml::Node& node, Event* e) {
  e->ends.loc = Loc(key);
  if (!node.IsMap()) {
    Error(Loc(node), "'ends' is a map with exactly one of 'lasts', 'hazard' or 'p'");
    return;
  }
  std::set<std::string> empty;
  const size_t errors = errors_.size();
  std::map<std::string, yaml::Node> keys = Keys(node, kEndsKeys, "'ends' key", &empty);
  std::vector<std::string> kinds;
  for (const char* k : {"lasts", "hazard", "p"})
    if (keys.count(k) + empty.count(k) > 0) kinds.push_back(k);
  // A misspelt kind ("last") is reported as such, not also as a missing one.
  if (kinds.empty() && errors_.size() > errors) return;
  if (kinds.size() != 1) {
    Error(Loc(key), kinds.empty() ? "'ends' needs exactly one of 'lasts', 'hazard' or 'p'"
                                  : "'ends' has both " + Quote(kinds[0]) + " and " +
                                        Quote(kinds[1]) + "; give exactly one");
    return;
  }
  const std::string& kind = kinds[0];
  // The keys that go with each kind.
  auto refuse = [&](const char* wrong, const std::string& why) {
    if (keys.count(wrong) + empty.count(wrong) > 0) Error(KeyLocIn(node, wrong), why);
  };
  if (kind != "hazard")
    refuse("while", "'while' in 'ends' goes with 'hazard' (the hazard applies while it holds)");
  if (kind != "p") {
    refuse("after", "'after' in 'ends' goes with 'p' (the end is decided when it first holds)");
    refuse("delay", "'delay' in 'ends' goes with 'p' (steps from the decision to the end)");
  }
  if (kind == "lasts") {
    e->ends.kind = Ending::Kind::kLasts;
    if (keys.count("lasts")) Steps(keys["lasts"], 1, "duration", &e->ends.lasts_lo,
                                   &e->ends.lasts_hi);
  } else if (kind == "hazard") {
    e->ends.kind = Ending::Kind::kHazard;
    if (keys.count("while")) e->ends.gate = ConditionOf(keys["while"]);
    if (keys.count("hazard"))
      e->ends.probability = Cases(keys["hazard"], e->id + ".ends.hazard");
  } else {
    e->ends.kind = Ending::Kind::kDecided;
    if (keys.count("after")) e->ends.gate = ConditionOf(keys["after"]);
    if (keys.count("delay")) Steps(keys["delay"], 0, "delay", &e->ends.delay_lo,
                                   &e->ends.delay_hi);
    if (keys.count("p")) e->ends.probability = Cases(keys["p"], e->id + ".ends.p");
  }
}

void ModelLoader::LoadRecurs(const yaml::Node& node, Event* e) {
  const std::string text = node.IsScalar() ? Trim(node.Scalar()) : "";
  if (text == "true" || text == "false") {
    e->recurs = text == "true";
    return;
  }
  Error(Loc(node), "'recurs' is true or false, not " + Quote(text));
}

void ModelLoader::LoadInitially(const yaml::Node& node, Event* e) {
  const std::string text = node.IsScalar() ? Trim(node.Scalar()) : "";
  if (text == "active") {
    e->initially = InitialState::kActive;
  } else if (text == "ended") {
    e->initially = InitialState::kEnded;
  } else {
    Error(Loc(node), "'initially' is 'active' (going on when the model starts) or 'ended' "
                     "(happened before step 1 and over), not " + Quote(text));
  }
}

void ModelLoader::LoadLevel(const yaml::Node& node, Event* e) {
  std::string text = node.IsScalar() ? Trim(node.Scalar()) : "";
  int k = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), k);
  bool numeric = !text.empty() && ec == std::errc() && end == text.data() + text.size();
  if (numeric) {
    if (k == 0) return;
    if (model_.levels.empty())
      Error(Loc(node), "level " + text + " needs a 'levels' ladder");
    else if (k < 0 || k > model_.num_levels())
      Error(Loc(node), "level " + text + " is out of range: the ladder has levels 0 to " +
                           std::to_string(model_.num_levels()));
    else
      e->level = k;
    return;
  }
  auto it = std::find(model_.levels.begin(), model_.levels.end(), text);
  if (it != model_.levels.end()) {
    e->level = static_cast<int>(it - model_.levels.begin());
    return;
  }
  if (model_.levels.empty())
    Error(Loc(node), "level " + Quote(text) + " needs a 'levels' ladder");
  else
    Error(Loc(node), "unknown level " + Quote(text) + DidYouMean(text, model_.levels));
}

void ModelLoader::LoadEvents(const yaml::Node& node) {
  if (!node.IsMap()) {
    Error(Loc(node), "'events' must be a map of id: event");
    return;
  }
  if (node.size() == 0) {
    Error(Loc(node), "'events' must name at least one event");
    return;
  }
  // Limits before building, so a huge model is refused at once.
  if (node.size() > static_cast<size_t>(kMaxEvents)) {
    Error(Loc(node), "a model may have at most " + std::to_string(kMaxEvents) + " events");
    return;
  }
  // First every id, so conditions may name events written later.
  std::vector<std::pair<yaml::Node, yaml::Node>> bodies;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string id = it->first.IsScalar() ? it->first.Scalar() : "";
    if (!CheckIdentifier(it->first, id, "event id")) continue;
    if (EventIndex(id) >= 0) {
      Error(Loc(it->first), "duplicate event id " + Quote(id));
      continue;
    }
    int param = ParameterIndex(id);
    if (param >= 0) {
      Error(Loc(it->first), Quote(id) + " is already a parameter name (events and parameters "
                                        "share one namespace)");
      continue;
    }
    Event e;
    e.id = id;
    e.label = id;
    e.loc = Loc(it->first);
    event_index_[id] = static_cast<int>(model_.events.size());
    model_.events.push_back(e);
    event_ids_.push_back(id);
    bodies.emplace_back(it->first, it->second);
  }
  if (model_.events.size() > static_cast<size_t>(kMaxEvents))
    Error(Loc(node), "a model may have at most " + std::to_string(kMaxEvents) + " events");
  for (size_t i = 0; i < bodies.size(); ++i) LoadEvent(bodies[i].first, bodies[i].second,
                                                      &model_.events[i]);
}

void ModelLoader::LoadEvent(const yaml::Node& key, const yaml::Node& body, Event* e) {
  if (!body.IsMap()) {
    Error(Loc(key), "event " + Quote(e->id) + " must be a map with 'p' or 'hazard'");
    return;
  }
  std::set<std::string> empty;
  std::map<std::string, yaml::Node> keys = Keys(body, kEventKeys, "event key", &empty);
  bool has_p = keys.count("p") + empty.count("p") > 0;
  bool has_hazard = keys.count("hazard") + empty.count("hazard") > 0;
  if (has_p && has_hazard) {
    Error(Loc(key), "event " + Quote(e->id) + " has both 'p' and 'hazard'; give exactly one");
    return;
  }
  if (!has_p && !has_hazard) {
    Error(Loc(key), "event " + Quote(e->id) +
                        " needs 'p' (a response) or 'hazard' (a trigger)");
    return;
  }
  if (keys.count("label")) e->label = String(keys["label"], "label");
  if (keys.count("level")) LoadLevel(keys["level"], e);
  if (has_hazard) {
    e->kind = Event::Kind::kTrigger;
    for (const char* wrong : {"after", "delay"})
      if (keys.count(wrong))
        Error(KeyLocIn(body, wrong), Quote(wrong) + " belongs to responses (events with 'p'); "
                                     "a trigger has 'hazard' and 'while'");
    if (keys.count("while")) e->gate = ConditionOf(keys["while"]);
    if (keys.count("hazard")) e->probability = Cases(keys["hazard"], e->id + ".hazard");
  } else {
    e->kind = Event::Kind::kResponse;
    if (keys.count("while"))
      Error(KeyLocIn(body, "while"),
            "'while' belongs to triggers (events with 'hazard'); a response has 'p' and "
            "'after'");
    if (keys.count("after")) e->gate = ConditionOf(keys["after"]);
    if (keys.count("delay")) LoadDelay(keys["delay"], e);
    if (keys.count("p")) e->probability = Cases(keys["p"], e->id + ".p");
  }
  if (keys.count("ends")) LoadEnds(KeyIn(body, "ends"), keys["ends"], e);
  if (keys.count("recurs")) LoadRecurs(keys["recurs"], e);
  if (keys.count("initially")) LoadInitially(keys["initially"], e);
  if (e->recurs && !e->Ends())
    Error(KeyLocIn(body, "recurs"), "'recurs' needs 'ends': an occurrence that never ends "
                                    "cannot recur");
  if (e->recurs && e->kind == Event::Kind::kResponse && e->gate.IsConstantTrue())
    model_.warnings.push_back(
        {KeyLocIn(body, "recurs"),
         "'recurs' has no effect on " + Quote(e->id) + ": its 'after' is always true, so it "
         "is decided once"});
}

yaml::Node ModelLoader::KeyIn(const yaml::Node& map, const std::string& key) const {
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->first;
  return map;
}

SourceLoc ModelLoader::KeyLocIn(const yaml::Node& map, const std::string& key) const {
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return Loc(it->first);
  return Loc(map);
}

}  // namespace brink::model_loader
