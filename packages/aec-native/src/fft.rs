//! Real-input FFT of a power-of-two size: a complex FFT of half the size plus a split step.
//! All tables and scratch are allocated once in `RealFft::new`; transforms never allocate.

/// A one-sided spectrum of a real signal of length `n`: `n / 2 + 1` bins, split real/imaginary.
#[derive(Clone, Debug)]
pub struct Spectrum {
    pub re: Vec<f32>,
    pub im: Vec<f32>,
}

impl Spectrum {
    /// A zeroed spectrum with `bins` bins.
    pub fn new(bins: usize) -> Self {
        Spectrum {
            re: vec![0.0; bins],
            im: vec![0.0; bins],
        }
    }
    /// Number of bins.
    pub fn bins(&self) -> usize {
        self.re.len()
    }
    /// Sets every bin to zero.
    pub fn clear(&mut self) {
        self.re.fill(0.0);
        self.im.fill(0.0);
    }
    /// Writes `|X(k)|^2` into `out`.
    #[inline(always)]
    pub fn power_into(&self, out: &mut [f32]) {
        for ((o, r), i) in out.iter_mut().zip(&self.re).zip(&self.im) {
            *o = r * r + i * i;
        }
    }
}

/// A planned real FFT of size `n` (a power of two, at least 4).
pub struct RealFft {
    n: usize,
    m: usize,
    rev: Vec<u32>,
    tw_re: Vec<f32>,
    tw_im: Vec<f32>,
    post_re: Vec<f32>,
    post_im: Vec<f32>,
    zr: Vec<f32>,
    zi: Vec<f32>,
    ev: Vec<f32>,
    od: Vec<f32>,
}

impl RealFft {
    /// Plans a transform of `n` real samples. Panics when `n` is not a power of two >= 4.
    pub fn new(n: usize) -> Self {
        assert!(
            n >= 4 && n.is_power_of_two(),
            "FFT size must be a power of two >= 4"
        );
        let m = n / 2;
        let bits = m.trailing_zeros();
        let rev = (0..m as u32)
            .map(|i| {
                if bits == 0 {
                    0
                } else {
                    i.reverse_bits() >> (32 - bits)
                }
            })
            .collect();
        // Stage twiddles, concatenated: for half-size h, w_j = exp(-2 pi i j / (2h)), j < h.
        let mut tw_re = Vec::with_capacity(m);
        let mut tw_im = Vec::with_capacity(m);
        let mut h = 1;
        while h < m {
            for j in 0..h {
                let a = -std::f64::consts::PI * j as f64 / h as f64;
                tw_re.push(a.cos() as f32);
                tw_im.push(a.sin() as f32);
            }
            h *= 2;
        }
        let (post_re, post_im) = (0..=m)
            .map(|k| {
                let a = -2.0 * std::f64::consts::PI * k as f64 / n as f64;
                (a.cos() as f32, a.sin() as f32)
            })
            .unzip();
        RealFft {
            n,
            m,
            rev,
            tw_re,
            tw_im,
            post_re,
            post_im,
            zr: vec![0.0; m],
            zi: vec![0.0; m],
            ev: vec![0.0; m],
            od: vec![0.0; m],
        }
    }

    /// Approximate heap bytes of the plan and its scratch.
    pub fn heap_bytes(&self) -> usize {
        4 * (self.rev.len() + self.tw_re.len() * 2 + self.post_re.len() * 2 + 4 * self.m)
    }

    /// Transform size in samples.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Always false: a plan has at least 4 samples.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Number of one-sided bins, `n / 2 + 1`.
    pub fn bins(&self) -> usize {
        self.m + 1
    }

    #[inline(always)]
    fn complex_forward(&mut self) {
        let m = self.m;
        let (zr, zi) = (&mut self.zr, &mut self.zi);
        // Radix-2 decimation in time. The first two stages (h = 1, 2) have trivial twiddles
        // (1 and -i) and run as one radix-4 pass over groups of four.
        if m >= 4 {
            for (r, i) in zr.chunks_exact_mut(4).zip(zi.chunks_exact_mut(4)) {
                let (b0r, b0i) = (r[0] + r[1], i[0] + i[1]);
                let (b1r, b1i) = (r[0] - r[1], i[0] - i[1]);
                let (b2r, b2i) = (r[2] + r[3], i[2] + i[3]);
                let (b3r, b3i) = (r[2] - r[3], i[2] - i[3]);
                r[0] = b0r + b2r;
                i[0] = b0i + b2i;
                r[2] = b0r - b2r;
                i[2] = b0i - b2i;
                // t = -i * b3
                r[1] = b1r + b3i;
                i[1] = b1i - b3r;
                r[3] = b1r - b3i;
                i[3] = b1i + b3r;
            }
        } else {
            for (r, i) in zr.chunks_exact_mut(2).zip(zi.chunks_exact_mut(2)) {
                let (ar, ai, br, bi) = (r[0], i[0], r[1], i[1]);
                r[0] = ar + br;
                i[0] = ai + bi;
                r[1] = ar - br;
                i[1] = ai - bi;
            }
        }
        // Remaining stages two at a time (h and 2h fused: half the passes over memory).
        let mut h = 4;
        while h < m {
            if 2 * h >= m {
                let twr = &self.tw_re[h - 1..2 * h - 1];
                let twi = &self.tw_im[h - 1..2 * h - 1];
                let mut start = 0;
                while start < m {
                    let (lo_r, hi_r) = zr[start..start + 2 * h].split_at_mut(h);
                    let (lo_i, hi_i) = zi[start..start + 2 * h].split_at_mut(h);
                    for j in 0..h {
                        let (wr, wi) = (twr[j], twi[j]);
                        let (br, bi) = (hi_r[j], hi_i[j]);
                        let tr = wr * br - wi * bi;
                        let ti = wr * bi + wi * br;
                        let (ar, ai) = (lo_r[j], lo_i[j]);
                        lo_r[j] = ar + tr;
                        lo_i[j] = ai + ti;
                        hi_r[j] = ar - tr;
                        hi_i[j] = ai - ti;
                    }
                    start += 2 * h;
                }
                break;
            }
            let (w1r, w1i) = (&self.tw_re[h - 1..2 * h - 1], &self.tw_im[h - 1..2 * h - 1]);
            let (w2r, w2i) = (
                &self.tw_re[2 * h - 1..3 * h - 1],
                &self.tw_im[2 * h - 1..3 * h - 1],
            );
            // Fixed sizes for the common stages let the compiler drop bounds checks and
            // vectorise the short inner loops.
            let (zr, zi) = (&mut zr[..], &mut zi[..]);
            match h {
                4 => radix4_stages::<4>(zr, zi, w1r, w1i, w2r, w2i),
                16 => radix4_stages::<16>(zr, zi, w1r, w1i, w2r, w2i),
                64 => radix4_stages::<64>(zr, zi, w1r, w1i, w2r, w2i),
                _ => radix4_stages_dyn(h, zr, zi, w1r, w1i, w2r, w2i),
            }
            h *= 4;
        }
    }

    /// Forward transform of `input` (length `n`) into `out` (`n / 2 + 1` bins). Unnormalised.
    #[inline(always)]
    pub fn forward(&mut self, input: &[f32], out: &mut Spectrum) {
        assert_eq!(input.len(), self.n);
        assert_eq!(out.bins(), self.m + 1);
        let m = self.m;
        // Pairs of samples as complex points: deinterleave, then gather in bit-reversed order
        // (the mask proves every index in range: no bounds checks in either loop).
        let mask = m - 1;
        let (er, od) = (&mut self.ev[..m], &mut self.od[..m]);
        for ((e, o), p) in er.iter_mut().zip(od.iter_mut()).zip(input.chunks_exact(2)) {
            *e = p[0];
            *o = p[1];
        }
        for ((zr, zi), &r) in self.zr.iter_mut().zip(self.zi.iter_mut()).zip(&self.rev) {
            let r = r as usize & mask;
            *zr = er[r];
            *zi = od[r];
        }
        self.complex_forward();
        let (zr, zi) = (&self.zr, &self.zi);
        out.re[0] = zr[0] + zi[0];
        out.im[0] = 0.0;
        out.re[m] = zr[0] - zi[0];
        out.im[m] = 0.0;
        // Bins k and m - k come from the same pair Z[k], Z[m - k]: with E the even and O the
        // odd part, X[k] = E + W^k O and X[m - k] = conj(E - W^k O).
        let (ore, oim) = (&mut out.re[..=m], &mut out.im[..=m]);
        let (pr, pi) = (&self.post_re[..=m], &self.post_im[..=m]);
        let (zr, zi) = (&zr[..m], &zi[..m]);
        for k in 1..=m / 2 {
            let j = m - k;
            let (ar, ai) = (zr[k], zi[k]);
            let (br, bi) = (zr[j], -zi[j]); // conj(Z[m-k])
            let (er, ei) = (0.5 * (ar + br), 0.5 * (ai + bi));
            // odd part: (Z[k] - conj(Z[m-k])) / 2i
            let (dr, di) = (0.5 * (ar - br), 0.5 * (ai - bi));
            let (or, oi) = (di, -dr);
            let (wr, wi) = (pr[k], pi[k]);
            let (tr, ti) = (wr * or - wi * oi, wr * oi + wi * or);
            ore[k] = er + tr;
            oim[k] = ei + ti;
            ore[j] = er - tr;
            oim[j] = -(ei - ti);
        }
    }

    /// Inverse transform of `spec` into `out` (length `n`), scaled so `inverse(forward(x)) == x`.
    #[inline(always)]
    pub fn inverse(&mut self, spec: &Spectrum, out: &mut [f32]) {
        assert_eq!(out.len(), self.n);
        assert_eq!(spec.bins(), self.m + 1);
        let m = self.m;
        // Build Z[k] = Fe[k] + i Fo[k], conjugated so the forward kernel computes the inverse.
        // Z[m - k] = conj(Fe) + i conj(Fo) reuses the pair's Fe, Fo (k = 0 pairs with bin m).
        let (xr, xim) = (&spec.re[..=m], &spec.im[..=m]);
        let (pr, pi) = (&self.post_re[..=m], &self.post_im[..=m]);
        let rev = &self.rev[..m];
        let (zr, zi) = (&mut self.zr[..m], &mut self.zi[..m]);
        for k in 0..=m / 2 {
            let (ar, ai) = (xr[k], xim[k]);
            let (br, bi) = (xr[m - k], -xim[m - k]); // conj(X[m-k])
            let (er, ei) = (0.5 * (ar + br), 0.5 * (ai + bi));
            let (dr, di) = (0.5 * (ar - br), 0.5 * (ai - bi));
            // Fo = D * conj(W^k)
            let (wr, wi) = (pr[k], -pi[k]);
            let (or, oi) = (dr * wr - di * wi, dr * wi + di * wr);
            // Z = Fe + i Fo, conjugated so the forward kernel computes the inverse.
            let r = rev[k] as usize & (m - 1);
            zr[r] = er - oi;
            zi[r] = -(ei + or);
            if k > 0 && k < m - k {
                // conj(Fe) + i conj(Fo) = (er + oi) + i(or - ei)
                let r = rev[m - k] as usize & (m - 1);
                zr[r] = er + oi;
                zi[r] = -(or - ei);
            }
        }
        self.complex_forward();
        let s = 1.0 / m as f32;
        for ((p, &zr), &zi) in out.chunks_exact_mut(2).zip(&self.zr).zip(&self.zi) {
            p[0] = zr * s;
            p[1] = -zi * s;
        }
    }
}

/// Two fused radix-2 stages (half-sizes `H` and `2H`) over every group of `4H` points.
#[inline(always)]
fn radix4_stages<const H: usize>(
    zr: &mut [f32],
    zi: &mut [f32],
    w1r: &[f32],
    w1i: &[f32],
    w2r: &[f32],
    w2i: &[f32],
) {
    let (w1r, w1i): (&[f32; H], &[f32; H]) = (w1r.try_into().unwrap(), w1i.try_into().unwrap());
    let (w2r, w2i): (&[f32; H], &[f32; H]) = (w2r.try_into().unwrap(), w2i.try_into().unwrap());
    for (r, i) in zr.chunks_exact_mut(4 * H).zip(zi.chunks_exact_mut(4 * H)) {
        radix4_group(H, r, i, w1r, w1i, w2r, w2i);
    }
}

/// `radix4_stages` for a run-time half-size.
#[inline(always)]
fn radix4_stages_dyn(
    h: usize,
    zr: &mut [f32],
    zi: &mut [f32],
    w1r: &[f32],
    w1i: &[f32],
    w2r: &[f32],
    w2i: &[f32],
) {
    for (r, i) in zr.chunks_exact_mut(4 * h).zip(zi.chunks_exact_mut(4 * h)) {
        radix4_group(h, r, i, w1r, w1i, w2r, w2i);
    }
}

#[inline(always)]
fn radix4_group(
    h: usize,
    r: &mut [f32],
    i: &mut [f32],
    w1r: &[f32],
    w1i: &[f32],
    w2r: &[f32],
    w2i: &[f32],
) {
    let (r01, r23) = r.split_at_mut(2 * h);
    let (i01, i23) = i.split_at_mut(2 * h);
    let (r0, r1) = r01.split_at_mut(h);
    let (r2, r3) = r23.split_at_mut(h);
    let (i0, i1) = i01.split_at_mut(h);
    let (i2, i3) = i23.split_at_mut(h);
    let (w1r, w1i, w2r, w2i) = (&w1r[..h], &w1i[..h], &w2r[..h], &w2i[..h]);
    for j in 0..h {
        let (ar, ai) = (w1r[j], w1i[j]);
        let (t1r, t1i) = (ar * r1[j] - ai * i1[j], ar * i1[j] + ai * r1[j]);
        let (y0r, y0i, y1r, y1i) = (r0[j] + t1r, i0[j] + t1i, r0[j] - t1r, i0[j] - t1i);
        let (t3r, t3i) = (ar * r3[j] - ai * i3[j], ar * i3[j] + ai * r3[j]);
        let (y2r, y2i, y3r, y3i) = (r2[j] + t3r, i2[j] + t3i, r2[j] - t3r, i2[j] - t3i);
        let (br, bi) = (w2r[j], w2i[j]);
        let (ur, ui) = (br * y2r - bi * y2i, br * y2i + bi * y2r);
        let (vr, vi) = (br * y3r - bi * y3i, br * y3i + bi * y3r);
        // w_{4h}^{j+h} = -i w_{4h}^j
        let (vr, vi) = (vi, -vr);
        r0[j] = y0r + ur;
        i0[j] = y0i + ui;
        r2[j] = y0r - ur;
        i2[j] = y0i - ui;
        r1[j] = y1r + vr;
        i1[j] = y1i + vi;
        r3[j] = y1r - vr;
        i3[j] = y1i - vi;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dft(x: &[f32]) -> (Vec<f64>, Vec<f64>) {
        let n = x.len();
        (0..=n / 2)
            .map(|k| {
                let (mut r, mut i) = (0.0f64, 0.0f64);
                for (t, &v) in x.iter().enumerate() {
                    let a = -2.0 * std::f64::consts::PI * (k * t % n) as f64 / n as f64;
                    r += v as f64 * a.cos();
                    i += v as f64 * a.sin();
                }
                (r, i)
            })
            .unzip()
    }

    fn noise(n: usize, seed: u64) -> Vec<f32> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
            })
            .collect()
    }

    #[test]
    fn forward_matches_direct_dft() {
        for &n in &[4usize, 8, 16, 64, 256, 512, 1024] {
            let x = noise(n, n as u64);
            let mut f = RealFft::new(n);
            let mut s = Spectrum::new(f.bins());
            f.forward(&x, &mut s);
            let (r, i) = dft(&x);
            let scale = (n as f64).sqrt();
            for k in 0..=n / 2 {
                assert!(
                    (s.re[k] as f64 - r[k]).abs() < 1e-4 * scale,
                    "n={n} k={k} re"
                );
                assert!(
                    (s.im[k] as f64 - i[k]).abs() < 1e-4 * scale,
                    "n={n} k={k} im"
                );
            }
        }
    }

    #[test]
    fn inverse_round_trips() {
        for &n in &[4usize, 32, 512, 2048] {
            let x = noise(n, 7 + n as u64);
            let mut f = RealFft::new(n);
            let mut s = Spectrum::new(f.bins());
            f.forward(&x, &mut s);
            let mut y = vec![0.0; n];
            f.inverse(&s, &mut y);
            for (a, b) in x.iter().zip(&y) {
                assert!((a - b).abs() < 1e-5, "n={n}");
            }
        }
    }

    #[test]
    fn inverse_matches_direct_idft_of_arbitrary_spectrum() {
        let n = 64;
        let mut f = RealFft::new(n);
        let mut s = Spectrum::new(f.bins());
        let v = noise(2 * (n / 2 + 1), 3);
        for k in 0..=n / 2 {
            s.re[k] = v[2 * k];
            s.im[k] = if k == 0 || k == n / 2 {
                0.0
            } else {
                v[2 * k + 1]
            };
        }
        let mut y = vec![0.0; n];
        f.inverse(&s, &mut y);
        for (t, &yt) in y.iter().enumerate() {
            let mut acc = 0.0f64;
            for k in 0..n {
                let (re, im) = if k <= n / 2 {
                    (s.re[k], s.im[k])
                } else {
                    (s.re[n - k], -s.im[n - k])
                };
                let a = 2.0 * std::f64::consts::PI * (k * t % n) as f64 / n as f64;
                acc += re as f64 * a.cos() - im as f64 * a.sin();
            }
            assert!((yt as f64 - acc / n as f64).abs() < 1e-5);
        }
    }
}
