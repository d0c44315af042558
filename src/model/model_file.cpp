// Reading a model file (or standard input) into text, bounded, for the loader (load.cpp).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "brink/load.h"
#include "model/source_text.h"
#include "model/text_check.h"

namespace brink {

Model LoadModel(const std::string& path_given) {
  std::string path;
  const std::string text = ReadModelText(path_given, &path);
  return LoadModelFromString(text, path);
}

std::string FindTextError(const std::string& text, const std::string& what, SourceLoc* loc) {
  const TextProblem problem = FindTextProblem(text, what);
  if (!problem.message.empty()) *loc = SourceText(text).PosLoc(static_cast<int>(problem.offset));
  return problem.message;
}

void CheckTextSize(const std::string& text, const std::string& path, const std::string& what) {
  if (text.size() > kMaxModelBytes)
    throw ModelError(path, {{{1, 1}, "the " + what + " is larger than 16 MiB, the most brink "
                                     "reads (is this the right file?)"}});
}

std::string ReadModelText(const std::string& path_given, std::string* shown_path,
                          const std::string& what) {
  // "-" is standard input, named "<stdin>" in messages.
  const bool from_stdin = path_given == "-";
  const std::string path = from_stdin ? "<stdin>" : path_given;
  *shown_path = path;
  std::error_code ec;
  if (!from_stdin) {
    const std::filesystem::file_status status = std::filesystem::status(path, ec);
    if (std::filesystem::is_directory(status))
      throw ModelError(path, {{{1, 1}, "this is a folder, not a " + what + " file"}});
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
      throw ModelError(path, {{{1, 1}, "this is not a regular file (a FIFO or a device): brink "
                                       "reads a " + what + " from a file, or from standard "
                                       "input as -"}});
  }
  std::ifstream file;
  if (!from_stdin) file.open(path, std::ios::binary);
  std::istream& in = from_stdin ? std::cin : file;
  if (!in) throw ModelError(path, {{{1, 1}, "cannot read the " + what + " file"}});
  // Read at most one byte past the limit, so that standard input cannot fill memory.
  std::string text;
  char buffer[1 << 16];
  while (text.size() <= kMaxModelBytes && in.read(buffer, sizeof buffer).gcount() > 0)
    text.append(buffer, static_cast<size_t>(in.gcount()));
  if (in.bad()) throw ModelError(path, {{{1, 1}, "cannot read the " + what + " file"}});
  CheckTextSize(text, path, what + " file");
  return text;
}

}  // namespace brink
