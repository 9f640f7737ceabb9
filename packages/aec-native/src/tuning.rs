//! Every threshold of the canceller in one place: power ratios in dB, times in seconds, so
//! they mean the same at every sample rate and block size. The parts convert them to linear
//! ratios and block counts once, at construction.

/// The canceller's thresholds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tuning {
    /// Mic / echo-estimate correlation above which the mic is taken to be echo only.
    pub echo_only_correlation: f32,
    /// Before convergence: the error/far ratio this far (dB) over its floor marks a talker.
    pub learning_talker_db: f32,
    /// How fast (dB/s) the learning error floor may rise (to follow a louder echo path).
    pub error_floor_rise_db_per_s: f32,
    /// After convergence, for the suppressor: a talker makes the mic this much (dB) louder than
    /// the echo estimate...
    pub talker_excess_db: f32,
    /// ... and leaves the error less coherent with the far end than this.
    pub talker_coherence_max: f32,
    /// Hold of the learning talker detector.
    pub learning_hold_s: f32,
    /// How long (s) the bulk delay must hold still before the learnt coupling is trusted.
    pub delay_settle_s: f32,
    /// After low correlation, no shadow copy into the main filter for this long.
    pub adaptation_hold_s: f32,
    /// After a talker, the suppressor's overestimation stays capped for this long.
    pub suppression_hold_s: f32,
    /// Path change: the main filter was removing at least this much (dB) ...
    pub path_main_good_db: f32,
    /// ... within this long ...
    pub path_recent_s: f32,
    /// ... and now removes under this much (dB) ...
    pub path_main_poor_db: f32,
    /// ... while the shadow's error is this much (dB) below the main filter's ...
    pub path_shadow_lead_db: f32,
    /// ... and the shadow removes at least this much (dB) of the mic.
    pub path_shadow_gain_db: f32,
    /// Converged: the linear filter removes this much (dB) ...
    pub converged_db: f32,
    /// ... for this long (counted over far-end activity).
    pub converged_s: f32,
    /// Leakage floor (dB): the linear filter is never taken as perfect.
    pub leak_min_db: f32,
    /// How fast (dB/s) the learning step's misalignment estimate may rise.
    pub misalignment_rise_db_per_s: f32,
    /// Before convergence the misalignment estimate also grows each block by this share of the
    /// echo path's power gain (the learnt coupling, 0 dB while unknown): AEC3's leakage for a
    /// filter that has not converged.
    pub misalignment_leak: f32,
    /// The shadow filter's proportionate step (IPNLMS `alpha`, -1..1): -1 is plain NLMS, -0.5
    /// (the usual IPNLMS choice) gives the partitions holding the echo path a larger share.
    pub shadow_proportionate_alpha: f32,
    /// Low correlation with a mic no louder than this (dB) over the echo estimate is a
    /// misadjusted filter, not a talker: keep suppressing.
    pub misadjusted_loud_db: f32,
    /// Residual echo overestimation (dB) with a talker present ...
    pub over_double_talk_db: f32,
    /// ... when the mic is all echo ...
    pub over_echo_only_db: f32,
    /// ... and at most this shortly after a talker.
    pub over_after_talker_db: f32,
    /// Share (dB) of the mean residual added to every bin in echo-only periods (loudspeaker
    /// distortion spreads echo across frequency).
    pub distortion_flat_db: f32,
    /// Clock drift (ppm) below which the far end is not resampled (the filter follows it).
    pub drift_min_ppm: f32,
    /// Echo delay movements faster than this (ppm) are not drift (a path change, a talker).
    pub drift_max_ppm: f32,
    /// How often (s) the echo's delay movement is measured.
    pub drift_interval_s: f32,
    /// Memory (s) of the drift estimate (clocks drift slowly; a longer memory averages more).
    pub drift_memory_s: f32,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            echo_only_correlation: 0.97,
            learning_talker_db: 6.0,
            error_floor_rise_db_per_s: 3.0,
            talker_excess_db: 3.0,
            talker_coherence_max: 0.2,
            learning_hold_s: 0.2,
            delay_settle_s: 0.4,
            adaptation_hold_s: 0.4,
            suppression_hold_s: 0.2,
            path_main_good_db: 13.0,
            path_recent_s: 0.3,
            path_main_poor_db: 6.0,
            path_shadow_lead_db: 3.0,
            path_shadow_gain_db: 4.8,
            converged_db: 14.8,
            converged_s: 0.32,
            leak_min_db: -27.0,
            misalignment_rise_db_per_s: 1.0,
            misalignment_leak: 0.05,
            shadow_proportionate_alpha: -0.5,
            misadjusted_loud_db: 0.8,
            over_double_talk_db: -3.0,
            over_echo_only_db: 17.0,
            over_after_talker_db: 6.0,
            distortion_flat_db: -5.2,
            drift_min_ppm: 5.0,
            drift_max_ppm: 1000.0,
            drift_interval_s: 0.5,
            drift_memory_s: 10.0,
        }
    }
}

/// A power ratio in dB as a linear factor.
#[inline]
pub fn power(db: f32) -> f32 {
    10f32.powf(db / 10.0)
}

/// Seconds as a whole number of blocks of `block` samples at `rate` Hz.
#[inline]
pub fn blocks(seconds: f32, rate: u32, block: usize) -> u32 {
    (seconds * rate as f32 / block as f32) as u32
}

/// A rate of `db_per_s` as a per-block power factor.
#[inline]
pub fn per_block(db_per_s: f32, rate: u32, block: usize) -> f32 {
    power(db_per_s * block as f32 / rate as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert!((power(3.0103) - 2.0).abs() < 1e-4);
        assert!((power(-13.0) - 0.0501).abs() < 1e-4);
        assert_eq!(blocks(0.2, 24000, 256), 18);
        assert_eq!(blocks(0.2, 16000, 128), 25);
        assert!((per_block(10.0, 1000, 1000) - 10.0).abs() < 1e-5);
    }
}
