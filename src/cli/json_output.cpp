#include "cli/json_output.h"

#include <cmath>
#include <iostream>

namespace brink {
namespace {

const char* Kind(Figure::Kind kind) { return kind == Figure::Kind::kEvent ? "event" : "level"; }

// JSON has no infinity or NaN: such a ratio is written as null.
Json Number(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

}  // namespace

Json JsonDocument(const std::string& run_json) {
  Json document;
  document["record"] = Json::parse(run_json);
  return document;
}

Json FiguresJson(const Results& results) {
  Json figures = Json::array();
  for (const Figure& f : results.figures)
    figures.push_back({{"kind", Kind(f.kind)},
                       {"id", f.id},
                       {"label", f.label},
                       {"probability", f.probability},
                       {"std_error", f.std_error},
                       {"ci95_low", f.ci_low},
                       {"ci95_high", f.ci_high},
                       {"mean_first_step", f.occurred ? Json(f.mean_first_step) : Json(nullptr)},
                       {"p05", f.p05},
                       {"p50", f.p50},
                       {"p95", f.p95}});
  return figures;
}

Json PairedFiguresJson(const std::vector<PairedFigure>& figures) {
  Json out = Json::array();
  for (const PairedFigure& f : figures)
    out.push_back({{"kind", Kind(f.kind)},
                   {"id", f.id},
                   {"label", f.label},
                   {"p_a", f.p_a},
                   {"p_b", f.p_b},
                   {"difference", f.difference},
                   {"paired_low", f.paired_low},
                   {"paired_high", f.paired_high},
                   {"independent_low", f.independent_low},
                   {"independent_high", f.independent_high}});
  return out;
}

Json TornadoJson(const std::vector<TornadoBar>& bars) {
  Json out = Json::array();
  for (const TornadoBar& b : bars)
    out.push_back({{"parameter", b.parameter},
                   {"low", b.low},
                   {"high", b.high},
                   {"target_at_low", b.target_at_low},
                   {"target_at_high", b.target_at_high},
                   {"swing", b.swing},
                   {"base", b.base},
                   {"target_at_base", b.target_at_base}});
  return out;
}

Json ImportanceJson(const std::vector<EventImportance>& rows) {
  Json out = Json::array();
  for (const EventImportance& r : rows)
    out.push_back({{"event", r.event},
                   {"p_target", r.p_target},
                   {"p_if_certain", r.p_if_certain},
                   {"p_if_impossible", r.p_if_impossible},
                   {"birnbaum", r.birnbaum},
                   {"raw", Number(r.raw)},
                   {"rrw", Number(r.rrw)}});
  return out;
}

Json RankCorrelationsJson(const std::vector<RankCorrelation>& rows) {
  Json out = Json::array();
  for (const RankCorrelation& r : rows)
    out.push_back({{"parameter", r.parameter}, {"spearman_rho", r.rho}});
  return out;
}

void PrintJson(const Json& document) {
  std::cout << document.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace brink
