// Every rule citation in the repository (the section sign followed by a section identifier such as
// D.3, A.2.2 or I.3.3d) must name a heading of docs/reference/kubernetes-rules.md, so that a reader
// of the repository can resolve it. This file spells the section sign as an escape so that it does
// not cite anything itself.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const REFERENCE = join('docs', 'reference', 'kubernetes-rules.md');
const SCANNED = ['src', 'test', 'examples', 'bench', 'docs'];
const TEXT_FILE = /\.(?:[cm]?[jt]s|json|md|ya?ml|txt)$/;
const SECTION_SIGN = '\u00a7';

// A citation starts at a section sign: an identifier (a digit or capital letter, then `.<number>`
// parts) and an optional lower-case item letter. What follows must not continue a word, so the
// trailing `,` `)` `/` `:` `.` or `–` of the surrounding text is not part of the citation.
const CITATION = new RegExp(`${SECTION_SIGN}([0-9A-Z](?:\\.\\d+)*)([a-z])?(?![A-Za-z0-9])`, 'y');
// A section heading of the reference: `## A. Title`, `### D.3 Title`, `#### I.3.3 Title`.
const SECTION_HEADING = /^#{2,6}\s+([0-9A-Z](?:\.\d+)*)\.?\s+\S/;
const ANY_HEADING = /^#{1,6}\s/;

interface Section {
  readonly line: number;
  readonly body: string;
}

interface Citation {
  readonly where: string;
  readonly text: string;
  readonly id: string | undefined;
  readonly item: string | undefined;
}

function parseSections(markdown: string): { sections: Map<string, Section>; duplicates: string[] } {
  const lines = markdown.split('\n');
  const sections = new Map<string, Section>();
  const duplicates: string[] = [];
  lines.forEach((line, i) => {
    const id = SECTION_HEADING.exec(line)?.[1];
    if (id === undefined) return;
    let end = i + 1;
    while (end < lines.length && !ANY_HEADING.test(lines[end]!)) end++;
    if (sections.has(id)) duplicates.push(`${REFERENCE}:${i + 1}: ${id}`);
    sections.set(id, { line: i + 1, body: lines.slice(i + 1, end).join('\n') });
  });
  return { sections, duplicates };
}

function textFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && TEXT_FILE.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((f) => !f.split(sep).includes('node_modules'))
    .sort();
}

function citationsIn(file: string): Citation[] {
  const found: Citation[] = [];
  readFileSync(join(root, file), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      for (let at = line.indexOf(SECTION_SIGN); at !== -1; at = line.indexOf(SECTION_SIGN, at + 1)) {
        CITATION.lastIndex = at;
        const m = CITATION.exec(line);
        found.push({
          where: `${file}:${i + 1}`,
          text: m?.[0] ?? line.slice(at, at + 12),
          id: m?.[1],
          item: m?.[2],
        });
      }
    });
  return found;
}

const reference = readFileSync(join(root, REFERENCE), 'utf8');
const { sections, duplicates } = parseSections(reference);
const citations = SCANNED.flatMap(textFiles).flatMap(citationsIn);

/** Why a citation does not resolve, or undefined if it does. */
function problem(c: Citation): string | undefined {
  if (c.id === undefined) return 'is not a section citation (expected a section sign, then an identifier such as D.3)';
  const section = sections.get(c.id);
  if (section === undefined) return `has no heading "${c.id}" in ${REFERENCE}`;
  if (c.item !== undefined && !section.body.includes(`(${c.item})`)) {
    return `names item (${c.item}), which section ${c.id} (${REFERENCE}:${section.line}) does not have`;
  }
  return undefined;
}

describe(`rule citations resolve in ${REFERENCE}`, () => {
  it('gives every section of the reference one heading', () => {
    expect(duplicates).toEqual([]);
    expect(sections.size).toBeGreaterThan(100);
  });

  it('finds the citations of src, test, examples, bench and docs', () => {
    expect(citations.length).toBeGreaterThan(500);
  });

  it('resolves every citation to a heading (and a lettered item to an item of that section)', () => {
    const unresolved = citations.flatMap((c) => {
      const why = problem(c);
      return why === undefined ? [] : [`${c.where}: ${c.text} ${why}`];
    });
    expect(unresolved).toEqual([]);
  });

  it('is linked from the docs index', () => {
    expect(readFileSync(join(root, 'docs', 'README.md'), 'utf8')).toContain('(reference/kubernetes-rules.md)');
  });
});
