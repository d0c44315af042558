// The checks of the requests' fields (brink/command.h Check), and the bounds they enforce.
#ifndef BRINK_COMMAND_CHECK_H_
#define BRINK_COMMAND_CHECK_H_

#include "brink/command.h"

namespace brink {

constexpr int kMaxThreads = 1024;
constexpr int kMaxDraws = 1000000;
constexpr uint64_t kMaxStates = 2000000000;  // state indices are 32-bit
constexpr int kMinSobolSamples = 8, kMaxSobolSamples = 1000000;

}  // namespace brink

#endif  // BRINK_COMMAND_CHECK_H_
