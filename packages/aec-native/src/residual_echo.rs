//! Residual echo estimation: how much echo is left in the linear filter's error, per bin.
//! Two estimates, the suppressor takes the larger:
//! - leakage (after speex's MDF): the share of the echo estimate's power fluctuations that
//!   shows up in the error's, times the echo estimate's power;
//! - coherence of the error with the far end at the echo's main lag: the part of the error the
//!   far end explains is residual echo (near-end speech is incoherent with it).
use crate::core::{dot, sum};

/// Smoothing of the coherence's cross and auto spectra (per block).
const COH_SMOOTH: f32 = 0.15;
/// Bias of the coherence estimator for about 1 / COH_SMOOTH averaged blocks, removed.
const COH_BIAS: f32 = 0.15;
/// Smoothing of the error-power-weighted average coherence (per block).
const COH_AVG_SMOOTH: f32 = 0.2;
/// Leakage never below this (-27 dB): the filter is never taken as perfect.
const LEAK_MIN: f32 = 0.002;

/// Leakage estimator state.
pub struct Leakage {
    err_mean: Vec<f32>,
    echo_mean: Vec<f32>,
    cross: f32,
    auto: f32,
    leak: f32,
}

impl Leakage {
    /// State for `bins` bins.
    pub fn new(bins: usize) -> Self {
        Leakage {
            err_mean: vec![0.0; bins],
            echo_mean: vec![0.0; bins],
            cross: 0.0,
            auto: 0.0,
            leak: 0.5,
        }
    }

    /// Forgets everything.
    pub fn reset(&mut self) {
        self.err_mean.fill(0.0);
        self.echo_mean.fill(0.0);
        self.cross = 0.0;
        self.auto = 0.0;
        self.leak = 0.5;
    }

    /// The estimate: residual echo power / echo estimate power (LEAK_MIN..1).
    #[inline(always)]
    pub fn leak(&self) -> f32 {
        self.leak
    }

    /// One block: windowed error and echo-estimate power spectra; `avg` the per-block
    /// smoothing of their means, `beta0` the adaptation rate; time-domain energies of the echo
    /// estimate and error; the estimate moves only when `learn` (far end active, no talker).
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub fn update(
        &mut self,
        err_pow: &[f32],
        echo_pow: &[f32],
        avg: f32,
        beta0: f32,
        echo_energy: f32,
        err_energy: f32,
        learn: bool,
    ) {
        let k = self.err_mean.len();
        let (eh, yh) = (&mut self.err_mean[..k], &mut self.echo_mean[..k]);
        let (ep, yp) = (&err_pow[..k], &echo_pow[..k]);
        let (mut pey, mut pyy) = (0.0f32, 0.0f32);
        for i in 0..k {
            let (rf, yf) = (ep[i], yp[i]);
            pey += (rf - eh[i]) * (yf - yh[i]);
            pyy += (yf - yh[i]) * (yf - yh[i]);
            eh[i] += avg * (rf - eh[i]);
            yh[i] += avg * (yf - yh[i]);
        }
        let pyy_r = pyy.sqrt();
        let pey_r = if pyy_r > 0.0 { pey / pyy_r } else { 0.0 };
        if learn && echo_energy > 0.0 {
            let sff = err_energy;
            let a = (beta0 * echo_energy).min(beta0 / 4.0 * sff.max(1e-12)) / sff.max(1e-12);
            let a = a.min(1.0);
            self.cross = (1.0 - a) * self.cross + a * pey_r;
            self.auto = (1.0 - a) * self.auto + a * pyy_r;
            if self.auto < 1e-12 {
                self.auto = 1e-12;
            }
            self.cross = self.cross.clamp(LEAK_MIN * self.auto, self.auto);
            self.leak = self.cross / self.auto;
        }
    }
}

/// Error/far coherence state.
pub struct Coherence {
    cross_re: Vec<f32>,
    cross_im: Vec<f32>,
    far: Vec<f32>,
    err: Vec<f32>,
    coh: Vec<f32>,
    avg: f32,
}

impl Coherence {
    /// State for `bins` bins.
    pub fn new(bins: usize) -> Self {
        Coherence {
            cross_re: vec![0.0; bins],
            cross_im: vec![0.0; bins],
            far: vec![0.0; bins],
            err: vec![0.0; bins],
            coh: vec![0.0; bins],
            avg: 0.0,
        }
    }

    /// Forgets everything.
    pub fn reset(&mut self) {
        for v in [
            &mut self.cross_re,
            &mut self.cross_im,
            &mut self.far,
            &mut self.err,
            &mut self.coh,
        ] {
            v.fill(0.0);
        }
        self.avg = 0.0;
    }

    /// Per-bin coherence (0..1, bias removed).
    #[inline(always)]
    pub fn per_bin(&self) -> &[f32] {
        &self.coh
    }

    /// Error-power-weighted average: high when the error is mostly unmodelled echo.
    #[inline(always)]
    pub fn average(&self) -> f32 {
        self.avg
    }

    /// One block: far spectrum (`xr`, `xi`, power `xp`) at the echo's main lag and the error
    /// spectrum (`er`, `ei`).
    #[inline(always)]
    pub fn update(
        &mut self,
        xr: &[f32],
        xi: &[f32],
        xp: &[f32],
        er: &[f32],
        ei: &[f32],
        far_active: bool,
    ) {
        let k = self.coh.len();
        let a = COH_SMOOTH;
        // Every slice exactly k long: the loop runs without bounds checks.
        let (xr, xi, xp) = (&xr[..k], &xi[..k], &xp[..k]);
        let (er, ei) = (&er[..k], &ei[..k]);
        let (sre, sim) = (&mut self.cross_re[..k], &mut self.cross_im[..k]);
        let (sxx, see, coh) = (&mut self.far[..k], &mut self.err[..k], &mut self.coh[..k]);
        for i in 0..k {
            let cr = xr[i] * er[i] + xi[i] * ei[i];
            let ci = xr[i] * ei[i] - xi[i] * er[i];
            sre[i] += a * (cr - sre[i]);
            sim[i] += a * (ci - sim[i]);
            sxx[i] += a * (xp[i] - sxx[i]);
            see[i] += a * (er[i] * er[i] + ei[i] * ei[i] - see[i]);
            let c = (sre[i] * sre[i] + sim[i] * sim[i]) / (sxx[i] * see[i] + 1e-20);
            coh[i] = ((c - COH_BIAS) * (1.0 / (1.0 - COH_BIAS))).clamp(0.0, 1.0);
        }
        let num = dot(coh, see);
        let den = sum(see) + 1e-20;
        if far_active {
            self.avg += COH_AVG_SMOOTH * (num / den - self.avg);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_proportional_to_the_far_end_is_coherent_and_noise_is_not() {
        let k = 33;
        let mut c = Coherence::new(k);
        let mut s = 9u32;
        let mut rnd = || {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            s as f32 / u32::MAX as f32 - 0.5
        };
        for _ in 0..60 {
            let xr: Vec<f32> = (0..k).map(|_| rnd()).collect();
            let xi: Vec<f32> = (0..k).map(|_| rnd()).collect();
            let xp: Vec<f32> = xr.iter().zip(&xi).map(|(a, b)| a * a + b * b).collect();
            let er: Vec<f32> = xr.iter().map(|v| 0.3 * v).collect();
            let ei: Vec<f32> = xi.iter().map(|v| 0.3 * v).collect();
            c.update(&xr, &xi, &xp, &er, &ei, true);
        }
        assert!(c.average() > 0.9, "{}", c.average());
        let mut n = Coherence::new(k);
        for _ in 0..60 {
            let xr: Vec<f32> = (0..k).map(|_| rnd()).collect();
            let xi: Vec<f32> = (0..k).map(|_| rnd()).collect();
            let xp: Vec<f32> = xr.iter().zip(&xi).map(|(a, b)| a * a + b * b).collect();
            let er: Vec<f32> = (0..k).map(|_| rnd()).collect();
            let ei: Vec<f32> = (0..k).map(|_| rnd()).collect();
            n.update(&xr, &xi, &xp, &er, &ei, true);
        }
        assert!(n.average() < 0.3, "{}", n.average());
    }

    #[test]
    fn leakage_follows_the_share_of_echo_left_in_the_error() {
        let k = 17;
        let mut l = Leakage::new(k);
        for t in 0..400 {
            let y: Vec<f32> = (0..k)
                .map(|i| 1.0 + ((t * 7 + i * 3) % 11) as f32)
                .collect();
            let e: Vec<f32> = y.iter().map(|v| 0.1 * v).collect();
            l.update(&e, &y, 0.05, 0.1, 1.0, 0.1, true);
        }
        assert!((l.leak() - 0.1).abs() < 0.03, "{}", l.leak());
    }
}
