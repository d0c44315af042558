// Figures from likelihood-weighted trials (engine/tilted.h with a history): each trial's
// weight w is its forced decisions' probability, so Σ w / n estimates the history's likelihood
// without bias and Σ w·1{figure by t} / Σ w estimates P(figure by t | history).
//
// The tally keeps, in trial order, Σ w and Σ w², and for every figure and step t the sums of w
// and w² over the trials whose first occurrence was at t (cumulated when the figures are
// made). The weights are held relative to the largest seen so far (the sums rescaled when a
// larger one comes), so that weights far below 1 lose nothing to underflow. A version-2 plan's
// trials (TiltedTrial::path) also keep, by figure, the sums of w and w² of the trials active
// at the end of each step, of those with k steps active and (events) k onsets, and the first
// occurrences before step 1 (column 0), for its NowFigure. The same trials
// added in the same order give the same bits.
#ifndef BRINK_ESTIMATE_WEIGHTED_H_
#define BRINK_ESTIMATE_WEIGHTED_H_

#include <cstdint>
#include <vector>

#include "brink/estimate.h"
#include "brink/model.h"
#include "engine/tilted.h"
#include "plan/plan.h"

namespace brink {

// The normal (Wald) 95% band of a weighted estimate: p ± 1.96·se clipped to [0, 1], with p
// as each quantile. Likelihood weighting (WeightedTally) and rare events (run/rare.cpp) both
// give their intervals so.
StepBand WaldBand(double p, double se);

class WeightedTally {
 public:
  explicit WeightedTally(const Plan& plan);

  // One trial (log weight -infinity: counted, adding nothing).
  void Add(const TiltedTrial& trial);

  uint64_t trials() const { return trials_; }
  // Trials whose weight is not 0.
  uint64_t consistent() const { return consistent_; }
  // log(Σ w / n): the log of the likelihood's estimate (-infinity when every weight is 0).
  double LogMeanWeight() const;
  // The standard error of LogMeanWeight by the delta method: sd(w) / (√n · mean w);
  // infinity when every weight is 0.
  double LogMeanWeightError() const;
  // (Σ w)² / Σ w²: the trials' effective number (0 when every weight is 0).
  double EffectiveTrials() const;

  // Each figure Σ w·1 / Σ w by step, its standard error by the delta method
  // (√(Σ w²·(1{by t} − p)²) / Σ w), its 95% interval p ± 1.96·SE clipped to [0, 1], and the
  // weighted mean first step. REQUIRES: consistent() > 0.
  Results Ratio(const Model& model) const;

 private:
  void Rescale(double log_scale);

  int figures_;
  int horizon_;
  int events_;
  std::vector<int> level_of_;
  uint64_t trials_ = 0;
  uint64_t consistent_ = 0;
  double log_scale_ = 0;  // each weight is held as exp(log w − log_scale_)
  double w_ = 0, w2_ = 0;
  std::vector<double> at_, at2_;  // figure × (horizon + 1): Σ w, Σ w² of first occurrence at t
  std::vector<int> first_;        // scratch: each figure's first step in a trial, -1: none
  bool two_way_ = false;
  // A version-2 plan's: figure × (horizon + 1), Σ w and Σ w² of the trials active at the end
  // of step t, with k steps active, with k onsets (events).
  std::vector<double> active_, active2_, steps_, steps2_, onsets_, onsets2_;

  void AddEpisodes(const EpisodePath& path, double w);
  NowFigure Now(int f) const;
};

}  // namespace brink

#endif  // BRINK_ESTIMATE_WEIGHTED_H_
