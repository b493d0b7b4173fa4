/**
 * Text from journals, errors and configs made safe for a terminal: control
 * characters a terminal would act on (escape sequences, carriage returns,
 * bells, bidirectional overrides) are printed as `\uXXXX` instead.
 *
 * @module
 */

/**
 * Whether a terminal acts on the character with code `code`: C0 controls
 * (tab and line feed only when `breaks`), DEL, C1 controls, the bidirectional
 * embedding, override and isolate marks, and (when `breaks`) the Unicode line
 * and paragraph separators.
 */
function isControl(code: number, breaks: boolean): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x2028 || code === 0x2029) return breaks;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

function escapeControls(text: string, breaks: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += isControl(code, breaks) ? `\\u${code.toString(16).padStart(4, '0')}` : text[i];
  }
  return out;
}

/**
 * `text` with every control character but tab and line feed written as `\uXXXX`.
 * @example terminalText('a\u001b[2Jb') === 'a\\u001b[2Jb'
 */
export function terminalText(text: string): string {
  return escapeControls(text, false);
}

/** `text` on one line: {@link terminalText}, and tabs and line breaks written as `\uXXXX` too. */
export function oneLine(text: string): string {
  return escapeControls(text, true);
}
