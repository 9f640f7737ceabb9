//! Minimal WAV reading and writing (PCM16 and float32 mono in, PCM16 out) for the CLI.
use std::io::{Error, ErrorKind, Result};

/// A decoded mono signal in [-1, 1) with its sample rate.
pub struct Wav {
    pub rate: u32,
    pub samples: Vec<f32>,
}

fn bad(msg: &str) -> Error {
    Error::new(ErrorKind::InvalidData, msg.to_string())
}

/// Parses a RIFF/WAVE file with PCM16 or float32 samples; multichannel input keeps channel 0.
pub fn parse(bytes: &[u8]) -> Result<Wav> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err(bad("not a RIFF/WAVE file"));
    }
    let (mut pos, mut fmt) = (12, None);
    while pos + 8 <= bytes.len() {
        let id = &bytes[pos..pos + 4];
        let len = u32::from_le_bytes([
            bytes[pos + 4],
            bytes[pos + 5],
            bytes[pos + 6],
            bytes[pos + 7],
        ]) as usize;
        let body = &bytes[pos + 8..(pos + 8 + len).min(bytes.len())];
        if id == b"fmt " {
            if body.len() < 16 {
                return Err(bad("short fmt chunk"));
            }
            let tag = u16::from_le_bytes([body[0], body[1]]);
            let ch = u16::from_le_bytes([body[2], body[3]]) as usize;
            let rate = u32::from_le_bytes([body[4], body[5], body[6], body[7]]);
            let bits = u16::from_le_bytes([body[14], body[15]]);
            fmt = Some((tag, ch.max(1), rate, bits));
        } else if id == b"data" {
            let (tag, ch, rate, bits) = fmt.ok_or_else(|| bad("data before fmt"))?;
            let samples = match (tag, bits) {
                (1, 16) | (0xFFFE, 16) => body
                    .chunks_exact(2 * ch)
                    .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 / 32768.0)
                    .collect(),
                (3, 32) | (0xFFFE, 32) => body
                    .chunks_exact(4 * ch)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect(),
                _ => return Err(bad("only PCM16 and float32 WAV files are supported")),
            };
            return Ok(Wav { rate, samples });
        }
        pos += 8 + len + (len & 1);
    }
    Err(bad("no data chunk"))
}

/// Encodes mono PCM16 WAV bytes (samples clipped to [-1, 1)).
pub fn encode_pcm16(rate: u32, samples: &[f32]) -> Vec<u8> {
    let data = samples.len() * 2;
    let mut v = Vec::with_capacity(44 + data);
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&((36 + data) as u32).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&rate.to_le_bytes());
    v.extend_from_slice(&(rate * 2).to_le_bytes());
    v.extend_from_slice(&2u16.to_le_bytes());
    v.extend_from_slice(&16u16.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&(data as u32).to_le_bytes());
    for &s in samples {
        let q = (s * 32768.0).round().clamp(-32768.0, 32767.0) as i16;
        v.extend_from_slice(&q.to_le_bytes());
    }
    v
}

#[cfg(test)]
mod tests {
    #[test]
    fn pcm16_round_trip() {
        let x = [0.0f32, 0.5, -0.5, 0.25];
        let w = super::parse(&super::encode_pcm16(16000, &x)).unwrap();
        assert_eq!(w.rate, 16000);
        assert_eq!(w.samples, x);
    }
}
