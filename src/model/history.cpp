// Reading a history file against its model (brink/history.h).
#include "brink/history.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <unordered_map>

#include "brink/load.h"
#include "model/calendar.h"
#include "model/sha256.h"
#include "model/source_text.h"
#include "model/text_check.h"
#include "model/yaml_tree.h"

namespace brink {
namespace {

std::string Quote(const std::string& s) { return "'" + s + "'"; }

const std::vector<std::string> kKeys = {"as_of", "happened", "not_happened", "episodes"};
const std::vector<std::string> kEpisodeKeys = {"start", "end"};

class HistoryReader {
 public:
  HistoryReader(const Model& model, const std::string& text, const std::string& path)
      : model_(model), text_(text), source_(text), path_(path) {}

  History Read() {
    const TextProblem problem = FindTextProblem(text_, "history");
    if (!problem.message.empty()) {
      Error(PosLoc(static_cast<int>(problem.offset)), problem.message);
      Throw();
    }
    yaml::Node root;
    try {
      const std::vector<yaml::Node> documents = yaml::LoadAll(text_);
      if (documents.size() > 1) {
        Error(Loc(documents[1]), "a history is one YAML document");
        Throw();
      }
      if (!documents.empty()) root = documents[0];
    } catch (const yaml::ParserException& e) {
      Error(e.mark.is_null() ? SourceLoc{1, 1} : PosLoc(e.mark.pos), "YAML syntax error: " + e.msg);
      Throw();
    }
    if (!root.IsMap()) {
      Error(root.IsDefined() && !root.IsNull() ? Loc(root) : SourceLoc{1, 1},
            "a history is a YAML map with 'as_of' and 'happened', 'not_happened' or 'episodes'");
      Throw();
    }
    std::map<std::string, yaml::Node> keys;
    for (auto it = root.begin(); it != root.end(); ++it) {
      const yaml::Node key = it->first;
      const std::string name = key.IsScalar() ? key.Scalar() : "";
      if (std::find(kKeys.begin(), kKeys.end(), name) == kKeys.end()) {
        Error(Loc(key), "unknown key " + Quote(name) + DidYouMean(name, kKeys));
        continue;
      }
      if (keys.count(name)) {
        Error(Loc(key), "duplicate key " + Quote(name));
        continue;
      }
      keys[name] = it->second;
    }
    History history;
    history.path = path_;
    history.source = text_;
    history.sha256 = Sha256Hex(text_);
    if (!keys.count("as_of")) {
      Error({1, 1}, "missing required key 'as_of' (the last step observed)");
      Throw();
    }
    const std::optional<int> as_of = Step(keys["as_of"], "'as_of'");
    if (as_of && *as_of > model_.horizon)
      Error(Loc(keys["as_of"]), "'as_of' is step " + std::to_string(*as_of) +
                                    ", past the model's horizon (" +
                                    std::to_string(model_.horizon) + " " + model_.step_label +
                                    "s)");
    Throw();
    history.as_of = *as_of;
    std::map<int, SourceLoc> listed;  // event → where it was first listed
    auto note = [&](int event, const yaml::Node& node) {
      if (listed.count(event)) {
        Error(Loc(node), "event " + Quote(model_.events[event].id) +
                             " is observed twice (first at line " +
                             std::to_string(listed[event].line) + ")");
        return false;
      }
      listed[event] = Loc(node);
      return true;
    };
    // An event that began before step 1 is recorded by its episodes, from its initial one.
    auto plain = [&](int event, const yaml::Node& node) {
      const InitialState initially = model_.events[event].initially;
      if (initially == InitialState::kNone) return true;
      Error(Loc(node), "event " + Quote(model_.events[event].id) + " is initially " +
                           (initially == InitialState::kActive ? "active" : "ended") +
                           ": record it under 'episodes'" +
                           (initially == InitialState::kActive
                                ? ", its first episode 'start: initial'"
                                : ", with the occurrences that began from step 1"));
      return false;
    };
    if (keys.count("happened")) {
      const yaml::Node& happened = keys["happened"];
      if (!happened.IsMap()) {
        Error(Loc(happened), "'happened' is a map: event: step, [lo, hi] or 'by step'");
      } else {
        for (auto it = happened.begin(); it != happened.end(); ++it) {
          const yaml::Node key = it->first;
          const int event = Event(key);
          if (event < 0 || !note(event, key) || !plain(event, key)) continue;
          Observation o;
          o.event = event;
          o.loc = Loc(key);
          if (Window(it->second, history.as_of, &o.lo, &o.hi))
            history.observations.push_back(o);
        }
      }
    }
    if (keys.count("not_happened")) {
      const yaml::Node& list = keys["not_happened"];
      if (!list.IsSequence()) {
        Error(Loc(list), "'not_happened' is a list of event ids, e.g. [talks, retaliation]");
      } else {
        for (size_t i = 0; i < list.size(); ++i) {
          const int event = Event(list[i]);
          if (event < 0 || !note(event, list[i]) || !plain(event, list[i])) continue;
          Observation o;
          o.event = event;
          o.lo = history.as_of + 1;
          o.hi = Observation::kNever;
          o.loc = Loc(list[i]);
          history.observations.push_back(o);
        }
      }
    }
    if (keys.count("episodes")) {
      const yaml::Node& episodes = keys["episodes"];
      if (!episodes.IsMap()) {
        Error(Loc(episodes), "'episodes' is a map: event: a list of {start: ..., end: ...}");
      } else {
        for (auto it = episodes.begin(); it != episodes.end(); ++it) {
          const int event = Event(it->first);
          if (event < 0 || !note(event, it->first)) continue;
          EpisodeRecord record;
          record.event = event;
          record.loc = Loc(it->first);
          if (Episodes(it->second, history.as_of, &record)) AddRecord(record, &history);
        }
      }
    }
    Throw();
    return history;
  }

 private:
  static std::string DidYouMean(const std::string& word, const std::vector<std::string>& names) {
    const std::string near = NearestName(word, names);
    return near.empty() ? "" : " (did you mean " + Quote(near) + "?)";
  }

  int Event(const yaml::Node& node) {
    const std::string id = node.IsScalar() ? node.Scalar() : "";
    if (index_.empty())  // made once: a history of N events reads in time linear in N
      for (size_t i = 0; i < model_.events.size(); ++i)
        index_.emplace(model_.events[i].id, static_cast<int>(i));
    const auto found = index_.find(id);
    if (found != index_.end()) return found->second;
    // Past the errors shown (kShownDiagnostics) only the count matters: no "did you mean".
    std::string hint;
    if (errors_.size() < kShownDiagnostics) {
      std::vector<std::string> ids;
      for (const brink::Event& event : model_.events) ids.push_back(event.id);
      hint = DidYouMean(id, ids);
    }
    Error(Loc(node), "unknown event " + Quote(id) + hint);
    return -1;
  }

  // A step: a whole number, or with the model's `start:` a date of its unit.
  std::optional<int> Step(const yaml::Node& node, const std::string& what) {
    const std::string text = node.IsScalar() ? node.Scalar() : "";
    return StepOf(node, text, what);
  }

  std::optional<int> StepOf(const yaml::Node& node, const std::string& text,
                            const std::string& what) {
    const std::optional<CalendarUnit> unit = CalendarUnitOf(model_.step_label);
    // In a yearly model with `start:`, four digits are a year (`as_of: 2030`), not step 2030.
    const bool year =
        !model_.start.empty() && unit == CalendarUnit::kYear && text.size() == 4 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    int step = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), step);
    if (!year && !text.empty() && ec == std::errc() && end == text.data() + text.size()) {
      if (step >= 1) return step;
      Error(Loc(node), what + " must be a step from 1, not " + Quote(text));
      return std::nullopt;
    }
    if (model_.start.empty() || !unit) {
      Error(Loc(node), what + " must be a step number" +
                           (model_.start.empty() ? " (dates need the model's 'start:')" : "") +
                           ", not " + Quote(text));
      return std::nullopt;
    }
    const std::optional<long> period = ParsePeriod(*unit, text);
    if (!period) {
      Error(Loc(node), what + " must be a step number or a " + model_.step_label + " (" +
                           PeriodForm(*unit) + "), not " + Quote(text));
      return std::nullopt;
    }
    const long k = *period - model_.start_period + 1;
    if (k < 1) {
      Error(Loc(node), what + " " + text + " is before the model's start (" + model_.start +
                           ")");
      return std::nullopt;
    }
    return static_cast<int>(std::min<long>(k, 1 << 29));
  }

  // An event's `episodes:` list (../shared/spec/episodes.md, "Histories with episodes"):
  // each episode and the order of consecutive ones. False after an error.
  bool Episodes(const yaml::Node& list, int as_of, EpisodeRecord* record) {
    const brink::Event& event = model_.events[record->event];
    const std::string id = Quote(event.id);
    if (!list.IsSequence()) {
      Error(Loc(list), "an event's episodes are a list of {start: ..., end: ...} ([] for none)");
      return false;
    }
    if (list.size() > 0 && event.initially == InitialState::kEnded && !event.recurs) {
      Error(Loc(list), id + " is initially ended and does not recur in the model: it has no "
                            "occurrence from step 1 ([] or leave it out)");
      return false;
    }
    if (list.size() == 0 && event.initially == InitialState::kActive) {
      Error(Loc(list), id + " is initially active: its episodes begin with 'start: initial'");
      return false;
    }
    bool ok = true;
    for (size_t i = 0; i < list.size(); ++i) {
      const yaml::Node& node = list[i];
      Episode episode;
      episode.loc = Loc(node);
      if (!node.IsMap()) {
        Error(Loc(node), "an episode is a map: {start: STEP} or {start: STEP, end: STEP}");
        ok = false;
        continue;
      }
      yaml::Node start, end;
      for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
        if (key == "start") {
          start = it->second;
        } else if (key == "end") {
          end = it->second;
        } else {
          Error(Loc(it->first), "unknown key " + Quote(key) + " in an episode" +
                                    DidYouMean(key, kEpisodeKeys));
          ok = false;
        }
      }
      if (!start.IsDefined()) {
        Error(Loc(node), "an episode needs 'start' (a step, [lo, hi], 'by T' or 'initial')");
        ok = false;
        continue;
      }
      const bool initial = start.IsScalar() && start.Scalar() == "initial";
      if (initial) {
        if (event.initially != InitialState::kActive) {
          Error(Loc(start), "'start: initial' is the occurrence of an event 'initially: active'; " +
                                id + (event.initially == InitialState::kEnded
                                          ? " is initially ended: list the occurrences that "
                                            "began from step 1"
                                          : " is not"));
          ok = false;
          continue;
        }
        if (i != 0) {
          Error(Loc(start), "'start: initial' can only be the first episode");
          ok = false;
          continue;
        }
      } else if (!Window(start, as_of, &episode.start_lo, &episode.start_hi)) {
        ok = false;
        continue;
      } else if (i == 0 && event.initially == InitialState::kActive) {
        Error(Loc(start), id + " is initially active: its first episode is 'start: initial'");
        ok = false;
        continue;
      }
      if (!end.IsDefined()) {
        episode.end = Episode::End::kOngoing;
        if (i + 1 < list.size()) {
          Error(Loc(node), "only the last episode may have no 'end' (still going on at as_of)");
          ok = false;
          continue;
        }
      } else if (!event.Ends()) {
        Error(Loc(end), id + " has no 'ends' in the model: its occurrence cannot end");
        ok = false;
        continue;
      } else if (end.IsScalar() && end.Scalar() == "unknown") {
        episode.end = Episode::End::kUnknown;
      } else if (!Window(end, as_of, &episode.end_lo, &episode.end_hi)) {
        ok = false;
        continue;
      } else {
        episode.end = Episode::End::kWindow;
        if (episode.end_hi <= episode.start_lo) {
          Error(Loc(end), "this end cannot fall after its start (an occurrence ends at the "
                          "earliest in the step after its onset)");
          ok = false;
          continue;
        }
      }
      if (!record->episodes.empty()) {
        const Episode& before = record->episodes.back();
        if (!event.recurs) {
          Error(Loc(node), id + " does not recur in the model: it has at most one episode" +
                               (event.initially == InitialState::kActive
                                    ? ", its initial one"
                                    : ""));
          ok = false;
          continue;
        }
        // The next onset is no earlier than the previous end (an end and a new onset may
        // share a step), and after the previous onset.
        const int earliest = before.end == Episode::End::kWindow ? before.end_lo
                                                                : before.start_lo + 1;
        if (episode.start_hi < earliest) {
          Error(Loc(start), "episodes out of order: this one starts by step " +
                                std::to_string(episode.start_hi) +
                                ", before the one before it can have ended (step " +
                                std::to_string(earliest) + " at the earliest)");
          ok = false;
          continue;
        }
      }
      record->episodes.push_back(episode);
    }
    return ok;
  }

  // The record of an event that neither ends nor begins before step 1 is an observation (it
  // has at most one episode, without an end): happened in its start window, or, with none,
  // not happened. So every engine that reads observations reads it.
  void AddRecord(const EpisodeRecord& record, History* history) const {
    const brink::Event& event = model_.events[record.event];
    if (event.Ends() || event.initially != InitialState::kNone) {
      history->episodes.push_back(record);
      return;
    }
    Observation o;
    o.event = record.event;
    o.loc = record.loc;
    if (record.episodes.empty()) {
      o.lo = history->as_of + 1;
      o.hi = Observation::kNever;
    } else {
      o.lo = record.episodes[0].start_lo;
      o.hi = record.episodes[0].start_hi;
    }
    history->observations.push_back(o);
  }

  // An event's window: `t`, `[lo, hi]` or `by t`, within 1..as_of.
  bool Window(const yaml::Node& node, int as_of, int* lo, int* hi) {
    std::optional<int> a, b;
    if (node.IsSequence()) {
      if (node.size() != 2) {
        Error(Loc(node), "a window is [lo, hi]: two steps");
        return false;
      }
      a = Step(node[0], "the window's first step");
      b = Step(node[1], "the window's last step");
    } else if (node.IsScalar() && node.Scalar().rfind("by ", 0) == 0) {
      a = 1;
      b = StepOf(node, node.Scalar().substr(3), "'by'");
    } else if (node.IsScalar()) {
      a = b = Step(node, "the step");
    } else {
      Error(Loc(node), "an event happened at a step, in a window [lo, hi], or 'by step'");
      return false;
    }
    if (!a || !b) return false;
    if (*a > *b) {
      Error(Loc(node), "the window [" + std::to_string(*a) + ", " + std::to_string(*b) +
                           "] is reversed: write [" + std::to_string(*b) + ", " +
                           std::to_string(*a) + "]");
      return false;
    }
    if (*b > as_of) {
      Error(Loc(node), "step " + std::to_string(*b) + " is outside 1.." + std::to_string(as_of) +
                           " (as_of): nothing is observed after as_of");
      return false;
    }
    *lo = *a;
    *hi = *b;
    return true;
  }

  SourceLoc PosLoc(int pos) const { return source_.PosLoc(pos); }
  SourceLoc Loc(const yaml::Node& node) const { return source_.Loc(node); }

  void Error(SourceLoc loc, const std::string& message) { errors_.push_back({loc, message}); }

  void Throw() {
    if (errors_.empty()) return;
    std::stable_sort(errors_.begin(), errors_.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return a.loc.line != b.loc.line ? a.loc.line < b.loc.line : a.loc.col < b.loc.col;
    });
    throw ModelError(path_, errors_);
  }

  const Model& model_;
  const std::string& text_;
  SourceText source_;
  std::string path_;
  std::vector<Diagnostic> errors_;
  std::unordered_map<std::string, int> index_;  // event id → index
};

}  // namespace

History LoadHistoryFromString(const Model& model, const std::string& text,
                              const std::string& path) {
  CheckTextSize(text, path, "history");
  return HistoryReader(model, text, path).Read();
}

History LoadHistory(const Model& model, const std::string& path) {
  std::string shown;
  const std::string text = ReadModelText(path, &shown, "history");
  return LoadHistoryFromString(model, text, shown);
}

std::string StepText(const Model& model, int step) {
  const std::optional<CalendarUnit> unit = CalendarUnitOf(model.step_label);
  if (model.start.empty() || !unit) return model.step_label + " " + std::to_string(step);
  return FormatPeriod(*unit, model.start_period + step - 1);
}

}  // namespace brink
