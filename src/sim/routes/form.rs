//! `application/x-www-form-urlencoded` decoding for bodies and query strings.

use percent_encoding::percent_decode_str;

/// All `key=value` pairs, `+` read as a space, percent-escapes decoded (lossy UTF-8).
pub fn pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

pub fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// First value of `key`.
pub fn get(s: &str, key: &str) -> Option<String> {
    pairs(s).into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_a_form() {
        let p = pairs("request=%7B%22a%22%3A%201%7D&uri=mast:X/a+b&uri=two&flag");
        assert_eq!(p[0], ("request".into(), "{\"a\": 1}".into()));
        assert_eq!(p[1].1, "mast:X/a b");
        assert_eq!(p[2].1, "two");
        assert_eq!(p[3], ("flag".into(), String::new()));
        assert_eq!(get("a=1&b=2", "b").as_deref(), Some("2"));
    }
}
