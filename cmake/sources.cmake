# The sources of brink's libraries, listed by hand (CMakeLists.txt builds them for the host;
# src/live/CMakeLists.txt builds the core and the report's pure parts for WebAssembly, the
# live report's engine).

# brink_core: model → estimates (docs/architecture.md).
set(BRINK_CORE_SOURCES
  src/random/random.cpp
  src/model/error.cpp
  src/model/names.cpp
  src/model/calendar.cpp
  src/model/history.cpp
  src/model/source_text.cpp
  src/model/format.cpp
  src/model/number_text.cpp
  src/model/portable_math.cpp
  src/model/condition.cpp
  src/model/condition_events.cpp
  src/model/model.cpp
  src/model/load.cpp
  src/model/load_events.cpp
  src/model/load_quantities.cpp
  src/model/model_json.cpp
  src/model/order.cpp
  src/model/given.cpp
  src/model/sha256.cpp
  src/model/value.cpp
  src/model/text_check.cpp
  src/model/structure.cpp
  src/model/model_file.cpp
  src/model/time_unit.cpp
  src/model/yaml_tree.cpp
  src/model/correlation_matrix.cpp
  src/model/distribution.cpp
  src/uncertainty/sampling.cpp
  src/plan/plan.cpp
  src/engine/tally.cpp
  src/engine/quantity_counts.cpp
  src/engine/parallel.cpp
  src/engine/reference.cpp
  src/engine/episode_trial.cpp
  src/engine/exact_state.cpp
  src/engine/exact.cpp
  src/engine/exact_episode_state.cpp
  src/engine/exact_episode_stages.cpp
  src/engine/exact_episode_filter.cpp
  src/engine/exact_episodes.cpp
  src/engine/fast.cpp
  src/engine/fast_episodes.cpp
  src/engine/simd.cpp
  src/engine/tilted.cpp
  src/engine/tilted_episodes.cpp
  src/estimate/estimate.cpp
  src/estimate/exact_estimate.cpp
  src/estimate/now_figures.cpp
  src/estimate/quantity_figures.cpp
  src/estimate/paired.cpp
  src/estimate/weighted.cpp
  src/run/run.cpp
  src/run/exact_run.cpp
  src/study/history_run.cpp
  src/study/smc.cpp
  src/study/sweep.cpp
  src/study/rare.cpp
  src/study/sobol.cpp
  src/study/compare.cpp
  src/study/sensitivity.cpp
)

# brink_report's writers, tables of figures and the report's body: pure, built for both.
set(BRINK_REPORT_SOURCES
  src/report/csv.cpp
  src/report/quantity_csv.cpp
  src/report/analysis_csv.cpp
  src/report/run_json.cpp
  src/report/folder_check.cpp
  src/report/run_record.cpp
  src/report/history_files.cpp
  src/report/vega_specs.cpp
  src/report/vega_parts.cpp
  src/report/history_charts.cpp
  src/report/episode_charts.cpp
  src/report/model_graph.cpp
  src/report/report_body.cpp
)

# brink_report's parts that read or write files, run Graphviz or carry built-in scripts:
# the host's only.
set(BRINK_HOST_REPORT_SOURCES
  src/report/analysis_tables.cpp
  src/report/output_folder.cpp
  src/report/json_output.cpp
  src/report/table.cpp
  src/report/show.cpp
  src/report/vega_script.cpp
  src/report/html_report.cpp
  src/report/graphviz.cpp
  src/report/live_page.cpp
  src/report/live_script.cpp
  src/report/live_engine.cpp
)
