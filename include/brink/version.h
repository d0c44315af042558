#ifndef BRINK_VERSION_H_
#define BRINK_VERSION_H_

namespace brink {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace brink

#endif  // BRINK_VERSION_H_
