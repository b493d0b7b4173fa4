/**
 * HTML built from templates whose every interpolated value is escaped, so
 * that journal strings and numbers reach a report only as text.
 *
 * @module
 */

/** A fragment of HTML: markup of a template, or already-escaped text. */
export class Html {
  constructor(
    /** The markup. */
    readonly text: string,
  ) {}

  toString(): string {
    return this.text;
  }
}

/** Escapes `&`, `<`, `>`, `"` and `'`, so the text is safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Markup inserted as it is: only for constant strings of the code, never for data. */
export function raw(markup: string): Html {
  return new Html(markup);
}

function piece(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(piece).join('');
  return escapeHtml(String(value));
}

/**
 * Tag of HTML templates: interpolated {@link Html} fragments (and arrays of
 * them) are inserted as markup, anything else is converted to a string and escaped.
 * @example html`<td>${trial.id}</td>` // '<td>&lt;script&gt;...</td>' for a hostile id
 */
export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}
