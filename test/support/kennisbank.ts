import { expect } from '@jest/globals';
import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { uniqueSlug } from './community.js';
import type { TestUser } from './factories.js';
import { type TestApp, V1 } from './test-app.js';

export const SAMPLES_DIR = 'libs/kennisbank/samples';
export const SAMPLE_WITH_HEADER = '000_cd083cd2a3775182.txt';
export const SAMPLE_WITHOUT_HEADER = '003_a999d0c53274d235.txt';
export const sample = (name: string) => readFileSync(`${SAMPLES_DIR}/${name}`);

export interface UploadFile {
  name: string;
  content: Buffer | string;
}

/** Makes a user a platform admin (their next request sees it: roles are read per request). */
export async function makeAdmin(t: TestApp, user: TestUser): Promise<TestUser> {
  await t.app.get(DataSource).query('UPDATE users SET is_admin = true WHERE id = $1', [user.id]);
  return user;
}

export async function createCongress(t: TestApp, admin: TestUser, input: { slug?: string; name?: string; year?: number } = {}) {
  const slug = input.slug ?? uniqueSlug('nioc');
  const response = await t
    .http()
    .post(`${V1}/congresses`)
    .set(admin.auth)
    .send({ slug, name: input.name ?? `Congres ${slug}`, year: input.year ?? 2025 });
  expect(response.status).toBe(201);
  return slug;
}

export interface ContributionInput {
  congress: string;
  title?: string;
  theme?: string;
  abstract?: string;
  body?: string;
  keywords?: string[];
  authors?: { name: string; email?: string }[];
}

/** POST /contributions as an admin; answers the contribution (with its workspace). */
export async function createContribution(t: TestApp, admin: TestUser, input: ContributionInput) {
  const response = await t
    .http()
    .post(`${V1}/contributions`)
    .set(admin.auth)
    .send({ title: 'Een paper', body: 'Tekst', authors: [], ...input });
  expect(response.status).toBe(201);
  return response.body as { id: string; workspace: { groupId: string; feedbackThreadId: string } };
}

/** POST /contributions/import with multipart files[] and congress. */
export function importFiles(t: TestApp, user: TestUser | undefined, congress: string | undefined, files: UploadFile[]) {
  let request = t.http().post(`${V1}/contributions/import`);
  if (user) request = request.set(user.auth);
  if (congress !== undefined) request = request.field('congress', congress);
  for (const file of files) {
    request = request.attach('files[]', typeof file.content === 'string' ? Buffer.from(file.content) : file.content, file.name);
  }
  return request;
}

/** A PDF of a text document as a word processor would print it: one paragraph after another, the title larger. */
export function pdfOf(text: string, options: { titleSize?: number } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { Title: 'kennisbank' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const paragraphs = text.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);
  for (const paragraph of paragraphs) {
    const isTitle = options.titleSize !== undefined && paragraph.startsWith("'Wij, de overheid'");
    doc.fontSize(isTitle ? options.titleSize! : 11).text(paragraph);
    doc.moveDown();
  }
  doc.end();
  return done;
}

/** A PDF with a drawing and no text layer, like a scan. */
export function pdfWithoutText(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.rect(50, 50, 300, 400).fill('#777');
  doc.end();
  return done;
}

/** Polls until a condition holds: for work that follows an event after the response (not a timing assertion). */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, attempts = 100): Promise<T> {
  let value = await probe();
  for (let i = 0; i < attempts && !accept(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await probe();
  }
  return value;
}
