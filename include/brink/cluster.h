// The processes of one run under MPI (`mpirun -np N brink ...`), as the engines see them: a
// rank, a size, and the two collective steps a distributed run needs. brink_core knows only
// this interface; the brink binary implements it with MPI (cli/process_group.h) when built
// with BRINK_MPI and started by mpirun.
//
// How a run divides (run/run.cpp, the one runner): each process simulates its share of whole
// 512-trial units of the run's (draw, trial) space, and the integer tallies are summed over
// the processes. Sums of integers are exact in any order, so every process ends with the
// tallies — and so the estimates and files — of a one-process run, byte for byte.
#ifndef BRINK_CLUSTER_H_
#define BRINK_CLUSTER_H_

#include <cstdint>
#include <string>
#include <vector>

namespace brink {

class Cluster {
 public:
  virtual ~Cluster() = default;
  virtual int rank() const = 0;  // 0..size()-1; rank 0 reads the model and writes the files
  virtual int size() const = 0;  // >= 1
  // Element-wise sum of `counts` over every process, left in every process's `counts`.
  // REQUIRES: every process calls it with the same size, at the same point of the run.
  virtual void SumEverywhere(std::vector<uint64_t>* counts) const = 0;
  // Rank 0's `text` (and `status`) to every process.
  virtual void Broadcast(std::string* text) const = 0;
  virtual void Broadcast(int* status) const = 0;
};

// One process alone: the cluster of a run that is not divided (RunModel's when
// RunSettings::cluster is null).
class OneProcess final : public Cluster {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void SumEverywhere(std::vector<uint64_t>*) const override {}
  void Broadcast(std::string*) const override {}
  void Broadcast(int*) const override {}
};

}  // namespace brink

#endif  // BRINK_CLUSTER_H_
