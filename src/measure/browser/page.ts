/**
 * The page the browser measurer drives: HTML that loads the tfjs bundle and
 * the WASM backend from the asset server, and a script that defines
 * `window.mnas` (init a backend, load a model, time one inference, predict,
 * unload). Plain JavaScript in strings, so bundlers leave it untouched.
 *
 * Each timed run is `predict` on a fixed seeded input followed by `dataSync`
 * of the output, timed with `performance.now()` inside the page: the same
 * run the Node WASM measurer times. With onnxruntime-web (`ort-wasm`,
 * `ort-webgpu`) a run is `session.run` on the same input, its output read
 * back to the CPU; with LiteRT.js (`litert`) it is copying the input into a
 * LiteRT tensor, `run`, and reading the output as a typed array. The Node side drives the warm-up and
 * timing protocol and collects one duration per call.
 *
 * @module
 */

/** The measuring page. */
export const BROWSER_PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>mnas-ts measurer</title>
<script type="importmap">{"imports":{"@litertjs/wasm-utils":"/lib/litertjs-wasm-utils/bundle.js"}}</script>
<script src="/lib/tfjs-core/tf-core.min.js"></script>
<script src="/lib/tfjs-backend-cpu/tf-backend-cpu.min.js"></script>
<script src="/lib/tfjs-layers/tf-layers.min.js"></script>
<script src="/lib/tfjs-backend-wasm/tf-backend-wasm.min.js"></script>
<script src="/mnas-page.js"></script>
</head><body>mnas-ts measurer</body></html>
`;

/** The script defining `window.mnas`. */
export const BROWSER_PAGE_SCRIPT = `'use strict';
(function () {
  var state = { model: null, input: null, kind: null };
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error('cannot load ' + src)); };
      document.head.appendChild(s);
    });
  }
  function first(y) {
    if (y instanceof tf.Tensor) return y;
    if (Array.isArray(y)) return y[0];
    return y[Object.keys(y)[0]];
  }
  function unload() {
    if (state.input) state.input.dispose();
    if (state.model) {
      if (state.kind === 'tfjs') state.model.dispose();
      else if (state.kind === 'onnx') state.model.release();
      else if (state.kind === 'litert') state.model.delete();
      else if (state.model.modelRunner && state.model.modelRunner.cleanUp) state.model.modelRunner.cleanUp();
    }
    state = { model: null, input: null, kind: null, litert: state.litert, backend: state.backend };
  }
  async function initOrt(o, info) {
    await tf.setBackend('cpu');
    await loadScript('/lib/onnxruntime-web/' + (o.backend === 'ort-webgpu' ? 'ort.webgpu.min.js' : 'ort.wasm.min.js'));
    ort.env.wasm.wasmPaths = location.origin + '/lib/onnxruntime-web/';
    ort.env.wasm.numThreads = self.crossOriginIsolated ? o.threads : 1;
    info.runtime = 'onnxruntime-web ' + ort.env.versions.web;
    info.simd = true;
    info.threads = ort.env.wasm.numThreads;
    if (o.backend === 'ort-webgpu') {
      var adapter = navigator.gpu ? await navigator.gpu.requestAdapter() : null;
      if (!adapter) throw new Error('UNAVAILABLE: this browser has no WebGPU adapter' + (navigator.gpu ? '' : ' (no navigator.gpu)'));
      var ai = adapter.info || {};
      info.renderer = 'WebGPU ' + [ai.vendor, ai.architecture, ai.description].filter(Boolean).join(' ');
    }
  }
  /** Runs the loaded ONNX or LiteRT model on a Float32Array; resolves to the first output's values. */
  async function runOther(values) {
    if (state.kind === 'onnx') {
      var feeds = {};
      feeds[state.model.inputNames[0]] = new ort.Tensor('float32', values, state.shape);
      var out = await state.model.run(feeds);
      var y = out[state.model.outputNames[0]];
      var data = y.location === 'cpu' ? y.data : await y.getData(true);
      for (var k in out) if (out[k] !== y) out[k].dispose();
      y.dispose();
      return data;
    }
    var input = new state.litert.Tensor(values, state.shape);
    var outs = await state.model.run(input);
    input.delete();
    var r = outs[0].accelerator === 'wasm' ? outs[0] : await outs[0].moveTo('wasm');
    var vals = r.toTypedArray().slice();
    for (var i = 0; i < outs.length; i++) if (outs[i] !== r) outs[i].delete();
    r.delete();
    return vals;
  }
  window.mnas = {
    init: async function (o) {
      state.backend = o.backend;
      var info = { userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency || 0,
        crossOriginIsolated: !!self.crossOriginIsolated, tfjsVersion: tf.version_core };
      if (o.backend === 'wasm') {
        tf.wasm.setWasmPaths(location.origin + '/lib/tfjs-backend-wasm/');
        if (tf.wasm.setThreadsCount) tf.wasm.setThreadsCount(o.threads);
        if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend failed to initialize');
        await tf.ready();
        info.simd = !!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
        info.threads = tf.wasm.getThreadsCount ? tf.wasm.getThreadsCount() : 1;
      } else if (o.backend === 'webgl') {
        await loadScript('/lib/tfjs-backend-webgl/tf-backend-webgl.min.js');
        if (!(await tf.setBackend('webgl'))) throw new Error('the tfjs WebGL backend failed to initialize (no WebGL in this browser?)');
        await tf.ready();
        var gl = document.createElement('canvas').getContext('webgl2') || document.createElement('canvas').getContext('webgl');
        var ext = gl && gl.getExtension('WEBGL_debug_renderer_info');
        info.renderer = gl ? String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) : 'unknown';
        info.webglVersion = tf.env().getNumber('WEBGL_VERSION');
        info.simd = false;
        info.threads = 1;
      } else if (o.backend === 'ort-wasm' || o.backend === 'ort-webgpu') {
        await initOrt(o, info);
      } else if (o.backend === 'litert') {
        await tf.setBackend('cpu');
        state.litert = await import('/lib/litertjs/index.js');
        var threaded = !!self.crossOriginIsolated && o.threads > 1;
        await state.litert.loadLiteRt(location.origin + '/lib/litertjs-wasm/', { threads: threaded });
        info.runtime = 'LiteRT.js';
        info.simd = true;
        info.threads = threaded ? o.threads : 1;
      } else {
        await loadScript('/lib/tfjs-tflite/tf-tflite.min.js');
        tflite.setWasmPath(location.origin + '/lib/tfjs-tflite/');
        await tf.setBackend('cpu');
        await tf.ready();
        var features = await tflite.getWasmFeatures();
        info.simd = !!features.simd;
        info.threads = features.multiThreading ? o.threads : 1;
      }
      return info;
    },
    load: async function (o) {
      unload();
      state.kind = o.kind;
      state.shape = o.shape;
      if (o.kind === 'onnx') {
        var ep = state.backend === 'ort-webgpu' ? 'webgpu' : 'wasm';
        state.model = await ort.InferenceSession.create(o.url, { executionProviders: [ep], graphOptimizationLevel: 'all' });
      } else if (o.kind === 'litert') {
        state.model = await state.litert.loadAndCompile(o.url, { accelerator: 'wasm', cpuOptions: { numThreads: o.threads } });
      } else {
        state.model = o.kind === 'tfjs' ? await tf.loadLayersModel(o.url) : await tflite.loadTFLiteModel(o.url, { numThreads: o.threads });
      }
      state.input = tf.randomUniform(o.shape, 0, 1, 'float32', o.seed);
      state.values = state.input.dataSync().slice();
      return true;
    },
    runOnce: function () {
      if (state.kind === 'onnx' || state.kind === 'litert') {
        var s0 = performance.now();
        return runOther(state.values).then(function () { return performance.now() - s0; });
      }
      var t0 = performance.now();
      var y = state.model.predict(state.input);
      first(y).dataSync();
      var dt = performance.now() - t0;
      tf.dispose(y);
      return dt;
    },
    predict: function (values, shape) {
      if (state.kind === 'onnx' || state.kind === 'litert') return runOther(Float32Array.from(values)).then(function (d) { return Array.from(d); });
      return tf.tidy(function () {
        var y = state.model.predict(tf.tensor(values, shape, 'float32'));
        var out = Array.from(first(y).dataSync());
        tf.dispose(y);
        return out;
      });
    },
    unload: function () { unload(); return true; },
    numTensors: function () { return tf.memory().numTensors; }
  };
})();
`;
