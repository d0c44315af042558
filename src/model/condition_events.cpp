// The events a condition names, with their polarity (brink/condition.h).
#include <utility>
#include <vector>

#include "brink/condition.h"

namespace brink {

std::vector<std::pair<int, bool>> ConditionEvents(const Condition& condition) {
  struct Node {
    Condition::Op op;
    int event;
    std::vector<int> children;
  };
  std::vector<Node> nodes;
  std::vector<int> stack;
  for (const Condition::Instr& in : condition.program()) {
    Node node{in.op, in.event, {}};
    const int arity = in.op == Condition::Op::kNot                                  ? 1
                      : (in.op == Condition::Op::kAnd || in.op == Condition::Op::kOr) ? 2
                                                                                      : 0;
    node.children.assign(stack.end() - arity, stack.end());
    stack.resize(stack.size() - arity);
    nodes.push_back(node);
    stack.push_back(static_cast<int>(nodes.size()) - 1);
  }
  std::vector<int> order = condition.Events();
  std::vector<int> positive(order.size(), 0), negative(order.size(), 0);
  std::vector<std::pair<int, bool>> walk{{stack.back(), false}};
  while (!walk.empty()) {
    auto [n, negated] = walk.back();
    walk.pop_back();
    const Node& node = nodes[n];
    if (node.op == Condition::Op::kEvent || node.op == Condition::Op::kEver) {
      for (size_t i = 0; i < order.size(); ++i)
        if (order[i] == node.event) ++(negated ? negative[i] : positive[i]);
    }
    for (int child : node.children)
      walk.push_back({child, negated != (node.op == Condition::Op::kNot)});
  }
  std::vector<std::pair<int, bool>> out;
  for (size_t i = 0; i < order.size(); ++i) out.push_back({order[i], positive[i] == 0});
  return out;
}

}  // namespace brink
