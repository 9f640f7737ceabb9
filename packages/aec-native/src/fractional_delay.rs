//! A time-varying fractional delay line: the far end read `delay` samples in the past, the
//! delay moving by a constant `step` per output sample. That is resampling by the ratio
//! `1 / (1 - step)`: with the step set to a clock drift (`ppm / (1e6 + ppm)`), the far end comes
//! out at the microphone's clock. The interpolator is a Kaiser-windowed sinc of [`TAPS`] taps
//! held as a polyphase table of [`PHASES`] phases, linearly interpolated between phases (error
//! below -60 dB up to 0.4 of the sample rate). A whole-sample delay reads the input exactly.

/// Interpolator length (taps); the delay never goes below half of it.
pub const TAPS: usize = 32;
/// Polyphase table resolution (phases per sample).
const PHASES: usize = 64;
/// Samples per cross-faded sub-block in [`FractionalDelay::read`].
const SUB: usize = 32;
/// Kaiser window shape.
const BETA: f64 = 8.0;
/// Interpolator cutoff, relative to the Nyquist frequency.
const CUTOFF: f64 = 0.96;

/// Smallest delay the line can produce: the interpolator's half-length.
pub const MIN_DELAY: f64 = (TAPS / 2) as f64;

/// Zeroth-order modified Bessel function (power series), for the Kaiser window.
fn bessel_i0(x: f64) -> f64 {
    let (mut sum, mut term) = (1.0f64, 1.0f64);
    for k in 1..64 {
        term *= (x / (2.0 * k as f64)).powi(2);
        sum += term;
        if term < 1e-17 * sum {
            break;
        }
    }
    sum
}

/// The delay line state.
pub struct FractionalDelay {
    block: usize,
    /// `PHASES + 1` rows of `TAPS` coefficients; row `p` delays by `p / PHASES` of a sample.
    table: Vec<f32>,
    /// The most recent input samples, newest last.
    buf: Vec<f32>,
    delay: f64,
    step: f64,
}

impl FractionalDelay {
    /// A line for blocks of `block` samples that can delay by up to `max_delay` samples.
    pub fn new(block: usize, max_delay: usize) -> Self {
        let half = (TAPS / 2) as f64;
        let mut table = vec![0.0f32; (PHASES + 1) * TAPS];
        for p in 0..=PHASES {
            let mu = p as f64 / PHASES as f64;
            for j in 0..TAPS {
                // Tap j multiplies the sample (TAPS/2 - 1 - j) after the integer read position;
                // t is that sample's distance from the wanted (fractional) position.
                let t = (half - 1.0 - j as f64) + mu;
                let w = {
                    let r = t / half;
                    if r.abs() >= 1.0 {
                        0.0
                    } else {
                        bessel_i0(BETA * (1.0 - r * r).sqrt()) / bessel_i0(BETA)
                    }
                };
                let x = std::f64::consts::PI * CUTOFF * t;
                let sinc = if t == 0.0 { 1.0 } else { x.sin() / x };
                table[p * TAPS + j] = (CUTOFF * sinc * w) as f32;
            }
        }
        // Whole-sample delays read the sample itself: exact, whatever the window did.
        for p in [0, PHASES] {
            let row = &mut table[p * TAPS..(p + 1) * TAPS];
            row.fill(0.0);
            row[if p == 0 { TAPS / 2 - 1 } else { TAPS / 2 }] = 1.0;
        }
        FractionalDelay {
            block,
            table,
            buf: vec![0.0; max_delay + block + TAPS + 1],
            delay: MIN_DELAY,
            step: 0.0,
        }
    }

    /// Forgets the input and goes back to `delay` (at least [`MIN_DELAY`]) with step 0.
    pub fn reset(&mut self, delay: f64) {
        self.buf.fill(0.0);
        self.delay = delay.max(MIN_DELAY);
        self.step = 0.0;
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        4 * (self.table.len() + self.buf.len())
    }

    /// The delay (samples) of the next output sample.
    pub fn delay(&self) -> f64 {
        self.delay
    }

    /// The largest delay the line can produce for a whole block.
    pub fn max_delay(&self) -> f64 {
        (self.buf.len() - self.block - TAPS) as f64
    }

    /// Sets the delay (kept within the line's range) and the step; the input is kept.
    pub fn set(&mut self, delay: f64, step: f64) {
        self.delay = delay.clamp(MIN_DELAY, self.max_delay());
        self.step = step;
    }

    /// Moves the delay by `by` samples (kept within the line's range).
    pub fn shift_delay(&mut self, by: f64) {
        self.delay = (self.delay + by).clamp(MIN_DELAY, self.max_delay());
    }

    /// The delay change per output sample.
    pub fn set_step(&mut self, step: f64) {
        self.step = step;
    }

    /// The delay change per output sample.
    pub fn step(&self) -> f64 {
        self.step
    }

    /// Appends one block of input (`block` samples).
    #[inline(always)]
    pub fn push(&mut self, x: &[f32]) {
        let n = self.buf.len();
        self.buf.copy_within(x.len().., 0);
        self.buf[n - x.len()..].copy_from_slice(x);
    }

    /// One block of output read `extra` samples earlier than the line's delay (a negative
    /// `extra` reads later), without advancing: the delay of sample `i` is
    /// `delay - extra + i * step`, clamped to the line's range. Runs in sub-blocks of [`SUB`]
    /// samples, each a cross-fade between fixed fractional delays at its two ends (vectorisable
    /// FIRs; the delay moves by under 0.01 sample per sub-block at 300 ppm, so the cross-fade is
    /// exact to about -80 dB). A whole-sample delay reads the input exactly.
    #[inline(always)]
    pub fn read(&self, extra: f64, out: &mut [f32]) {
        let (lo, hi) = (MIN_DELAY, self.max_delay());
        let newest = self.buf.len() - self.block;
        let mut ya = [0.0f32; SUB];
        let mut yb = [0.0f32; SUB];
        for (c, o) in out.chunks_mut(SUB).enumerate() {
            let i0 = c * SUB;
            let da = (self.delay - extra + i0 as f64 * self.step).clamp(lo, hi);
            let db = (self.delay - extra + (i0 + SUB) as f64 * self.step).clamp(lo, hi);
            let n = o.len();
            self.fixed(newest + i0, da, &mut ya[..n]);
            if db == da {
                o.copy_from_slice(&ya[..n]);
                continue;
            }
            self.fixed(newest + i0, db, &mut yb[..n]);
            let w = 1.0 / SUB as f32;
            for (k, v) in o.iter_mut().enumerate() {
                *v = ya[k] + (k as f32 * w) * (yb[k] - ya[k]);
            }
        }
    }

    /// `out[i]` = the input `delay` samples before buffer position `at + i`.
    #[inline(always)]
    fn fixed(&self, at: usize, delay: f64, out: &mut [f32]) {
        let pos = at as f64 - delay;
        let base = pos.floor();
        let frac = pos - base;
        let base = base as usize;
        let ph = frac * PHASES as f64;
        let p = (ph as usize).min(PHASES - 1);
        let a = (ph - p as f64) as f32;
        if p == 0 && a == 0.0 {
            out.copy_from_slice(&self.buf[base..base + out.len()]);
            return;
        }
        // Row `p` weighs the samples `base + 1 - TAPS/2 ..= base + TAPS/2` for `frac = p / PHASES`.
        let mut h = [0.0f32; TAPS];
        let (r0, r1) = (&self.table[p * TAPS..(p + 1) * TAPS], &self.table[(p + 1) * TAPS..(p + 2) * TAPS]);
        for j in 0..TAPS {
            h[j] = r0[j] + a * (r1[j] - r0[j]);
        }
        out.fill(0.0);
        let start = base + 1 - TAPS / 2;
        for (j, &hj) in h.iter().enumerate() {
            let x = &self.buf[start + j..start + j + out.len()];
            for (o, &v) in out.iter_mut().zip(x) {
                *o += hj * v;
            }
        }
    }

    /// Advances the delay by one block of steps.
    #[inline(always)]
    pub fn advance(&mut self) {
        let by = self.step * self.block as f64;
        self.delay = (self.delay + by).clamp(MIN_DELAY, self.max_delay());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A band-limited test signal (sum of sines up to 0.4 of the rate), evaluated at time `t`.
    fn signal(t: f64) -> f64 {
        let f = [0.013, 0.051, 0.097, 0.143, 0.201, 0.257, 0.311, 0.37, 0.4];
        f.iter()
            .enumerate()
            .map(|(k, &f)| (0.1 + 0.02 * k as f64) * (2.0 * std::f64::consts::PI * f * t + k as f64).sin())
            .sum()
    }

    fn snr_db(want: &[f64], got: &[f32]) -> f64 {
        let (mut s, mut e) = (0.0, 0.0);
        for (w, g) in want.iter().zip(got) {
            s += w * w;
            e += (w - *g as f64).powi(2);
        }
        10.0 * (s / e.max(1e-30)).log10()
    }

    #[test]
    fn whole_sample_delay_is_exact() {
        let b = 256;
        let mut fd = FractionalDelay::new(b, 2 * b);
        fd.reset(20.0);
        let x: Vec<f32> = (0..8 * b).map(|i| signal(i as f64) as f32).collect();
        let mut out = vec![0.0; b];
        for m in 0..8 {
            fd.push(&x[m * b..(m + 1) * b]);
            fd.read(0.0, &mut out);
            fd.advance();
            if m > 0 {
                for i in 0..b {
                    assert_eq!(out[i], x[m * b + i - 20], "block {m} sample {i}");
                }
            }
        }
    }

    /// Drift of `ppm` (capture clock fast when positive): output sample n must be the input at
    /// time `n / (1 + ppm 1e-6) - d0`, i.e. a delay growing by `ppm / (1e6 + ppm)` per sample.
    fn drift_error_db(ppm: f64, b: usize) -> f64 {
        let r = 1.0 + ppm * 1e-6;
        let step = 1.0 - 1.0 / r;
        let d0 = 100.0;
        let mut fd = FractionalDelay::new(b, 4 * b);
        fd.reset(d0);
        fd.set_step(step);
        let blocks = 400;
        let (mut want, mut got) = (Vec::new(), Vec::new());
        let mut out = vec![0.0; b];
        for m in 0..blocks {
            let x: Vec<f32> = (0..b).map(|i| signal((m * b + i) as f64) as f32).collect();
            fd.push(&x);
            fd.read(0.0, &mut out);
            fd.advance();
            if m >= 2 {
                for (i, &o) in out.iter().enumerate() {
                    let n = (m * b + i) as f64;
                    want.push(signal(n / r - d0));
                    got.push(o);
                }
            }
        }
        snr_db(&want, &got)
    }

    #[test]
    fn follows_drift_accurately() {
        for ppm in [-300.0, -200.0, -50.0, 50.0, 100.0, 300.0] {
            let snr = drift_error_db(ppm, 256);
            assert!(snr > 60.0, "{ppm} ppm: {snr:.1} dB");
        }
    }

    #[test]
    fn zero_step_fractional_delay_is_accurate() {
        let b = 128;
        let mut fd = FractionalDelay::new(b, 2 * b);
        fd.reset(37.25);
        let mut out = vec![0.0; b];
        let (mut want, mut got) = (Vec::new(), Vec::new());
        for m in 0..50 {
            let x: Vec<f32> = (0..b).map(|i| signal((m * b + i) as f64) as f32).collect();
            fd.push(&x);
            fd.read(0.0, &mut out);
            fd.advance();
            if m >= 2 {
                for (i, &o) in out.iter().enumerate() {
                    want.push(signal((m * b + i) as f64 - 37.25));
                    got.push(o);
                }
            }
        }
        assert!(snr_db(&want, &got) > 60.0);
    }

    #[test]
    fn read_extra_is_one_block_later() {
        let b = 64;
        let mut fd = FractionalDelay::new(b, 4 * b);
        fd.reset(2.0 * b as f64);
        let x: Vec<f32> = (0..4 * b).map(|i| i as f32).collect();
        for m in 0..4 {
            fd.push(&x[m * b..(m + 1) * b]);
        }
        let mut out = vec![0.0; b];
        fd.read(b as f64, &mut out);
        assert_eq!(out[0], (3 * b - b) as f32);
        assert_eq!(fd.delay(), 2.0 * b as f64);
    }
}
