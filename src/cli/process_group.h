// The processes of this brink command: one, or, under mpirun (or srun), an MPI job
// (brink/cluster.h). Rank 0 reads the model, writes the files and prints; the other ranks
// compute their share silently (their standard output and error go to /dev/null).
//
// Failures: a bad model or option fails the same way on every rank (each validates the same
// text), so every rank reaches the end and exits with rank 0's status, and only rank 0 has
// printed. Steps only rank 0 takes (reading the model, opening the output folder) are agreed
// (ShareStatus, brink/command.h) before any rank goes on. A failure on one rank alone, which the others cannot
// learn of while they wait for it inside a run, ends the job with MPI_Abort after a grace of
// 3 seconds, so that no rank waits forever.
#ifndef BRINK_CLI_PROCESS_GROUP_H_
#define BRINK_CLI_PROCESS_GROUP_H_

#include <exception>
#include <string>

#include "brink/cluster.h"
#include "brink/command.h"  // OtherRankFailed, ShareStatus

namespace brink {

class ProcessGroup : public Cluster {
 public:
  // Joins the MPI job when the environment says mpirun or srun started this process, and
  // this build has MPI; otherwise a group of one. Throws UsageError when started as one of
  // several processes by a build without MPI (they would all write the same files).
  ProcessGroup(int* argc, char*** argv);
  ~ProcessGroup() override;
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void SumEverywhere(std::vector<uint64_t>* counts) const override;
  void Broadcast(std::string* text) const override;
  void Broadcast(int* status) const override;

  // The command's end on this rank, with its exit status and, when it failed, the message it
  // printed (rank 0) or would have (the others). Returns the status every rank exits with:
  // the highest among them. A rank that failed alone aborts the job (see above).
  int Finish(int status, bool failed, const std::string& message);

 private:
  int rank_ = 0;
  int size_ = 1;
  bool mpi_ = false;
  int saved_stderr_ = -1;  // ranks > 0: the real standard error, for a failure of their own
  void* finish_comm_ = nullptr;  // a duplicate of MPI_COMM_WORLD for the final agreement
};

}  // namespace brink

#endif  // BRINK_CLI_PROCESS_GROUP_H_
