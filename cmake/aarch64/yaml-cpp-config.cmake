# yaml-cpp for the aarch64 cross build. Debian's libyaml-cpp-dev cannot be installed for two
# architectures at once (installing the arm64 one removes the native one), so the cross build
# links the arm64 runtime library (libyaml-cpp0.7:arm64, which installs beside the native one)
# and compiles against the native development package's headers, which are the same for
# every architecture.
if(NOT TARGET yaml-cpp)
  add_library(yaml-cpp SHARED IMPORTED)
  set_target_properties(yaml-cpp PROPERTIES
    IMPORTED_LOCATION /usr/lib/aarch64-linux-gnu/libyaml-cpp.so.0.7)
endif()
set(yaml-cpp_FOUND TRUE)
