// A results folder read back (`brink report`, `brink show`): each file checked to be as brink
// wrote it before anything reads a field of it, so that a damaged folder gets a located,
// plain error (`FILE:LINE:COL: error: ...`, exit 2) and never an internal one.
#ifndef BRINK_REPORT_FOLDER_CHECK_H_
#define BRINK_REPORT_FOLDER_CHECK_H_

#include <string>

namespace brink {

// Throws ModelError located in `path` when `text` (a CSV, YAML or JSON file of a results
// folder) is not UTF-8 text.
void CheckFolderText(const std::string& path, const std::string& text);

// Throws ModelError located in `path` when `text` is not run.json as brink writes it: JSON
// that does not parse (at its byte), or a field brink writes as a number, a whole number, a
// string, an object or a list holding something else (at the field, naming what was
// expected). Fields it does not know are left alone.
void CheckRunRecord(const std::string& path, const std::string& text);

}  // namespace brink

#endif  // BRINK_REPORT_FOLDER_CHECK_H_
