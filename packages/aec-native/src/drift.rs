//! Clock drift between the loudspeaker and the microphone: estimated from the adaptive filter,
//! compensated by resampling the far end before it reaches the filter.
//!
//! **Estimate.** When the two clocks differ by `ppm`, the echo path's delay moves by
//! `ppm * 1e-6` samples per sample, and a filter that keeps adapting follows it. Every
//! `drift_interval_s` the strongest partitions of the main filter are compared with a snapshot
//! of them from the interval before: for a pure delay change `d`, partition `W_p(k)` became
//! `W_p(k) exp(-i pi k d / B)`, so the phase slope of `W_p(k) conj(W'_p(k))` across bins gives `d`
//! (sub-sample, whatever the room's response looks like). An interval counts only when the
//! filter was adapting through most of it (no double talk freezing it, no path change, no
//! delay re-alignment) and the change looks like a delay (coherent phase slope): a talker, a
//! new room or a frozen filter does not read as drift.
//!
//! **Compensation.** Once the drift is clearly non-zero, the far end passes through a
//! [`FractionalDelay`] whose delay moves by the estimated drift per sample: the filter then sees
//! a still echo path and stays converged, also through double talk, when it must not adapt.
//! The drift is tracked in closed loop: what the filter still moves is the remaining error.
//! The line's delay stays within one block (`TAPS / 2 .. TAPS / 2 + B`); when it leaves it, one
//! whole block is handed to the bulk-delay offset exactly: one far block is not pushed into the
//! history (delay +B, offset -1) or two are (delay -B, offset +1), so every spectrum in the
//! history stays consistent and the filter's coefficients stay valid. The hand-over at
//! engagement is such a block (delay 0 -> B), so the canceller engages only with a bulk delay
//! of at least one block beyond the filter's pre-delay margin.
use crate::filter::Filter;
use crate::fractional_delay::{FractionalDelay, MIN_DELAY};
use crate::tuning::{blocks, Tuning};

/// Partitions of the main filter compared between snapshots (the strongest ones).
const SNAP: usize = 4;
/// Share of an interval's blocks in which the filter must have adapted.
const ADAPTING_SHARE: f32 = 0.75;
/// Coherence of the phase slope (0..1) for a change to count as a delay change.
const COHERENT: f32 = 0.5;
/// Highest bin used, relative to the Nyquist frequency (a fractional delay is ill-defined near
/// it, and little echo is there).
const TOP: f32 = 0.7;
/// Measurements needed before engaging.
const MIN_MEASUREMENTS: u32 = 4;

/// What the far end contributes to the history this block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference {
    /// Nothing (the resampled far end is a block behind: offset -1).
    Skip,
    /// One block, [`ClockDrift::block`]`(0)` (the usual case).
    One,
    /// Two blocks, `block(0)` then `block(1)` (offset +1).
    Two,
}

/// Drift estimator and compensator.
pub struct ClockDrift {
    b: usize,
    bins: usize,
    top_bin: usize,
    line: FractionalDelay,
    engaged: bool,
    out: [Vec<f32>; 2],
    /// The offset the core should have now (changes by itself are the drift's, others are not).
    expect_offset: Option<usize>,
    // Measurement interval.
    interval: u32,
    count: u32,
    adapting: u32,
    disrupted: bool,
    snap_re: Vec<f32>,
    snap_im: Vec<f32>,
    snap_parts: [usize; SNAP],
    has_snap: bool,
    part_e: Vec<f32>,
    // Estimate (delay change per sample).
    estimate: f64,
    spread: f64,
    measurements: u32,
    min_step: f64,
    max_step: f64,
}

impl ClockDrift {
    /// For blocks of `b` samples, spectra of `bins` bins, filters of `parts` partitions.
    pub fn new(t: &Tuning, rate: u32, b: usize, bins: usize, parts: usize) -> Self {
        ClockDrift {
            b,
            bins,
            top_bin: ((TOP * (bins - 1) as f32) as usize).clamp(2, bins),
            line: FractionalDelay::new(b, 2 * b + 2 * MIN_DELAY as usize),
            engaged: false,
            out: [vec![0.0; b], vec![0.0; b]],
            expect_offset: None,
            interval: blocks(t.drift_interval_s, rate, b).max(4),
            count: 0,
            adapting: 0,
            disrupted: true,
            snap_re: vec![0.0; SNAP * bins],
            snap_im: vec![0.0; SNAP * bins],
            snap_parts: [0; SNAP],
            has_snap: false,
            part_e: vec![0.0; parts],
            estimate: 0.0,
            spread: 0.0,
            measurements: 0,
            min_step: t.drift_min_ppm as f64 * 1e-6,
            max_step: t.drift_max_ppm as f64 * 1e-6,
        }
    }

    /// Forgets the estimate and goes back to passing the far end through.
    pub fn reset(&mut self) {
        self.line.reset(0.0);
        self.engaged = false;
        self.expect_offset = None;
        self.restart_interval();
        self.has_snap = false;
        self.estimate = 0.0;
        self.spread = 0.0;
        self.measurements = 0;
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.line.heap_bytes() + 4 * (2 * self.b + 2 * SNAP * self.bins + self.part_e.len())
    }

    /// The estimated drift in ppm (positive: the microphone's clock is faster), 0 until known.
    pub fn ppm(&self) -> f32 {
        let s = if self.engaged {
            self.line.step()
        } else {
            0.0
        };
        (s / (1.0 - s) * 1e6) as f32
    }

    /// Delay (samples) the compensation adds to the far end (0 until engaged).
    pub fn delay(&self) -> f32 {
        if self.engaged {
            self.line.delay() as f32
        } else {
            0.0
        }
    }

    /// Far block `i` of this block's [`Reference`].
    pub fn block(&self, i: usize) -> &[f32] {
        &self.out[i]
    }

    /// Takes the far end `x` (one block, as played) and says what enters the history, and by how
    /// many blocks the core's bulk-delay offset (`offset`, at most `max_offset`) moves.
    #[inline(always)]
    pub fn reference(&mut self, x: &[f32], offset: usize, max_offset: usize) -> (Reference, isize) {
        if self.expect_offset != Some(offset) {
            self.disrupt();
        }
        self.line.push(x);
        let b = self.b as f64;
        let (r, shift) = if !self.engaged {
            if self.wants_engage() && offset >= 1 {
                // Delay 0 -> B: this block is the one already in the history.
                self.engaged = true;
                self.line.set(b, self.estimate);
                (Reference::Skip, -1)
            } else {
                self.out[0].copy_from_slice(x);
                (Reference::One, 0)
            }
        } else {
            let d = self.line.delay();
            let step_b = self.line.step() * b;
            if d + step_b > MIN_DELAY + b + 1.0 && offset < max_offset {
                // One block ahead: this block and the next one, then the delay drops by B.
                self.line.read(0.0, &mut self.out[0]);
                self.line.read(b - step_b, &mut self.out[1]);
                // Two blocks of the resampled stream went by.
                self.line.advance();
                self.line.advance();
                self.line.shift_delay(-b);
                (Reference::Two, 1)
            } else if d + step_b < MIN_DELAY + 1.0 && offset >= 1 {
                // No block of the resampled stream went by.
                self.line.shift_delay(b);
                (Reference::Skip, -1)
            } else {
                self.line.read(0.0, &mut self.out[0]);
                self.line.advance();
                (Reference::One, 0)
            }
        };
        self.expect_offset = Some((offset as isize + shift) as usize);
        (r, shift)
    }

    /// Watches the main filter after a block. `adapting`: the main filter adapted on echo this
    /// block (far end active, converged, no double-talk freeze); `disrupted`: its coefficients
    /// jumped for another reason than drift (a path change).
    pub fn observe(&mut self, main: &Filter, offset: usize, adapting: bool, disrupted: bool) {
        if self.expect_offset != Some(offset) || disrupted {
            self.disrupt();
        }
        self.expect_offset = Some(offset);
        self.count += 1;
        self.adapting += adapting as u32;
        if self.count < self.interval {
            return;
        }
        let valid = self.has_snap
            && !self.disrupted
            && self.adapting as f32 >= ADAPTING_SHARE * self.interval as f32;
        if valid {
            if let Some(d) = self.delay_change(main) {
                self.update(d / (self.interval as usize * self.b) as f64);
            }
        }
        self.snapshot(main);
        self.restart_interval();
    }

    fn restart_interval(&mut self) {
        self.count = 0;
        self.adapting = 0;
        self.disrupted = false;
    }

    fn disrupt(&mut self) {
        self.disrupted = true;
        self.has_snap = false;
    }

    fn wants_engage(&self) -> bool {
        self.measurements >= MIN_MEASUREMENTS
            && self.estimate.abs() > self.min_step
            && self.estimate.abs() > 3.0 * self.spread / (self.measurements as f64).sqrt()
    }

    /// One measurement of the remaining delay change per sample.
    fn update(&mut self, residual: f64) {
        if residual.abs() > self.max_step {
            return;
        }
        self.measurements = self.measurements.saturating_add(1);
        let n = self.measurements.min(16) as f64;
        if self.engaged {
            // Closed loop: the filter still moving is the error of the compensation.
            let gain = if self.measurements <= 8 { 0.5 } else { 0.25 };
            let step = (self.line.step() + gain * residual).clamp(-self.max_step, self.max_step);
            self.line.set_step(step);
            self.estimate = step;
        } else {
            let dev = residual - self.estimate;
            self.estimate += dev / n;
            self.spread += ((dev * dev).sqrt() - self.spread) / n;
        }
    }

    /// Copies the strongest partitions of `main`.
    fn snapshot(&mut self, main: &Filter) {
        main.part_energy(&mut self.part_e);
        let mut picked = [usize::MAX; SNAP];
        for s in 0..SNAP {
            let mut best = (usize::MAX, 0.0f32);
            for (p, &e) in self.part_e.iter().enumerate() {
                if e > best.1 && !picked[..s].contains(&p) {
                    best = (p, e);
                }
            }
            picked[s] = best.0;
        }
        if picked[0] == usize::MAX {
            self.has_snap = false;
            return;
        }
        let k = self.bins;
        for (s, &p) in picked.iter().enumerate() {
            let (re, im) = (&mut self.snap_re[s * k..(s + 1) * k], &mut self.snap_im[s * k..(s + 1) * k]);
            if p == usize::MAX {
                re.fill(0.0);
                im.fill(0.0);
            } else {
                let (r, i) = main.part(p);
                re.copy_from_slice(r);
                im.copy_from_slice(i);
            }
        }
        self.snap_parts = picked;
        self.has_snap = true;
    }

    /// How far (samples, positive: later) the filter's response moved since the snapshot, if
    /// the change looks like a delay change.
    fn delay_change(&self, main: &Filter) -> Option<f64> {
        let k = self.bins;
        let (mut rr, mut ri, mut norm) = (0.0f64, 0.0f64, 0.0f64);
        for (s, &p) in self.snap_parts.iter().enumerate() {
            if p == usize::MAX {
                continue;
            }
            let (wr, wi) = main.part(p);
            let (sr, si) = (&self.snap_re[s * k..(s + 1) * k], &self.snap_im[s * k..(s + 1) * k]);
            // c(j) = W(j) conj(S(j)); accumulate c(j + 1) conj(c(j)).
            let c = |j: usize| {
                let (a, b, c, d) = (wr[j] as f64, wi[j] as f64, sr[j] as f64, si[j] as f64);
                (a * c + b * d, b * c - a * d)
            };
            let mut prev = c(0);
            for j in 1..self.top_bin {
                let cur = c(j);
                rr += cur.0 * prev.0 + cur.1 * prev.1;
                ri += cur.1 * prev.0 - cur.0 * prev.1;
                norm += (cur.0.hypot(cur.1)) * (prev.0.hypot(prev.1));
                prev = cur;
            }
        }
        if norm <= 0.0 || (rr.hypot(ri) / norm) < COHERENT as f64 {
            return None;
        }
        // Phase per bin is -pi d / B for a delay change d.
        Some(-ri.atan2(rr) * self.b as f64 / std::f64::consts::PI)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fft::{RealFft, Spectrum};

    /// A filter whose response is a small room (direct path + reflections) at `delay` samples
    /// into partition 1, band-limited (windowed sinc taps for the fractional delay).
    pub(super) fn room_filter(b: usize, parts: usize, delay: f64) -> Filter {
        let k = b + 1;
        let mut f = Filter::new(parts, k);
        let mut fft = RealFft::new(2 * b);
        let mut h = vec![0.0f32; parts * b];
        for (at, g) in [(0.0, 1.0), (17.3, -0.5), (61.0, 0.3), (140.7, 0.2)] {
            let c = b as f64 + delay + at;
            for (n, v) in h.iter_mut().enumerate() {
                let t = n as f64 - c;
                if t.abs() < 24.0 {
                    let pt = std::f64::consts::PI * 0.8 * t;
                    let s = if t == 0.0 { 0.8 } else { 0.8 * pt.sin() / pt };
                    let w = 0.5 + 0.5 * (std::f64::consts::PI * t / 24.0).cos();
                    *v += (g * s * w) as f32;
                }
            }
        }
        let mut t2 = vec![0.0f32; 2 * b];
        let mut s = Spectrum::new(k);
        for p in 0..parts {
            t2.fill(0.0);
            t2[..b].copy_from_slice(&h[p * b..(p + 1) * b]);
            fft.forward(&t2, &mut s);
            f.set_part(p, &s);
        }
        f
    }

    #[test]
    fn measures_a_delay_change() {
        let (b, parts) = (256, 6);
        let t = Tuning::default();
        let d = ClockDrift::new(&t, 24000, b, b + 1, parts);
        let mut d = d;
        let a = room_filter(b, parts, 40.0);
        d.snapshot(&a);
        for change in [-3.0, -0.4, 0.0, 0.25, 1.2, 5.0] {
            let m = d.delay_change(&room_filter(b, parts, 40.0 + change)).unwrap();
            assert!((m - change).abs() < 0.05, "{change}: measured {m}");
        }
    }

    /// Feeds filters that drift by `ppm` (open loop, not engaged) and returns the estimate.
    fn estimate_open_loop(ppm: f64) -> (f64, bool) {
        let (b, parts, rate) = (256, 6, 24000);
        let t = Tuning::default();
        let mut d = ClockDrift::new(&t, rate, b, b + 1, parts);
        d.expect_offset = Some(2);
        let per_block = ppm * 1e-6 * b as f64;
        for m in 0..200 {
            let f = room_filter(b, parts, 30.0 + per_block * m as f64);
            d.observe(&f, 2, true, false);
        }
        (d.estimate * 1e6, d.wants_engage())
    }

    #[test]
    fn recovers_a_known_drift() {
        for ppm in [-300.0, -200.0, -50.0, 50.0, 100.0, 300.0] {
            let (est, engage) = estimate_open_loop(ppm);
            assert!((est - ppm).abs() < 0.05 * ppm.abs(), "{ppm} ppm: estimated {est}");
            assert!(engage, "{ppm} ppm not engaged");
        }
        let (est, engage) = estimate_open_loop(0.0);
        assert!(est.abs() < 1.0 && !engage, "0 ppm: {est}, engage {engage}");
    }

    #[test]
    fn frozen_or_disrupted_filters_say_nothing() {
        let (b, parts) = (256, 6);
        let t = Tuning::default();
        let mut d = ClockDrift::new(&t, 24000, b, b + 1, parts);
        d.expect_offset = Some(2);
        for m in 0..200 {
            let f = room_filter(b, parts, 30.0 + m as f64 * 0.05);
            // Adapting only now and then (a talker freezing it), or a path change every interval.
            d.observe(&f, 2, m % 3 == 0, false);
        }
        assert_eq!(d.measurements, 0);
        for m in 0..200 {
            let f = room_filter(b, parts, 30.0 + m as f64 * 0.05);
            d.observe(&f, 2, true, m % 20 == 10);
        }
        assert_eq!(d.measurements, 0);
    }

    #[test]
    fn passes_through_until_engaged() {
        let (b, parts) = (256, 6);
        let mut d = ClockDrift::new(&Tuning::default(), 24000, b, b + 1, parts);
        let x: Vec<f32> = (0..b).map(|i| (i as f32 * 0.37).sin()).collect();
        for _ in 0..10 {
            assert_eq!(d.reference(&x, 3, 10), (Reference::One, 0));
            assert_eq!(d.block(0), &x[..]);
        }
        assert_eq!(d.delay(), 0.0);
    }

    /// Engaged with a known step: the far end handed over in blocks stays continuous, and the
    /// history plus the offset keep the filter's view of the echo path still.
    #[test]
    fn hands_whole_blocks_to_the_offset() {
        let (b, parts) = (64, 6);
        for ppm in [-3000.0f64, 3000.0] {
            let mut d = ClockDrift::new(&Tuning::default(), 24000, b, b + 1, parts);
            d.measurements = MIN_MEASUREMENTS;
            let step = ppm * 1e-6 / (1.0 + ppm * 1e-6);
            d.estimate = step;
            let mut offset = 15usize;
            let mut stream: Vec<f32> = Vec::new();
            let mut views = Vec::new();
            for m in 0..2000 {
                let x: Vec<f32> = (0..b).map(|i| ((m * b + i) as f32 * 0.01).sin()).collect();
                d.expect_offset = Some(offset);
                let (r, s) = d.reference(&x, offset, 30);
                offset = (offset as isize + s) as usize;
                let n = match r {
                    Reference::Skip => 0,
                    Reference::One => 1,
                    Reference::Two => 2,
                };
                for i in 0..n {
                    stream.extend_from_slice(d.block(i));
                }
                let t = ((m + 1) * b) as f64;
                // The compensation delay, seen on the history's time line, grows by the drift.
                let view = d.delay() as f64 + stream.len() as f64 - t - step * stream.len() as f64;
                // History length against the far end: the offset absorbs every hand-over.
                let hist = stream.len() as f64 - t - (offset * b) as f64;
                views.push((view, hist));
            }
            let (v0, h0) = views[10];
            for &(v, h) in &views[10..] {
                assert!((v - v0).abs() < 1e-3 && h == h0, "{ppm}: {v} vs {v0}, {h} vs {h0}");
            }
            assert!(offset.abs_diff(14) >= 5, "{ppm}: offset {offset}, too few hand-overs");
            // No seams: the stream is a smooth sinusoid everywhere.
            let jump = stream[b * 20..].windows(2).map(|w| (w[1] - w[0]).abs()).fold(0.0, f32::max);
            assert!(jump < 0.0102, "{ppm}: seam of {jump}");
        }
    }
}
