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

  it('a short question of words both languages use reads by how they are joined to "IT": "IT vision" English, "IT-Vision" German', () => {
    for (const q of ['IT vision', 'IT roadmap', 'IT team', 'IT service desk', 'IT goals', 'IT projects']) expect(detectLanguage(q), q).toBe('en');
    for (const q of ['IT-Vision', 'IT-Roadmap', 'IT-Team', 'IT-Strategie', 'IT-Projekte', 'IT Drucker', 'IT und Marketing', 'Die IT arbeitet an was?']) expect(detectLanguage(q), q).toBe('de');
    // (a lower-case compound is German too, never the English "it")
    expect(detectLanguage('it-strategie') ?? 'de').toBe('de');
    // (a noun in capitals after "IT", or one such noun alone, is too little to tell)
    for (const q of ['IT Vision', 'Roadmap', 'Laptop', 'Service']) expect(detectLanguage(q), q).toBeNull();
  });

  it('a letter glued to a digit ("A4", "3D") and a single letter are no evidence: German with a paper size stays German', () => {
    for (const q of ['A4-Papier bestellen', 'Plotter A0 drucken', '3D-Drucker bestellen', 'ich brauche einen A3 Drucker', 'wie chum i is Netz']) {
      expect(detectLanguage(q), q).toBe('de');
    }
    expect(detectLanguage('Poster A1 plotten')).not.toBe('en');
    // (English questions keep their own evidence without the single letters)
    for (const q of ['I need a laptop', 'order a 3D printer', 'I want a standing desk', "Coop's orders didn't show up in our system today"]) {
      expect(detectLanguage(q), q).toBe('en');
    }
    // (too little to tell: the caller falls back to the person's, the platform's or the default language)
    expect(detectLanguage('Windows 11')).toBeNull();
    expect(detectLanguage('A4')).toBeNull();
  });
});

describe('a command word alone', () => {
  it('is read in its language, so a guest whose browser is English gets "Umfrage" answered in German', () => {
    for (const q of ['Umfrage', 'umfragen', 'Ansprechperson', 'Projekte', 'Termine', 'Neuigkeiten']) expect(detectLanguage(q), q).toBe('de');
    for (const q of ['survey', 'projects', 'upcoming']) expect(detectLanguage(q), q).toBe('en');
  });
});
