import { describe, expect, test } from 'vitest';
import { openImportFile, sealImportFile } from './staging.ts';

describe('a staged import file', () => {
  const content = '{"url":"https://x.example/1","phones":["070-123 45 67"],"emails":["Fiktiv@Example.se"]}\n'.repeat(50);

  test('opens again under the key it was sealed with, and holds no number in the clear', () => {
    const sealed = sealImportFile('staging-test-key-0123456789abcdef0123', content);
    expect(openImportFile('staging-test-key-0123456789abcdef0123', sealed)).toBe(content);
    const bytes = sealed.toString('latin1');
    expect(bytes).not.toMatch(/070|123 45 67|fiktiv|example/i);
  });

  test('does not open under another key, nor changed', () => {
    const sealed = sealImportFile('staging-test-key-0123456789abcdef0123', content);
    expect(() => openImportFile('another-key-0123456789abcdef0123456789', sealed)).toThrow();
    const changed = Buffer.from(sealed);
    changed[changed.length - 1]! ^= 1;
    expect(() => openImportFile('staging-test-key-0123456789abcdef0123', changed)).toThrow();
  });
});
