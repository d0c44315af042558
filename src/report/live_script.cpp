// The live report's controller (live_script.h).
#include "report/live_script.h"

namespace brink {
namespace {

constexpr const char* kLiveScript = R"JS(
(function () {
  'use strict';
  var live = document.getElementById('brink-live');
  var data = JSON.parse(document.getElementById('brink-live-data').textContent);
  var statusEl = live.querySelector('[data-status]');
  var timingEl = live.querySelector('[data-timing]');
  var commandEl = live.querySelector('[data-command]');
  var downloadsEl = live.querySelector('[data-downloads]');
  var files = data.files;          // the current results, by name
  var original = {                 // the run's own page, for the reset
    header: document.querySelector('body > header').outerHTML,
    sections: sectionsHtml(),
    specs: JSON.parse(document.getElementById('brink-specs').textContent)
  };
  var pins = {};                   // name -> value as text (--set NAME=TEXT)
  var worker = null, module = null, glue = null, kernel = 'auto', kernels = '';
  var ready = false, running = null, queued = false, latest = 0, nextId = 0;
  var changedAt = 0, timings = null, downloadUrls = [];

  // The worker: brink's engine (its Emscripten glue goes before this) answering requests.
  var kWorker = [
    'var engine = null;',
    'self.onmessage = function (event) {',
    '  var m = event.data;',
    '  if (m.type === "init") {',
    '    BrinkEngine({',
    '      instantiateWasm: function (imports, receive) {',
    '        WebAssembly.instantiate(m.module, imports).then(function (instance) {',
    '          receive(instance, m.module); },',
    '          function (e) { self.postMessage({type: "failed", error: String(e)}); });',
    '        return {};',
    '      },',
    '      print: function () {}, printErr: function () {}',
    '    }).then(function (e) {',
    '      engine = e;',
    '      self.postMessage({type: "ready", kernels: e.UTF8ToString(e._brink_live_kernels())});',
    '    }, function (e) { self.postMessage({type: "failed", error: String(e)}); });',
    '  } else if (m.type === "simulate") {',
    '    var n = engine.lengthBytesUTF8(m.request) + 1, at = engine._malloc(n);',
    '    engine.stringToUTF8(m.request, at, n);',
    '    var t0 = performance.now();',
    '    var answer = engine.UTF8ToString(engine._brink_live_run(at));',
    '    var ms = performance.now() - t0;',
    '    engine._free(at);',
    '    self.postMessage({type: "answer", id: m.id, answer: answer, ms: ms});',
    '  }',
    '};'].join('\n');

  function setStatus(text) { statusEl.textContent = text; }

  function sectionsHtml() {
    var html = '';
    document.querySelectorAll('main > section:not(#brink-graph)').forEach(function (s) {
      html += s.outerHTML;
    });
    return html;
  }

  // A probability as plain decimal text, never in exponent form (the CLI reads both the same,
  // but people read this one).
  function plain(x) {
    var s = String(x), m = /^(\d)(?:\.(\d+))?e-(\d+)$/.exec(s);
    return m ? '0.' + '0'.repeat(+m[3] - 1) + m[1] + (m[2] || '') : s;
  }

  function quote(word) {
    return /^[A-Za-z0-9_.\/=%:,+@-]+$/.test(word) ? word : "'" + word.replace(/'/g, "'\\''") + "'";
  }

  function whole(name, low, high) {
    var input = live.querySelector('[data-control="' + name + '"]');
    var text = input.value.trim();
    if (!/^[0-9]+$/.test(text) || +text < low || +text > high)
      throw new Error(name + ' must be a whole number from ' + low + ' to ' + high);
    return +text;
  }

  // The settings the controls show, and the equivalent command line.
  function settings() {
    var s = {sets: [], trials: whole('trials', data.limits.trials[0], data.limits.trials[1])};
    var seed = live.querySelector('[data-control="seed"]').value.trim();
    if (!/^[0-9]{1,20}$/.test(seed) || BigInt(seed) > BigInt('18446744073709551615'))
      throw new Error('seed must be a whole number from 0 to 18446744073709551615');
    s.seed = String(BigInt(seed));
    s.draws = data.ranges ? whole('draws', data.limits.draws[0], data.limits.draws[1]) : 1;
    data.parameters.forEach(function (p) {
      if (p.name in pins) s.sets.push([p.name, pins[p.name]]);
    });
    var words = ['brink', 'run', data.model_path];
    data.structure.forEach(function (t) { words.push('--set', t); });
    s.sets.forEach(function (set) { words.push('--set', set[0] + '=' + set[1]); });
    words.push('--trials', String(s.trials), '--seed', s.seed);
    if (data.ranges) {
      words.push('--draws', String(s.draws));
      if (s.draws > 1 && data.sampling !== 'lhs') words.push('--sampling', data.sampling);
    }
    s.command = words.map(quote).join(' ');
    return s;
  }

  function request(s) {
    return JSON.stringify({
      model: data.model, model_yaml: data.model_yaml, sets: s.sets, trials: s.trials,
      seed: s.seed, draws: s.draws, sampling: data.sampling, kernel: kernel,
      started: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), command_line: s.command,
      structure: data.structure});
  }

  function schedule() {
    var s;
    try { s = settings(); } catch (e) {
      queued = false;
      setStatus('error: ' + e.message);
      return;
    }
    commandEl.textContent = s.command;
    changedAt = performance.now();
    queued = true;
    setStatus('running');
    if (!ready) return;
    if (running) {
      if (performance.now() - running.t0 > 400) restart();
      return;
    }
    start();
  }

  function start() {
    var s;
    queued = false;
    try { s = settings(); } catch (e) { setStatus('error: ' + e.message); return; }
    running = {id: ++nextId, t0: performance.now(), changed: changedAt, settings: s};
    latest = running.id;
    worker.postMessage({type: 'simulate', id: running.id, request: request(s)});
  }

  function restart() {
    worker.terminate();
    running = null;
    ready = false;
    startWorker();
  }

  function startWorker() {
    var url = URL.createObjectURL(new Blob([glue, '\n', kWorker], {type: 'text/javascript'}));
    worker = new Worker(url);
    worker.onmessage = function (event) {
      var m = event.data;
      if (m.type === 'ready') {
        URL.revokeObjectURL(url);
        ready = true;
        kernels = m.kernels;
        live.hidden = false;
        if (queued) start();
      } else if (m.type === 'failed') {
        setStatus('error: the engine did not start: ' + m.error);
      } else if (m.type === 'answer') {
        answered(m);
      }
    };
    worker.onerror = function (e) { setStatus('error: ' + (e.message || 'the engine failed')); };
    worker.postMessage({type: 'init', module: module});
  }

  function answered(m) {
    var job = running;
    running = null;
    if (!job || job.id !== m.id) return;
    var answerMs = performance.now() - job.t0;
    var answer = JSON.parse(m.answer);
    if (queued) start();
    if (!answer.ok) {
      if (!running && !queued) setStatus('error: ' + answer.error);
      return;
    }
    files = answer.files;
    var drawn = performance.now();
    show(answer.header, answer.sections, answer.specs).then(function () {
      var now = performance.now();
      timings = {engine_ms: m.ms, answer_ms: answerMs, draw_ms: now - drawn,
                 total_ms: now - job.changed, kernel: answer.kernel, profile: answer.profile};
      timingEl.textContent = '(' + Math.round(answerMs) + ' ms to run, ' +
          (answer.kernel ? answer.kernel + ' kernel' : 'reference engine') + '; ' +
          Math.round(now - drawn) + ' ms to draw)';
      if (!running && !queued && job.id === latest) setStatus('done');
    }, function (e) { setStatus('error: ' + e); });
  }

  // The page's content from a run: the header and the sections (the model graph stays).
  function show(header, sections, specs) {
    var main = document.querySelector('main'), graph = document.getElementById('brink-graph');
    var open = [], heights = [];
    main.querySelectorAll('details').forEach(function (d, i) { if (d.open) open.push(i); });
    main.querySelectorAll('.chart').forEach(function (c) { heights.push(c.offsetHeight); });
    document.querySelector('body > header').outerHTML = header;
    while (main.firstChild && main.firstChild !== graph) main.removeChild(main.firstChild);
    graph.insertAdjacentHTML('beforebegin', sections);
    var details = main.querySelectorAll('details');
    open.forEach(function (i) { if (details[i]) details[i].open = true; });
    main.querySelectorAll('.chart').forEach(function (c, i) {
      if (heights[i]) c.style.minHeight = heights[i] + 'px';
    });
    return window.brinkReport.render(specs);
  }

  function reset() {
    live.querySelectorAll('input').forEach(function (input) { input.value = input.defaultValue; });
    pins = {};
    data.pins.forEach(function (p) { pins[p[0]] = plain(p[1]); });
    data.parameters.forEach(showValue);
    if (running) restart();
    queued = false;
    files = data.files;
    try { commandEl.textContent = settings().command; } catch (e) {}
    show(original.header, original.sections, original.specs).then(function () {
      timingEl.textContent = '';
      setStatus('done');
    });
  }

  function showValue(p) {
    var output = live.querySelector('output[data-show="' + CSS.escape(p.name) + '"]');
    var value = p.name in pins ? +pins[p.name] : p.value;
    output.textContent = +(100 * value).toPrecision(4) + '%';
    output.classList.toggle('moved', p.name in pins);
  }

  function download() {
    downloadUrls.forEach(URL.revokeObjectURL);
    downloadUrls = [];
    downloadsEl.textContent = '';
    Object.keys(files).forEach(function (name) {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([files[name]], {type: 'text/plain'}));
      a.download = name;
      a.textContent = name;
      downloadUrls.push(a.href);
      downloadsEl.appendChild(a);
    });
    downloadsEl.hidden = false;
  }

  function copy() {
    var text = commandEl.textContent;
    var selectIt = function () {
      var range = document.createRange();
      range.selectNodeContents(commandEl);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
    };
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(text).then(function () {}, selectIt);
    else selectIt();
  }

  data.pins.forEach(function (p) { pins[p[0]] = plain(p[1]); });
  data.parameters.forEach(function (p) {
    var input = live.querySelector('input[data-param="' + CSS.escape(p.name) + '"]');
    var moved = function () {
      pins[p.name] = plain(+input.value);
      showValue(p);
      schedule();
    };
    input.addEventListener('input', moved);
    input.addEventListener('change', moved);
  });
  live.querySelectorAll('[data-control]').forEach(function (input) {
    input.addEventListener('input', schedule);
    input.addEventListener('change', schedule);
  });
  live.querySelector('[data-action="reset"]').addEventListener('click', reset);
  live.querySelector('[data-action="copy"]').addEventListener('click', copy);
  live.querySelector('[data-action="download"]').addEventListener('click', download);
  try { commandEl.textContent = settings().command; } catch (e) {}

  window.brink = {
    files: function () { return Object.assign({}, files); },
    command: function () { return commandEl.textContent; },
    timings: function () { return timings; },
    kernels: function () { return kernels; },
    useKernel: function (name) { kernel = name; schedule(); }
  };

  // The engine: SIMD128 when this browser validates it (a module of one v128 function).
  var simd = typeof WebAssembly === 'object' && WebAssembly.validate(new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0,
    253, 15, 253, 98, 11])) && !/engine=scalar/.test(location.hash);
  var variant = simd ? 'simd' : 'scalar';
  function bytesOf(part) {
    var text = atob(document.getElementById('brink-engine-' + variant + '-' + part).textContent);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; ++i) bytes[i] = text.charCodeAt(i);
    return bytes;
  }
  function gunzip(bytes) {
    return new Response(new Blob([bytes]).stream().pipeThrough(
        new DecompressionStream('gzip'))).arrayBuffer();
  }
  if (typeof WebAssembly !== 'object' || typeof DecompressionStream !== 'function' ||
      typeof Worker !== 'function') return;  // the static report
  Promise.all([gunzip(bytesOf('wasm')), gunzip(bytesOf('js'))]).then(function (parts) {
    glue = new TextDecoder().decode(parts[1]);
    return WebAssembly.compile(parts[0]);
  }).then(function (compiled) {
    module = compiled;
    startWorker();
  }).catch(function (e) { setStatus('error: the engine did not load: ' + e); });
})();
)JS";

}  // namespace

const char* LiveScript() { return kLiveScript; }

}  // namespace brink
