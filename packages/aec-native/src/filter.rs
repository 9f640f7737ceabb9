//! Partitioned-block frequency-domain adaptive filter (overlap-save, block = partition = B,
//! FFT size 2B). The far-end spectra live in a history ring; a filter reads its partitions at
//! a bulk-delay offset into that ring, so changing the delay is just moving the read offset.
use crate::fft::Spectrum;

/// Ring of the most recent far-end block spectra (age 0 = newest) and their powers.
pub struct FarHistory {
    cap: usize,
    bins: usize,
    re: Vec<f32>,
    im: Vec<f32>,
    pow: Vec<f32>,
    head: usize,
}

impl FarHistory {
    /// A zeroed history holding `cap` spectra of `bins` bins.
    pub fn new(cap: usize, bins: usize) -> Self {
        let n = cap * bins;
        FarHistory {
            cap,
            bins,
            re: vec![0.0; n],
            im: vec![0.0; n],
            pow: vec![0.0; n],
            head: 0,
        }
    }
    /// How many spectra the ring holds.
    pub fn capacity(&self) -> usize {
        self.cap
    }
    /// Zeroes the history.
    pub fn clear(&mut self) {
        self.re.fill(0.0);
        self.im.fill(0.0);
        self.pow.fill(0.0);
    }
    /// Appends the newest block spectrum.
    #[inline(always)]
    pub fn push(&mut self, s: &Spectrum) {
        self.head = (self.head + 1) % self.cap;
        let r = self.range(0);
        self.re[r.clone()].copy_from_slice(&s.re);
        self.im[r.clone()].copy_from_slice(&s.im);
        for ((p, a), b) in self.pow[r].iter_mut().zip(&s.re).zip(&s.im) {
            *p = a * a + b * b;
        }
    }
    #[inline(always)]
    fn range(&self, age: usize) -> std::ops::Range<usize> {
        debug_assert!(age < self.cap);
        // head < cap and age < cap: one conditional subtraction instead of a division.
        let slot = if self.head >= age {
            self.head - age
        } else {
            self.head + self.cap - age
        };
        slot * self.bins..(slot + 1) * self.bins
    }
    /// Real parts of the spectrum `age` blocks old.
    #[inline(always)]
    pub fn re(&self, age: usize) -> &[f32] {
        &self.re[self.range(age)]
    }
    /// Imaginary parts of the spectrum `age` blocks old.
    #[inline(always)]
    pub fn im(&self, age: usize) -> &[f32] {
        &self.im[self.range(age)]
    }
    /// Power `|X|^2` of the spectrum `age` blocks old.
    #[inline(always)]
    pub fn pow(&self, age: usize) -> &[f32] {
        &self.pow[self.range(age)]
    }
}

/// Frequency-domain coefficients of `parts` partitions.
#[derive(Clone)]
pub struct Filter {
    parts: usize,
    bins: usize,
    re: Vec<f32>,
    im: Vec<f32>,
}

impl Filter {
    /// A zero filter.
    pub fn new(parts: usize, bins: usize) -> Self {
        Filter {
            parts,
            bins,
            re: vec![0.0; parts * bins],
            im: vec![0.0; parts * bins],
        }
    }
    /// Number of partitions.
    pub fn parts(&self) -> usize {
        self.parts
    }
    /// Zeroes all coefficients.
    pub fn clear(&mut self) {
        self.re.fill(0.0);
        self.im.fill(0.0);
    }
    /// Copies the coefficients of a filter of the same shape.
    #[inline(always)]
    pub fn copy_from(&mut self, other: &Filter) {
        self.re.copy_from_slice(&other.re);
        self.im.copy_from_slice(&other.im);
    }
    /// Moves partition `p + s` to `p` (the bulk delay grew by `s` blocks), zero-filling.
    #[inline(always)]
    pub fn shift(&mut self, s: isize) {
        let b = self.bins;
        let n = self.parts as isize;
        if s.unsigned_abs() >= self.parts {
            self.clear();
            return;
        }
        let k = s.unsigned_abs() * b;
        if s > 0 {
            self.re.copy_within(k.., 0);
            self.im.copy_within(k.., 0);
            let len = self.re.len();
            self.re[len - k..].fill(0.0);
            self.im[len - k..].fill(0.0);
        } else if s < 0 {
            let len = ((n + s) as usize) * b;
            self.re.copy_within(..len, k);
            self.im.copy_within(..len, k);
            self.re[..k].fill(0.0);
            self.im[..k].fill(0.0);
        }
    }
    /// Copies partition `p` into `s`.
    #[inline(always)]
    pub fn get_part(&self, p: usize, s: &mut Spectrum) {
        let r = p * self.bins..(p + 1) * self.bins;
        s.re.copy_from_slice(&self.re[r.clone()]);
        s.im.copy_from_slice(&self.im[r]);
    }
    /// Overwrites partition `p` with `s`.
    #[inline(always)]
    pub fn set_part(&mut self, p: usize, s: &Spectrum) {
        let r = p * self.bins..(p + 1) * self.bins;
        self.re[r.clone()].copy_from_slice(&s.re);
        self.im[r].copy_from_slice(&s.im);
    }
    /// Real and imaginary coefficients of partition `p`.
    #[inline(always)]
    pub fn part(&self, p: usize) -> (&[f32], &[f32]) {
        let r = p * self.bins..(p + 1) * self.bins;
        (&self.re[r.clone()], &self.im[r])
    }
    /// Energy of each partition's coefficients, written into `out` (length `parts`).
    #[inline(always)]
    pub fn part_energy(&self, out: &mut [f32]) {
        for (p, o) in out.iter_mut().enumerate().take(self.parts) {
            let r = p * self.bins..(p + 1) * self.bins;
            *o = self.re[r.clone()]
                .iter()
                .zip(&self.im[r])
                .map(|(a, b)| a * a + b * b)
                .sum();
        }
    }

    /// `y = sum_p W_p X_{offset + p}` (overwrites `y`).
    #[inline(always)]
    pub fn apply(&self, h: &FarHistory, offset: usize, y: &mut Spectrum) {
        y.clear();
        let b = self.bins;
        for p in 0..self.parts {
            let (xr, xi) = (h.re(offset + p), h.im(offset + p));
            let wr = &self.re[p * b..(p + 1) * b];
            let wi = &self.im[p * b..(p + 1) * b];
            let (yr, yi) = (&mut y.re[..b], &mut y.im[..b]);
            for k in 0..b {
                yr[k] += xr[k] * wr[k] - xi[k] * wi[k];
                yi[k] += xr[k] * wi[k] + xi[k] * wr[k];
            }
        }
    }

    /// Gradient step `W_p += weight_p conj(X_{offset + p}) G` where `G` already holds step size
    /// and error.
    #[inline(always)]
    pub fn adapt(&mut self, h: &FarHistory, offset: usize, g: &Spectrum, weight: &[f32]) {
        let b = self.bins;
        let (gr, gi) = (&g.re[..b], &g.im[..b]);
        for (p, &w) in weight.iter().enumerate().take(self.parts) {
            let (xr, xi) = (h.re(offset + p), h.im(offset + p));
            let wr = &mut self.re[p * b..(p + 1) * b];
            for k in 0..b {
                wr[k] += w * (xr[k] * gr[k] + xi[k] * gi[k]);
            }
            let wi = &mut self.im[p * b..(p + 1) * b];
            for k in 0..b {
                wi[k] += w * (xr[k] * gi[k] - xi[k] * gr[k]);
            }
        }
    }
}

/// Proportionate step weights per partition (IPNLMS, Benesty and Gay 2002), mean 1: `alpha` -1
/// gives equal weights (plain NLMS); towards 1 each partition's step follows its share of the
/// filter's magnitude `sqrt(energy)`, so the partitions that hold the echo path (a room's
/// response is concentrated after the bulk delay) converge first. All-zero energies give equal
/// weights.
pub fn proportionate(energy: &[f32], alpha: f32, out: &mut [f32]) {
    let n = energy.len() as f32;
    let total: f32 = energy.iter().map(|e| e.sqrt()).sum();
    for (o, &e) in out.iter_mut().zip(energy) {
        let share = if total > 0.0 { n * e.sqrt() / total } else { 1.0 };
        *o = 0.5 * (1.0 - alpha) + 0.5 * (1.0 + alpha) * share;
    }
}

/// Per-bin far power over the span weighted like the proportionate step,
/// `sum_p weight_p |X_{offset + p}|^2` (the normaliser that keeps the weighted step stable).
#[inline(always)]
pub fn weighted_power(h: &FarHistory, offset: usize, weight: &[f32], out: &mut [f32]) {
    out.fill(0.0);
    for (p, &w) in weight.iter().enumerate() {
        for (o, &v) in out.iter_mut().zip(h.pow(offset + p)) {
            *o += w * v;
        }
    }
}

/// `ya = sum_p A_p X_{offset + p}` and `yb` likewise for `b`, in one pass over the history
/// (each far-end partition is loaded once for both filters).
#[inline(always)]
pub fn apply_pair(
    a: &Filter,
    b: &Filter,
    h: &FarHistory,
    offset: usize,
    ya: &mut Spectrum,
    yb: &mut Spectrum,
) {
    assert!(a.parts == b.parts && a.bins == b.bins);
    ya.clear();
    yb.clear();
    let n = a.bins;
    let (yar, yai) = (&mut ya.re[..n], &mut ya.im[..n]);
    let (ybr, ybi) = (&mut yb.re[..n], &mut yb.im[..n]);
    for p in 0..a.parts {
        let (xr, xi) = (&h.re(offset + p)[..n], &h.im(offset + p)[..n]);
        let r = p * n..(p + 1) * n;
        let (ar, ai) = (&a.re[r.clone()], &a.im[r.clone()]);
        let (br, bi) = (&b.re[r.clone()], &b.im[r]);
        for k in 0..n {
            let (x, y) = (xr[k], xi[k]);
            yar[k] += x * ar[k] - y * ai[k];
            yai[k] += x * ai[k] + y * ar[k];
            ybr[k] += x * br[k] - y * bi[k];
            ybi[k] += x * bi[k] + y * br[k];
        }
    }
}

/// Gradient steps `A_p += conj(X_{offset + p}) Ga` and `B_p += wb_p conj(X_{offset + p}) Gb`
/// (`wb`: the proportionate weights of `b`) in one pass over the history.
#[inline(always)]
pub fn adapt_pair(
    a: &mut Filter,
    b: &mut Filter,
    h: &FarHistory,
    offset: usize,
    ga: &Spectrum,
    gb: &Spectrum,
    wb: &[f32],
) {
    assert!(a.parts == b.parts && a.bins == b.bins);
    let n = a.bins;
    let (gar, gai) = (&ga.re[..n], &ga.im[..n]);
    let (gbr, gbi) = (&gb.re[..n], &gb.im[..n]);
    for (p, &w) in wb.iter().enumerate().take(a.parts) {
        let (xr, xi) = (&h.re(offset + p)[..n], &h.im(offset + p)[..n]);
        let r = p * n..(p + 1) * n;
        let (ar, ai) = (&mut a.re[r.clone()], &mut a.im[r.clone()]);
        let (br, bi) = (&mut b.re[r.clone()], &mut b.im[r]);
        for k in 0..n {
            let (x, y) = (xr[k], xi[k]);
            ar[k] += x * gar[k] + y * gai[k];
            ai[k] += x * gai[k] - y * gar[k];
            br[k] += w * (x * gbr[k] + y * gbi[k]);
            bi[k] += w * (x * gbi[k] - y * gbr[k]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportionate_weights_average_one_and_favour_the_echo_path() {
        let mut w = [0.0f32; 4];
        proportionate(&[0.0; 4], -0.5, &mut w);
        assert_eq!(w, [1.0; 4], "an empty filter: plain NLMS");
        proportionate(&[16.0, 4.0, 0.0, 0.0], -0.5, &mut w);
        assert!((w.iter().sum::<f32>() - 4.0).abs() < 1e-5, "{w:?}");
        assert!(w[0] > w[1] && w[1] > w[2] && w[2] == w[3] && w[3] > 0.0, "{w:?}");
        proportionate(&[16.0, 4.0, 0.0, 0.0], -1.0, &mut w);
        assert_eq!(w, [1.0; 4], "alpha -1: equal weights");
    }

    #[test]
    fn weighted_step_is_normalised_by_weighted_power() {
        let mut h = FarHistory::new(4, 2);
        for v in [1.0f32, 2.0, 3.0] {
            let mut s = Spectrum::new(2);
            s.re.fill(v);
            h.push(&s);
        }
        let mut out = [0.0f32; 2];
        weighted_power(&h, 0, &[2.0, 0.5], &mut out);
        // Ages 0 and 1 hold 3 and 2: 2 * 9 + 0.5 * 4.
        assert_eq!(out, [20.0, 20.0]);
        // A weighted step moves each partition by its weight.
        let mut f = Filter::new(2, 2);
        let mut g = Spectrum::new(2);
        g.re.fill(1.0);
        f.adapt(&h, 0, &g, &[2.0, 0.5]);
        let mut p = Spectrum::new(2);
        f.get_part(0, &mut p);
        assert_eq!(p.re[0], 6.0);
        f.get_part(1, &mut p);
        assert_eq!(p.re[0], 1.0);
    }
}
