import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { DocumentParseError, parseAuthors, parseKennisbankDocument, parseKeywords } from './kennisbank-document.parser.js';

const sample = (name: string) => readFileSync(new URL(`../../samples/${name}`, import.meta.url), 'utf8');

describe('parseKennisbankDocument', () => {
  it('reads the header of a kennisbank document and leaves the NIOC preamble out', () => {
    const document = parseKennisbankDocument(sample('000_cd083cd2a3775182.txt'));
    expect(document.title).toBe("'Wij, de overheid', co-creatie in de netwerksamenleving");
    expect(document.theme).toBe('ICT en overheid');
    expect(document.authors).toEqual([{ name: 'Davied van Berlo', affiliation: 'Ambtenaar 2.0' }]);
    expect(document.keywords).toEqual(['overheid', 'netwerken', 'netwerksamenleving', 'co-creatie']);
    expect(document.body.startsWith('De netwerksamenleving. Iedereen heeft het erover')).toBe(true);
    expect(document.body).not.toContain('Stichting NIOC');
    expect(document.abstract.startsWith('De netwerksamenleving.')).toBe(true);
    expect(document.language).toBe('nl');
    expect(document.guessed).toEqual([]);
  });

  it('still reads a document without a header, saying what it guessed', () => {
    const document = parseKennisbankDocument(sample('003_a999d0c53274d235.txt'));
    expect(document.title).toBe('"de nieuwe overheid" : het gebruik van technologie speelt weliswaar een grote rol, maar de echte transformatie heeft te maken met veranderingen in structuren, processen en instituties.');
    expect(document.authors).toEqual([]);
    expect(document.keywords).toEqual([]);
    expect(document.guessed).toEqual(['title', 'theme', 'authors', 'keywords']);
    expect(document.body.length).toBeGreaterThan(10_000);
  });

  it('refuses a document without text', () => {
    expect(() => parseKennisbankDocument(' \n\n ')).toThrow(DocumentParseError);
  });
});

describe('parseAuthors', () => {
  it('splits names by commas and " en ", with one organisation for all', () => {
    expect(parseAuthors('Anna de Vries, Bert Bakker en Carla Smit; HAN')).toEqual([
      { name: 'Anna de Vries', affiliation: 'HAN' },
      { name: 'Bert Bakker', affiliation: 'HAN' },
      { name: 'Carla Smit', affiliation: 'HAN' },
    ]);
  });

  it('reads one organisation per author', () => {
    expect(parseAuthors('Anna de Vries; Universiteit Twente, Bert Bakker; Windesheim en Carla Smit; HAN')).toEqual([
      { name: 'Anna de Vries', affiliation: 'Universiteit Twente' },
      { name: 'Bert Bakker', affiliation: 'Windesheim' },
      { name: 'Carla Smit', affiliation: 'HAN' },
    ]);
  });

  it('takes an author without organisation', () => {
    expect(parseAuthors('Davied van Berlo')).toEqual([{ name: 'Davied van Berlo', affiliation: null }]);
  });
});

describe('parseKeywords', () => {
  it('drops the closing full stop and duplicates', () => {
    expect(parseKeywords('overheid, netwerken, overheid, co-creatie.')).toEqual(['overheid', 'netwerken', 'co-creatie']);
  });
});

describe('authors with an email', () => {
  it('takes the email out of the name, in parentheses or angle brackets', () => {
    expect(parseAuthors('Jan Jansen (J.Jansen@HAN.nl) en Piet Pieters <piet@windesheim.nl>; HAN')).toEqual([
      { name: 'Jan Jansen', affiliation: 'HAN', email: 'j.jansen@han.nl' },
      { name: 'Piet Pieters', affiliation: 'HAN', email: 'piet@windesheim.nl' },
    ]);
  });
});

