// Reading a model file (or standard input) into text, bounded, for the loader (load.cpp).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "brink/load.h"

namespace brink {

Model LoadModel(const std::string& path_given) {
  std::string path;
  const std::string text = ReadModelText(path_given, &path);
  return LoadModelFromString(text, path);
}

std::string ReadModelText(const std::string& path_given, std::string* shown_path) {
  // "-" is standard input, named "<stdin>" in messages.
  const bool from_stdin = path_given == "-";
  const std::string path = from_stdin ? "<stdin>" : path_given;
  *shown_path = path;
  std::error_code ec;
  if (!from_stdin && std::filesystem::is_directory(path, ec))
    throw ModelError(path, {{{1, 1}, "this is a folder, not a model file"}});
  std::ifstream file;
  if (!from_stdin) file.open(path, std::ios::binary);
  std::istream& in = from_stdin ? std::cin : file;
  if (!in) throw ModelError(path, {{{1, 1}, "cannot read the model file"}});
  // Read at most one byte past the limit, so a device such as /dev/zero cannot fill memory.
  std::string text;
  char buffer[1 << 16];
  while (text.size() <= kMaxModelBytes && in.read(buffer, sizeof buffer).gcount() > 0)
    text.append(buffer, static_cast<size_t>(in.gcount()));
  if (in.bad()) throw ModelError(path, {{{1, 1}, "cannot read the model file"}});
  if (text.size() > kMaxModelBytes)
    throw ModelError(path, {{{1, 1}, "the model file is larger than 16 MiB, the most brink "
                                     "reads (is this the right file?)"}});
  return text;
}

}  // namespace brink
