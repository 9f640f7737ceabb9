//! Step sizes of the main filter, per bin (as `mu / far power`, ready to multiply the error).
//! - Learning (before convergence): a Kalman-like step from an estimate of the filter's
//!   misalignment, in the form of AEC3's refined-filter gain. The misalignment cannot exceed
//!   what the smoothed error allows (a talker only adds error), it shrinks with every step and
//!   may grow by 1 dB/s plus a leakage proportional to the echo path's gain (AEC3's leakage of a
//!   filter that has not converged: without it the estimate shrinks faster than the filter
//!   improves and the step stalls with the echo only a few dB down); a talker's error is far
//!   above the predicted residual, so the step collapses instead of fitting the talker.
//! - Converged: the estimated residual echo over the error power (from the leakage estimate,
//!   partly per bin and partly broadband).

/// Smoothing of the per-bin error power used as the misalignment bound (per block).
const ERR_SMOOTH: f32 = 0.3;
/// Largest normalised step.
const MU_MAX: f32 = 1.0;

/// Per-bin misalignment state of the learning step.
pub struct LearningStep {
    misalignment: Vec<f32>,
    err_smooth: Vec<f32>,
    grow: f32,
}

impl LearningStep {
    /// State for `bins` bins whose misalignment estimate may grow by the per-block factor
    /// `grow`.
    pub fn new(bins: usize, grow: f32) -> Self {
        LearningStep {
            misalignment: vec![f32::MAX; bins],
            err_smooth: vec![0.0; bins],
            grow,
        }
    }

    /// Forgets everything (misalignment unknown: as large as the error allows).
    pub fn reset(&mut self) {
        self.misalignment.fill(f32::MAX);
        self.err_smooth.fill(0.0);
    }

    /// The step for bin `i` with error power `e2`, regularised far power over the span `xv`, and
    /// `parts` partitions; `leak` (a share of the echo path's power gain) is added to the
    /// misalignment estimate first; updates the misalignment estimate.
    #[inline(always)]
    pub fn step(&mut self, i: usize, e2: f32, xv: f32, parts: f32, leak: f32) -> f32 {
        let (h, es) = (&mut self.misalignment[i], &mut self.err_smooth[i]);
        *es += ERR_SMOOTH * (e2 - *es);
        *h = (*h * self.grow + leak).min(parts * *es / xv);
        let m = *h / (0.5 * *h * xv + parts * e2 + 1e-20);
        let mu = (m * xv).min(MU_MAX);
        *h *= 1.0 - mu * (2.0 - mu) / parts;
        mu / xv
    }
}

/// Converged step for one bin: residual echo `leak * echo_pow` (at most half the error power
/// `err_pow`) over the error, blended with the broadband residual-to-error ratio `rer`; `inv`
/// is `1 / regularised far power`.
#[inline(always)]
pub fn converged_step(leak: f32, echo_pow: f32, err_pow: f32, rer: f32, inv: f32) -> f32 {
    let e = err_pow + 1e-12;
    let r = (leak * echo_pow).min(0.5 * e);
    (0.7 * r + 0.3 * rer * e) / e * inv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_talker_collapses_the_learning_step() {
        let mut s = LearningStep::new(1, 1.002);
        let mut mu = 0.0;
        for _ in 0..20 {
            mu = s.step(0, 1.0, 10.0, 10.0, 0.0) * 10.0;
        }
        assert!(mu > 0.05, "echo only: {mu}");
        // The error jumps 20 dB (a talker): the step drops by far more than the error rose.
        let mu_dt = s.step(0, 100.0, 10.0, 10.0, 0.0) * 10.0;
        assert!(mu_dt < mu / 20.0, "talker: {mu_dt} vs {mu}");
    }

    #[test]
    fn leakage_keeps_the_step_from_stalling() {
        // Echo only, error steady at the far power's level: without leakage the misalignment
        // estimate decays with every step and the step dies away; with it, it settles.
        let (mut plain, mut leaky) = (LearningStep::new(1, 1.0), LearningStep::new(1, 1.0));
        let (mut mu_plain, mut mu_leaky) = (0.0, 0.0);
        for _ in 0..2000 {
            mu_plain = plain.step(0, 1.0, 10.0, 10.0, 0.0) * 10.0;
            mu_leaky = leaky.step(0, 1.0, 10.0, 10.0, 0.05 * 0.1) * 10.0;
        }
        assert!(mu_plain < 0.01, "plain: {mu_plain}");
        assert!(mu_leaky > 0.05, "leaky: {mu_leaky}");
    }

    #[test]
    fn converged_step_is_the_residual_share_of_the_error() {
        // Residual (leak * echo) is 10 % of the error: step about 0.1 (plus the broadband part).
        let m = converged_step(0.01, 10.0, 1.0, 0.1, 1.0);
        assert!((m - 0.1).abs() < 1e-3, "{m}");
        // Never more than half the error is taken as residual echo.
        assert!(converged_step(1.0, 100.0, 1.0, 0.5, 1.0) <= 0.5 + 1e-6);
    }
}
