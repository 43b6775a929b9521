import { checkClaim34 } from './claim34';
import { checkLemmaD3 } from './lemmaD3';
import { checkLemma51 } from './lemma51';

describe('checks at quick sizes', () => {
  it('Claim 3.4 holds, with float64-level agreement', async () => {
    const r = await checkClaim34({ quick: true });
    expect(r.status).toBe('held');
    expect(r.measured['Claim 3.4 (literal) vs Definition 3.3']).toBeLessThan(1e-12);
  });
  it('Lemma D.3 holds', async () => {
    const r = await checkLemmaD3({ quick: true });
    console.log(r.measured);
    expect(r.holds).toBe(true);
  });
  it('Lemma 5.1: kernel perturbation is linear in R', async () => {
    const r = await checkLemma51({ quick: true });
    console.log(r.measured, r.table, r.seconds);
    expect(r.holds).toBe(true);
  });
});
