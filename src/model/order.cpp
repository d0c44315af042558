#include "model/order.h"

#include <algorithm>
#include <functional>
#include <queue>

namespace brink {
namespace {

// The events each event's conditions name (its `after`/`while` and every `when`).
std::vector<int> NamedEvents(const Event& e) {
  std::vector<int> named = e.gate.Events();
  for (const Case& c : e.probability)
    for (int x : c.when.Events()) named.push_back(x);
  std::sort(named.begin(), named.end());
  named.erase(std::unique(named.begin(), named.end()), named.end());
  return named;
}

}  // namespace

std::vector<int> EvaluationOrder(const std::vector<Event>& events,
                                 std::vector<Diagnostic>* errors) {
  const int n = static_cast<int>(events.size());
  std::vector<std::vector<int>> successors(n);
  std::vector<std::vector<int>> predecessors(n);
  std::vector<int> indegree(n, 0);
  for (int y = 0; y < n; ++y) {
    for (int x : NamedEvents(events[y])) {
      // An event reading its own state reads it just before its own evaluation: no edge.
      if (x == y || !events[x].IsImmediate()) continue;
      successors[x].push_back(y);
      predecessors[y].push_back(x);
      ++indegree[y];
    }
  }

  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (int i = 0; i < n; ++i)
    if (indegree[i] == 0) ready.push(i);
  std::vector<int> order;
  while (!ready.empty()) {
    int x = ready.top();
    ready.pop();
    order.push_back(x);
    for (int y : successors[x])
      if (--indegree[y] == 0) ready.push(y);
  }
  if (static_cast<int>(order.size()) == n) return order;

  // Every event left over has a predecessor left over; walking back from the first one
  // must revisit an event, and the walk from that event back to itself is a cycle.
  std::vector<int> position(n, -1);
  std::vector<int> walk;
  int x = 0;
  while (indegree[x] == 0) ++x;
  while (position[x] < 0) {
    position[x] = static_cast<int>(walk.size());
    walk.push_back(x);
    for (int p : predecessors[x]) {
      if (indegree[p] > 0) {
        x = p;
        break;
      }
    }
  }
  std::vector<int> cycle(walk.begin() + position[x], walk.end());
  std::reverse(cycle.begin(), cycle.end());  // predecessor first: the order effects flow
  auto first = std::min_element(cycle.begin(), cycle.end());
  std::rotate(cycle.begin(), first, cycle.end());
  std::string path;
  for (int e : cycle) path += events[e].id + " -> ";
  path += events[cycle[0]].id;
  bool has_response = std::any_of(cycle.begin(), cycle.end(), [&](int e) {
    return events[e].kind == Event::Kind::kResponse;
  });
  errors->push_back(
      {events[cycle[0]].loc,
       "cycle of immediate events: " + path +
           (has_response ? "; give one of its responses a delay of at least 1 to break it"
                         : "; these triggers take no delay: change one 'while' to break it")});
  return {};
}

}  // namespace brink
