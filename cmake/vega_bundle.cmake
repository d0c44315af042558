# Builds one script that defines the global `vega` from Debian's libjs-vega, for inlining into
# report.html. Debian ships Vega 5 as its separate packages (vega-util, vega-view, ...), each a
# UMD build that `require`s its siblings by name, and no single `vega.min.js`. This script
# wraps each package's minified build in a function of (exports, module, require), adds a
# ten-line CommonJS `require` over them, and then does what Vega's own index module does:
# registers the data transforms and gathers every package's exports into one `vega` object.
# Only the packages a report's charts need are included (no maps, force layouts or word
# clouds), which keeps the page small. Source-map comments are dropped, so the page asks for
# no file.
#
#   cmake -DVEGA_DIR=/usr/share/javascript/vega -DOUTPUT=vega_bundle.js -P vega_bundle.cmake

set(packages
  vega-util vega-time vega-format vega-loader vega-dataflow vega-scale vega-canvas
  vega-scenegraph vega-expression vega-event-selector vega-statistics vega-selection
  vega-functions vega-parser vega-runtime vega-view vega-encode vega-transforms
  vega-view-transforms)

set(bundle "/* Vega ${VEGA_VERSION} (BSD-3-Clause, https://vega.github.io), from Debian's libjs-vega. */\n")
string(APPEND bundle "(function () {\nvar defs = {}, done = {};\n")
string(APPEND bundle "function req(name) {\n")
string(APPEND bundle "  if (name === 'vega-selections') name = 'vega-selection';\n")
string(APPEND bundle "  if (done[name]) return done[name].exports;\n")
string(APPEND bundle "  if (!defs[name]) throw new Error('vega bundle: no package ' + name);\n")
string(APPEND bundle "  var module = {exports: {}};\n  done[name] = module;\n")
string(APPEND bundle "  defs[name].call(module.exports, module.exports, module, req);\n")
string(APPEND bundle "  return module.exports;\n}\n")
foreach(package IN LISTS packages)
  set(file "${VEGA_DIR}/${package}.min.js")
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "vega_bundle: ${file} is missing (Debian package libjs-vega)")
  endif()
  file(READ "${file}" source)
  string(REGEX REPLACE "\n//# sourceMappingURL=[^\n]*" "" source "${source}")
  string(APPEND bundle "defs['${package}'] = function (exports, module, require) {\n${source}\n};\n")
endforeach()
string(APPEND bundle "var util = req('vega-util');\n")
string(APPEND bundle "util.extend(req('vega-dataflow').transforms, req('vega-transforms'),\n")
string(APPEND bundle "            req('vega-view-transforms'), req('vega-encode'));\n")
string(APPEND bundle "var vega = {};\n")
foreach(package IN LISTS packages)
  string(APPEND bundle "Object.assign(vega, req('${package}'));\n")
endforeach()
string(APPEND bundle "self.vega = vega;\n})();\n")
file(WRITE "${OUTPUT}" "${bundle}")
