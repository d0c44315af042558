// SHA-256 (FIPS 180-4, computed by libcrypto), to identify the exact model file a run used.
#ifndef BRINK_MODEL_SHA256_H_
#define BRINK_MODEL_SHA256_H_

#include <string>

namespace brink {

// Lowercase hex digest of `bytes`.
std::string Sha256Hex(const std::string& bytes);

}  // namespace brink

#endif  // BRINK_MODEL_SHA256_H_
