// What a run learns from a history (brink/history.h, docs/history.md): the posterior over the
// model's uncertain parameters, the figures before the history, and how well those forecast
// what happened. The history study (brink/history_run.h RunGivenHistory) fills a HistoryOutcome.
#ifndef BRINK_POSTERIOR_H_
#define BRINK_POSTERIOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "brink/estimate.h"
#include "brink/names.h"

namespace brink {

// One uncertain parameter, before and after the history (posterior.csv). Values are per step,
// as the engines use them (draws.csv's).
struct PosteriorParameter {
  std::string name;
  double prior_mean = 0, prior_sd = 0;
  double posterior_mean = 0, posterior_sd = 0;
  double p05 = 0, p50 = 0, p95 = 0;  // posterior quantiles
  double mc_se = 0;                  // Monte Carlo standard error of posterior_mean
};

// The rank (Spearman) correlation of two uncertain parameters: the model's (0 when it declares
// none) and over the posterior draws (correlations.csv).
struct PosteriorCorrelation {
  std::string a, b;
  double prior = 0;
  double posterior = 0;
};

// A forecast made before the history, scored against what the history says happened by
// as_of (scores.csv): an observed event, or a level the history settles (reached, when an
// event at that level or above is observed to have happened; not reached, when every event
// at that level or above is observed not to have).
struct Score {
  FigureKind kind = FigureKind::kEvent;
  std::string id, label;
  double forecast = 0;  // P(by as_of), averaged over the prior (the figures before the history)
  int outcome = 0;      // 1: it had happened by as_of
  double brier = 0;     // (forecast − outcome)²
  double log_score = 0; // ln forecast, or ln(1 − forecast); -infinity for a certain miss
};

struct HistoryOutcome {
  int as_of = 0;
  // ln P(history), the evidence averaged over the prior; with every parameter pinned, the
  // log-likelihood itself. Its standard error: 0 when computed exactly (exact likelihood,
  // pinned), else from the Monte Carlo (trials, or the sequential Monte Carlo's stages).
  double log_evidence = 0;
  double log_evidence_se = 0;
  // Posterior draws that count: min over the parameters of posterior variance / mc_se²
  // (1 when pinned).
  double effective_draws = 1;
  std::string method;  // how the likelihood and the posterior were computed, in words
  // Sequential Monte Carlo: its tempering stages, the inverse temperatures reached, the
  // likelihood evaluations, the Metropolis–Hastings acceptance rate, the moves per stage.
  int stages = 0;
  std::vector<double> temperatures;
  uint64_t evaluations = 0;
  double acceptance = 0;
  // Monte Carlo likelihood: trials per estimate and the standard deviation of a posterior
  // draw's log-likelihood estimate (its median over the draws).
  uint64_t trials = 0;
  double log_likelihood_sd = 0;
  std::vector<PosteriorParameter> parameters;  // the sampled ones, in model order
  std::vector<PosteriorCorrelation> correlations;  // every pair of sampled parameters
  std::vector<double> log_likelihood;          // per posterior draw
  Results before;                              // the figures without the history
  int before_draws = 1;
  std::vector<Score> scores;
  // Where the time went: the figures before the history, the posterior, the figures given it.
  double before_seconds = 0, posterior_seconds = 0, given_seconds = 0;
  // Plain words for the analyst (few effective draws, a noisy likelihood...), with {field}
  // marks (brink/error.h).
  std::vector<std::string> warnings;
};

}  // namespace brink

#endif  // BRINK_POSTERIOR_H_
