//! Links from the server are opened only when they are plain web links: server text must
//! not make mastui run anything else (a `file:` or shell-ish URL, control characters).

/// The trimmed URL when it is an `http(s)://` link without spaces or control characters.
pub fn web_url(s: &str) -> Option<String> {
    let s = s.trim();
    let web = s.starts_with("https://") || s.starts_with("http://");
    (web && !s.chars().any(|c| c.is_control() || c.is_whitespace())).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_web_links() {
        assert_eq!(
            web_url(" https://a/b.jpg ").as_deref(),
            Some("https://a/b.jpg")
        );
        assert_eq!(web_url("file:///etc/passwd"), None);
        assert_eq!(web_url("https://a/b c"), None);
        assert_eq!(web_url("https://a/\u{1b}]52"), None);
    }
}
