//! Residual echo suppression: a per-bin gain from the error spectrum and an estimate of the
//! echo left in it. Bins where the estimate is a small part of the error keep unit gain, so
//! near-end speech passes untouched; bins that are mostly echo go down to the floor.

/// Per-bin gain computation with a temporal echo-tail model.
pub struct Suppressor {
    tail: Vec<f32>,
    gain: Vec<f32>,
    decay: f32,
    floor: f32,
}

impl Suppressor {
    /// `bins` bins; the residual estimate decays by `decay` (power ratio) per block.
    pub fn new(bins: usize, decay: f32) -> Self {
        Suppressor {
            tail: vec![0.0; bins],
            gain: vec![1.0; bins],
            decay,
            floor: 1e-3,
        }
    }

    /// Forgets the tail.
    pub fn reset(&mut self) {
        self.tail.fill(0.0);
        self.gain.fill(1.0);
    }

    /// The gains of the last block.
    pub fn gains(&self) -> &[f32] {
        &self.gain
    }

    /// Computes gains from the error power and the residual-echo power estimate of this block;
    /// `over` scales the estimate (large in echo-only periods, small when near-end is likely).
    #[inline(always)]
    pub fn compute(&mut self, err_pow: &[f32], echo_pow: &[f32], over: f32) -> &[f32] {
        for (((g, t), &e), &r) in self
            .gain
            .iter_mut()
            .zip(self.tail.iter_mut())
            .zip(err_pow)
            .zip(echo_pow)
        {
            *t = r.max(*t * self.decay);
            let ratio = over * *t / (e + 1e-12);
            *g = (1.0 - ratio).clamp(self.floor, 1.0);
        }
        // A bin between two suppressed neighbours is suppressed too (limits musical noise).
        let n = self.gain.len();
        if n > 2 {
            let mut prev = self.gain[0];
            for k in 1..n - 1 {
                let cur = self.gain[k];
                let m = prev.max(self.gain[k + 1]);
                if cur > m {
                    self.gain[k] = m.max(cur * 0.5);
                }
                prev = cur;
            }
        }
        &self.gain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_end_only_is_not_attenuated() {
        let mut s = Suppressor::new(129, 0.5);
        let err: Vec<f32> = (0..129).map(|k| 1.0 + (k % 7) as f32).collect();
        let echo = vec![0.0; 129];
        for _ in 0..10 {
            let g = s.compute(&err, &echo, 2.0);
            assert!(g.iter().all(|&g| g == 1.0));
        }
    }

    #[test]
    fn echo_only_is_suppressed_to_the_floor() {
        let mut s = Suppressor::new(65, 0.5);
        let p = vec![1.0; 65];
        let g = s.compute(&p, &p, 2.0);
        assert!(g.iter().all(|&g| g <= 1e-3 + 1e-9));
    }
}
