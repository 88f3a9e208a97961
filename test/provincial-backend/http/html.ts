// Server-side HTML with escaping by default: interpolated values are escaped unless they are
// already Html (made by this tag), so no request field can inject markup.
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (character) => entities[character]!);

type Interpolated = Html | string | number | null | undefined | false | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Html {
  return new Html(
    strings.reduce(
      (out, part, index) => out + part + (index < values.length ? render(values[index]!) : ''),
      '',
    ),
  );
}

/** Two languages side by side: Chinese first, English after it in a lang="en" span. */
export const bilingual = (zh: string, en: string): Html => html`${zh} <span lang="en">${en}</span>`;
