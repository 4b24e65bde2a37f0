// TypeDoc plugin of this repository (typedoc.json): renders `@default` as prose under each member's description.
// Our doc comments follow the jsii convention: `@default - words` is prose, `@default value` is a literal value.
import { Converter, ReflectionKind } from 'typedoc';

/** Moves every `@default` block tag into the member's summary as a "Default:" paragraph. */
function defaultsInProse(reflection) {
  const comment = reflection.comment;
  const tag = comment?.blockTags.find(t => t.tag === '@default');
  if (!comment || !tag) return;
  const text = tag.content.map(part => part.text).join('').trim();
  const prose = text.startsWith('- ') ? [{ kind: 'text', text: text.slice(2) }] : [{ kind: 'code', text: '`' + text + '`' }];
  comment.summary.push({ kind: 'text', text: '\n\n**Default:** ' }, ...prose);
  comment.blockTags = comment.blockTags.filter(t => t !== tag);
}

export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, context => {
    for (const reflection of Object.values(context.project.reflections)) {
      if (reflection.kindOf(ReflectionKind.Property | ReflectionKind.Accessor | ReflectionKind.Parameter)) defaultsInProse(reflection);
      for (const signature of reflection.signatures ?? []) {
        for (const parameter of signature.parameters ?? []) defaultsInProse(parameter);
      }
    }
  });
}
