//! `aec`: an acoustic echo canceller without dependencies.
//!
//! The DSP lives in safe modules, one concept each (`fft`, `filter`, `far_power`, `delay`,
//! `double_talk`, `arbitration`, `path_change`, `step_size`, `residual_echo`, `suppressor`,
//! `drift` with `fractional_delay`, `dc_block`),
//! put together block by block in `core` and framed in `canceller`. The only `unsafe` code is
//! the hand-written N-API glue in `napi` and the CPU dispatch in `cpu`.
#![deny(unsafe_code)]

pub mod arbitration;
pub mod canceller;
pub mod config;
pub mod core;
pub mod cpu;
pub mod dc_block;
pub mod delay;
pub mod drift;
pub mod double_talk;
pub mod far_power;
pub mod fft;
pub mod fractional_delay;
pub mod filter;
pub mod path_change;
pub mod residual_echo;
pub mod step_size;
pub mod suppressor;
pub mod tuning;
pub mod wav;

#[cfg(feature = "napi")]
mod napi;

pub use canceller::{Canceller, Stats};
pub use config::{AecError, Config, ConfigOption};
pub use tuning::Tuning;
