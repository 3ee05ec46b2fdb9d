/** Lower case, unified quotes and spaces, trimmed: the form intents match against. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”«»„]/g, '"')
    .replace(/<@[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower case, sharp s as ss, accents and umlauts folded (ä -> a): how Swiss keyboards and phones differ. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * A question as words, without the markup that chat clients and pasted text wrap around it:
 * Slack's escaped characters, links (`<https://…|text>` keeps its text), mentions and channel
 * references (`<@U1>`, `<#C1|it>`, `<!here>`), HTML tags (`<b>`, `<img …>`, a script with its code) and
 * code marks.
 * None of it says what is asked, and every unknown piece of it would count against the answer.
 */
export function withoutMarkup(text: string): string {
  return text
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(?:https?|mailto|tel):[^>|\s]*\|([^>]*)>/gi, ' $1 ')
    .replace(/<(?:https?|mailto|tel):[^>\s]*>/gi, ' ')
    .replace(/<[@#!][^>\s]*>/g, ' ')
    .replace(/<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi, ' ')
    .replace(/`+/g, ' ');
}
