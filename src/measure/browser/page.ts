/**
 * The page the browser measurer drives: HTML that loads the tfjs bundle and
 * the WASM backend from the asset server, and a script that defines
 * `window.mnas` (init a backend, load a model, time one inference, predict,
 * unload). Plain JavaScript in strings, so bundlers leave it untouched.
 *
 * Each timed run is `predict` on a fixed seeded input followed by `dataSync`
 * of the output, timed with `performance.now()` inside the page: the same
 * run the Node WASM measurer times. The Node side drives the warm-up and
 * timing protocol and collects one duration per call.
 *
 * @module
 */

/** The measuring page. */
export const BROWSER_PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>mnas-ts measurer</title>
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
      else if (state.model.modelRunner && state.model.modelRunner.cleanUp) state.model.modelRunner.cleanUp();
    }
    state = { model: null, input: null, kind: null };
  }
  window.mnas = {
    init: async function (o) {
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
      state.model = o.kind === 'tfjs' ? await tf.loadLayersModel(o.url) : await tflite.loadTFLiteModel(o.url, { numThreads: o.threads });
      state.input = tf.randomUniform(o.shape, 0, 1, 'float32', o.seed);
      return true;
    },
    runOnce: function () {
      var t0 = performance.now();
      var y = state.model.predict(state.input);
      first(y).dataSync();
      var dt = performance.now() - t0;
      tf.dispose(y);
      return dt;
    },
    predict: function (values, shape) {
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
