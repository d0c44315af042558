#include "report/json_output.h"

#include <cmath>

#include "brink/report.h"

namespace brink {
namespace {

const char* Kind(Figure::Kind kind) { return NameOf(kind).data(); }

}  // namespace

// JSON has no infinity or NaN: such a ratio is written as null.
Json Number(double x) { return std::isfinite(x) ? Json(RoundForOutput(x)) : Json(nullptr); }

Json JsonDocument(const std::string& run_json) {
  Json document;
  document["record"] = Json::parse(run_json);
  return document;
}

Json FiguresJson(const Results& results) {
  Json figures = Json::array();
  for (const Figure& f : results.figures) {
    figures.push_back({{"kind", Kind(f.kind)},
                       {"id", f.id},
                       {"label", f.label},
                       {"probability", Number(f.probability)},
                       {"std_error", Number(f.std_error)},
                       {"ci95_low", Number(f.ci_low)},
                       {"ci95_high", Number(f.ci_high)},
                       {"mean_first_step", f.occurred ? Number(f.mean_first_step) : Json(nullptr)},
                       {"p05", Number(f.p05)},
                       {"p50", Number(f.p50)},
                       {"p95", Number(f.p95)}});
    if (!results.two_way) continue;
    // A version-2 model: summary.csv's columns, and the distribution of occurrences.
    Json& back = figures.back();
    back["active_probability"] = Number(f.now.probability);
    back["active_std_error"] = Number(f.now.std_error);
    back["mean_steps_active"] = Number(f.now.mean_steps_active);
    if (f.kind != Figure::Kind::kEvent) continue;
    back["mean_occurrences"] = Number(f.now.mean_occurrences);
    Json occurrences = Json::array();
    for (double p : f.now.occurrences) occurrences.push_back(Number(p));
    back["occurrences"] = occurrences;
  }
  return figures;
}

Json PairedFiguresJson(const std::vector<PairedFigure>& figures) {
  Json out = Json::array();
  for (const PairedFigure& f : figures) {
    out.push_back({{"kind", Kind(f.kind)},
                   {"id", f.id},
                   {"label", f.label},
                   {"p_a", Number(f.p_a)},
                   {"p_b", Number(f.p_b)},
                   {"difference", Number(f.difference)},
                   {"paired_low", Number(f.paired_low)},
                   {"paired_high", Number(f.paired_high)},
                   {"independent_low", Number(f.independent_low)},
                   {"independent_high", Number(f.independent_high)}});
    if (!f.two_way) continue;
    // Two version-2 arms: P(active at the horizon), and an event's mean occurrences.
    Json& back = out.back();
    back["active"] = {{"p_a", Number(f.now.p_a)},
                      {"p_b", Number(f.now.p_b)},
                      {"difference", Number(f.now.difference)},
                      {"paired_low", Number(f.now.paired_low)},
                      {"paired_high", Number(f.now.paired_high)},
                      {"independent_low", Number(f.now.independent_low)},
                      {"independent_high", Number(f.now.independent_high)}};
    if (f.kind == Figure::Kind::kEvent)
      back["occurrences"] = {{"mean_a", Number(f.occurrences.mean_a)},
                             {"mean_b", Number(f.occurrences.mean_b)},
                             {"difference", Number(f.occurrences.difference)},
                             {"paired_low", Number(f.occurrences.paired_low)},
                             {"paired_high", Number(f.occurrences.paired_high)}};
  }
  return out;
}

Json TornadoJson(const std::vector<TornadoBar>& bars) {
  Json out = Json::array();
  for (const TornadoBar& b : bars)
    out.push_back({{"parameter", b.parameter},
                   {"low", Number(b.low)},
                   {"high", Number(b.high)},
                   {"target_at_low", Number(b.target_at_low)},
                   {"target_at_high", Number(b.target_at_high)},
                   {"swing", Number(b.swing)},
                   {"base", Number(b.base)},
                   {"target_at_base", Number(b.target_at_base)}});
  return out;
}

Json ImportanceJson(const std::vector<EventImportance>& rows) {
  Json out = Json::array();
  for (const EventImportance& r : rows)
    out.push_back({{"event", r.event},
                   {"p_target", Number(r.p_target)},
                   {"p_if_certain", Number(r.p_if_certain)},
                   {"p_if_impossible", Number(r.p_if_impossible)},
                   {"birnbaum", Number(r.birnbaum)},
                   {"raw", Number(r.raw)},
                   {"rrw", Number(r.rrw)}});
  return out;
}

Json RankCorrelationsJson(const std::vector<RankCorrelation>& rows) {
  Json out = Json::array();
  for (const RankCorrelation& r : rows)
    out.push_back({{"parameter", r.parameter}, {"spearman_rho", Number(r.rho)}});
  return out;
}

std::string JsonText(const Json& document) {
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Json RunDocument(const Model& model, const RunInfo& info, const Results& results,
                 const std::string& note, const std::string& out,
                 const HistoryOutcome* history) {
  Json document = JsonDocument(RunJson(model, info));
  document["figures"] = FiguresJson(results);
  if (history != nullptr) {
    document["before"] = FiguresJson(history->before);
    Json posterior = Json::array();
    for (const PosteriorParameter& p : history->parameters)
      posterior.push_back({{"parameter", p.name},
                           {"prior_mean", Number(p.prior_mean)},
                           {"prior_sd", Number(p.prior_sd)},
                           {"posterior_mean", Number(p.posterior_mean)},
                           {"posterior_sd", Number(p.posterior_sd)},
                           {"posterior_p05", Number(p.p05)},
                           {"posterior_p50", Number(p.p50)},
                           {"posterior_p95", Number(p.p95)},
                           {"mc_se", Number(p.mc_se)}});
    document["posterior"] = std::move(posterior);
    Json correlations = Json::array();
    for (const PosteriorCorrelation& c : history->correlations)
      correlations.push_back({{"parameter_a", c.a}, {"parameter_b", c.b},
                              {"prior", Number(c.prior)}, {"posterior", Number(c.posterior)}});
    document["correlations"] = std::move(correlations);
    Json scores = Json::array();
    for (const Score& s : history->scores)
      scores.push_back({{"kind", NameOf(s.kind)}, {"id", s.id}, {"label", s.label},
                        {"as_of", history->as_of}, {"forecast", Number(s.forecast)},
                        {"outcome", s.outcome}, {"brier", Number(s.brier)},
                        {"log_score", Number(s.log_score)}});
    document["scores"] = std::move(scores);
  }
  if (!results.given.text.empty())
    document["given"] = {{"condition", results.given.text},
                         {"probability", Number(results.given.probability)},
                         {"std_error", Number(results.given.std_error)},
                         {"ci95_low", Number(results.given.ci_low)},
                         {"ci95_high", Number(results.given.ci_high)}};
  if (!note.empty()) document["note"] = note.substr(0, note.size() - 1);
  document["out"] = out;
  return document;
}

Json SweepDocument(const Model& model, const RunInfo& info, const std::vector<std::string>& axes,
                   const std::vector<SweepPoint>& points, bool baseline,
                   const std::string& out) {
  Json document = JsonDocument(RunJson(model, info));
  Json list = Json::array();
  for (size_t i = 0; i < points.size(); ++i) {
    Json values = Json::object();
    for (size_t a = 0; a < axes.size(); ++a) values[axes[a]] = points[i].values[a];
    Json entry = {{"point", i}, {"values", values},
                  {"figures", FiguresJson(points[i].outcome.results)}};
    if (baseline) entry["versus_baseline"] = PairedFiguresJson(points[i].outcome.versus_baseline);
    list.push_back(std::move(entry));
  }
  document["points"] = std::move(list);
  document["out"] = out;
  return document;
}

Json SensitivityDocument(const Model& model, const RunInfo& info,
                         const std::vector<TornadoBar>& bars,
                         const std::vector<EventImportance>& importance,
                         const std::vector<RankCorrelation>& ranks,
                         const std::vector<SobolIndex>* sobol, const std::string& out) {
  Json document = JsonDocument(RunJson(model, info));
  if (sobol != nullptr) {
    Json indices = Json::array();
    for (const SobolIndex& i : *sobol)
      indices.push_back({{"parameter", i.parameter}, {"s1", i.s1}, {"s1_low", i.s1_low},
                         {"s1_high", i.s1_high}, {"st", i.st}, {"st_low", i.st_low},
                         {"st_high", i.st_high}});
    document["sobol"] = indices;
  }
  document["tornado"] = TornadoJson(bars);
  document["importance"] = ImportanceJson(importance);
  document["rank_correlations"] = RankCorrelationsJson(ranks);
  document["out"] = out;
  return document;
}

Json CompareDocument(const Model& model, const RunInfo& info,
                     const std::vector<PairedFigure>& figures, const std::string& out) {
  Json document = JsonDocument(RunJson(model, info));
  document["figures"] = PairedFiguresJson(figures);
  document["out"] = out;
  return document;
}

Json ReportDocument(const std::string& path, uint64_t bytes) {
  return Json{{"report", path}, {"bytes", bytes}};
}

}  // namespace brink
