// _brink: the C++ half of the Python module `brink` (python/brink/__init__.py holds the
// Python half: result objects, DataFrames, docstrings).
//
// The typed requests of brink/command.h are bound as classes; the Python side checks each
// keyword's type and fills a request, which Execute runs exactly as the CLI does, into a
// private folder the Python side reads back, so a DataFrame holds the values of the CLI's CSV
// file and to_dir writes its bytes. Errors name the keyword ("trials="). The engine runs on a thread of
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
#include "brink/html_report.h"
#include "brink/load.h"
#include "brink/model.h"
#include "brink/output_folder.h"
#include "brink/version.h"
#include "brink/command.h"
#include "brink/names.h"

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
  // 2: a model whose events end or begin before step 1 (its files have the version-2 columns).
  facts["language"] = model.IsTwoWay() ? 2 : 1;
  std::vector<std::string> events, levels(model.levels), parameters;
  for (const Event& e : model.events) events.push_back(e.id);
  for (const Parameter& p : model.parameters)
    if (p.named) parameters.push_back(p.name);
  facts["events"] = events;
  facts["levels"] = levels;
  facts["parameters"] = parameters;
  return facts;
}

// The message of a UsageError with its fields worded for Python: "trials=".
std::string KeywordOf(std::string_view field) { return std::string(field) + "="; }

// Runs the request's command on a thread of its own with the GIL released; Ctrl-C stops it
// within about 20 ms of the engine's next progress report. The files land in memory, not in a
// folder (Output::files). Returns the command's warnings, worded for Python, and its files
// (name -> bytes).
template <class Request>
py::tuple ExecuteReleased(Request request) {
  std::map<std::string, std::string> files;
  request.output.files = &files;
  std::atomic<bool> stop{false}, done{false};
  request.context.progress = [&stop](double) {
    if (stop.load(std::memory_order_relaxed)) throw Interrupted{};
  };
  std::vector<std::string> warnings;
  std::exception_ptr error;
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        for (const std::string& w : Execute(request).record.warnings)
          warnings.push_back(WordFields(w, KeywordOf));
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
      Raise("UsageError", py::make_tuple(e.Worded(KeywordOf), e.Field()));
    } catch (const IoError& e) {
      throw py::value_error(std::string("brink: ") + e.what());
    } catch (const Interrupted&) {
      throw py::error_already_set();
    }
  }
  py::dict named;
  for (const auto& [name, bytes] : files) named[py::str(name)] = py::bytes(bytes);
  return py::make_tuple(warnings, named);
}

// The names of a closed set as a Python enum (brink/names.h lists them once).
template <class E>
void BindNames(py::module_& m, const char* name) {
  py::enum_<E> e(m, name);
  for (const Named<E>& entry : NameTable(E{})) e.value(std::string(entry.name).c_str(), entry.value);
}

// The fields every command that runs a model shares (brink/command.h ModelRun).
template <class Request, class Class>
void BindModelRun(Class& c) {
  c.def_readwrite("model", &Request::model)
      .def_readwrite("trials", &Request::trials)
      .def_readwrite("seed", &Request::seed)
      .def_readwrite("threads", &Request::threads)
      .def_readwrite("sets", &Request::sets)
      .def_readwrite("engine", &Request::engine)
      .def_readwrite("simd", &Request::simd)
      .def_readwrite("draws", &Request::draws)
      .def_readwrite("sampling", &Request::sampling)
      .def_readwrite("max_states", &Request::max_states)
      .def_readwrite("max_memory", &Request::max_memory)
      .def_readwrite("output", &Request::output)
      .def_property(
          "command_line", [](const Request& r) { return r.context.command_line; },
          [](Request& r, const std::string& text) { r.context.command_line = text; });
}

// report.html of a result's files (name -> bytes), as `brink report` writes it.
py::bytes ReportOfFiles(const std::map<std::string, py::bytes>& files, bool live) {
  std::map<std::string, std::string> texts;
  for (const auto& [name, bytes] : files) texts[name] = std::string(bytes);
  std::string html;
  try {
    py::gil_scoped_release release;
    html = ReportHtmlOfFiles(texts, live ? ReportKind::kLive : ReportKind::kStatic);
  } catch (const UsageError& e) {
    Raise("UsageError", py::make_tuple(e.Worded(KeywordOf), e.Field()));
  } catch (const ModelError& e) {
    RaiseModelError(e);
  }
  return py::bytes(html);
}

// Writes `files` (name -> bytes) as the folder `path`, replaced whole in one rename, as the
// CLI writes its output folder.
void WriteFolder(const std::string& path, const std::map<std::string, py::bytes>& files) {
  // The folder is to_dir's `path`.
  auto word = [](std::string_view field) {
    return field == "out" ? std::string("path=") : KeywordOf(field);
  };
  try {
    OutputFolder folder(path);
    for (const auto& [name, bytes] : files) folder.Add(name, std::string(bytes));
    folder.Commit();
  } catch (const UsageError& e) {
    Raise("UsageError", py::make_tuple(e.Worded(word), e.Field() == "out" ? "path" : e.Field()));
  } catch (const IoError& e) {
    throw py::value_error(std::string("brink: ") + e.what());
  }
}

}  // namespace
}  // namespace brink

PYBIND11_MODULE(_brink, m) {
  m.doc() = "brink's engines for Python; use the package `brink`, not this module.";
  m.attr("version") = brink::kVersion;
  // brink/limits.h: the keywords' defaults and bounds, as the command line's.
  m.attr("MAX_TEXT_BYTES") = brink::kMaxModelBytes;  // a model's or a history's, any front end
  m.attr("DEFAULT_SEED") = brink::kDefaultSeed;
  m.attr("DEFAULT_TRIALS") = brink::kDefaultTrials;
  m.attr("DEFAULT_DRAWS") = brink::kDefaultDraws;
  m.attr("POSTERIOR_DRAWS") = brink::kPosteriorDraws;
  m.attr("MAX_DRAWS") = brink::kMaxDraws;
  m.def("inspect", &brink::Inspect, py::arg("data"), py::arg("name"),
        "Validates a model's text; returns its facts, or raises brink.ModelError.");
  using namespace brink;
  BindNames<Engine>(m, "Engine");
  BindNames<Sampling>(m, "Sampling");
  BindNames<SimdKernel>(m, "SimdKernel");
  BindNames<ReportKind>(m, "ReportKind");
  py::class_<ModelInput>(m, "ModelInput")
      .def(py::init<>())
      .def_readwrite("path", &ModelInput::path)
      .def_readwrite("text", &ModelInput::text);
  py::class_<Precision>(m, "Precision")
      .def(py::init<>())
      .def_readwrite("half_width", &Precision::half_width)
      .def_readwrite("relative", &Precision::relative);
  py::class_<Output>(m, "Output")
      .def(py::init<>())
      .def_readwrite("out", &Output::out)
      .def_readwrite("report", &Output::report);
  py::class_<RunCommand> run(m, "RunCommand");
  run.def(py::init<>());
  BindModelRun<RunCommand>(run);
  run.def_readwrite("given", &RunCommand::given)
      .def_readwrite("history", &RunCommand::history)
      .def_readwrite("precision", &RunCommand::precision)
      .def_readwrite("max_trials", &RunCommand::max_trials)
      .def_readwrite("target", &RunCommand::target)
      .def_readwrite("rare", &RunCommand::rare);
  py::class_<ExactCommand>(m, "ExactCommand")
      .def(py::init<>())
      .def_readwrite("model", &ExactCommand::model)
      .def_readwrite("sets", &ExactCommand::sets)
      .def_readwrite("given", &ExactCommand::given)
      .def_readwrite("history", &ExactCommand::history)
      .def_readwrite("max_states", &ExactCommand::max_states)
      .def_readwrite("draws", &ExactCommand::draws)
      .def_readwrite("sampling", &ExactCommand::sampling)
      .def_readwrite("seed", &ExactCommand::seed)
      .def_readwrite("threads", &ExactCommand::threads)
      .def_readwrite("max_memory", &ExactCommand::max_memory)
      .def_readwrite("output", &ExactCommand::output)
      .def_property(
          "command_line", [](const ExactCommand& r) { return r.context.command_line; },
          [](ExactCommand& r, const std::string& text) { r.context.command_line = text; });
  py::class_<SweepCommand> sweep(m, "SweepCommand");
  sweep.def(py::init<>());
  BindModelRun<SweepCommand>(sweep);
  sweep.def_readwrite("vary", &SweepCommand::vary)
      .def_readwrite("baseline", &SweepCommand::baseline)
      .def_readwrite("precision", &SweepCommand::precision)
      .def_readwrite("max_trials", &SweepCommand::max_trials)
      .def_readwrite("target", &SweepCommand::target);
  py::class_<SensitivityCommand> sensitivity(m, "SensitivityCommand");
  sensitivity.def(py::init<>());
  BindModelRun<SensitivityCommand>(sensitivity);
  sensitivity.def_readwrite("target", &SensitivityCommand::target)
      .def_readwrite("swing", &SensitivityCommand::swing)
      .def_readwrite("sobol", &SensitivityCommand::sobol)
      .def_readwrite("sobol_samples", &SensitivityCommand::sobol_samples);
  py::class_<CompareCommand> compare(m, "CompareCommand");
  compare.def(py::init<>());
  BindModelRun<CompareCommand>(compare);
  compare.def_readwrite("a", &CompareCommand::a)
      .def_readwrite("b", &CompareCommand::b)
      .def_readwrite("b_model", &CompareCommand::b_model)
      .def_readwrite("history", &CompareCommand::history);
  m.def("execute", &ExecuteReleased<RunCommand>, py::arg("request"));
  m.def("execute", &ExecuteReleased<ExactCommand>, py::arg("request"));
  m.def("execute", &ExecuteReleased<SweepCommand>, py::arg("request"));
  m.def("execute", &ExecuteReleased<SensitivityCommand>, py::arg("request"));
  m.def("execute", &ExecuteReleased<CompareCommand>, py::arg("request"),
        "Runs a command's request (brink/command.h) with its files in memory; returns its "
        "warnings and its files (name -> bytes). Raises brink.ModelError, brink.UsageError, "
        "KeyboardInterrupt.");
  m.def("report_html", &brink::ReportOfFiles, py::arg("files"), py::arg("live"),
        "report.html of a result's files (name -> bytes): static, or live (brink run's).");
  m.def("write_folder", &brink::WriteFolder, py::arg("path"), py::arg("files"),
        "Writes files (name -> bytes) as an output folder, replaced whole.");
}
