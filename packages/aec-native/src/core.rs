//! The block processor: the far-end history and the two adaptive filters, and the order in
//! which the parts run each block. The parts live in their own modules: far-end power
//! (`far_power`), double talk (`double_talk`), main/shadow arbitration (`arbitration`), path
//! change (`path_change`), step size (`step_size`), residual echo (`residual_echo`),
//! suppression (`suppressor`) and bulk delay (`delay`).
use crate::arbitration::{Arbitration, Comparison};
use crate::dc_block::DcBlock;
use crate::delay::DelayEstimator;
use crate::double_talk::{DoubleTalk, Holds};
use crate::drift::{ClockDrift, Reference};
use crate::far_power::FarPower;
use crate::fft::{RealFft, Spectrum};
use crate::filter::{adapt_pair, apply_pair, proportionate, weighted_power, FarHistory, Filter};
use crate::path_change::PathChange;
use crate::residual_echo::{Coherence, Leakage};
use crate::step_size::{converged_step, LearningStep};
use crate::suppressor::Suppressor;
use crate::tuning::{blocks, per_block, power, Tuning};

/// Blocks of pre-delay margin kept in front of the estimated bulk delay.
const MARGIN: usize = 3;
/// Corner of the output's DC blocker while echo may be present (see `dc_block`): the lower
/// edge of the audio band.
const DC_CORNER_HZ: f32 = 20.0;
/// How long after the far end stops the output's DC blocker stays on (the room's tail).
const DC_HOLD_S: f32 = 0.5;
/// Fade time of the output's DC blocker in and out.
const DC_FADE_S: f32 = 0.05;
/// Overestimation of the learnt coupling before convergence.
const LEARN_OVER: f32 = 30.0;
/// Normalised step of the shadow filter (fast NLMS).
const SHADOW_STEP: f32 = 0.5;

/// The thresholds the block processor itself uses, as linear ratios and block counts.
struct Limits {
    echo_only: f32,
    loud: f32,
    over_dt: f32,
    over_echo: f32,
    over_after_talker: f32,
    flat: f32,
    converged: f32,
    converged_blocks: u32,
}

impl Limits {
    fn new(t: &Tuning, rate: u32, block: usize) -> Self {
        Limits {
            echo_only: t.echo_only_correlation,
            loud: power(t.misadjusted_loud_db),
            over_dt: power(t.over_double_talk_db),
            over_echo: power(t.over_echo_only_db),
            over_after_talker: power(t.over_after_talker_db),
            flat: power(t.distortion_flat_db),
            converged: power(t.converged_db),
            converged_blocks: blocks(t.converged_s, rate, block),
        }
    }
}

/// Live figures about the canceller.
#[derive(Clone, Copy, Debug, Default)]
pub struct CoreStats {
    /// Echo return loss enhancement (mic / output) over recent far-end activity, dB.
    pub erle_db: f32,
    /// Same, of the linear filter alone.
    pub erle_linear_db: f32,
    /// Bulk delay estimate in milliseconds (NaN until established).
    pub delay_ms: f32,
    /// Near-end speech detected while the far end is active.
    pub double_talk: bool,
    /// The linear filter has converged at least once.
    pub converged: bool,
    /// Residual-echo leakage estimate (0..1).
    pub leak: f32,
    /// How much of the error is coherent with the far end (0..1): unmodelled echo.
    pub coherence: f32,
    /// Estimated clock drift of the microphone against the far end (ppm; 0 while not compensated).
    pub drift_ppm: f32,
}

/// The canceller working on blocks of `block` samples.
pub struct Core {
    isa: crate::cpu::Isa,
    limits: Limits,
    rate: u32,
    b: usize,
    k: usize,
    parts: usize,
    fft: RealFft,
    win: Vec<f32>,
    hist: FarHistory,
    delay: DelayEstimator,
    offset: usize,
    main: Filter,
    shadow: Filter,
    // The parts.
    far: FarPower,
    dt: DoubleTalk,
    arb: Arbitration,
    path: PathChange,
    learning: LearningStep,
    leakage: Leakage,
    coherence: Coherence,
    sup: Suppressor,
    drift: ClockDrift,
    // Scratch: time signals of this block (and the previous one for the windowed spectra).
    t2: Vec<f32>,
    x_prev: Vec<f32>,
    e_prev: Vec<f32>,
    y_prev: Vec<f32>,
    y_m: Vec<f32>,
    y_s: Vec<f32>,
    e_m: Vec<f32>,
    e_s: Vec<f32>,
    ola: Vec<f32>,
    // Scratch: spectra.
    s1: Spectrum,
    ym: Spectrum,
    ys: Spectrum,
    g: Spectrum,
    gs: Spectrum,
    em: Spectrum,
    ew: Spectrum,
    x2_inv: Vec<f32>,
    dw_pow: Vec<f32>,
    ew_pow: Vec<f32>,
    yw_pow: Vec<f32>,
    echo_pow: Vec<f32>,
    part_e: Vec<f32>,
    /// The shadow's proportionate step weights per partition, its IPNLMS `alpha`, scratch for
    /// its partition energies, and its normaliser (far power weighted alike, inverted).
    shadow_weight: Vec<f32>,
    shadow_alpha: f32,
    shadow_part_e: Vec<f32>,
    shadow_inv: Vec<f32>,
    /// The learning step's misalignment leakage (share of the learnt coupling per block).
    misalignment_leak: f32,
    mic_smooth: Vec<f32>,
    coupling: Vec<f32>,
    coupling_rise: f32,
    /// Blocks since the bulk delay offset last moved, and how many it must hold still before the
    /// learnt coupling is trusted (an early lock on a wrong lag must not open the suppressor).
    offset_age: u32,
    offset_settle: u32,
    // Filter state and bookkeeping.
    constrain_next: usize,
    converged: bool,
    conv_blocks: u32,
    poor_blocks: u32,
    poor_limit: u32,
    blocks: u32,
    /// DC/subsonic removal on the output while echo may be present, its state and its output.
    dc: DcBlock,
    dc_hp: Vec<f32>,
    dc_mix: f32,
    dc_step: f32,
    dc_hold: u32,
    dc_hold_blocks: u32,
    // Statistics.
    s_mic: f32,
    s_out: f32,
    s_lin: f32,
    double_talk: bool,
    dt_hold: u32,
}

/// Spectrum of `win * [prev, cur]`.
#[inline(always)]
fn window_fft(
    fft: &mut RealFft,
    win: &[f32],
    t2: &mut [f32],
    prev: &[f32],
    cur: &[f32],
    out: &mut Spectrum,
) {
    let b = prev.len();
    for i in 0..b {
        t2[i] = prev[i] * win[i];
        t2[b + i] = cur[i] * win[b + i];
    }
    fft.forward(t2, out);
}

#[inline(always)]
pub(crate) fn energy(x: &[f32]) -> f32 {
    dot(x, x)
}

/// Sum of products with eight independent accumulators (lets the compiler vectorise).
#[inline(always)]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for l in 0..8 {
            acc[l] += x[l] * y[l];
        }
    }
    let tail: f32 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f32>() + tail
}

/// Plain sum with eight accumulators.
#[inline(always)]
pub(crate) fn sum(a: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let c = a.chunks_exact(8);
    let r: f32 = c.remainder().iter().sum();
    for x in c {
        for l in 0..8 {
            acc[l] += x[l];
        }
    }
    acc.iter().sum::<f32>() + r
}

impl Core {
    /// A canceller for `rate` Hz, blocks of `b` samples (power of two), a linear filter covering
    /// `tail_ms`, and delays up to `max_delay_ms`.
    pub fn new(rate: u32, b: usize, tail_ms: u32, max_delay_ms: u32) -> Self {
        Self::with_tuning(rate, b, tail_ms, max_delay_ms, &Tuning::default())
    }

    /// [`Core::new`] with other thresholds.
    pub fn with_tuning(rate: u32, b: usize, tail_ms: u32, max_delay_ms: u32, t: &Tuning) -> Self {
        let k = b + 1;
        let blocks = |ms: u32| (ms as usize * rate as usize).div_ceil(1000 * b);
        let parts = blocks(tail_ms).max(1) + MARGIN + 1;
        let max_lag = blocks(max_delay_ms) + MARGIN;
        let win = (0..2 * b)
            .map(|i| (std::f32::consts::PI * i as f32 / (2 * b) as f32).sin())
            .collect();
        // Residual echo decays about 60 dB per 250 ms between the filter's updates.
        let decay = 10f32.powf(-60.0 * (b as f32 / rate as f32) / 0.25 / 10.0);
        Core {
            isa: crate::cpu::Isa::detect(),
            limits: Limits::new(t, rate, b),
            rate,
            b,
            k,
            parts,
            fft: RealFft::new(2 * b),
            win,
            hist: FarHistory::new(max_lag + parts + 1, k),
            delay: DelayEstimator::new(max_lag, k, rate, b),
            offset: 0,
            main: Filter::new(parts, k),
            shadow: Filter::new(parts, k),
            far: FarPower::new(k),
            dt: DoubleTalk::new(Holds::new(t, rate, b)),
            arb: Arbitration::new(),
            path: PathChange::new(t, rate, b),
            learning: LearningStep::new(k, per_block(t.misalignment_rise_db_per_s, rate, b)),
            leakage: Leakage::new(k, power(t.leak_min_db)),
            coherence: Coherence::new(k),
            sup: Suppressor::new(k, decay),
            drift: ClockDrift::new(t, rate, b, k, parts),
            t2: vec![0.0; 2 * b],
            x_prev: vec![0.0; b],
            e_prev: vec![0.0; b],
            y_prev: vec![0.0; b],
            y_m: vec![0.0; b],
            y_s: vec![0.0; b],
            e_m: vec![0.0; b],
            e_s: vec![0.0; b],
            ola: vec![0.0; b],
            s1: Spectrum::new(k),
            ym: Spectrum::new(k),
            ys: Spectrum::new(k),
            g: Spectrum::new(k),
            gs: Spectrum::new(k),
            em: Spectrum::new(k),
            ew: Spectrum::new(k),
            x2_inv: vec![0.0; k],
            dw_pow: vec![0.0; k],
            ew_pow: vec![0.0; k],
            yw_pow: vec![0.0; k],
            echo_pow: vec![0.0; k],
            part_e: vec![0.0; parts],
            shadow_weight: vec![1.0; parts],
            shadow_alpha: t.shadow_proportionate_alpha,
            shadow_part_e: vec![0.0; parts],
            shadow_inv: vec![0.0; k],
            misalignment_leak: t.misalignment_leak,
            mic_smooth: vec![0.0; k],
            coupling: vec![f32::MAX; k],
            coupling_rise: per_block(3.0, rate, b),
            offset_age: 0,
            offset_settle: crate::tuning::blocks(t.delay_settle_s, rate, b),
            constrain_next: 0,
            converged: false,
            conv_blocks: 0,
            poor_blocks: 0,
            poor_limit: (3 * rate as usize / b) as u32,
            blocks: 0,
            dc: DcBlock::new(rate, DC_CORNER_HZ),
            dc_hp: vec![0.0; b],
            dc_mix: 0.0,
            dc_step: 1.0 / (DC_FADE_S * rate as f32),
            dc_hold: 0,
            dc_hold_blocks: crate::tuning::blocks(DC_HOLD_S, rate, b),
            s_mic: 0.0,
            s_out: 0.0,
            s_lin: 0.0,
            double_talk: false,
            dt_hold: 0,
        }
    }

    /// The instruction set in use.
    pub fn isa(&self) -> crate::cpu::Isa {
        self.isa
    }

    /// Chooses the instruction set (for comparisons); an unsupported one falls back to baseline.
    pub fn set_isa(&mut self, isa: crate::cpu::Isa) {
        let best = crate::cpu::Isa::detect();
        self.isa = if isa == best {
            isa
        } else {
            crate::cpu::Isa::Baseline
        };
    }

    /// Approximate heap bytes: far-end history, filters, delay estimator and per-bin state.
    pub fn heap_bytes(&self) -> usize {
        let (k, parts) = (self.k, self.parts);
        let history = 3 * 4 * self.hist.capacity() * k;
        let filters = 2 * 2 * 4 * parts * k;
        let per_bin = 40 * 4 * k + 8 * k + 4 * self.b;
        history + filters + per_bin + self.delay.heap_bytes() + self.fft.heap_bytes()
            + self.drift.heap_bytes()
    }

    /// Block size in samples.
    pub fn block(&self) -> usize {
        self.b
    }

    /// Number of filter partitions.
    pub fn parts(&self) -> usize {
        self.parts
    }

    /// Back to the initial state.
    pub fn reset(&mut self) {
        self.hist.clear();
        self.delay.reset();
        self.offset = 0;
        self.main.clear();
        self.shadow.clear();
        self.far.reset();
        self.dt.reset();
        self.arb.reset();
        self.path.reset();
        self.learning.reset();
        self.leakage.reset();
        self.coherence.reset();
        self.sup.reset();
        self.drift.reset();
        for v in [
            &mut self.x_prev,
            &mut self.e_prev,
            &mut self.y_prev,
            &mut self.ola,
        ] {
            v.fill(0.0);
        }
        self.part_e.fill(0.0);
        self.shadow_weight.fill(1.0);
        self.mic_smooth.fill(0.0);
        self.coupling.fill(f32::MAX);
        self.offset_age = 0;
        self.converged = false;
        self.conv_blocks = 0;
        self.poor_blocks = 0;
        self.blocks = 0;
        self.dc.reset();
        self.dc_mix = 0.0;
        self.dc_hold = 0;
        self.s_mic = 0.0;
        self.s_out = 0.0;
        self.s_lin = 0.0;
        self.double_talk = false;
        self.dt_hold = 0;
    }

    /// Current statistics.
    pub fn stats(&self) -> CoreStats {
        let db = |a: f32, b: f32| {
            if a > 0.0 {
                10.0 * ((a + 1e-20) / (b + 1e-20)).log10()
            } else {
                0.0
            }
        };
        let mut best = 0usize;
        let mut best_e = -1.0f32;
        for (p, &e) in self.part_e.iter().enumerate() {
            if e > best_e {
                best_e = e;
                best = p;
            }
        }
        let delay_ms = if self.delay.estimate().is_some() || self.converged {
            (((self.offset + best) * self.b) as f32 + self.drift.delay()) * 1000.0 / self.rate as f32
        } else {
            f32::NAN
        };
        CoreStats {
            erle_db: db(self.s_mic, self.s_out),
            erle_linear_db: db(self.s_mic, self.s_lin),
            delay_ms,
            double_talk: self.double_talk,
            converged: self.converged,
            leak: self.leakage.leak(),
            coherence: self.coherence.average(),
            drift_ppm: self.drift.ppm(),
        }
    }

    #[inline(always)]
    /// The bulk delay is known and its offset has held still long enough to learn against.
    fn delay_settled(&self) -> bool {
        self.delay.estimate().is_some() && self.offset_age >= self.offset_settle
    }

    fn set_offset(&mut self, new: usize) {
        let s = new as isize - self.offset as isize;
        if s != 0 {
            self.main.shift(s);
            self.shadow.shift(s);
            self.offset = new;
            self.offset_age = 0;
            // A coupling learnt against the old alignment says nothing about the new one.
            if !self.converged {
                self.coupling.fill(f32::MAX);
            }
        }
    }

    /// `out = last half of IFFT(y)`.
    #[inline(always)]
    fn time_tail(&mut self, y_is_main: bool) {
        let b = self.b;
        let y = if y_is_main { &self.ym } else { &self.ys };
        self.fft.inverse(y, &mut self.t2);
        let dst = if y_is_main {
            &mut self.y_m
        } else {
            &mut self.y_s
        };
        dst.copy_from_slice(&self.t2[b..]);
    }

    /// FFT of `[0, e]` into `self.s1`.
    #[inline(always)]
    fn err_spectrum(&mut self, main: bool) {
        let b = self.b;
        self.t2[..b].fill(0.0);
        let e = if main { &self.e_m } else { &self.e_s };
        self.t2[b..].copy_from_slice(e);
        self.fft.forward(&self.t2, &mut self.s1);
    }

    /// Re-imposes the linear-convolution constraint on one partition of `f`.
    #[inline(always)]
    fn constrain(fft: &mut RealFft, t2: &mut [f32], s: &mut Spectrum, f: &mut Filter, p: usize) {
        let b = t2.len() / 2;
        f.get_part(p, s);
        fft.inverse(s, t2);
        t2[b..].fill(0.0);
        fft.forward(t2, s);
        f.set_part(p, s);
    }

    /// Processes one block: `d` microphone, `x` far end (as played), `out` cleaned microphone
    /// (delayed by one block by the overlap-add synthesis).
    pub fn process(&mut self, d: &[f32], x: &[f32], out: &mut [f32]) {
        crate::cpu::process(self.isa, self, d, x, out);
        self.remove_dc(out);
    }

    /// While the far end plays (and its echo's tail after) and no talker is heard, the output
    /// loses its DC and subsonic content: a microphone's offset, and the slow offset a loudspeaker's asymmetric
    /// distortion adds under loud music (it follows the music's envelope, not its waveform), are
    /// in no far-end bin, so neither the filter nor the learnt coupling predicts them, and speech
    /// has nothing there. Without a far end the output is the microphone's, untouched; the
    /// blocker fades in and out and runs all the time, so switching it makes no step.
    fn remove_dc(&mut self, out: &mut [f32]) {
        let mut hp = std::mem::take(&mut self.dc_hp);
        self.dc.run(out, &mut hp);
        let target = if self.dc_hold > 0 { 1.0 } else { 0.0 };
        let mut mix = self.dc_mix;
        if mix == target {
            if target > 0.0 {
                out.copy_from_slice(&hp);
            }
        } else {
            let step = if target > mix {
                self.dc_step
            } else {
                -self.dc_step
            };
            for (o, &h) in out.iter_mut().zip(&hp) {
                mix = (mix + step).clamp(0.0, 1.0);
                *o += mix * (h - *o);
            }
        }
        self.dc_mix = mix;
        self.dc_hp = hp;
    }

    /// The body of [`Core::process`], inlined into each instruction-set variant.
    #[inline(always)]
    pub(crate) fn process_block(&mut self, d: &[f32], x: &[f32], out: &mut [f32]) {
        let (b, k, parts) = (self.b, self.k, self.parts);
        // Far end into the history (at the microphone's clock: usually one block, none or two
        // when the drift compensation hands a block to the offset), and its power over the
        // filter's span.
        let max_offset = self.hist.capacity() - parts - 1;
        let (blocks, shift) = self.drift.reference(x, self.offset, max_offset);
        if shift != 0 {
            self.offset = self.offset.saturating_add_signed(shift);
            self.delay.shift(shift);
        }
        let n = match blocks {
            Reference::Skip => 0,
            Reference::One => 1,
            Reference::Two => 2,
        };
        for j in 0..n {
            self.t2[..b].copy_from_slice(&self.x_prev);
            self.t2[b..].copy_from_slice(self.drift.block(j));
            self.fft.forward(&self.t2, &mut self.s1);
            self.hist.push(&self.s1);
            self.x_prev.copy_from_slice(self.drift.block(j));
        }
        self.far.update(&self.hist, self.offset, parts);
        let x2_tot = sum(self.far.span());
        let x2_mean = x2_tot / k as f32;
        let far_active = x2_mean > parts as f32 * (2 * b) as f32 * 1e-8;
        self.dc_hold = if far_active {
            self.dc_hold_blocks
        } else {
            self.dc_hold.saturating_sub(1)
        };
        let reg = 1e-2 * x2_mean + parts as f32 * (2 * b) as f32 * 1e-10;

        // Both filters.
        apply_pair(
            &self.main,
            &self.shadow,
            &self.hist,
            self.offset,
            &mut self.ym,
            &mut self.ys,
        );
        self.time_tail(true);
        self.time_tail(false);
        for i in 0..b {
            self.e_m[i] = d[i] - self.y_m[i];
            self.e_s[i] = d[i] - self.y_s[i];
        }

        let verdict = self.dt.update(
            d,
            &self.y_m,
            &self.e_m,
            x2_tot,
            far_active,
            self.delay.estimate().is_some(),
            self.converged,
            self.coherence.average(),
        );
        let xi = self.dt.xi();

        // Main/shadow arbitration and path change.
        let cmp = Comparison::of(&self.e_m, &self.e_s, energy(&self.e_m), energy(&self.e_s));
        self.arb.observe(&cmp, far_active);
        let path_change =
            self.path
                .update(cmp.main, cmp.shadow, energy(d), far_active, self.converged);
        if path_change {
            // Adopt the shadow at once and fall back to learning mode until the filter settles.
            self.converged = false;
            self.conv_blocks = 0;
        }
        // The shadow keeps adapting through double talk (it must, to see path changes), so it
        // fits the talker there: no copy within the adaptation hold after a talker, and before
        // convergence none while the learning detector is on.
        let copy_ok = path_change
            || !verdict.talk_recent
                && (!self.converged && !verdict.learning_talker
                    || xi >= self.limits.echo_only
                    || self.poor_blocks > self.poor_limit / 6
                    || self.arb.shadow_wins() > self.poor_limit / 12);
        if path_change || copy_ok && self.arb.shadow_better(&cmp) {
            self.main.copy_from(&self.shadow);
            self.e_m.copy_from_slice(&self.e_s);
            self.y_m.copy_from_slice(&self.y_s);
            std::mem::swap(&mut self.ym, &mut self.ys);
            self.ys.re.copy_from_slice(&self.ym.re);
            self.ys.im.copy_from_slice(&self.ym.im);
            self.arb.copied();
        } else if self.arb.shadow_diverged(&cmp) {
            self.shadow.copy_from(&self.main);
            self.e_s.copy_from_slice(&self.e_m);
            self.arb.copied();
        }
        let sff = energy(&self.e_m);
        let syy = energy(&self.y_m);
        let sdd = energy(d);

        // Windowed spectra of error and echo estimate (for leakage and suppression).
        window_fft(
            &mut self.fft,
            &self.win,
            &mut self.t2,
            &self.e_prev,
            &self.e_m,
            &mut self.ew,
        );
        self.ew.power_into(&mut self.ew_pow);
        window_fft(
            &mut self.fft,
            &self.win,
            &mut self.t2,
            &self.y_prev,
            &self.y_m,
            &mut self.s1,
        );
        self.s1.power_into(&mut self.yw_pow);
        // The microphone's windowed spectrum is their sum (e + y = d): no extra transform.
        for i in 0..k {
            let (r, m) = (self.ew.re[i] + self.s1.re[i], self.ew.im[i] + self.s1.im[i]);
            self.dw_pow[i] = r * r + m * m;
        }

        // Before convergence: the echo coupling (mic over far-end envelope, per bin) as the
        // minimum of its recent values (a talker only adds mic power), rising by 3 dB/s. Learnt
        // only once the bulk delay is known: before that the envelope is not aligned with the
        // echo, and a far-end onset whose echo has not arrived yet reads as a near-zero coupling.
        if !self.converged && far_active {
            let learn = self.delay_settled();
            let env = self.far.envelope();
            for i in 0..k {
                self.mic_smooth[i] += 0.3 * (self.dw_pow[i] - self.mic_smooth[i]);
                if learn {
                    let ratio = self.mic_smooth[i] / (env[i] + 1e-12);
                    self.coupling[i] = (self.coupling[i] * self.coupling_rise).min(ratio);
                }
            }
        }
        // Residual echo: leakage, and coherence of the error with the far end at the echo's
        // main lag.
        let block_s = b as f32 / self.rate as f32;
        self.leakage.update(
            &self.ew_pow,
            &self.yw_pow,
            block_s,
            2.0 * block_s,
            syy,
            sff,
            far_active && !verdict.freeze_main,
        );
        self.err_spectrum(true);
        self.em.re.copy_from_slice(&self.s1.re);
        self.em.im.copy_from_slice(&self.s1.im);
        {
            let mut peak = 0usize;
            let mut pe = -1.0f32;
            for (p, &e) in self.part_e.iter().enumerate() {
                if e > pe {
                    pe = e;
                    peak = p;
                }
            }
            let age = (self.offset + peak).min(self.hist.capacity() - 1);
            let (xr, xim, xp) = (self.hist.re(age), self.hist.im(age), self.hist.pow(age));
            self.coherence
                .update(xr, xim, xp, &self.s1.re, &self.s1.im, far_active);
        }

        if far_active {
            // Shadow filter: fast proportionate NLMS, normalised by the far power weighted like
            // its step.
            self.err_spectrum(false);
            for (v, &x) in self.x2_inv.iter_mut().zip(self.far.span()) {
                *v = 1.0 / (x + reg);
            }
            weighted_power(&self.hist, self.offset, &self.shadow_weight, &mut self.shadow_inv);
            for v in self.shadow_inv.iter_mut() {
                *v = 1.0 / (*v + reg);
            }
            for (((g, h), (&r, &i)), &v) in self
                .gs
                .re
                .iter_mut()
                .zip(self.gs.im.iter_mut())
                .zip(self.s1.re.iter().zip(&self.s1.im))
                .zip(&self.shadow_inv)
            {
                let m = SHADOW_STEP * v;
                *g = m * r;
                *h = m * i;
            }

            // Main filter: the step per bin (see `step_size`).
            let leak = self.leakage.leak();
            let sey = dot(&self.e_m, &self.y_m);
            let mut rer = (3.0 * leak * syy) / (sff + 1e-12);
            let lo = sey * sey / (1e-12 + sff * syy);
            rer = rer.max(lo).min(0.5);
            std::mem::swap(&mut self.s1, &mut self.em);
            if verdict.freeze_main {
                // The main filter is frozen: only the shadow moves.
                self.shadow
                    .adapt(&self.hist, self.offset, &self.gs, &self.shadow_weight);
            } else {
                let (ewp, ywp, inv) = (&self.ew_pow[..k], &self.yw_pow[..k], &self.x2_inv[..k]);
                let (sr, si) = (&self.s1.re[..k], &self.s1.im[..k]);
                let (gr, gi) = (&mut self.g.re[..k], &mut self.g.im[..k]);
                let x2 = &self.far.span()[..k];
                let np = parts as f32;
                let (lam, coupling) = (self.misalignment_leak, &self.coupling[..k]);
                for i in 0..k {
                    let m = if self.converged {
                        converged_step(leak, ywp[i], ewp[i], rer, inv[i])
                    } else {
                        let e2 = sr[i] * sr[i] + si[i] * si[i];
                        self.learning
                            .step(i, e2, x2[i] + reg, np, lam * coupling[i].min(1.0))
                    };
                    gr[i] = m * sr[i];
                    gi[i] = m * si[i];
                }
                adapt_pair(
                    &mut self.main,
                    &mut self.shadow,
                    &self.hist,
                    self.offset,
                    &self.g,
                    &self.gs,
                    &self.shadow_weight,
                );
            }

            // Keep the filters' impulse responses causal and B long, one partition per block.
            // (alternating between the filters: each partition of each filter every 2P blocks).
            let p = self.constrain_next;
            self.constrain_next = (p + 1) % (2 * parts);
            let f = if p < parts {
                &mut self.main
            } else {
                &mut self.shadow
            };
            Self::constrain(&mut self.fft, &mut self.t2, &mut self.s1, f, p % parts);
        }

        // Convergence bookkeeping: the linear filter removes 15 dB or more for a while.
        if far_active {
            let a = 0.05;
            self.s_mic += a * (sdd - self.s_mic);
            self.s_lin += a * (sff - self.s_lin);
            // The filter explains little of the microphone: counts towards re-aligning the delay.
            if xi < 0.3 {
                self.poor_blocks += 1;
            } else {
                self.poor_blocks = self.poor_blocks.saturating_sub(2);
            }
            if self.s_mic > self.limits.converged * self.s_lin && syy > 0.1 * sdd {
                self.conv_blocks += 1;
                if self.conv_blocks > self.limits.converged_blocks {
                    self.converged = true;
                }
            }
            // The shadow keeps beating the main filter: the echo path changed. Back to learning
            // mode, where suppression does not trust the linear filter.
            if self.converged && self.arb.shadow_wins() > self.poor_limit / 6 {
                self.converged = false;
                self.conv_blocks = 0;
            }
        }

        // Overestimate hard while the microphone is all echo; gently when a talker may be present.
        let echo_only = if self.converged {
            ((xi - (self.limits.echo_only - 0.07)) / 0.06).clamp(0.0, 1.0)
        } else {
            1.0
        };
        // A mic that lost its correlation with the echo estimate but is no louder than it: the
        // filter is misadjusted (a talker would add power), so keep suppressing.
        let (s_dd, s_yy) = (self.dt.mic_power(), self.dt.echo_power());
        let loud = self.limits.loud;
        let echo_only = if self.converged && s_dd < loud * s_yy {
            echo_only.max(((loud * s_yy - s_dd) / (0.2 * s_yy)).clamp(0.0, 1.0))
        } else {
            echo_only
        };
        let (lo, hi) = (self.limits.over_dt, self.limits.over_echo);
        // Learning: once the delay is known, the learnt coupling with moderate overestimation
        // (a talker answering at once is heard); before that, a conservative 0 dB coupling.
        let aligned = self.delay_settled();
        let mut over = if self.converged || !aligned {
            lo + (hi - lo) * echo_only
        } else {
            LEARN_OVER
        };
        // A talker was heard moments ago: the pauses between their words are not echo-only
        // periods; overestimating there cuts the starts of their words.
        if verdict.talker_recent {
            over = over.min(self.limits.over_after_talker);
        }
        // Residual echo estimate: leakage of the echo estimate, or the error's coherent part;
        // before convergence, recent far power (a conservative coupling of 0 dB).
        let (leak, coh, envelope) = (
            self.leakage.leak(),
            self.coherence.per_bin(),
            self.far.envelope(),
        );
        // After convergence, as far as the correlation says the mic is echo only, the residual is
        // at least the echo the learnt coupling predicts for the far end now playing: a filter
        // that has not yet heard these notes or words (or a distorting loudspeaker) leaves more
        // than its own echo estimate suggests. A talker lowers the correlation, and is then judged
        // by the filter's estimate alone.
        for i in 0..k {
            let mut r = (leak * self.yw_pow[i]).max(coh[i] * self.ew_pow[i]);
            let coupling = if aligned || self.converged {
                self.coupling[i].min(0.5)
            } else {
                0.5
            };
            if !self.converged {
                r = r.max(coupling * envelope[i]);
            } else {
                r = r.max(echo_only * coupling * envelope[i]);
            }
            self.echo_pow[i] = r;
        }
        // Loudspeaker distortion spreads residual echo across frequency: add a flat share of the
        // total residual, weighted towards echo-only periods.
        let flat = echo_only * sum(&self.echo_pow) / k as f32 * self.limits.flat;
        for r in self.echo_pow.iter_mut() {
            *r += flat;
        }
        let gains = self.sup.compute(&self.ew_pow, &self.echo_pow, over);
        let (mut e_tot, mut r_tot) = (0.0f32, 0.0f32);
        for i in 0..k {
            e_tot += self.ew_pow[i];
            r_tot += self.echo_pow[i];
            self.ew.re[i] *= gains[i];
            self.ew.im[i] *= gains[i];
        }
        self.fft.inverse(&self.ew, &mut self.t2);
        for i in 0..b {
            out[i] = self.ola[i] + self.t2[i] * self.win[i];
            self.ola[i] = self.t2[b + i] * self.win[b + i];
        }
        let so = energy(out);
        if far_active {
            self.s_out += 0.05 * (so - self.s_out);
        }
        let dt_now =
            far_active && e_tot > 4.0 * r_tot && e_tot > 1e-6 * (2 * b) as f32 && self.converged;
        if dt_now {
            self.dt_hold = 10;
        } else {
            self.dt_hold = self.dt_hold.saturating_sub(1);
        }
        self.double_talk = self.dt_hold > 0;
        // A talker heard: the output keeps its low end (and its phase) for them.
        if verdict.talker_recent {
            self.dc_hold = 0;
        }

        self.blocks = self.blocks.wrapping_add(1);
        self.offset_age = self.offset_age.saturating_add(1);
        if self.blocks.is_multiple_of(16) {
            self.main.part_energy(&mut self.part_e);
        }
        if self.blocks % 8 == 4 {
            self.shadow.part_energy(&mut self.shadow_part_e);
            proportionate(&self.shadow_part_e, self.shadow_alpha, &mut self.shadow_weight);
        }
        // Delay tracking last: a new offset takes effect from the next block.
        // Once the filter works, the lag search runs on every 4th block only (features still
        // update every block).
        let search = !self.converged || self.poor_blocks > 0 || self.blocks.is_multiple_of(4);
        if let Some(lag) = self.delay.update(self.hist.pow(0), &self.dw_pow, search) {
            let want = lag.saturating_sub(MARGIN);
            let far = want.abs_diff(self.offset);
            // Before convergence follow the estimator; afterwards only when the linear filter has
            // stopped working for a while (a real delay change, not double talk or a wobble).
            if (!self.converged && far >= 1) || (far >= 2 && self.poor_blocks > self.poor_limit) {
                self.set_offset(want);
                self.poor_blocks = 0;
            }
        }

        // Clock drift: how the shadow filter's response moves (it adapts all the time, also
        // before the main filter converges, which drift would otherwise prevent).
        let e_shadow = energy(&self.e_s);
        self.drift.observe(&self.shadow, self.offset, far_active, path_change, sdd, e_shadow);

        self.e_prev.copy_from_slice(&self.e_m);
        self.y_prev.copy_from_slice(&self.y_m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fractional_delay::FractionalDelay;

    /// Linear-filter ERLE (dB) per second of a far-end noise heard through a room whose delay
    /// drifts by `ppm` (the echo made by the same kind of delay line), and the final drift
    /// estimate. `force`: the compensation is on from the start at the true drift.
    fn erle_per_second(ppm: f64, seconds: usize, force: bool, t: &Tuning) -> (Vec<f32>, f32) {
        let (rate, b) = (24000u32, 256usize);
        let mut core = Core::with_tuning(rate, b, 200, 1000, t);
        let step = ppm * 1e-6 / (1.0 + ppm * 1e-6);
        if force {
            core.drift.force(step);
        }
        let mut room = FractionalDelay::new(b, 4096);
        room.reset(1500.0);
        room.set_step(step);
        let mut seed = 1u32;
        let (mut x, mut d, mut out, mut y) = (vec![0.0; b], vec![0.0; b], vec![0.0; b], vec![0.0; b]);
        let blocks_per_s = rate as usize / b;
        let (mut res, mut mic) = (vec![0.0f32; seconds + 1], vec![0.0f32; seconds + 1]);
        for m in 0..seconds * rate as usize / b {
            for v in x.iter_mut() {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                *v = (seed as f32 / 4294967296.0 - 0.5) * 0.2;
            }
            room.push(&x);
            room.read(0.0, &mut y);
            room.advance();
            for i in 0..b {
                d[i] = 0.5 * y[i];
            }
            core.process(&d, &x, &mut out);
            let s = m / blocks_per_s;
            mic[s] += energy(&d);
            res[s] += energy(&core.e_m);
        }
        let erle = mic[..seconds].iter().zip(&res).map(|(m, r)| 10.0 * (m / r.max(1e-20)).log10()).collect();
        (erle, core.stats().drift_ppm)
    }

    #[test]
    fn drift_is_found_and_the_filter_converges_under_it() {
        let on = Tuning::default();
        let off = Tuning {
            drift_min_ppm: 1e6,
            ..Tuning::default()
        };
        let (_, ppm0) = erle_per_second(0.0, 20, false, &on);
        assert_eq!(ppm0, 0.0, "no drift, no compensation");
        let late = |e: &[f32]| e[14..].iter().sum::<f32>() / 6.0;
        for ppm in [200.0, -200.0] {
            let (erle, est) = erle_per_second(ppm, 20, false, &on);
            assert!((est as f64 - ppm).abs() < 10.0, "{ppm} ppm: estimated {est}");
            // Without compensation the filter chases the echo and never gets far.
            let (chasing, _) = erle_per_second(ppm, 20, false, &off);
            assert!(
                late(&erle) > late(&chasing) + 6.0,
                "{ppm} ppm: linear ERLE {erle:?}, uncompensated {chasing:?}"
            );
        }
    }

    #[test]
    fn compensated_drift_stays_converged_through_hand_overs() {
        // 2000 ppm: a block handed over every 5.3 s.
        for ppm in [2000.0, -2000.0] {
            let (erle, _) = erle_per_second(ppm, 16, true, &Tuning::default());
            let late = &erle[8..];
            assert!(late.iter().all(|&e| e > 18.0), "{ppm} ppm: linear ERLE per second {erle:?}");
        }
    }

    /// Amplitude of the `hz` component of `v` (sampled at `rate`).
    fn tone_amplitude(v: &[f32], hz: f32, rate: u32) -> f32 {
        let w = 2.0 * std::f32::consts::PI * hz / rate as f32;
        let (mut c, mut s) = (0.0f64, 0.0f64);
        for (n, &x) in v.iter().enumerate() {
            c += (x * (w * n as f32).cos()) as f64;
            s += (x * (w * n as f32).sin()) as f64;
        }
        (2.0 * (c * c + s * s).sqrt() / v.len() as f64) as f32
    }

    /// Runs `seconds` of a mic = `gain` x far noise (delayed 40 ms) + a 2 Hz wobble of
    /// `wobble` (from 5 s on with a far end) + an offset of `offset`; returns the mic and the
    /// output (one block later).
    fn run_with_subsonic(
        far: bool,
        wobble: f32,
        offset: f32,
        seconds: usize,
    ) -> (Vec<f32>, Vec<f32>) {
        let (rate, b) = (24000u32, 256usize);
        let mut core = Core::new(rate, b, 200, 1000);
        let delay = 960;
        let mut seed = 7u32;
        let mut far_hist = vec![0.0f32; delay];
        let (mut x, mut d, mut out) = (vec![0.0; b], vec![0.0; b], vec![0.0; b]);
        let (mut mic, mut res) = (Vec::new(), Vec::new());
        for m in 0..seconds * rate as usize / b {
            for (i, v) in x.iter_mut().enumerate() {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                *v = if far {
                    (seed as f32 / 4294967296.0 - 0.5) * 0.2
                } else {
                    0.0
                };
                far_hist.push(*v);
                let n = (m * b + i) as f32;
                // The wobble starts late (as under a loud chord), after the filter converged
                // and the coupling was learnt without it.
                let on = if n >= 5.0 * rate as f32 || !far {
                    1.0
                } else {
                    0.0
                };
                let sub = on * wobble * (2.0 * std::f32::consts::PI * 2.0 * n / rate as f32).sin();
                d[i] = 0.5 * far_hist[far_hist.len() - 1 - delay] + sub + offset;
            }
            core.process(&d, &x, &mut out);
            mic.extend_from_slice(&d);
            res.extend_from_slice(&out);
        }
        mic.truncate(mic.len() - b);
        (mic, res.split_off(b))
    }

    #[test]
    fn subsonic_content_is_removed_while_the_far_end_plays() {
        let rate = 24000;
        // Far-end noise with a loudspeaker's slow offset wobble under it: after convergence
        // the wobble is gone from the output (it is in no far-end bin, so nothing predicts it).
        let (mic, out) = run_with_subsonic(true, 0.02, 0.0, 10);
        let tail = mic.len() - 4 * rate as usize;
        let (a_mic, a_out) = (
            tone_amplitude(&mic[tail..], 2.0, rate),
            tone_amplitude(&out[tail..], 2.0, rate),
        );
        assert!(a_mic > 0.015, "mic wobble {a_mic}");
        assert!(a_out < 0.1 * a_mic, "wobble mic {a_mic} out {a_out}");
    }

    #[test]
    fn without_a_far_end_the_output_keeps_its_low_end() {
        // Near end only: the output is the microphone, offset and wobble included.
        let (mic, out) = run_with_subsonic(false, 0.02, 0.01, 4);
        let worst = mic
            .iter()
            .zip(&out)
            .map(|(m, o)| (m - o).abs())
            .fold(0.0f32, f32::max);
        assert!(worst < 1e-4, "output differs from the mic by up to {worst}");
    }
}
