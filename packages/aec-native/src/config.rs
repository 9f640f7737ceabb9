//! The canceller's options and every rule about them. This is the one place that decides what
//! a valid configuration is: the N-API binding and the TypeScript class only forward the
//! caller's values here and report the [`AecError`] it returns (its `code` and message).
use std::fmt;

/// Canceller configuration.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// 16000, 24000 or 48000.
    pub sample_rate: u32,
    /// Frame length in milliseconds (10 by default; 10 or 20).
    pub frame_ms: u32,
    /// Length of the echo tail the linear filter covers, in ms (default 200; 20..=1000).
    pub tail_ms: u32,
    /// Largest bulk delay to search, in ms (default 1000; 0..=2000).
    pub max_delay_ms: u32,
}

/// One field of [`Config`], named as callers outside Rust spell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigOption {
    SampleRate,
    FrameMs,
    TailMs,
    MaxDelayMs,
}

impl ConfigOption {
    /// The options in the order of [`Config::from_numbers`]' arguments.
    pub const ALL: [ConfigOption; 4] = [
        ConfigOption::SampleRate,
        ConfigOption::FrameMs,
        ConfigOption::TailMs,
        ConfigOption::MaxDelayMs,
    ];

    /// The option's name in the JS API, e.g. `sampleRate`.
    pub fn name(self) -> &'static str {
        match self {
            ConfigOption::SampleRate => "sampleRate",
            ConfigOption::FrameMs => "frameMs",
            ConfigOption::TailMs => "tailMs",
            ConfigOption::MaxDelayMs => "maxDelayMs",
        }
    }

    /// Stable error code when the option is refused (the `code` of the JS error).
    pub fn code(self) -> &'static str {
        match self {
            ConfigOption::SampleRate => "aec_sample_rate",
            ConfigOption::FrameMs => "aec_frame_ms",
            ConfigOption::TailMs => "aec_tail_ms",
            ConfigOption::MaxDelayMs => "aec_max_delay_ms",
        }
    }

    /// What to use instead (the "how to fix it" half of the message).
    fn rule(self) -> &'static str {
        match self {
            ConfigOption::SampleRate => "use 16000, 24000 or 48000 (resample first)",
            ConfigOption::FrameMs => "use 10 or 20",
            ConfigOption::TailMs => "use an integer in 20..1000",
            ConfigOption::MaxDelayMs => "use an integer in 0..2000",
        }
    }

    /// Whether `v` is allowed for this option.
    fn allows(self, v: u32) -> bool {
        match self {
            ConfigOption::SampleRate => matches!(v, 16000 | 24000 | 48000),
            ConfigOption::FrameMs => v == 10 || v == 20,
            ConfigOption::TailMs => (20..=1000).contains(&v),
            ConfigOption::MaxDelayMs => v <= 2000,
        }
    }
}

impl Config {
    /// Defaults for `sample_rate`.
    pub fn new(sample_rate: u32) -> Self {
        Config {
            sample_rate,
            frame_ms: 10,
            tail_ms: 200,
            max_delay_ms: 1000,
        }
    }

    /// Checks every option; the first refused one is reported.
    pub fn validate(&self) -> Result<(), AecError> {
        let vals = [
            self.sample_rate,
            self.frame_ms,
            self.tail_ms,
            self.max_delay_ms,
        ];
        for (option, v) in ConfigOption::ALL.into_iter().zip(vals) {
            if !option.allows(v) {
                return Err(AecError::Option {
                    option,
                    got: v.to_string(),
                });
            }
        }
        Ok(())
    }

    /// A validated configuration from numbers of a caller outside Rust (JS numbers are `f64`):
    /// each must be an integer the rules allow, checked in the order of [`ConfigOption::ALL`]
    /// (the arguments' order), so the first bad option is the one reported.
    pub fn from_numbers(v: [f64; 4]) -> Result<Config, AecError> {
        let mut ints = [0u32; 4];
        for ((option, x), int) in ConfigOption::ALL.into_iter().zip(v).zip(ints.iter_mut()) {
            let integer = x.is_finite() && x.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&x);
            if !(integer && option.allows(x as u32)) {
                return Err(AecError::Option {
                    option,
                    got: js_number(x),
                });
            }
            *int = x as u32;
        }
        Ok(Config {
            sample_rate: ints[0],
            frame_ms: ints[1],
            tail_ms: ints[2],
            max_delay_ms: ints[3],
        })
    }
}

/// `x` as JavaScript prints it (`Infinity`, not Rust's `inf`), for messages to JS callers.
fn js_number(x: f64) -> String {
    if x.is_infinite() {
        if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        format!("{x}")
    }
}

/// Why a configuration or a call was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AecError {
    /// An option the canceller does not support; `got` is the value as the caller gave it.
    Option { option: ConfigOption, got: String },
    /// A frame of the wrong length.
    FrameLength { expected: usize, got: usize },
}

impl AecError {
    /// Stable error code (the same scheme as the TypeScript `AecError` codes).
    pub fn code(&self) -> &'static str {
        match self {
            AecError::Option { option, .. } => option.code(),
            AecError::FrameLength { .. } => "aec_frame_size",
        }
    }
}

impl fmt::Display for AecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AecError::Option { option, got } => write!(
                f,
                "{} {got} is not supported; {}.",
                option.name(),
                option.rule()
            ),
            AecError::FrameLength { expected, got } => write!(
                f,
                "frame has {got} samples; this canceller takes exactly {expected} per call."
            ),
        }
    }
}

impl std::error::Error for AecError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(v: [f64; 4]) -> AecError {
        Config::from_numbers(v).unwrap_err()
    }

    #[test]
    fn defaults_are_valid_at_every_rate() {
        for r in [16000, 24000, 48000] {
            assert!(Config::new(r).validate().is_ok());
        }
    }

    #[test]
    fn each_option_is_refused_with_its_code_and_rule() {
        let cases = [
            (
                [44100.0, 10.0, 200.0, 1000.0],
                "aec_sample_rate",
                "sampleRate 44100 ",
            ),
            (
                [16000.0, 15.0, 200.0, 1000.0],
                "aec_frame_ms",
                "frameMs 15 ",
            ),
            ([16000.0, 10.0, 5.0, 1000.0], "aec_tail_ms", "tailMs 5 "),
            (
                [16000.0, 10.0, 200.0, 2001.0],
                "aec_max_delay_ms",
                "maxDelayMs 2001 ",
            ),
            (
                [16000.0, 10.0, 200.0, -1.0],
                "aec_max_delay_ms",
                "maxDelayMs -1 ",
            ),
            ([16000.0, 10.0, 20.5, 1000.0], "aec_tail_ms", "tailMs 20.5 "),
            (
                [f64::NAN, 10.0, 200.0, 1000.0],
                "aec_sample_rate",
                "sampleRate NaN ",
            ),
        ];
        for (v, code, start) in cases {
            let e = refused(v);
            assert_eq!(e.code(), code);
            let msg = e.to_string();
            assert!(msg.starts_with(start), "{msg}");
            assert!(msg.contains("; use "), "{msg}");
        }
    }

    #[test]
    fn the_first_bad_option_is_reported() {
        assert_eq!(refused([1.0, 1.5, 1.0, -1.0]).code(), "aec_sample_rate");
        assert_eq!(refused([16000.0, 1.0, 1.0, -1.0]).code(), "aec_frame_ms");
    }

    #[test]
    fn the_bounds_themselves_are_allowed() {
        assert!(Config::from_numbers([48000.0, 20.0, 20.0, 0.0]).is_ok());
        assert!(Config::from_numbers([16000.0, 10.0, 1000.0, 2000.0]).is_ok());
    }
}
