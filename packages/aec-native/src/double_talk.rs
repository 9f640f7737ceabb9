//! Double talk: is a near-end talker present while the far end plays? Three signs, each
//! reasoning about the filter's state rather than absolute levels:
//! - the normalised correlation of the mic and the main filter's echo estimate (`xi`): close to
//!   1 when the mic is all modelled echo, lower with a talker (after convergence);
//! - before convergence, the main error's ratio to the far power over the filter's span against
//!   its recent floor: a talker lifts it by their level over the residual echo, but so does a
//!   far end whose spectrum moves (the ratio fires on echo alone in 63-85 % of the blocks), so it
//!   only keeps the shadow from being copied into the main filter. It does not freeze the main
//!   filter: the learning step (`step_size`) already collapses when the error rises above the
//!   residual it predicts, and freezing on false alarms held convergence back by seconds;
//! - for the suppressor, low correlation together with a mic 3 dB louder than the echo estimate
//!   (an echo tail the filter misses adds no power, a talker does) and an error incoherent with
//!   the far end (a louder echo path adds power too, but its error is the far end's).
use crate::core::{dot, energy};
use crate::tuning::{blocks, per_block, power, Tuning};

/// Smoothing of the correlation's sums (per block).
const SMOOTH: f32 = 0.3;

/// The detector's thresholds as linear ratios and block counts.
#[derive(Clone, Copy, Debug)]
pub struct Holds {
    /// Correlation above which the mic is echo only.
    pub echo_only: f32,
    /// Error/far ratio over its floor that marks a talker while learning.
    pub learning_talker: f32,
    /// Mic / echo-estimate power that, with low correlation, marks a talker.
    pub talker_excess: f32,
    /// Error/far coherence below which excess mic power is a talker.
    pub talker_coherence_max: f32,
    /// Hold after the learning detector fires, in blocks.
    pub learning: u32,
    /// Hold after low correlation before the shadow may replace the main filter, in blocks.
    pub adaptation: u32,
    /// Hold after a talker with the suppressor's overestimation capped, in blocks.
    pub suppression: u32,
    /// Per-block growth of the learning error floor.
    pub floor_grow: f32,
}

impl Holds {
    /// The thresholds of `t` for blocks of `block` samples at `rate` Hz.
    pub fn new(t: &Tuning, rate: u32, block: usize) -> Self {
        Holds {
            echo_only: t.echo_only_correlation,
            learning_talker: power(t.learning_talker_db),
            talker_excess: power(t.talker_excess_db),
            talker_coherence_max: t.talker_coherence_max,
            learning: blocks(t.learning_hold_s, rate, block),
            adaptation: blocks(t.adaptation_hold_s, rate, block),
            suppression: blocks(t.suppression_hold_s, rate, block),
            floor_grow: per_block(t.error_floor_rise_db_per_s, rate, block),
        }
    }
}

/// What the detector concluded for one block.
#[derive(Clone, Copy, Debug, Default)]
pub struct Verdict {
    /// Do not adapt the main filter (after convergence: the mic has lost its correlation with
    /// the echo estimate).
    pub freeze_main: bool,
    /// The learning detector (or its hold) is on.
    pub learning_talker: bool,
    /// Low correlation within the adaptation hold: do not copy the shadow.
    pub talk_recent: bool,
    /// A talker within the suppression hold: cap the overestimation.
    pub talker_recent: bool,
}

/// Double-talk detector state.
pub struct DoubleTalk {
    holds: Holds,
    s_dy: f32,
    s_dd: f32,
    s_yy: f32,
    xi: f32,
    err_ratio: f32,
    err_floor: f32,
    learn_hold: u32,
    talk_hold: u32,
    talker_hold: u32,
}

impl DoubleTalk {
    /// A detector with `holds`.
    pub fn new(holds: Holds) -> Self {
        DoubleTalk {
            holds,
            s_dy: 0.0,
            s_dd: 0.0,
            s_yy: 0.0,
            xi: 0.0,
            err_ratio: 0.0,
            err_floor: f32::MAX,
            learn_hold: 0,
            talk_hold: 0,
            talker_hold: 0,
        }
    }

    /// Forgets everything.
    pub fn reset(&mut self) {
        *self = DoubleTalk::new(self.holds);
    }

    /// Mic / echo-estimate correlation (0..1, can dip below 0).
    #[inline(always)]
    pub fn xi(&self) -> f32 {
        self.xi
    }

    /// Smoothed mic energy per block.
    #[inline(always)]
    pub fn mic_power(&self) -> f32 {
        self.s_dd
    }

    /// Smoothed echo-estimate energy per block.
    #[inline(always)]
    pub fn echo_power(&self) -> f32 {
        self.s_yy
    }

    /// One block: mic `d`, main echo estimate `y` and error `e`, far power summed over the span
    /// and bins `far_span`; `aligned` once the delay is known; `coherence` of the error with the
    /// far end (previous block).
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub fn update(
        &mut self,
        d: &[f32],
        y: &[f32],
        e: &[f32],
        far_span: f32,
        far_active: bool,
        aligned: bool,
        converged: bool,
        coherence: f32,
    ) -> Verdict {
        let sdy = dot(d, y);
        self.s_dy += SMOOTH * (sdy - self.s_dy);
        self.s_dd += SMOOTH * (energy(d) - self.s_dd);
        self.s_yy += SMOOTH * (energy(y) - self.s_yy);
        self.xi = self.s_dy / (self.s_dd * self.s_yy).sqrt().max(1e-20);
        if far_active && aligned && far_span > 0.0 {
            let ratio = energy(e) / far_span;
            self.err_ratio += SMOOTH * (ratio - self.err_ratio);
            self.err_floor = (self.err_floor * self.holds.floor_grow).min(self.err_ratio);
        }
        let learning_now = !converged
            && far_active
            && aligned
            && self.err_ratio > self.holds.learning_talker * self.err_floor;
        self.learn_hold = hold(self.learn_hold, learning_now, self.holds.learning);
        let low_xi = converged && self.xi < self.holds.echo_only;
        self.talk_hold = hold(self.talk_hold, low_xi && far_active, self.holds.adaptation);
        let talker = low_xi
            && far_active
            && self.s_dd > self.holds.talker_excess * self.s_yy
            && coherence < self.holds.talker_coherence_max;
        self.talker_hold = hold(self.talker_hold, talker, self.holds.suppression);
        Verdict {
            freeze_main: low_xi,
            learning_talker: self.learn_hold > 0,
            talk_recent: self.talk_hold > 0,
            talker_recent: self.talker_hold > 0,
        }
    }
}

#[inline(always)]
fn hold(count: u32, now: bool, blocks: u32) -> u32 {
    if now {
        blocks
    } else {
        count.saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(n: usize, seed: u32) -> Vec<f32> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 17;
                s ^= s << 5;
                s as f32 / u32::MAX as f32 - 0.5
            })
            .collect()
    }

    #[test]
    fn echo_only_is_not_double_talk_and_a_talker_is() {
        let mut dt = DoubleTalk::new(Holds::new(&Tuning::default(), 16000, 128));
        let echo = signal(128, 1);
        let resid: Vec<f32> = signal(128, 2).iter().map(|v| v * 0.01).collect();
        let mic: Vec<f32> = echo.iter().zip(&resid).map(|(a, b)| a + b).collect();
        for _ in 0..20 {
            let v = dt.update(&mic, &echo, &resid, 1.0, true, true, true, 0.0);
            assert!(!v.freeze_main && !v.talker_recent);
        }
        assert!(dt.xi() > Tuning::default().echo_only_correlation);
        let talker = signal(128, 3);
        let mic2: Vec<f32> = mic.iter().zip(&talker).map(|(a, b)| a + b).collect();
        let err: Vec<f32> = resid.iter().zip(&talker).map(|(a, b)| a + b).collect();
        let mut saw = Verdict::default();
        for _ in 0..10 {
            saw = dt.update(&mic2, &echo, &err, 1.0, true, true, true, 0.0);
        }
        assert!(saw.freeze_main && saw.talk_recent && saw.talker_recent);
    }

    #[test]
    fn learning_detector_fires_on_an_error_rise_over_its_floor() {
        let mut dt = DoubleTalk::new(Holds::new(&Tuning::default(), 16000, 128));
        let y = signal(128, 5);
        let small: Vec<f32> = signal(128, 6).iter().map(|v| v * 0.1).collect();
        for _ in 0..20 {
            assert!(
                !dt.update(&y, &y, &small, 10.0, true, true, false, 0.0)
                    .learning_talker
            );
        }
        let big = signal(128, 7);
        let mut fired = false;
        for _ in 0..5 {
            let v = dt.update(&y, &y, &big, 10.0, true, true, false, 0.0);
            // Before convergence the detector only blocks shadow copies; the learning step
            // protects the main filter.
            assert!(!v.freeze_main);
            fired |= v.learning_talker;
        }
        assert!(fired);
    }
}
