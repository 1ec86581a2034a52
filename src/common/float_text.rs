//! Floats as short JSON text, fast. Catalog answers are mostly numbers with a few decimals
//! (`13.037737`, `0.116`); those are written from their integer digits, which reads back to
//! the same f64 and costs a fraction of a shortest-representation search. Anything else
//! (very large, very small, many digits) goes to ryu, as serde_json writes it.

/// Powers of ten a fast path may scale by: up to nine decimals.
const POW10: [f64; 10] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const POW10_INT: [u64; 10] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
];
/// Above this an integer mantissa may not be exact in an f64.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// A reusable buffer for formatting floats.
pub struct FloatText {
    buf: [u8; 48],
    ryu: ryu::Buffer,
}

impl Default for FloatText {
    fn default() -> Self {
        FloatText::new()
    }
}

impl FloatText {
    pub fn new() -> FloatText {
        FloatText {
            buf: [0; 48],
            ryu: ryu::Buffer::new(),
        }
    }

    /// `x` (finite) as JSON text that reads back to exactly `x`; `whole_suffix` says how a
    /// whole number ends (`""` gives `13`, `".0"` gives `13.0`).
    pub fn format(&mut self, x: f64, whole_suffix: &str) -> &str {
        let a = x.abs();
        // Tiny values read shorter with an exponent (1.5e-7): left to ryu.
        if a == 0.0 || (1e-3..1e15).contains(&a) {
            for (k, p) in POW10.iter().enumerate() {
                let scaled = a * p;
                if scaled >= EXACT {
                    break;
                }
                // Rounded by truncating a half-up value: a plain instruction, where
                // `f64::round` is a library call on baseline x86-64.
                let m = (scaled + 0.5) as u64;
                // m / 10^k is correctly rounded, so its decimal text parses back to it.
                if m as f64 / p == a {
                    return self.fixed(x < 0.0, m, k, whole_suffix);
                }
            }
        }
        self.ryu.format_finite(x)
    }

    fn fixed(&mut self, negative: bool, m: u64, k: usize, whole_suffix: &str) -> &str {
        let (int, frac) = (m / POW10_INT[k], m % POW10_INT[k]);
        let mut n = 0;
        if negative && m != 0 {
            self.buf[n] = b'-';
            n += 1;
        }
        let mut digits = [0u8; 20];
        let mut d = 0;
        let mut v = int;
        loop {
            digits[d] = b'0' + (v % 10) as u8;
            d += 1;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        while d > 0 {
            d -= 1;
            self.buf[n] = digits[d];
            n += 1;
        }
        if k == 0 {
            for b in whole_suffix.bytes().take(8) {
                self.buf[n] = b;
                n += 1;
            }
        } else {
            self.buf[n] = b'.';
            n += 1;
            for i in (0..k).rev() {
                self.buf[n] = b'0' + (frac / POW10_INT[i] % 10) as u8;
                n += 1;
            }
        }
        // Only ASCII digits, a sign and a point were written.
        std::str::from_utf8(&self.buf[..n]).unwrap_or("0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_from_their_digits_and_read_back_exactly() {
        let mut f = FloatText::new();
        assert_eq!(f.format(13.037737, ".0"), "13.037737");
        assert_eq!(f.format(-0.116, ".0"), "-0.116");
        assert_eq!(f.format(0.1, ".0"), "0.1");
        assert_eq!(f.format(13.0, ".0"), "13.0");
        assert_eq!(f.format(13.0, ""), "13");
        assert_eq!(f.format(-0.0, ""), "0");
        assert_eq!(f.format(210.802429, ""), "210.802429");
        for x in [
            1e21,
            1.5e-7,
            1.0 / 3.0,
            12345678.901234567,
            -999.0,
            6.02214076e23,
            0.30000000000000004,
            f64::MIN_POSITIVE,
            4_503_599_627_370_497.5,
        ] {
            let s = f.format(x, ".0").to_string();
            assert_eq!(s.parse::<f64>().unwrap(), x, "{s}");
        }
        let mut seed = 7u64;
        for _ in 0..20_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let x = ((seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 1e4;
            let r = (x * 1e5).round() / 1e5;
            for v in [x, r] {
                let s = f.format(v, ".0").to_string();
                assert_eq!(s.parse::<f64>().unwrap(), v, "{s}");
            }
        }
    }
}
