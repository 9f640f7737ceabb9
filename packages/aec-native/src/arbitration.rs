//! Main/shadow arbitration after speex's MDF: the main filter takes the shadow's coefficients
//! when the shadow's error is consistently smaller, and the shadow is restored from the main
//! filter when it diverged. "Consistently" is judged from the error difference against its
//! variance over two time scales.

/// The two filters' errors of one block, compared.
#[derive(Clone, Copy, Debug)]
pub struct Comparison {
    /// Main filter error energy.
    pub main: f32,
    /// Shadow filter error energy.
    pub shadow: f32,
    /// Energy of the difference between the errors.
    pub between: f32,
}

impl Comparison {
    /// Compares the blocks' errors `e_main` and `e_shadow`.
    #[inline(always)]
    pub fn of(e_main: &[f32], e_shadow: &[f32], main: f32, shadow: f32) -> Self {
        let between = e_main
            .iter()
            .zip(e_shadow)
            .map(|(a, c)| (a - c) * (a - c))
            .sum::<f32>()
            + 1e-12;
        Comparison {
            main,
            shadow,
            between,
        }
    }
}

/// Arbitration state: smoothed error differences and their variances, and a count of blocks
/// with the shadow far (3 dB) ahead.
pub struct Arbitration {
    avg_fast: f32,
    avg_slow: f32,
    var_fast: f32,
    var_slow: f32,
    shadow_wins: u32,
}

impl Default for Arbitration {
    fn default() -> Self {
        Self::new()
    }
}

impl Arbitration {
    /// Fresh state.
    pub fn new() -> Self {
        Arbitration {
            avg_fast: 0.0,
            avg_slow: 0.0,
            var_fast: 0.0,
            var_slow: 0.0,
            shadow_wins: 0,
        }
    }

    /// Forgets everything.
    pub fn reset(&mut self) {
        *self = Arbitration::new();
    }

    /// Blocks (net) in which the shadow's error was under half the main filter's.
    pub fn shadow_wins(&self) -> u32 {
        self.shadow_wins
    }

    /// Takes in one block's comparison.
    #[inline(always)]
    pub fn observe(&mut self, c: &Comparison, far_active: bool) {
        let diff = c.main - c.shadow;
        self.avg_fast = 0.6 * self.avg_fast + 0.4 * diff;
        self.avg_slow = 0.85 * self.avg_slow + 0.15 * diff;
        self.var_fast = 0.36 * self.var_fast + 0.16 * c.main * c.between;
        self.var_slow = 0.7225 * self.var_slow + 0.0225 * c.main * c.between;
        if far_active && c.shadow < 0.5 * c.main {
            self.shadow_wins += 1;
        } else if far_active {
            self.shadow_wins = self.shadow_wins.saturating_sub(1);
        }
    }

    /// The shadow is better, this block or consistently of late.
    #[inline(always)]
    pub fn shadow_better(&self, c: &Comparison) -> bool {
        let diff = c.main - c.shadow;
        diff * diff.abs() > c.main * c.between
            || self.avg_fast * self.avg_fast.abs() > 0.5 * self.var_fast
            || self.avg_slow * self.avg_slow.abs() > 0.25 * self.var_slow
    }

    /// The shadow has diverged: clearly worse than the main filter.
    #[inline(always)]
    pub fn shadow_diverged(&self, c: &Comparison) -> bool {
        let diff = c.main - c.shadow;
        -diff * diff.abs() > 4.0 * c.main * c.between
            || -self.avg_fast * self.avg_fast.abs() > 4.0 * self.var_fast
            || -self.avg_slow * self.avg_slow.abs() > 4.0 * self.var_slow
    }

    /// After a copy either way the filters agree: start the statistics afresh (the win count
    /// stays, it is about the path).
    #[inline(always)]
    pub fn copied(&mut self) {
        self.avg_fast = 0.0;
        self.avg_slow = 0.0;
        self.var_fast = 0.0;
        self.var_slow = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_consistently_better_shadow_wins_and_a_diverged_one_is_restored() {
        let mut a = Arbitration::new();
        let e_main = [0.5f32; 8];
        let e_shadow = [0.1f32; 8];
        let c = Comparison::of(&e_main, &e_shadow, 2.0, 0.08);
        a.observe(&c, true);
        assert!(a.shadow_better(&c) && !a.shadow_diverged(&c));
        assert_eq!(a.shadow_wins(), 1);
        let mut a = Arbitration::new();
        let c = Comparison::of(&e_shadow, &e_main, 0.08, 2.0);
        a.observe(&c, true);
        assert!(a.shadow_diverged(&c) && !a.shadow_better(&c));
    }

    #[test]
    fn equal_errors_change_nothing() {
        let mut a = Arbitration::new();
        let e = [0.3f32; 8];
        let c = Comparison::of(&e, &e, 0.72, 0.72);
        for _ in 0..10 {
            a.observe(&c, true);
        }
        assert!(!a.shadow_better(&c) && !a.shadow_diverged(&c));
        assert_eq!(a.shadow_wins(), 0);
    }
}
