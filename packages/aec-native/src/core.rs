//! The block processor: far-end history, delay tracking, main + shadow adaptive filters with
//! speex-style foreground/background arbitration, adaptation control from a leakage estimate,
//! and residual echo suppression with windowed overlap-add synthesis.
use crate::delay::DelayEstimator;
use crate::fft::{RealFft, Spectrum};
use crate::filter::{adapt_pair, apply_pair, FarHistory, Filter};
use crate::suppressor::Suppressor;

/// Blocks of pre-delay margin kept in front of the estimated bulk delay.
const MARGIN: usize = 3;
/// Mic / echo-estimate correlation above which the microphone is taken to be echo only.
const XI_ST: f32 = 0.97;
const LOUD: f32 = 1.2;
const COH_DT: f32 = 1.0;
/// Largest overestimation of the residual echo shortly after a talker was heard.
const DT_OVER_MAX: f32 = 4.0;
/// Mic / echo-estimate power ratio (3 dB) that, with low correlation, marks a talker.
const TALK_EXCESS: f32 = 2.0;
/// Error/far coherence below which the excess mic power is a talker, not unmodelled echo.
const TALK_COH_MAX: f32 = 0.2;
/// Seconds the suppressor keeps its overestimation capped after a talker.
const TALKER_HOLD_S: f32 = 0.2;
/// Seconds after the last sign of a talker before the shadow may replace the main filter.
const TALK_HOLD_S: f32 = 0.4;
/// Error-to-far ratio over its recent floor (6 dB) that marks a talker while learning.
const LEARN_TALK: f32 = 4.0;
/// Share of the mean residual added to every bin (distortion spreads echo across frequency).
const NL_FLAT: f32 = 0.3;
/// Mic / shadow-error power ratio (about 5 dB) the shadow must reach for a path change.
const SHADOW_GAIN: f32 = 3.0;
/// How recently (seconds) the main filter must have worked well for a path change to count.
const RECENT_S: f32 = 0.3;
/// Blocks in a row (beyond one) with the shadow that far ahead before the shadow is adopted.
const PATH_BLOCKS: u32 = 1;

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
}

/// The canceller working on blocks of `block` samples.
pub struct Core {
    isa: crate::cpu::Isa,
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
    // scratch
    t2: Vec<f32>,
    s1: Spectrum,
    ym: Spectrum,
    ys: Spectrum,
    g: Spectrum,
    gs: Spectrum,
    em: Spectrum,
    x_prev: Vec<f32>,
    d_prev: Vec<f32>,
    e_prev: Vec<f32>,
    y_prev: Vec<f32>,
    y_m: Vec<f32>,
    y_s: Vec<f32>,
    e_m: Vec<f32>,
    e_s: Vec<f32>,
    x2: Vec<f32>,
    x2_acc: Vec<f64>,
    x2_inv: Vec<f32>,
    x2_span: Option<usize>,
    dw_pow: Vec<f32>,
    ew: Spectrum,
    ew_pow: Vec<f32>,
    yw_pow: Vec<f32>,
    echo_pow: Vec<f32>,
    xmax: Vec<f32>,
    eh: Vec<f32>,
    yh: Vec<f32>,
    ola: Vec<f32>,
    part_e: Vec<f32>,
    sup: Suppressor,
    // adaptation control
    pey: f32,
    pyy: f32,
    leak: f32,
    davg1: f32,
    davg2: f32,
    dvar1: f32,
    dvar2: f32,
    constrain_next: usize,
    converged: bool,
    conv_blocks: u32,
    // statistics
    s_mic: f32,
    s_out: f32,
    s_lin: f32,
    double_talk: bool,
    dt_hold: u32,
    poor_blocks: u32,
    poor_limit: u32,
    s_dy: f32,
    s_dd: f32,
    s_yy: f32,
    xi: f32,
    shadow_wins: u32,
    // Smoothed main / shadow error powers, and for how long the shadow has been far ahead.
    pm: f32,
    ps: f32,
    pd: f32,
    path_blocks: u32,
    good_age: u32,
    recent_blocks: u32,
    sxe_re: Vec<f32>,
    sxe_im: Vec<f32>,
    sxx: Vec<f32>,
    see_k: Vec<f32>,
    coh: Vec<f32>,
    blocks: u32,
    mu_s: f32,
    h_err: Vec<f32>,
    e2s: Vec<f32>,
    h_grow: f32,
    err_ratio: f32,
    err_floor: f32,
    floor_grow: f32,
    learn_hold: u32,
    hold_blocks: u32,
    talk_recent: u32,
    talker_recent: u32,
    talker_hold_blocks: u32,
    talk_hold_blocks: u32,
    coh_avg: f32,
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
fn energy(x: &[f32]) -> f32 {
    dot(x, x)
}

/// Sum of products with eight independent accumulators (lets the compiler vectorise).
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
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
fn sum(a: &[f32]) -> f32 {
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
            t2: vec![0.0; 2 * b],
            s1: Spectrum::new(k),
            ym: Spectrum::new(k),
            ys: Spectrum::new(k),
            g: Spectrum::new(k),
            gs: Spectrum::new(k),
            em: Spectrum::new(k),
            x_prev: vec![0.0; b],
            d_prev: vec![0.0; b],
            e_prev: vec![0.0; b],
            y_prev: vec![0.0; b],
            y_m: vec![0.0; b],
            y_s: vec![0.0; b],
            e_m: vec![0.0; b],
            e_s: vec![0.0; b],
            x2: vec![0.0; k],
            x2_acc: vec![0.0; k],
            x2_inv: vec![0.0; k],
            x2_span: None,
            dw_pow: vec![0.0; k],
            ew: Spectrum::new(k),
            ew_pow: vec![0.0; k],
            yw_pow: vec![0.0; k],
            echo_pow: vec![0.0; k],
            xmax: vec![0.0; k],
            eh: vec![0.0; k],
            yh: vec![0.0; k],
            ola: vec![0.0; b],
            part_e: vec![0.0; parts],
            sup: Suppressor::new(k, decay),
            pey: 0.0,
            pyy: 0.0,
            leak: 0.5,
            davg1: 0.0,
            davg2: 0.0,
            dvar1: 0.0,
            dvar2: 0.0,
            constrain_next: 0,
            converged: false,
            conv_blocks: 0,
            s_mic: 0.0,
            s_out: 0.0,
            s_lin: 0.0,
            double_talk: false,
            dt_hold: 0,
            poor_blocks: 0,
            poor_limit: (3 * rate as usize / b) as u32,
            s_dy: 0.0,
            s_dd: 0.0,
            s_yy: 0.0,
            xi: 0.0,
            shadow_wins: 0,
            pm: 0.0,
            ps: 0.0,
            pd: 0.0,
            path_blocks: 0,
            good_age: u32::MAX,
            recent_blocks: (RECENT_S * rate as f32 / b as f32) as u32,
            sxe_re: vec![0.0; k],
            sxe_im: vec![0.0; k],
            sxx: vec![0.0; k],
            see_k: vec![0.0; k],
            coh: vec![0.0; k],
            blocks: 0,
            mu_s: 0.5,
            h_err: vec![f32::MAX; k],
            e2s: vec![0.0; k],
            // The misalignment estimate may grow by 1 dB/s (to follow a slowly changing room).
            h_grow: 10f32.powf(0.1 * b as f32 / rate as f32),
            err_ratio: 0.0,
            err_floor: f32::MAX,
            // The floor rises by 3 dB/s: it follows a louder echo path within seconds.
            floor_grow: 10f32.powf(0.3 * b as f32 / rate as f32),
            learn_hold: 0,
            hold_blocks: (0.2 * rate as f32 / b as f32) as u32,
            talk_recent: 0,
            talker_recent: 0,
            talker_hold_blocks: (TALKER_HOLD_S * rate as f32 / b as f32) as u32,
            talk_hold_blocks: (TALK_HOLD_S * rate as f32 / b as f32) as u32,
            coh_avg: 0.0,
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
        let per_bin = 40 * 4 * k + 8 * k;
        history + filters + per_bin + self.delay.heap_bytes() + self.fft.heap_bytes()
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
        self.x2_span = None;
        self.delay.reset();
        self.offset = 0;
        self.main.clear();
        self.shadow.clear();
        for v in [
            &mut self.x_prev,
            &mut self.d_prev,
            &mut self.e_prev,
            &mut self.y_prev,
            &mut self.ola,
        ] {
            v.fill(0.0);
        }
        for v in [&mut self.xmax, &mut self.eh, &mut self.yh] {
            v.fill(0.0);
        }
        self.sup.reset();
        self.pey = 0.0;
        self.pyy = 0.0;
        self.leak = 0.5;
        self.davg1 = 0.0;
        self.davg2 = 0.0;
        self.dvar1 = 0.0;
        self.dvar2 = 0.0;
        self.converged = false;
        self.conv_blocks = 0;
        self.s_mic = 0.0;
        self.s_out = 0.0;
        self.s_lin = 0.0;
        self.double_talk = false;
        self.dt_hold = 0;
        self.poor_blocks = 0;
        self.s_dy = 0.0;
        self.s_dd = 0.0;
        self.s_yy = 0.0;
        self.xi = 0.0;
        self.shadow_wins = 0;
        self.pm = 0.0;
        self.ps = 0.0;
        self.pd = 0.0;
        self.path_blocks = 0;
        self.good_age = u32::MAX;
        for v in [
            &mut self.sxe_re,
            &mut self.sxe_im,
            &mut self.sxx,
            &mut self.see_k,
            &mut self.coh,
        ] {
            v.fill(0.0);
        }
        self.blocks = 0;
        self.coh_avg = 0.0;
        self.h_err.fill(f32::MAX);
        self.err_ratio = 0.0;
        self.err_floor = f32::MAX;
        self.learn_hold = 0;
        self.talk_recent = 0;
        self.talker_recent = 0;
        self.e2s.fill(0.0);
        self.part_e.fill(0.0);
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
            ((self.offset + best) * self.b) as f32 * 1000.0 / self.rate as f32
        } else {
            f32::NAN
        };
        CoreStats {
            erle_db: db(self.s_mic, self.s_out),
            erle_linear_db: db(self.s_mic, self.s_lin),
            delay_ms,
            double_talk: self.double_talk,
            converged: self.converged,
            leak: self.leak,
            coherence: self.coh_avg,
        }
    }

    #[inline(always)]
    fn set_offset(&mut self, new: usize) {
        let s = new as isize - self.offset as isize;
        if s != 0 {
            self.main.shift(s);
            self.shadow.shift(s);
            self.offset = new;
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
    }

    /// The body of [`Core::process`], inlined into each instruction-set variant.
    #[inline(always)]
    pub(crate) fn process_block(&mut self, d: &[f32], x: &[f32], out: &mut [f32]) {
        let (b, k, parts) = (self.b, self.k, self.parts);
        // Far end into the history.
        self.t2[..b].copy_from_slice(&self.x_prev);
        self.t2[b..].copy_from_slice(x);
        self.fft.forward(&self.t2, &mut self.s1);
        self.hist.push(&self.s1);
        self.x_prev.copy_from_slice(x);

        // Far power over the filter span, and a slowly decaying envelope of recent far power.
        // Running sum in f64 (add the block entering the span, drop the one leaving it),
        // recomputed from scratch when the span moves.
        if self.x2_span != Some(self.offset) {
            self.x2_acc.fill(0.0);
            for p in 0..parts {
                for (a, &v) in self.x2_acc.iter_mut().zip(self.hist.pow(self.offset + p)) {
                    *a += v as f64;
                }
            }
            self.x2_span = Some(self.offset);
        } else {
            let (add, drop) = (
                self.hist.pow(self.offset),
                self.hist.pow(self.offset + parts),
            );
            for ((a, &n), &o) in self.x2_acc.iter_mut().zip(add).zip(drop) {
                *a += n as f64 - o as f64;
            }
        }
        for (x, &a) in self.x2.iter_mut().zip(&self.x2_acc) {
            *x = a.max(0.0) as f32;
        }
        for (m, &v) in self.xmax.iter_mut().zip(self.hist.pow(0)) {
            *m = v.max(*m * 0.97);
        }
        let x2_mean = sum(&self.x2) / k as f32;
        let far_active = x2_mean > parts as f32 * (2 * b) as f32 * 1e-8;
        let reg_rel: f32 = 1e-2;
        let reg = reg_rel * x2_mean + parts as f32 * (2 * b) as f32 * 1e-10;

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

        // Normalised cross-correlation of microphone and echo estimate: close to 1 when the
        // microphone is all (modelled) echo, lower with near-end speech, ~0 if the path is lost.
        let sdy = dot(d, &self.y_m);
        self.s_dy += 0.3 * (sdy - self.s_dy);
        self.s_dd += 0.3 * (energy(d) - self.s_dd);
        self.s_yy += 0.3 * (energy(&self.y_m) - self.s_yy);
        self.xi = self.s_dy / (self.s_dd * self.s_yy).sqrt().max(1e-20);
        // Before convergence: the main filter's error relative to the far power over the span,
        // against its recent minimum (the coupling the filter has not yet modelled). Echo alone
        // keeps it near the minimum (the filter only improves); a talker lifts it by their
        // level over the residual echo.
        let x2_tot = sum(&self.x2);
        let aligned = self.delay.estimate().is_some();
        if far_active && aligned && x2_tot > 0.0 {
            let ratio = energy(&self.e_m) / x2_tot;
            self.err_ratio += 0.3 * (ratio - self.err_ratio);
            self.err_floor = (self.err_floor * self.floor_grow).min(self.err_ratio);
        }
        let learning_talker = !self.converged
            && far_active
            && aligned
            && self.err_ratio > LEARN_TALK * self.err_floor;
        if learning_talker {
            self.learn_hold = self.hold_blocks;
        } else {
            self.learn_hold = self.learn_hold.saturating_sub(1);
        }
        let near_suspect = (self.converged && self.xi < XI_ST) || self.learn_hold > 0;
        // The shadow keeps adapting through double talk (it must, to see path changes), so it
        // fits the talker there; it may not be copied in the talker's pauses between words.
        if self.converged && self.xi < XI_ST && far_active {
            self.talk_recent = self.talk_hold_blocks;
        } else {
            self.talk_recent = self.talk_recent.saturating_sub(1);
        }
        // Stronger evidence for the suppressor: low correlation and the mic 3 dB louder than
        // the echo estimate (an echo tail the filter misses does not add power, a talker does).
        // And the error incoherent with the far end: a louder echo path (a volume step) also
        // adds power, but its error is the far end's.
        if self.converged
            && self.xi < XI_ST
            && far_active
            && self.s_dd > TALK_EXCESS * self.s_yy
            && self.coh_avg < TALK_COH_MAX
        {
            self.talker_recent = self.talker_hold_blocks;
        } else {
            self.talker_recent = self.talker_recent.saturating_sub(1);
        }

        // Foreground/background arbitration (after speex's MDF): copy the shadow into the main
        // filter when it is consistently better; restore the shadow when it diverged.
        let sff = energy(&self.e_m);
        let see = energy(&self.e_s);
        let dbf = self
            .e_m
            .iter()
            .zip(&self.e_s)
            .map(|(a, c)| (a - c) * (a - c))
            .sum::<f32>()
            + 1e-12;
        let diff = sff - see;
        self.davg1 = 0.6 * self.davg1 + 0.4 * diff;
        self.davg2 = 0.85 * self.davg2 + 0.15 * diff;
        self.dvar1 = 0.36 * self.dvar1 + 0.16 * sff * dbf;
        self.dvar2 = 0.7225 * self.dvar2 + 0.0225 * sff * dbf;
        // While near-end speech is likely (echo estimate correlates only partly with the mic),
        // the shadow may be fitting the talker: do not let it overwrite the main filter.
        // A shadow that stays clearly better for a quarter second has learnt a changed echo path.
        if far_active && see < 0.5 * sff {
            self.shadow_wins += 1;
        } else if far_active {
            self.shadow_wins = self.shadow_wins.saturating_sub(1);
        }
        // Echo path change: the fast shadow re-learns within a few blocks and its error stays
        // well (3 dB+) below the main filter's. A near-end talker cannot do that: the shadow
        // cannot model near-end speech, so both errors contain it alike. Adopt the shadow at
        // once and fall back to learning mode (strong suppression) until the filter settles.
        self.pm += 0.25 * (sff - self.pm);
        self.ps += 0.25 * (see - self.ps);
        self.pd += 0.25 * (energy(d) - self.pd);
        // Only a main filter that removes little (under 6 dB) counts: while both filters are
        // still converging, the faster shadow is ahead too, and the ordinary copy handles it.
        // And only a shadow that itself removes about 5 dB or more: with a talker in the room its
        // error keeps the near-end speech, so this guard (with the recency one below) is what
        // keeps double talk out.
        // A path change is sudden: the main filter was removing 13 dB+ moments ago. A talker
        // who has been in the room for a while (shadow fitting the end of their speech) is not.
        if self.pm < 0.05 * self.pd {
            self.good_age = 0;
        } else if far_active {
            self.good_age = self.good_age.saturating_add(1);
        }
        if far_active
            && self.converged
            && self.good_age < self.recent_blocks
            && 2.0 * self.ps < self.pm
            && 4.0 * self.pm > self.pd
            && SHADOW_GAIN * self.ps < self.pd
        {
            self.path_blocks += 1;
        } else if far_active {
            self.path_blocks = self.path_blocks.saturating_sub(1);
        }
        let path_change = self.path_blocks > PATH_BLOCKS;
        if path_change {
            self.path_blocks = 0;
            self.converged = false;
            self.conv_blocks = 0;
        }
        let copy_ok = path_change
            || self.talk_recent == 0
                && (!self.converged && self.learn_hold == 0
                    || self.xi >= XI_ST
                    || self.poor_blocks > self.poor_limit / 6
                    || self.shadow_wins > self.poor_limit / 12);
        if path_change
            || copy_ok
                && (diff * diff.abs() > sff * dbf
                    || self.davg1 * self.davg1.abs() > 0.5 * self.dvar1
                    || self.davg2 * self.davg2.abs() > 0.25 * self.dvar2)
        {
            self.main.copy_from(&self.shadow);
            self.e_m.copy_from_slice(&self.e_s);
            self.y_m.copy_from_slice(&self.y_s);
            std::mem::swap(&mut self.ym, &mut self.ys);
            self.ys.re.copy_from_slice(&self.ym.re);
            self.ys.im.copy_from_slice(&self.ym.im);
            self.davg1 = 0.0;
            self.davg2 = 0.0;
            self.dvar1 = 0.0;
            self.dvar2 = 0.0;
        } else if -diff * diff.abs() > 4.0 * sff * dbf
            || -self.davg1 * self.davg1.abs() > 4.0 * self.dvar1
            || -self.davg2 * self.davg2.abs() > 4.0 * self.dvar2
        {
            self.shadow.copy_from(&self.main);
            self.e_s.copy_from_slice(&self.e_m);
            self.davg1 = 0.0;
            self.davg2 = 0.0;
            self.dvar1 = 0.0;
            self.dvar2 = 0.0;
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

        // Leakage: how much of the echo estimate's power fluctuation shows up in the error.
        let avg = b as f32 / self.rate as f32;
        let (mut pey, mut pyy) = (0.0f32, 0.0f32);
        for i in 0..k {
            let (rf, yf) = (self.ew_pow[i], self.yw_pow[i]);
            pey += (rf - self.eh[i]) * (yf - self.yh[i]);
            pyy += (yf - self.yh[i]) * (yf - self.yh[i]);
            self.eh[i] += avg * (rf - self.eh[i]);
            self.yh[i] += avg * (yf - self.yh[i]);
        }
        let pyy_r = pyy.sqrt();
        let pey_r = if pyy_r > 0.0 { pey / pyy_r } else { 0.0 };
        if far_active && syy > 0.0 && !near_suspect {
            let beta0 = 2.0 * b as f32 / self.rate as f32;
            let a = (beta0 * syy).min(beta0 / 4.0 * sff.max(1e-12)) / sff.max(1e-12);
            let a = a.min(1.0);
            self.pey = (1.0 - a) * self.pey + a * pey_r;
            self.pyy = (1.0 - a) * self.pyy + a * pyy_r;
            if self.pyy < 1e-12 {
                self.pyy = 1e-12;
            }
            self.pey = self.pey.clamp(0.002 * self.pyy, self.pyy);
            self.leak = self.pey / self.pyy;
        }

        // Coherence between the error and the far end at the echo's main lag: the part of the
        // error the far end explains is residual echo (near-end speech is incoherent with it).
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
            let (xr, xi, xp) = (self.hist.re(age), self.hist.im(age), self.hist.pow(age));
            let a = 0.15;
            // Every slice exactly k long: the loop runs without bounds checks.
            let (xr, xi, xp) = (&xr[..k], &xi[..k], &xp[..k]);
            let (er, ei) = (&self.s1.re[..k], &self.s1.im[..k]);
            let (sre, sim) = (&mut self.sxe_re[..k], &mut self.sxe_im[..k]);
            let (sxx, see, coh) = (&mut self.sxx[..k], &mut self.see_k[..k], &mut self.coh[..k]);
            for i in 0..k {
                let cr = xr[i] * er[i] + xi[i] * ei[i];
                let ci = xr[i] * ei[i] - xi[i] * er[i];
                sre[i] += a * (cr - sre[i]);
                sim[i] += a * (ci - sim[i]);
                sxx[i] += a * (xp[i] - sxx[i]);
                see[i] += a * (er[i] * er[i] + ei[i] * ei[i] - see[i]);
                let c = (sre[i] * sre[i] + sim[i] * sim[i]) / (sxx[i] * see[i] + 1e-20);
                // Remove the estimator's bias (about `a` for ~1/a averaged blocks).
                coh[i] = ((c - 0.15) * (1.0 / 0.85)).clamp(0.0, 1.0);
            }
            // Error-power-weighted coherence: high when the error is mostly unmodelled echo.
            let num = dot(coh, see);
            let den = sum(see) + 1e-20;
            if far_active {
                self.coh_avg += 0.2 * (num / den - self.coh_avg);
            }
        }

        // Shadow filter: fast NLMS.
        let mu_s: f32 = self.mu_s;
        if far_active {
            self.err_spectrum(false);
            for (v, &x) in self.x2_inv.iter_mut().zip(&self.x2) {
                *v = 1.0 / (x + reg);
            }
            for (((g, h), (&r, &i)), &v) in self
                .gs
                .re
                .iter_mut()
                .zip(self.gs.im.iter_mut())
                .zip(self.s1.re.iter().zip(&self.s1.im))
                .zip(&self.x2_inv)
            {
                let m = mu_s * v;
                *g = m * r;
                *h = m * i;
            }

            // Main filter: step = estimated residual echo / error power, per bin.
            let sey = dot(&self.e_m, &self.y_m);
            let mut rer = (3.0 * self.leak * syy) / (sff + 1e-12);
            let lo = sey * sey / (1e-12 + sff * syy);
            rer = rer.max(lo).min(0.5);
            std::mem::swap(&mut self.s1, &mut self.em);
            if near_suspect {
                // The main filter is frozen: only the shadow moves.
                self.shadow.adapt(&self.hist, self.offset, &self.gs);
            } else {
                let (ewp, ywp, inv) = (&self.ew_pow[..k], &self.yw_pow[..k], &self.x2_inv[..k]);
                let (sr, si) = (&self.s1.re[..k], &self.s1.im[..k]);
                let (gr, gi) = (&mut self.g.re[..k], &mut self.g.im[..k]);
                let (herr, e2s, x2) = (&mut self.h_err[..k], &mut self.e2s[..k], &self.x2[..k]);
                let np = parts as f32;
                for i in 0..k {
                    let e = ewp[i] + 1e-12;
                    let r = (self.leak * ywp[i]).min(0.5 * e);
                    let m = if self.converged {
                        (0.7 * r + 0.3 * rer * e) / e * inv[i]
                    } else {
                        // Learning: a Kalman-like step from the filter's misalignment estimate
                        // (AEC3's refined-filter gain). The misalignment cannot exceed what the
                        // smoothed error allows (a talker only adds error), and it shrinks with
                        // every step; a talker's error is far above the predicted residual, so
                        // the step collapses instead of fitting the talker.
                        let e2 = sr[i] * sr[i] + si[i] * si[i];
                        e2s[i] += 0.3 * (e2 - e2s[i]);
                        let xv = x2[i] + reg;
                        herr[i] = (herr[i] * self.h_grow).min(np * e2s[i] / xv);
                        let m = herr[i] / (0.5 * herr[i] * xv + np * e2 + 1e-20);
                        let mun = (m * xv).min(1.0);
                        herr[i] *= 1.0 - mun * (2.0 - mun) / np;
                        mun / xv
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

        let conv_ratio: f32 = 30.0;
        let conv_blocks: u32 = 30;
        let relearn = true;
        // Convergence bookkeeping: the linear filter removes at least 10 dB for a while.
        if far_active {
            let a = 0.05;
            self.s_mic += a * (sdd - self.s_mic);
            self.s_lin += a * (sff - self.s_lin);
            // The filter explains little of the microphone: counts towards re-aligning the delay.
            if self.xi < 0.3 {
                self.poor_blocks += 1;
            } else {
                self.poor_blocks = self.poor_blocks.saturating_sub(2);
            }
            if self.s_mic > conv_ratio * self.s_lin && syy > 0.1 * sdd {
                self.conv_blocks += 1;
                if self.conv_blocks > conv_blocks {
                    self.converged = true;
                }
            }
            // The shadow keeps beating the main filter: the echo path changed. Back to learning
            // mode, where suppression does not trust the linear filter.
            if self.converged && self.shadow_wins > self.poor_limit / 6 && relearn {
                self.converged = false;
                self.conv_blocks = 0;
            }
        }

        let coh_gain: f32 = 1.0;
        // Overestimate hard while the microphone is all echo; gently when a talker may be present.
        let (o_lo, o_hi): (f32, f32) = (0.5, 50.0);
        let echo_only = if self.converged {
            ((self.xi - (XI_ST - 0.07)) / 0.06).clamp(0.0, 1.0)
        } else {
            1.0
        };
        // A mic that lost its correlation with the echo estimate but is no louder than it: the
        // filter is misadjusted (a talker would add power), so keep suppressing.
        let echo_only = if self.converged && self.s_dd < LOUD * self.s_yy {
            echo_only.max(((LOUD * self.s_yy - self.s_dd) / (0.2 * self.s_yy)).clamp(0.0, 1.0))
        } else {
            echo_only
        };
        let mut over = o_lo + (o_hi - o_lo) * echo_only;
        // A talker was heard moments ago: the pauses between their words are not echo-only
        // periods; overestimating there cuts the starts of their words.
        if self.talker_recent > 0 {
            over = over.min(DT_OVER_MAX);
        }
        let coh_gain = coh_gain * (COH_DT + (1.0 - COH_DT) * echo_only);
        // Residual echo estimate: leakage of the echo estimate; before convergence, recent far
        // power (a conservative coupling of 0 dB).
        for i in 0..k {
            let mut r = (self.leak * self.yw_pow[i]).max(coh_gain * self.coh[i] * self.ew_pow[i]);
            if !self.converged {
                r = r.max(0.5 * self.xmax[i]);
            }
            self.echo_pow[i] = r;
        }
        // Loudspeaker distortion spreads residual echo across frequency: add a flat share of the
        // total residual, weighted towards echo-only periods.
        let flat = echo_only * sum(&self.echo_pow) / k as f32 * NL_FLAT;
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

        self.blocks = self.blocks.wrapping_add(1);
        if self.blocks.is_multiple_of(16) {
            self.main.part_energy(&mut self.part_e);
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

        self.d_prev.copy_from_slice(d);
        self.e_prev.copy_from_slice(&self.e_m);
        self.y_prev.copy_from_slice(&self.y_m);
    }
}
