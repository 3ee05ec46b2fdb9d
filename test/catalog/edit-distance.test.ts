import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/catalog/text.ts';

describe('editDistance', () => {
  it('counts a swap of two letters once, or, without swaps, as two edits (Levenshtein), up to its bound', () => {
    expect(editDistance('stauts', 'status', 2)).toBe(1);
    expect(editDistance('stauts', 'status', 2, false)).toBe(2);
    expect(editDistance('ownre', 'owner', 2, false)).toBe(2);
    expect(editDistance('kitten', 'sitting', 5, false)).toBe(3);
    expect(editDistance('sumary', 'summary', 2, false)).toBe(1);
    expect(editDistance('', 'abc', 5, false)).toBe(3);
    // above the bound: bound + 1
    expect(editDistance('kitten', 'sitting', 2, false)).toBe(3);
    expect(editDistance('a', 'abcdef', 2, false)).toBe(3);
  });
});
