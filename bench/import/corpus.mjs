// A generated kennisbank for the benchmarks: documents in the kennisbank's text format
// (an optional NIOC preamble, a theme line, the title, "Door:", "Trefwoorden:", the body)
// whose words come from the Dutch vocabulary of the real seed documents
// (libs/kennisbank/samples), drawn with Zipf's law, so a query matches as many documents as
// it would in a real kennisbank: a frequent word most, a mid-frequency word some, a rare
// one a few. Seeded and deterministic: document i is the same in every run.
//
//   import { generateDocument, generateQuery } from './corpus.mjs';
//   const doc = generateDocument(7);      // { filename, text, theme, title, authors, keywords, paragraphs }
//   const q = generateQuery(random);      // one or two words, mostly mid-frequency
import { readdirSync, readFileSync } from 'node:fs';

const SAMPLES = new URL('../../libs/kennisbank/samples/', import.meta.url);
const SEED = 20131122;

/** A seeded generator (mulberry32): numbers in [0, 1). */
export function createRandom(seed = SEED) {
  let state = seed | 0;
  return function random() {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (random, low, high) => low + Math.floor(random() * (high - low + 1));
const pick = (random, list) => list[Math.floor(random() * list.length)];

/** Draws ranks 0..n-1 with weight 1/(rank + q)^s (Zipf–Mandelbrot), by binary search over the cumulative weights. */
function zipf(n, s = 1, q = 2.7) {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let rank = 0; rank < n; rank++) cumulative[rank] = sum += 1 / (rank + q) ** s;
  return (random) => {
    const target = random() * sum;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

// PostgreSQL's Dutch stop words (dutch.stop): never a keyword or a query, frequent in the text.
const STOP = new Set(
  `de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou of wat mijn men dit zo
   door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets
   worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd doch wordt wezen
   kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere`.split(/\s+/),
);

// The seed documents' words, most frequent first (ties alphabetically, so the order is fixed).
const sampleText = readdirSync(SAMPLES)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => readFileSync(new URL(name, SAMPLES), 'utf8'))
  .join('\n');
const counts = new Map();
for (const word of sampleText.toLowerCase().match(/\p{L}+(?:-\p{L}+)*/gu) ?? []) {
  if (word.length > 1 || word === 'u') counts.set(word, (counts.get(word) ?? 0) + 1);
}
const seedWords = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([word]) => word);
const contentSeeds = seedWords.filter((word) => !STOP.has(word) && word.length >= 4);

// Two seed documents hold some 1,500 words; a kennisbank of 1,500 papers holds tens of
// thousands. The long tail is made the way Dutch makes it: compounds of two content words
// (informatica + onderwijs → informaticaonderwijs), ranked after every seed word.
const COMPOUNDS = 12000;
const compounds = new Set();
{
  const random = createRandom(SEED ^ 0x5eed);
  const nouns = contentSeeds.filter((word) => word.length >= 5 && !word.includes('-'));
  // A common word heads many compounds (onderwijs…), a rare one few: a prefix search for a
  // word finds its compounds too, so this keeps a rare word rare.
  const drawHead = zipf(nouns.length, 1.0);
  while (compounds.size < COMPOUNDS) {
    const first = nouns[drawHead(random)];
    const second = pick(random, nouns);
    if (first !== second) compounds.add(`${first}${second}`);
  }
}
/**
 * Every word, by rank. Two documents' frequencies overstate their less common words, so the
 * seed words keep their order but spread over the ranks (seed rank r at r + r²/200:
 * the first hundred stay near the top, the last near 13,000), the compounds in between.
 */
export const VOCABULARY = (() => {
  const spread = seedWords.map((_, r) => r + Math.floor((r * r) / 200));
  const words = new Array(seedWords.length + compounds.size);
  seedWords.forEach((word, r) => (words[spread[r]] = word));
  const tail = compounds.values();
  for (let rank = 0; rank < words.length; rank++) words[rank] ??= tail.next().value;
  return words;
})();
const contentWords = VOCABULARY.filter((word) => !STOP.has(word) && word.length >= 4);
const drawWord = zipf(VOCABULARY.length, 1.1);
const drawContent = zipf(contentWords.length, 0.9);

const THEMES = [
  'Informatica-didactiek', 'Programmeeronderwijs', 'Digitale geletterdheid', 'Onderwijsinnovatie', 'ICT en overheid',
  'Data en AI', 'Computational thinking', 'Curriculum en examens', 'Lerarenopleiding', 'Hoger onderwijs',
  'Security en privacy', 'Open onderwijs', 'Robotica en maken', 'Toetsing en feedback', 'Primair onderwijs',
  'Samenwerkend leren', 'Games in het onderwijs', 'Onderzoek en praktijk', 'Ethiek en techniek', 'Webontwikkeling',
  'Netwerken en cloud', 'Software engineering', 'Informatiekunde', 'Professionalisering',
];
const drawTheme = zipf(THEMES.length, 1.0, 1);
// Each theme has words of its own, used more often in its documents than elsewhere.
const themeWords = THEMES.map((_, theme) => {
  const random = createRandom(SEED + 7919 * (theme + 1));
  return Array.from({ length: 150 }, () => contentWords[Math.min(contentWords.length - 1, 20 + drawContent(random))]);
});

const FIRST = `Anna Bram Carla Daan Eva Femke Gijs Hanna Ivo Joris Kim Lotte Milan Noor Otto Pien Ruben Sanne Thijs Zoë Jan Piet Kees
  Marieke Ingrid Wouter Sander Erik Monique Astrid Henk Gerrit Yvonne Mark Esther Jeroen Linda Marco Petra Bas Rik Nicole Martijn
  Sophie Tim Laura Jeroen Koen Fleur Emma Lucas Julia Sem Mila Finn Tess Lars Iris Stijn Roos Maarten Hester Willem Anouk`.split(/\s+/);
const LAST = `de Vries|Jansen|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Dijk|Dekker|
  Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|van den Heuvel|van der Veen|
  van den Broek|de Bruijn|de Bruin|van der Heijden|Schouten|van Beek|Willems|van Vliet|van de Ven|Hoekstra|Maas|Verhoeven|Koster|
  van Dam|van der Wal|Prins|Blom|Huisman|Peeters|de Jong|Kuipers|van Wijk|Post|Kuiper|Veenstra|Kramer|van den Brink|Scholten|
  van Wijngaarden|Martens|Vink|de Ruiter|Smedinga|van Berlo|Hazeveld|Timmermans|Groen|Gerritsen|Bosch|Evers|Wolters|Jonker`
  .split('|')
  .map((name) => name.trim());
const INITIALS = 'ABCDEFGHIJKLMNOPRSTW';
const ORGS = `HAN University of Applied Sciences|Hogeschool Windesheim|Fontys Hogescholen|Hogeschool Utrecht|Universiteit Twente|TU Delft|
  Ambtenaar 2.0|SLO|Hogeschool Rotterdam|Radboud Universiteit|Universiteit Leiden|Open Universiteit|Hogeschool van Amsterdam|
  Rijksuniversiteit Groningen|TU Eindhoven|Saxion|Hanzehogeschool Groningen|NHL Stenden|Avans Hogeschool|Zuyd Hogeschool|
  Kennisnet|SURF|Universiteit Utrecht|Vrije Universiteit Amsterdam|Stichting NIOC|I&I|Cito|Hogeschool Leiden`
  .split('|')
  .map((name) => name.trim());
// Names of one author are fixed by its number; a multiplier coprime to the number of names
// scatters the numbers over them, so neighbouring authors share neither first nor last name.
const NAMES = FIRST.length * INITIALS.length * LAST.length;
/** Author k's name and organisation. */
export function author(k) {
  const n = (k * 7919 + 104729) % NAMES;
  const first = FIRST[n % FIRST.length];
  const initial = INITIALS[Math.floor(n / FIRST.length) % INITIALS.length];
  const last = LAST[Math.floor(n / FIRST.length / INITIALS.length)];
  return { name: `${first} ${initial}. ${last}`, affiliation: ORGS[(k * 31) % ORGS.length] };
}

/**
 * The authors of a kennisbank of `documents`: most write one to three papers (drawn
 * uniformly from a pool of 0.8 per document), one slot in twenty goes to a few prolific
 * authors (Zipf over the first 3% of the pool).
 */
function authorDrawer(documents) {
  const pool = Math.max(50, Math.round(documents * 0.8));
  const prolific = Math.max(10, Math.round(pool / 30));
  const drawProlific = zipf(prolific, 1.0, 2);
  return (random) => (random() < 0.05 ? drawProlific(random) : Math.floor(random() * pool));
}
const drawers = new Map();

const PREAMBLE =
  sampleText.split('Vermeld bij reacties')[0].replace(/^[\s\S]*?(?=Stichting NIOC en de NIOC kennisbank)/, '') +
  'Vermeld bij reacties jouw naam en telefoonnummer voor nader contact.\n\n';

/**
 * Document `index` of a kennisbank of `documents` (the author pool grows with it): its file
 * name, its text, and the parts the text is made of. The same arguments give the same
 * document; `random` defaults to a generator seeded by the index.
 */
export function generateDocument(index, random = createRandom(SEED + index * 2654435761), documents = 1500) {
  const theme = drawTheme(random);
  const own = Array.from({ length: 30 }, () => contentWords[Math.min(contentWords.length - 1, 50 + drawContent(random))]);
  const topical = themeWords[theme];
  // Of the body's words, three in ten are the document's or its theme's: a paper dwells on its subject.
  const word = () => {
    const roll = random();
    if (roll < 0.15) return pick(random, own);
    if (roll < 0.3) return pick(random, topical);
    return VOCABULARY[drawWord(random)];
  };
  const term = () => (random() < 0.5 ? pick(random, own) : random() < 0.6 ? pick(random, topical) : contentWords[drawContent(random)]);
  const sentence = () => {
    const text = Array.from({ length: between(random, 8, 20) }, word).join(' ');
    return `${text[0].toUpperCase()}${text.slice(1)}.`;
  };
  let drawAuthor = drawers.get(documents);
  if (!drawAuthor) drawers.set(documents, (drawAuthor = authorDrawer(documents)));
  const authors = [...new Set(Array.from({ length: between(random, 1, 4) }, () => drawAuthor(random)))].map(author);
  const keywords = [...new Set(Array.from({ length: between(random, 3, 8) }, term))];
  const titleText = Array.from({ length: between(random, 3, 9) }, () => (random() < 0.7 ? term() : VOCABULARY[drawWord(random)])).join(' ');
  const title = `${titleText[0].toUpperCase()}${titleText.slice(1)}`;
  // Lengths vary from a workshop abstract (~1 KB) to a full paper (~40 KB).
  const paragraphs = Array.from({ length: random() < 0.2 ? between(random, 40, 80) : between(random, 3, 20) }, () =>
    Array.from({ length: between(random, 2, 6) }, sentence).join(' '),
  );
  const byLine = authors.map((one) => `${one.name}; ${one.affiliation}`).join(', ');
  const text = `${random() < 0.3 ? PREAMBLE : ''}${THEMES[theme]}\n\n${title}\n\nDoor: ${byLine}\n\nTrefwoorden: ${keywords.join(', ')}.\n\n${paragraphs.join('\n\n')}\n`;
  return { filename: `${String(index).padStart(6, '0')}.txt`, text, theme: THEMES[theme], title, authors, keywords, paragraphs };
}

// Queries: the words people search a kennisbank for are its subjects, seldom its most
// common words and now and then a rare one: by rank among the seed documents' content words.
const FREQUENT = 40;
const rare = VOCABULARY.slice(-8000);
/** A search of one or two words: six in ten a mid-frequency seed word, two a frequent one, two a rare compound. */
export function generateQuery(random) {
  const one = () => {
    const roll = random();
    if (roll < 0.2) return contentSeeds[Math.floor(random() * FREQUENT)];
    if (roll < 0.8) return contentSeeds[FREQUENT + Math.floor(random() * (contentSeeds.length - FREQUENT))];
    return pick(random, rare);
  };
  return Array.from({ length: random() < 0.6 ? 1 : 2 }, one).join(' ');
}
