#include "plan/plan.h"

namespace brink {

std::vector<double> PointValues(const Model& model) {
  std::vector<double> values;
  for (const Parameter& p : model.parameters) values.push_back(p.dist.Median());
  return values;
}

void SetParameter(const Model& model, const std::string& name, double value,
                  std::vector<double>* values) {
  int index = model.FindParameter(name);
  if (index < 0) {
    std::string near = NearestName(name, model.ParameterNames());
    throw UsageError("unknown parameter '" + name + "'" +
                     (near.empty() ? "" : " (did you mean '" + near + "'?)"));
  }
  (*values)[index] = value;
}

Plan Compile(const Model& model, const std::vector<double>& values) {
  Plan plan;
  plan.horizon = model.horizon;
  plan.num_events = static_cast<int>(model.events.size());
  plan.num_levels = model.num_levels();
  for (const Event& e : model.events) plan.level_of.push_back(e.level);
  for (int index : model.order) {
    const Event& e = model.events[index];
    PlanEvent pe;
    pe.event = index;
    pe.trigger = e.kind == Event::Kind::kTrigger;
    pe.gate = static_cast<int>(plan.conditions.size());
    plan.conditions.push_back(e.gate);
    pe.first_case = static_cast<int>(plan.cases.size());
    pe.num_cases = static_cast<int>(e.probability.size());
    for (const Case& c : e.probability) {
      double p = values[c.param];
      plan.cases.push_back({static_cast<int>(plan.conditions.size()), p,
                            Threshold::FromProbability(p)});
      plan.conditions.push_back(c.when);
    }
    pe.delay_lo = e.delay_lo;
    pe.delay_hi = e.delay_hi;
    pe.first_cutoff = static_cast<int>(plan.cutoffs.size());
    for (uint64_t c : DelayCutoffs(e.delay_hi - e.delay_lo + 1)) plan.cutoffs.push_back(c);
    pe.level = e.level;
    plan.order.push_back(pe);
  }
  if (!model.IsTwoWay()) return plan;
  plan.two_way = true;
  auto cutoffs = [&plan](int lo, int hi) {
    const int at = static_cast<int>(plan.cutoffs.size());
    for (uint64_t c : DelayCutoffs(hi - lo + 1)) plan.cutoffs.push_back(c);
    return at;
  };
  for (const Event& e : model.events) {
    PlanEnding end;
    end.kind = e.ends.kind;
    end.lasts_lo = e.ends.lasts_lo;
    end.lasts_hi = e.ends.lasts_hi;
    end.lasts_cutoff = cutoffs(end.lasts_lo, end.lasts_hi);
    end.gate = static_cast<int>(plan.conditions.size());
    plan.conditions.push_back(e.ends.gate);
    end.first_case = static_cast<int>(plan.cases.size());
    end.num_cases = static_cast<int>(e.ends.probability.size());
    for (const Case& c : e.ends.probability) {
      const double p = values[c.param];
      plan.cases.push_back({static_cast<int>(plan.conditions.size()), p,
                            Threshold::FromProbability(p)});
      plan.conditions.push_back(c.when);
    }
    end.delay_lo = e.ends.delay_lo;
    end.delay_hi = e.ends.delay_hi;
    end.delay_cutoff = cutoffs(end.delay_lo, end.delay_hi);
    plan.endings.push_back(end);
    plan.recurs.push_back(e.recurs);
    plan.initially.push_back(e.initially);
  }
  plan.quantities = CompileQuantities(model, values);
  return plan;
}

std::vector<PlanQuantity> CompileQuantities(const Model& model, const std::vector<double>& values) {
  std::vector<PlanQuantity> out;
  for (const Quantity& q : model.quantities) {
    PlanQuantity pq;
    for (const QuantityTerm& t : q.per_step) pq.terms.push_back({t.event, true, values[t.param]});
    for (const QuantityTerm& t : q.per_occurrence)
      pq.terms.push_back({t.event, false, values[t.param]});
    // (horizon + 1)^terms, stopping once past the limit.
    size_t joint = 1;
    for (size_t i = 0; i < pq.terms.size() && joint <= kQuantityCells; ++i)
      joint *= static_cast<size_t>(model.horizon) + 1;
    pq.exact = joint <= kQuantityCells;
    pq.cells = pq.exact ? joint : kQuantityCells;
    for (const PlanTerm& t : pq.terms) pq.max_total += t.amount * model.horizon;
    pq.bin_width = pq.exact || pq.max_total == 0 ? 0 : pq.max_total / static_cast<double>(pq.cells);
    out.push_back(std::move(pq));
  }
  return out;
}

void ForceEvent(Plan* plan, int event, double p) {
  for (PlanEvent& pe : plan->order) {
    if (pe.event != event) continue;
    pe.first_case = static_cast<int>(plan->cases.size());
    pe.num_cases = 1;
    plan->cases.push_back({static_cast<int>(plan->conditions.size()), p,
                           Threshold::FromProbability(p)});
    plan->conditions.push_back(Condition());
  }
}

}  // namespace brink
