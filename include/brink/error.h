// Errors brink reports to its user. A model problem is a Diagnostic located in the model file;
// everything the loader finds is gathered into one ModelError so the analyst sees all problems
// in one pass. The command line turns these into `FILE:LINE:COL: error: MESSAGE`, exit status 2.
#ifndef BRINK_ERROR_H_
#define BRINK_ERROR_H_

#include <functional>
#include <stdexcept>
#include <string_view>
#include <string>
#include <vector>

namespace brink {

// A position in a source file. Lines and columns count from 1; 0 means "unknown".
struct SourceLoc {
  int line = 0;
  int col = 0;
};

// ModelError::Format writes this many diagnostics, then how many more there are.
constexpr size_t kShownDiagnostics = 20;

struct Diagnostic {
  SourceLoc loc;
  std::string message;
};

// Thrown by the loader (and by anything that checks a model against user input, such as
// `set`) with every problem found. what() is the first problem, formatted.
class ModelError : public std::runtime_error {
 public:
  ModelError(std::string file, std::vector<Diagnostic> diagnostics);

  const std::string& file() const { return file_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  // The first kShownDiagnostics diagnostics as `FILE:LINE:COL: error: MESSAGE\n`, in source
  // order, then `FILE: error: … and N more\n` for the rest.
  std::string Format() const;

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

// The operating system refused to read or write a file brink needed (a full disk, a file size
// limit...): not the user's mistake in the request, not a bug. Reported as
// `brink: error: MESSAGE` with the OS's reason, exit status 1.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A bad request that is not located in a model (an unknown parameter in `set`, a value out of
// range, options that do not go together). Reported as `brink: error: MESSAGE`, exit status 2.
//
// The message names the request's fields as {field}, by their names in the typed requests
// (brink/command.h): "{trials} must be ...", "{baseline} does not go with {given}". The core
// never words a field for a front end: each front end does, with Worded (the CLI writes
// "--trials", the Python module "trials="). what() writes the bare names ("trials must be").
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message);
  // The message with each {field} replaced by word(field).
  std::string Worded(const std::function<std::string(std::string_view field)>& word) const;
  // The first field the message names; "" when it names none.
  std::string Field() const;
  const std::string& message() const { return message_; }  // with its {field} marks

 private:
  std::string message_;
};

// `message` with each {field} mark (a lower-case identifier in braces) replaced by
// word(field): how a front end words a note or a warning that names fields.
std::string WordFields(const std::string& message,
                       const std::function<std::string(std::string_view field)>& word);

// "did you mean" help: the candidate closest to `word` by edit distance, or "" when none is
// close enough to be a plausible typo.
std::string NearestName(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace brink

#endif  // BRINK_ERROR_H_
