//! Echo path change detection. The fast shadow filter re-learns a changed path within a few
//! blocks and its error stays well below the main filter's; a near-end talker cannot cause
//! that (neither filter models near-end speech, so both errors contain it alike). A change
//! counts only when it is sudden: the main filter was removing 13 dB or more moments ago.

/// Smoothing of the error and mic powers (per block).
const SMOOTH: f32 = 0.25;
/// Main error / mic power (-13 dB) below which the main filter is "working well".
const GOOD: f32 = 0.05;
/// Shadow error below half the main error (3 dB) ...
const SHADOW_LEAD: f32 = 2.0;
/// ... while the main filter removes under 6 dB of the mic ...
const MAIN_POOR: f32 = 4.0;
/// ... and the shadow about 5 dB or more.
const SHADOW_GAIN: f32 = 3.0;
/// Blocks in a row (beyond one) with all of that before the change is declared.
const PATH_BLOCKS: u32 = 1;

/// Path change detector state.
pub struct PathChange {
    main: f32,
    shadow: f32,
    mic: f32,
    good_age: u32,
    recent_blocks: u32,
    blocks: u32,
}

impl PathChange {
    /// A detector for which "moments ago" is `recent_blocks` blocks.
    pub fn new(recent_blocks: u32) -> Self {
        PathChange {
            main: 0.0,
            shadow: 0.0,
            mic: 0.0,
            good_age: u32::MAX,
            recent_blocks,
            blocks: 0,
        }
    }

    /// Forgets everything.
    pub fn reset(&mut self) {
        *self = PathChange::new(self.recent_blocks);
    }

    /// One block's main error, shadow error and mic energies; true when the path changed.
    #[inline(always)]
    pub fn update(
        &mut self,
        main: f32,
        shadow: f32,
        mic: f32,
        far_active: bool,
        converged: bool,
    ) -> bool {
        self.main += SMOOTH * (main - self.main);
        self.shadow += SMOOTH * (shadow - self.shadow);
        self.mic += SMOOTH * (mic - self.mic);
        if self.main < GOOD * self.mic {
            self.good_age = 0;
        } else if far_active {
            self.good_age = self.good_age.saturating_add(1);
        }
        if far_active
            && converged
            && self.good_age < self.recent_blocks
            && SHADOW_LEAD * self.shadow < self.main
            && MAIN_POOR * self.main > self.mic
            && SHADOW_GAIN * self.shadow < self.mic
        {
            self.blocks += 1;
        } else if far_active {
            self.blocks = self.blocks.saturating_sub(1);
        }
        let change = self.blocks > PATH_BLOCKS;
        if change {
            self.blocks = 0;
        }
        change
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sudden_change_with_a_better_shadow_is_detected() {
        let mut p = PathChange::new(30);
        for _ in 0..50 {
            assert!(!p.update(0.01, 0.01, 1.0, true, true));
        }
        // The path changes: main error jumps to the mic level, the shadow re-learns.
        let hits = (0..10)
            .filter(|_| p.update(1.0, 0.1, 1.0, true, true))
            .count();
        assert!(hits >= 1);
    }

    #[test]
    fn a_talker_raising_both_errors_is_not_a_change() {
        let mut p = PathChange::new(30);
        for _ in 0..50 {
            p.update(0.01, 0.01, 1.0, true, true);
        }
        for _ in 0..100 {
            assert!(!p.update(2.0, 1.9, 2.0, true, true));
        }
    }

    #[test]
    fn an_old_good_state_does_not_count() {
        let mut p = PathChange::new(5);
        for _ in 0..50 {
            p.update(0.01, 0.01, 1.0, true, true);
        }
        for _ in 0..20 {
            p.update(0.9, 0.9, 1.0, true, true);
        }
        for _ in 0..10 {
            assert!(!p.update(1.0, 0.1, 1.0, true, true));
        }
    }
}
