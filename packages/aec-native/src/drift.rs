//! Clock drift between the loudspeaker and the microphone: estimated from how the echo's phase
//! moves, compensated by resampling the far end before it reaches the filter.
//!
//! **Estimate.** When the two clocks differ by `ppm`, the echo path's delay moves by
//! `ppm * 1e-6` samples per sample. That defeats the main filter (at 100 ppm the delay moves a
//! sample in 0.4 s, faster than it converges at the frequencies where a sample is a large
//! phase), so the estimate cannot wait for it: it watches the shadow filter, which adapts fast
//! and all the time and follows the moving echo at least where it is strong. Every
//! `drift_interval_s` its strongest partitions are compared with a snapshot of them from the
//! interval before: for a pure delay change `d`, a partition `W(k)` became
//! `W(k) exp(-i pi k d / B)`, so the phase slope across bins of `W(k) conj(W'(k))` gives `d` to a
//! fraction of a sample, whatever the room's response looks like. The drift is the movement
//! over leaky sums of time (`drift_memory_s`): consecutive changes telescope, so a filter that
//! wandered off (fitting a talker, re-converging) and came back costs nothing, and intervals
//! weigh by how much of the microphone the filter explains. An interval counts only when the
//! far end played through most of it, nothing re-aligned (bulk delay, path change), and the
//! change looks like a delay change (coherent phase slope).
//!
//! **Compensation.** Once the drift is clearly non-zero, the far end passes through a
//! [`FractionalDelay`] whose delay moves by the estimated drift per sample: the filter then sees
//! a still echo path, converges, and stays converged through double talk, when it must not adapt.
//! The drift is then tracked in closed loop: what the echo's phase still moves is the remaining
//! error. The line's delay stays within one block (`TAPS / 2 .. TAPS / 2 + B`); when it leaves
//! it, one whole block is handed to the bulk-delay offset exactly: one far block is not pushed
//! into the history (delay +B, offset -1) or two are (delay -B, offset +1), so every spectrum in
//! the history stays consistent and the filter's coefficients stay valid. The hand-over at
//! engagement is such a block (delay 0 -> B), so the canceller engages only with a bulk delay
//! of at least one block beyond the filter's pre-delay margin.
use crate::filter::Filter;
use crate::fractional_delay::{FractionalDelay, MIN_DELAY};
use crate::tuning::{blocks, Tuning};

/// Partitions of the filter compared between snapshots (the strongest ones).
const SNAP: usize = 4;
/// Share of an interval's blocks in which the filter must have adapted.
const ACTIVE_SHARE: f32 = 0.5;
/// Coherence of the phase slope (0..1) for a change to count as a delay change.
const COHERENT: f32 = 0.5;
/// Highest bin used, relative to the Nyquist frequency (a fractional delay is ill-defined near
/// it, and little echo is there).
const TOP: f32 = 0.7;
/// Measurements needed before engaging.
const MIN_MEASUREMENTS: u32 = 8;

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
    top_bin: usize,
    line: FractionalDelay,
    engaged: bool,
    out: [Vec<f32>; 2],
    /// The offset the core should have now (changes by itself are the drift's, others are not).
    expect_offset: Option<usize>,
    // Measurement interval: cross-spectrum of this interval and of the one before.
    interval: u32,
    count: u32,
    active: u32,
    mic: f64,
    error: f64,
    /// How far the compensation moved the far end's delay in this interval (samples).
    compensated: f64,
    disrupted: bool,
    parts: [usize; SNAP],
    part_e: Vec<f32>,
    cur_re: Vec<f64>,
    cur_im: Vec<f64>,
    prev_re: Vec<f64>,
    prev_im: Vec<f64>,
    has_prev: bool,
    // Estimate (delay change per sample).
    estimate: f64,
    spread: f64,
    moved: f64,
    time: f64,
    memory: f64,

    measurements: u32,
    min_step: f64,
    max_step: f64,
}

impl ClockDrift {
    /// For blocks of `b` samples and spectra of `bins` bins.
    pub fn new(t: &Tuning, rate: u32, b: usize, bins: usize, parts: usize) -> Self {
        let top_bin = ((TOP * (bins - 1) as f32) as usize).clamp(2, bins);
        let memory = (-t.drift_interval_s as f64 / t.drift_memory_s as f64).exp();
        ClockDrift {
            b,
            top_bin,
            line: FractionalDelay::new(b, 2 * b + 2 * MIN_DELAY as usize),
            engaged: false,
            out: [vec![0.0; b], vec![0.0; b]],
            expect_offset: None,
            interval: blocks(t.drift_interval_s, rate, b).max(4),
            count: 0,
            active: 0,
            mic: 0.0,
            error: 0.0,
            compensated: 0.0,
            disrupted: true,
            parts: [usize::MAX; SNAP],
            part_e: vec![0.0; parts],
            cur_re: vec![0.0; SNAP * top_bin],
            cur_im: vec![0.0; SNAP * top_bin],
            prev_re: vec![0.0; SNAP * top_bin],
            prev_im: vec![0.0; SNAP * top_bin],
            has_prev: false,
            estimate: 0.0,
            spread: 0.0,
            moved: 0.0,
            time: 0.0,
            memory,
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
        self.has_prev = false;
        self.estimate = 0.0;
        self.spread = 0.0;
        self.moved = 0.0;
        self.time = 0.0;

        self.measurements = 0;
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.line.heap_bytes() + 4 * 2 * self.b + 8 * 4 * self.top_bin
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

    /// Makes the estimator engage at the next block with `step` (tests of the hand-over).
    #[cfg(test)]
    pub(crate) fn force(&mut self, step: f64) {
        self.measurements = MIN_MEASUREMENTS;
        self.estimate = step;
        self.spread = 0.0;
        self.moved = step * 1e9;
        self.time = 1e9;
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
                // The filter's lag behind the moving echo shrinks once it is compensated: a
                // catch-up that is no drift. Start a new chain.
                self.disrupt();
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
                self.compensated += 2.0 * step_b;
                (Reference::Two, 1)
            } else if d + step_b < MIN_DELAY + 1.0 && offset >= 1 {
                // No block of the resampled stream went by.
                self.line.shift_delay(b);
                (Reference::Skip, -1)
            } else {
                self.line.read(0.0, &mut self.out[0]);
                self.line.advance();
                self.compensated += step_b;
                (Reference::One, 0)
            }
        };
        self.expect_offset = Some((offset as isize + shift) as usize);
        (r, shift)
    }

    /// Watches one block: `filter` the adaptive filter whose delay movement is measured,
    /// `offset` the core's bulk-delay offset, `adapting` whether the filter adapted on the far
    /// end this block; `disrupted`: its coefficients jumped for another reason than drift (a
    /// path change).
    /// `mic` and `error` are the energies of the microphone and of the filter's error this
    /// block: a filter that explains more of the echo follows its delay more closely, and its
    /// measurements weigh more (a talker, whom the filter cannot explain, weighs them down).
    #[allow(clippy::too_many_arguments)]
    pub fn observe(
        &mut self,
        filter: &Filter,
        offset: usize,
        adapting: bool,
        disrupted: bool,
        mic: f32,
        error: f32,
    ) {
        if self.expect_offset != Some(offset) || disrupted {
            self.disrupt();
        }
        self.expect_offset = Some(offset);
        self.count += 1;
        self.active += adapting as u32;
        if adapting {
            self.mic += mic as f64;
            self.error += error as f64;
        }
        if self.count < self.interval {
            return;
        }
        let enough = self.active as f32 >= ACTIVE_SHARE * self.interval as f32;
        if enough && !self.disrupted && self.has_prev {
            self.capture(filter, false);
            if let Some(d) = delay_change((&self.cur_re, &self.cur_im), (&self.prev_re, &self.prev_im), self.b, self.top_bin) {
                let explained = (1.0 - self.error / self.mic.max(1e-30)).clamp(0.0, 1.0);
                self.update(d, explained * explained);
            }
        }
        // The next interval compares with the strongest partitions now.
        self.capture(filter, true);
        self.restart_interval();
    }

    /// Copies partitions of `f` into `prev` (choosing the strongest ones) or, with the choice
    /// made then, into `cur`.
    fn capture(&mut self, f: &Filter, choose: bool) {
        let n = self.top_bin;
        if choose {
            f.part_energy(&mut self.part_e);
            for s in 0..SNAP {
                let mut best = (usize::MAX, 0.0f32);
                for (p, &e) in self.part_e.iter().enumerate() {
                    if e > best.1 && !self.parts[..s].contains(&p) {
                        best = (p, e);
                    }
                }
                self.parts[s] = best.0;
            }
            self.has_prev = self.parts[0] != usize::MAX;
        }
        let (re, im) = if choose {
            (&mut self.prev_re, &mut self.prev_im)
        } else {
            (&mut self.cur_re, &mut self.cur_im)
        };
        for (s, &p) in self.parts.iter().enumerate() {
            let (dr, di) = (&mut re[s * n..(s + 1) * n], &mut im[s * n..(s + 1) * n]);
            if p == usize::MAX {
                dr.fill(0.0);
                di.fill(0.0);
            } else {
                let (wr, wi) = f.part(p);
                for j in 0..n {
                    dr[j] = wr[j] as f64;
                    di[j] = wi[j] as f64;
                }
            }
        }
    }

    fn restart_interval(&mut self) {
        self.count = 0;
        self.active = 0;
        self.mic = 0.0;
        self.error = 0.0;
        self.compensated = 0.0;
        self.disrupted = false;
    }

    fn disrupt(&mut self) {
        self.disrupted = true;
        self.has_prev = false;
    }

    fn wants_engage(&self) -> bool {
        self.measurements >= MIN_MEASUREMENTS
            && self.estimate.abs() > self.min_step
            && self.estimate.abs() > 3.0 * self.spread / (self.measurements as f64).sqrt()
    }

    /// One measurement: the filter's view of the echo moved by `d` samples over the interval.
    fn update(&mut self, d: f64, weight: f64) {
        let t = (self.interval as usize * self.b) as f64;
        // The echo itself moved by that plus what the compensation moved in the meantime.
        let moved = d + self.compensated;
        let rate = moved / t;
        if rate.abs() > self.max_step {
            return;
        }
        self.measurements = self.measurements.saturating_add(1);
        // Leaky sums of movement and time, intervals weighed by how much of the microphone the
        // filter explains: consecutive delay changes telescope, so a filter that wandered off
        // (a talker, a slow re-convergence) and came back costs little.
        self.moved = self.memory * self.moved + weight * moved;
        self.time = self.memory * self.time + weight * t;
        self.estimate = self.moved / self.time;
        let n = self.measurements.min(16) as f64;
        self.spread += ((rate - self.estimate).abs() - self.spread) / n;
        if self.engaged {
            self.line.set_step(self.estimate.clamp(-self.max_step, self.max_step));
        }
    }
}

/// How far (samples, positive: later) the echo moved between the cross-spectra `prev` and `cur`
/// (bins `0..n` of spectra of `2 b` points), if they agree on a delay change.
fn delay_change(cur: (&[f64], &[f64]), prev: (&[f64], &[f64]), b: usize, seg: usize) -> Option<f64> {
    let (mut rr, mut ri, mut norm) = (0.0f64, 0.0f64, 0.0f64);
    // c(j) = cur(j) conj(prev(j)); accumulate c(j + 1) conj(c(j)).
    let c = |j: usize| {
        let (a, b, c, d) = (cur.0[j], cur.1[j], prev.0[j], prev.1[j]);
        (a * c + b * d, b * c - a * d)
    };
    let mut last = c(1);
    for j in 2..cur.0.len() {
        let now = c(j);
        if j % seg < 2 {
            // A new partition starts: bins 0 and 1 of it pair with nothing before.
            last = now;
            continue;
        }
        rr += now.0 * last.0 + now.1 * last.1;
        ri += now.1 * last.0 - now.0 * last.1;
        norm += now.0.hypot(now.1) * last.0.hypot(last.1);
        last = now;
    }
    if norm <= 0.0 || rr.hypot(ri) / norm < COHERENT as f64 {
        return None;
    }
    // The phase per bin is -pi d / B for a delay change d.
    Some(-ri.atan2(rr) * b as f64 / std::f64::consts::PI)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fft::{RealFft, Spectrum};

    /// Spectrum (2B points) of a small room's response (direct path and reflections,
    /// band-limited) starting `delay` samples into the frame.
    fn room(b: usize, delay: f64) -> Spectrum {
        let mut h = vec![0.0f32; 2 * b];
        for (at, g) in [(0.0, 1.0), (17.3, -0.5), (61.0, 0.3), (140.7, 0.2)] {
            for (n, v) in h.iter_mut().enumerate() {
                let t = n as f64 - delay - at;
                if t.abs() < 24.0 {
                    let pt = std::f64::consts::PI * 0.8 * t;
                    let s = if t == 0.0 { 0.8 } else { 0.8 * pt.sin() / pt };
                    *v += (g * s * (0.5 + 0.5 * (std::f64::consts::PI * t / 24.0).cos())) as f32;
                }
            }
        }
        let mut s = Spectrum::new(b + 1);
        RealFft::new(2 * b).forward(&h, &mut s);
        s
    }

    /// A filter of `parts` partitions with the room's response in partition 1.
    fn room_filter(b: usize, parts: usize, delay: f64) -> Filter {
        let mut f = Filter::new(parts, b + 1);
        f.set_part(1, &room(b, delay));
        f
    }

    #[test]
    fn measures_a_delay_change() {
        let (b, parts) = (256, 6);
        let mut d = ClockDrift::new(&Tuning::default(), 24000, b, b + 1, parts);
        d.capture(&room_filter(b, parts, 40.0), true);
        assert_eq!(d.parts[0], 1);
        for change in [-3.0, -0.4, 0.0, 0.25, 1.2, 5.0] {
            d.capture(&room_filter(b, parts, 40.0 + change), false);
            let m = delay_change((&d.cur_re, &d.cur_im), (&d.prev_re, &d.prev_im), b, d.top_bin);
            let m = m.unwrap();
            assert!((m - change).abs() < 0.05, "{change}: measured {m}");
        }
    }

    /// Feeds filters whose response drifts by `ppm` (not engaged: open loop) with some jitter,
    /// and returns the estimate (ppm) and whether it would engage.
    fn estimate_open_loop(ppm: f64) -> (f64, bool) {
        let (b, parts, rate) = (256, 6, 24000);
        let mut d = ClockDrift::new(&Tuning::default(), rate, b, b + 1, parts);
        let mut seed = 12345u32;
        for m in 0..800 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let jitter = (seed as f64 / 4294967296.0 - 0.5) * 0.5;
            let f = room_filter(b, parts, 200.0 + ppm * 1e-6 * (m * b) as f64 + jitter);
            d.observe(&f, 2, true, false, 1.0, 0.1);
        }
        (d.estimate * 1e6, d.wants_engage())
    }

    #[test]
    fn recovers_a_known_drift() {
        for ppm in [-300.0, -200.0, -50.0, 50.0, 100.0, 300.0] {
            let (est, engage) = estimate_open_loop(ppm);
            assert!((est - ppm).abs() < 0.05 * ppm.abs() + 2.0, "{ppm} ppm: estimated {est}");
            assert!(engage, "{ppm} ppm not engaged");
        }
        let (est, engage) = estimate_open_loop(0.0);
        assert!(est.abs() < 2.0 && !engage, "0 ppm: {est}, engage {engage}");
    }

    #[test]
    fn frozen_or_disrupted_filters_say_nothing() {
        let (b, parts) = (256, 6);
        let mut d = ClockDrift::new(&Tuning::default(), 24000, b, b + 1, parts);
        let mut offset = 2;
        for m in 0..3000 {
            let f = room_filter(b, parts, 100.0 + 0.05 * (m % 1000) as f64);
            match (m / 1000) % 3 {
                // Adapting only one block in three (a talker freezing it).
                0 => d.observe(&f, offset, m % 3 == 0, false, 1.0, 0.1),
                // A path change in every interval.
                1 => d.observe(&f, offset, true, m % 30 == 0, 1.0, 0.1),
                // The core re-aligns its bulk delay in every interval.
                _ => {
                    offset = 2 + (m / 30) % 2;
                    d.observe(&f, offset, true, false, 1.0, 0.1)
                }
            }
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
