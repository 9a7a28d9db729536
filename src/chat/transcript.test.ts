import { describe, expect, test } from 'vitest';
import { transcriptForCase } from './rules.ts';

describe('transcriptForCase', () => {
  const consent = { text: 'Jag samtycker.', givenAt: new Date('2026-11-20T10:00:00Z') };
  const at = new Date('2026-11-20T09:58:00Z');
  test('starts with the consent, labels each sender and leaves internal notes out', () => {
    const text = transcriptForCase(consent, [
      { sender: 'visitor', body: 'Hej', at },
      { sender: 'note', body: 'intern', at },
      { sender: 'counsellor', body: 'Hej, jag heter Cecilia', at },
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toContain('2026-11-20 10:00 UTC');
    expect(lines[1]).toBe('Samtycke: ”Jag samtycker.”');
    expect(lines.slice(3)).toEqual(['[2026-11-20 09:58 UTC] Besökare: Hej', '[2026-11-20 09:58 UTC] Rådgivare: Hej, jag heter Cecilia']);
    expect(text).not.toContain('intern');
  });
});
