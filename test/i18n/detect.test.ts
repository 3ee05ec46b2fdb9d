import { describe, it, expect } from 'vitest';
import { detectLanguage } from '../../src/i18n/detect.ts';

describe('the language of a message', () => {
  it('reads German, Swiss German and English questions as what they are', () => {
    for (const q of ['was steht an?', 'Telefonnummer vom IT-Support', 'Mitarbeitereintritt IT-Checkliste', 'phising mail erhalten was tun',
      'wie chum i vo dihei is netz?', 'ha min badge verlore, was mues i mache?', 'Ich will jemanden in unseren Projektkanal holen']) {
      // (null: too little to tell, the caller falls back to the person's or the default language; never English)
      expect(detectLanguage(q) ?? 'de', q).toBe('de');
    }
    expect(detectLanguage('was steht an?')).toBe('de');
    for (const q of ['helpdesk opening hours', 'vpn keeps disconnecting every few minutes', 'Teams meeting room booking', 'my laptop is broken']) {
      expect(detectLanguage(q), q).toBe('en');
    }
  });

  it('"IT" in capitals is the IT department, not the English "it"; a single keyword says nothing', () => {
    expect(detectLanguage('Neueintritt IT Bestellung')).not.toBe('en');
    expect(detectLanguage('IT Hotline Nummer bitte')).toBe('de');
    expect(detectLanguage('it is broken')).toBe('en');
    expect(detectLanguage('vpn')).toBeNull();
  });
});
