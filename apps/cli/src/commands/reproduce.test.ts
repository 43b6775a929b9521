import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();

describe('softmax-ntk reproduce', () => {
  it('writes report.md, a self-contained report.html, report.json and SVG+PNG plots', async () => {
    const out = tmp.path('report');
    const r = await runCli(['reproduce', '--quick', '--only', 'claim-3.4,lemma-5.1', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.allHeld).toBe(true);
    for (const f of ['report.md', 'report.html', 'report.json']) expect(existsSync(join(out, f))).toBe(true);
    const plots = readdirSync(join(out, 'plots')).sort();
    expect(plots).toEqual(['lemma-5.1-kernel-perturbation.png', 'lemma-5.1-kernel-perturbation.svg']);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http/); // opens offline
    expect(html).toContain('claim-3.4');
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.checks.map((c: { id: string }) => c.id)).toEqual(['claim-3.4', 'lemma-5.1']);
    expect(json.checks[1].figures[0].png).toBe('plots/lemma-5.1-kernel-perturbation.png');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/\| \[lemma-5.1\]\(#lemma-51\) \| HELD \|/);
    // no temporary files left behind
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
