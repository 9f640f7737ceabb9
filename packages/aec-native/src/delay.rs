//! Bulk-delay estimation between far end and microphone, in whole blocks, from 0 to the
//! configured maximum. Each block is reduced to log band energies with their slow mean removed
//! (syllable-rate envelope modulation, level-independent); the microphone's features are
//! correlated against the far-end feature history at every lag and the correlations are
//! smoothed over time. The best lag becomes the estimate once it is clearly ahead and stable.

const BANDS: usize = 24;

/// The delay estimator state.
pub struct DelayEstimator {
    bands: Vec<(usize, usize)>,
    max_lag: usize,
    far_feat: Vec<f32>,
    head: usize,
    far_mean: [f32; BANDS],
    near_mean: [f32; BANDS],
    near_feat: [f32; BANDS],
    corr: Vec<f32>,
    far_energy: f32,
    near_energy: f32,
    far_feat_energy: f32,
    updates: u32,
    alpha_min: f32,
    candidate: usize,
    stable: u32,
    estimate: Option<usize>,
    confidence: f32,
}

impl DelayEstimator {
    /// An estimator for lags `0..=max_lag` blocks on spectra of `bins` bins at `rate` Hz with
    /// blocks of `block` samples.
    pub fn new(max_lag: usize, bins: usize, rate: u32, block: usize) -> Self {
        let hz_per_bin = rate as f32 / (2.0 * (bins - 1) as f32);
        let (lo, hi) = (200.0f32, (rate as f32 / 2.0).min(6000.0));
        let bands = (0..BANDS)
            .map(|i| {
                let f0 = lo * (hi / lo).powf(i as f32 / BANDS as f32);
                let f1 = lo * (hi / lo).powf((i + 1) as f32 / BANDS as f32);
                let a = ((f0 / hz_per_bin) as usize).clamp(1, bins - 2);
                let b = ((f1 / hz_per_bin) as usize).clamp(a + 1, bins - 1);
                (a, b)
            })
            .collect();
        let block_s = block as f32 / rate as f32;
        DelayEstimator {
            bands,
            max_lag,
            far_feat: vec![0.0; (max_lag + 1) * BANDS],
            head: 0,
            far_mean: [0.0; BANDS],
            near_mean: [0.0; BANDS],
            near_feat: [0.0; BANDS],
            corr: vec![0.0; max_lag + 1],
            far_energy: 0.0,
            near_energy: 0.0,
            far_feat_energy: 0.0,
            updates: 0,
            alpha_min: block_s / 2.0,
            candidate: 0,
            stable: 0,
            estimate: None,
            confidence: 0.0,
        }
    }

    /// Forgets everything.
    pub fn reset(&mut self) {
        self.far_feat.fill(0.0);
        self.far_mean = [0.0; BANDS];
        self.near_mean = [0.0; BANDS];
        self.corr.fill(0.0);
        self.far_energy = 0.0;
        self.near_energy = 0.0;
        self.far_feat_energy = 0.0;
        self.updates = 0;
        self.stable = 0;
        self.estimate = None;
        self.confidence = 0.0;
    }

    /// Approximate heap bytes.
    pub fn heap_bytes(&self) -> usize {
        4 * (self.far_feat.len() + self.corr.len()) + 16 * self.bands.len()
    }

    /// The current estimate in blocks, once one is established.
    pub fn estimate(&self) -> Option<usize> {
        self.estimate
    }

    /// The far end's history moved by `s` blocks against the microphone (clock-drift
    /// compensation handed a block to the bulk delay): every lag moves with it.
    pub fn shift(&mut self, s: isize) {
        let n = self.corr.len();
        let k = s.unsigned_abs().min(n);
        if s > 0 {
            self.corr.copy_within(..n - k, k);
            self.corr[..k].fill(0.0);
        } else if s < 0 {
            self.corr.copy_within(k.., 0);
            self.corr[n - k..].fill(0.0);
        }
        let moved = |v: usize| v.saturating_add_signed(s).min(self.max_lag);
        self.candidate = moved(self.candidate);
        self.estimate = self.estimate.map(moved);
    }

    /// Normalised correlation at the estimate (0..1).
    pub fn confidence(&self) -> f32 {
        self.confidence
    }

    #[inline(always)]
    fn features(
        bands: &[(usize, usize)],
        pow: &[f32],
        mean: &mut [f32; BANDS],
        out: &mut [f32],
    ) -> f32 {
        let mut total = 0.0;
        for (i, &(a, b)) in bands.iter().enumerate() {
            let e: f32 = pow[a..b].iter().sum::<f32>() / (b - a) as f32;
            let l = (e + 1e-9).ln();
            // First sighting of the band: start the mean at the value, not at zero.
            if mean[i] == 0.0 {
                mean[i] = l;
            }
            // Log-energy change since the previous block: onsets and decays, sharp in time.
            out[i] = l - mean[i];
            mean[i] = l;
            total += e;
        }
        total
    }

    /// Feeds one block: the far-end power spectrum (undelayed) and the microphone's.
    /// Returns the (possibly updated) estimate in blocks.
    /// With `search` false only the features are updated (cheaper; for a settled estimate).
    #[inline(always)]
    pub fn update(&mut self, far_pow: &[f32], near_pow: &[f32], search: bool) -> Option<usize> {
        self.head = (self.head + 1) % (self.max_lag + 1);
        let h = self.head;
        let far_total = Self::features(
            &self.bands,
            far_pow,
            &mut self.far_mean,
            &mut self.far_feat[h * BANDS..(h + 1) * BANDS],
        );
        let mut nf = [0.0f32; BANDS];
        Self::features(&self.bands, near_pow, &mut self.near_mean, &mut nf);
        self.near_feat = nf;
        // Silence on the far end carries no information about the delay.
        let far_active = far_total > 1e-7;
        self.far_energy = self.far_energy * 0.999 + if far_active { far_total } else { 0.0 };
        if self.far_energy < 1e-6 || !search {
            return self.estimate;
        }
        self.updates = self.updates.saturating_add(1);
        let alpha = (1.0 / self.updates as f32).max(self.alpha_min);
        let n = self.max_lag + 1;
        let en: f32 = nf.iter().map(|v| v * v).sum();
        self.near_energy += alpha * (en - self.near_energy);
        let mut far_e = 0.0;
        for lag in 0..n {
            let slot = if h >= lag { h - lag } else { h + n - lag };
            let ff = &self.far_feat[slot * BANDS..(slot + 1) * BANDS];
            let mut acc = 0.0;
            for b in 0..BANDS {
                acc += nf[b] * ff[b];
            }
            if lag == 0 {
                far_e = ff.iter().map(|v| v * v).sum();
            }
            self.corr[lag] += alpha * (acc - self.corr[lag]);
        }
        // Running far feature energy (one lag suffices: the window is long compared with lags).
        self.far_energy_feat_update(far_e, alpha);
        let (mut best, mut best_v) = (0usize, f32::MIN);
        for (lag, &v) in self.corr.iter().enumerate() {
            if v > best_v {
                best = lag;
                best_v = v;
            }
        }
        let mut second = 0.0f32;
        for (lag, &v) in self.corr.iter().enumerate() {
            if lag.abs_diff(best) > 3 && v > second {
                second = v;
            }
        }
        let norm = (self.near_energy * self.far_feat_energy).sqrt().max(1e-9);
        let conf = best_v / norm;
        let clear = conf > 0.12 && best_v > 1.25 * second && self.updates > 20;
        if clear && best == self.candidate {
            self.stable += 1;
        } else {
            self.candidate = best;
            self.stable = 0;
        }
        if clear && self.stable >= 8 {
            self.estimate = Some(best);
            self.confidence = conf;
        }
        self.estimate
    }

    fn far_energy_feat_update(&mut self, e: f32, alpha: f32) {
        self.far_feat_energy += alpha * (e - self.far_feat_energy);
    }
}
