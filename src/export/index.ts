// Public surface of src/export/. Re-export by name.
export { toTflite, resolveToTfliteOptions } from './to-tflite.js';
export type { ToTfliteOptions, ResolvedToTfliteOptions } from './to-tflite.js';
