// _brink: the C++ half of the Python module `brink` (python/brink/__init__.py holds the
// Python half: result objects, DataFrames, docstrings).
//
// A command runs exactly as the brink binary runs it (RunCommandLine over the same
// CommandOptions), into a private folder the Python side reads back, so a DataFrame holds the
// values of the CLI's CSV file and to_dir writes its bytes. The engine runs on a thread of
// its own with the GIL released; the calling thread waits, checking for Ctrl-C (Python's
// signal flag) every 20 ms, and on one stops the run through the progress hook — no file is
// committed — and raises KeyboardInterrupt.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "brink/error.h"
#include "brink/load.h"
#include "brink/model.h"
#include "brink/output_folder.h"
#include "brink/version.h"
#include "cli/commands.h"

namespace py = pybind11;

namespace brink {
namespace {

// Thrown through the engine by the progress hook when Python asked to stop.
struct Interrupted {};

// Raises the Python exception brink.<name>(…) for a C++ error.
[[noreturn]] void Raise(const char* name, py::tuple args) {
  py::object type = py::module_::import("brink").attr(name);
  py::object error = type(*args);
  PyErr_SetObject(type.ptr(), error.ptr());
  throw py::error_already_set();
}

[[noreturn]] void RaiseModelError(const ModelError& e) {
  const Diagnostic& first = e.diagnostics().front();
  Raise("ModelError", py::make_tuple(e.file(), first.loc.line, first.loc.col, first.message,
                                     e.Format()));
}

// The model's facts, checked: raises brink.ModelError as the CLI reports it.
py::dict Inspect(const py::bytes& data, const std::string& name) {
  const std::string text = data;
  Model model;
  try {
    model = LoadModelFromString(text, name);
  } catch (const ModelError& e) {
    RaiseModelError(e);
  }
  py::dict facts;
  facts["scenario"] = model.scenario;
  facts["description"] = model.description;
  facts["horizon"] = model.horizon;
  facts["step"] = model.step_label;
  facts["sha256"] = model.sha256;
  std::vector<std::string> events, levels(model.levels), parameters;
  for (const Event& e : model.events) events.push_back(e.id);
  for (const Parameter& p : model.parameters)
    if (p.named) parameters.push_back(p.name);
  facts["events"] = events;
  facts["levels"] = levels;
  facts["parameters"] = parameters;
  return facts;
}

// Runs `args` (a brink command line without "brink") on the model text; returns the exit
// status. Releases the GIL while it runs; Ctrl-C stops it within about 20 ms of the engine's
// next progress report.
int Command(const std::vector<std::string>& args, const py::bytes& model_data,
            const std::string& model_name) {
  CommandOptions options;
  options.model_text = model_data;
  options.has_model_text = true;
  options.quiet = true;
  options.command_line = "brink (Python module)";
  for (const std::string& arg : args) options.command_line += " " + arg;
  std::atomic<bool> stop{false}, done{false};
  options.progress_hook = [&stop](double) {
    if (stop.load(std::memory_order_relaxed)) throw Interrupted{};
  };
  (void)model_name;
  int status = 0;
  std::exception_ptr error;
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        status = RunCommandLine(args, options);
      } catch (...) {
        error = std::current_exception();
      }
      done.store(true);
    });
    while (!done.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (interrupted) continue;
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {  // KeyboardInterrupt (or another handler's error) set
        interrupted = true;
        stop.store(true);
      }
    }
    worker.join();
  }
  if (interrupted) throw py::error_already_set();
  if (error) {
    try {
      std::rethrow_exception(error);
    } catch (const ModelError& e) {
      RaiseModelError(e);
    } catch (const UsageError& e) {
      Raise("UsageError", py::make_tuple(std::string(e.what())));
    } catch (const IoError& e) {
      throw py::value_error(std::string("brink: ") + e.what());
    } catch (const Interrupted&) {
      throw py::error_already_set();
    }
  }
  return status;
}

// Writes `files` (name -> bytes) as the folder `path`, replaced whole in one rename, as the
// CLI writes its output folder.
void WriteFolder(const std::string& path, const std::map<std::string, py::bytes>& files) {
  try {
    OutputFolder folder(path);
    for (const auto& [name, bytes] : files) folder.Add(name, std::string(bytes));
    folder.Commit();
  } catch (const UsageError& e) {
    Raise("UsageError", py::make_tuple(std::string(e.what())));
  } catch (const IoError& e) {
    throw py::value_error(std::string("brink: ") + e.what());
  }
}

}  // namespace
}  // namespace brink

PYBIND11_MODULE(_brink, m) {
  m.doc() = "brink's engines for Python; use the package `brink`, not this module.";
  m.attr("version") = brink::kVersion;
  m.def("inspect", &brink::Inspect, py::arg("data"), py::arg("name"),
        "Validates a model's text; returns its facts, or raises brink.ModelError.");
  m.def("command", &brink::Command, py::arg("args"), py::arg("model_data"),
        py::arg("model_name"),
        "Runs a brink command line on a model's text, as the brink binary does.");
  m.def("write_folder", &brink::WriteFolder, py::arg("path"), py::arg("files"),
        "Writes files (name -> bytes) as an output folder, replaced whole.");
}
