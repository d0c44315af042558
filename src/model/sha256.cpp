// SHA-256 from OpenSSL's libcrypto (EVP), the implementation Debian keeps patched.
#include "model/sha256.h"

#ifndef BRINK_NO_LIBCRYPTO
#include <openssl/evp.h>
#endif

#include <stdexcept>

namespace brink {

#ifdef BRINK_NO_LIBCRYPTO
// The live report's engine (WebAssembly) hashes nothing: it reads no file (its model comes
// with its SHA-256, as JSON), and reaching here is a bug.
std::string Sha256Hex(const std::string&) {
  throw std::logic_error("this build of brink has no SHA-256 (the live report's engine)");
}
#else
std::string Sha256Hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed (libcrypto)");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}
#endif

}  // namespace brink
