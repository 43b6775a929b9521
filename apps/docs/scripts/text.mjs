// Text transforms shared by the page generator (prepare.mjs) and the docs test.

/**
 * Keep the Unicode formulas of text written for plain readers (TSDoc, the report, READMEs) from being read as
 * markdown emphasis: an underscore that is a subscript (`S_{i,r}`, `x_i`, `(Jᵀv)_{r}`) — one that follows a
 * non-space character and precedes a letter, digit or `{` — is escaped. Code (fenced and inline), TeX between
 * `$…$`/`$$…$$` and HTML tags are left as they are; so is emphasis (`_word_`), whose underscores have a space or
 * punctuation on their outer side.
 */
export function protectSubscripts(md) {
  const parts = md.split(/(```[\s\S]*?```|`+[^`\n]*`+|\$\$[\s\S]*?\$\$|\$[^$\n]+\$|<[^>\n]+>)/);
  return parts
    .map((part, k) => (k % 2 === 1 ? part : part.replace(/(?<=[^\s([{*"'\\_])_(?=[\p{L}\p{N}{])/gu, '\\_')))
    .join('');
}

/** The anchor VitePress gives a heading: a copy of its default slugify (vitepress/dist/node, `slugify`). */
export function slug(text) {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036F]/g, '')
      // eslint-disable-next-line no-control-regex -- a copy of VitePress's slugify, which drops control characters
      .replace(/[\u0000-\u001f]/g, '')
      .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '')
      .replace(/^(\d)/, '_$1')
      .toLowerCase()
  );
}
