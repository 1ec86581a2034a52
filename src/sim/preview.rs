//! Preview images the simulator serves for `.jpg` products and `jpegURL`s: a real JPEG (a
//! galaxy and a few stars on a dark sky, placed by the file's name), so a client decodes
//! and shows something, the same bytes every time. The body is then padded to the size
//! MAST lists (decoders stop at the end-of-image marker).
use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder};

use super::rng::mix;

/// The side of the square image, in pixels.
const SIDE: u32 = 72;

/// True for file names the simulator serves as images.
pub fn is_image(file: &str) -> bool {
    let f = file.to_ascii_lowercase();
    f.ends_with(".jpg") || f.ends_with(".jpeg")
}

/// A JPEG no longer than `max_len` bytes (quality lowered until it fits; empty if it never
/// does, and the body is then filler like any other file).
pub fn jpeg(seed: u64, max_len: usize) -> Vec<u8> {
    let pixels = sky(seed);
    for quality in [85u8, 70, 55, 40, 25] {
        let mut out = Vec::new();
        let encoded = JpegEncoder::new_with_quality(&mut out, quality).write_image(
            &pixels,
            SIDE,
            SIDE,
            ExtendedColorType::Rgb8,
        );
        if encoded.is_ok() && out.len() <= max_len {
            return out;
        }
    }
    Vec::new()
}

/// RGB pixels: dark sky, a tilted elliptical galaxy, four stars.
fn sky(seed: u64) -> Vec<u8> {
    let r = |i: u64| (mix(seed ^ i) % 1000) as f64 / 1000.0;
    let side = f64::from(SIDE);
    let (gx, gy) = (side * (0.3 + 0.4 * r(1)), side * (0.3 + 0.4 * r(2)));
    let (angle, axis) = (r(3) * std::f64::consts::PI, 0.35 + 0.5 * r(4));
    let scale = side * (0.08 + 0.1 * r(5));
    let stars: Vec<(f64, f64, f64)> = (0..4)
        .map(|k| (side * r(10 + k), side * r(20 + k), 0.5 + r(30 + k)))
        .collect();
    let tint = [0.9 + 0.1 * r(6), 0.8 + 0.2 * r(7), 0.7 + 0.3 * r(8)];
    let mut out = Vec::with_capacity((SIDE * SIDE * 3) as usize);
    for y in 0..SIDE {
        for x in 0..SIDE {
            let (dx, dy) = (f64::from(x) - gx, f64::from(y) - gy);
            let (u, v) = (
                dx * angle.cos() + dy * angle.sin(),
                (-dx * angle.sin() + dy * angle.cos()) / axis,
            );
            let mut light = 0.05 + (-(u * u + v * v).sqrt() / scale).exp();
            for &(sx, sy, b) in &stars {
                let d2 = (f64::from(x) - sx).powi(2) + (f64::from(y) - sy).powi(2);
                light += b * (-d2 / 1.5).exp();
            }
            for t in tint {
                out.push((255.0 * (light * t).min(1.0)) as u8);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decodable_jpeg_the_same_every_time() {
        let a = jpeg(42, 2880);
        assert!(!a.is_empty() && a.len() <= 2880, "{}", a.len());
        assert_eq!(a, jpeg(42, 2880));
        assert_ne!(a, jpeg(43, 2880));
        let img = image::load_from_memory(&a).expect("decodes");
        assert_eq!((img.width(), img.height()), (SIDE, SIDE));
        assert!(is_image("x_i2d.JPG") && !is_image("x_cal.fits"));
    }
}
