// The processes of a brink command, with MPI when built with BRINK_MPI (process_group.h).
#include "cli/process_group.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdlib>
#include <string>
#include <thread>

#include "brink/error.h"

#ifdef BRINK_MPI
#include <mpi.h>
#endif

namespace brink {
namespace {

// The number of processes the launcher started, from its environment (Open MPI's mpirun,
// or a PMI/PMIx launcher such as Slurm's srun); 0 when none did.
int LaunchedProcesses() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return std::atoi(value);
  }
  return std::getenv("PMIX_RANK") != nullptr ? 2 : 0;
}

#ifdef BRINK_MPI
MPI_Comm& FinishComm(void* comm) { return *static_cast<MPI_Comm*>(comm); }
#endif

}  // namespace

ProcessGroup::ProcessGroup(int* argc, char*** argv) {
  const int launched = LaunchedProcesses();
#ifdef BRINK_MPI
  if (launched == 0) return;
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  mpi_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  finish_comm_ = new MPI_Comm;
  MPI_Comm_dup(MPI_COMM_WORLD, &FinishComm(finish_comm_));
  if (rank_ > 0) {
    // Only rank 0 prints; the others keep their real stderr for a failure of their own.
    saved_stderr_ = ::dup(2);
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) {
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::close(null);
    }
  }
#else
  (void)argc;
  (void)argv;
  if (launched > 1)
    throw UsageError("this brink was built without MPI (BRINK_MPI), so " +
                     std::to_string(launched) +
                     " processes started by mpirun or srun would each run the whole command and "
                     "write the same files; install Open MPI (libopenmpi-dev) and build again, "
                     "or run one process");
#endif
}

ProcessGroup::~ProcessGroup() {
#ifdef BRINK_MPI
  if (!mpi_) return;
  MPI_Comm_free(&FinishComm(finish_comm_));
  delete static_cast<MPI_Comm*>(finish_comm_);
  MPI_Finalize();
  if (saved_stderr_ >= 0) ::close(saved_stderr_);
#endif
}

void ProcessGroup::SumEverywhere(std::vector<uint64_t>* counts) const {
#ifdef BRINK_MPI
  if (!mpi_ || size_ == 1) return;
  // In pieces whose length fits an int, MPI's count type.
  constexpr size_t kPiece = size_t{1} << 28;
  for (size_t at = 0; at < counts->size(); at += kPiece) {
    const int n = static_cast<int>(std::min(kPiece, counts->size() - at));
    MPI_Allreduce(MPI_IN_PLACE, counts->data() + at, n, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  }
#else
  (void)counts;
#endif
}

void ProcessGroup::Broadcast(std::string* text) const {
#ifdef BRINK_MPI
  if (!mpi_ || size_ == 1) return;
  unsigned long long length = text->size();
  MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  text->resize(length);
  if (length > INT_MAX) throw UsageError("a text over 2 GB cannot be sent to the other processes");
  MPI_Bcast(text->data(), static_cast<int>(length), MPI_CHAR, 0, MPI_COMM_WORLD);
#else
  (void)text;
#endif
}

void ProcessGroup::Broadcast(int* status) const {
#ifdef BRINK_MPI
  if (!mpi_ || size_ == 1) return;
  MPI_Bcast(status, 1, MPI_INT, 0, MPI_COMM_WORLD);
#else
  (void)status;
#endif
}

int ProcessGroup::Finish(int status, bool failed, const std::string& message) {
#ifdef BRINK_MPI
  if (!mpi_ || size_ == 1) return status;
  int all = 0;
  MPI_Request request;
  MPI_Iallreduce(&status, &all, 1, MPI_INT, MPI_MAX, FinishComm(finish_comm_), &request);
  const auto start = std::chrono::steady_clock::now();
  for (int done = 0;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return all;
    if (failed && std::chrono::steady_clock::now() - start > std::chrono::seconds(3)) {
      // The others are still inside the run, waiting for this rank: end the whole job.
      if (rank_ > 0 && saved_stderr_ >= 0) {
        const std::string line = "brink: rank " + std::to_string(rank_) + " of " +
                                 std::to_string(size_) + " failed alone: " + message;
        [[maybe_unused]] ssize_t n = ::write(saved_stderr_, line.data(), line.size());
      }
      MPI_Abort(MPI_COMM_WORLD, status != 0 ? status : 1);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
#else
  (void)failed;
  (void)message;
  return status;
#endif
}

}  // namespace brink
