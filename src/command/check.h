// The checks of the requests' fields (brink/command.h Check), and the bounds they enforce.
#ifndef BRINK_COMMAND_CHECK_H_
#define BRINK_COMMAND_CHECK_H_

#include "brink/command.h"
#include "brink/limits.h"

namespace brink {

// The bounds the checks enforce are brink/limits.h's.

}  // namespace brink

#endif  // BRINK_COMMAND_CHECK_H_
