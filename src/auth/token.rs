//! `Token`: a MAST API token that cannot leak by accident. `Debug` and `Display` show only a
//! masked hint (`Token(****ab12)`); the text comes out only through `expose`, which the HTTP
//! layer calls to build its (sensitive) header. The memory is wiped when the token is dropped.
use std::fmt;

use zeroize::Zeroizing;

/// Where tokens are made (and remade when one expires).
pub const TOKEN_PAGE: &str =
    "https://auth.mast.stsci.edu/token?suggested_name=mastui&suggested_scope=mast:exclusive_access";

/// The longest text accepted as a token; MAST's are 32 hex characters.
const MAX_LEN: usize = 512;

#[derive(Clone, PartialEq, Eq)]
pub struct Token(Zeroizing<String>);

/// Why a text cannot be a token. Never carries the text itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    Empty,
    TooLong,
    /// Spaces, control characters or non-ASCII: an HTTP header cannot carry them, and a real
    /// MAST token never has them (usually a paste that caught more than the token).
    BadCharacters,
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Empty => write!(f, "the token is empty"),
            TokenError::TooLong => write!(f, "that is too long to be a MAST token"),
            TokenError::BadCharacters => write!(
                f,
                "a MAST token is letters and digits only; this has spaces, control characters \
                 or non-ASCII (paste just the token)"
            ),
        }
    }
}

impl std::error::Error for TokenError {}

impl Token {
    /// A token from typed, pasted or stored text; surrounding whitespace is ignored.
    pub fn new(text: &str) -> Result<Token, TokenError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(TokenError::Empty);
        }
        if t.len() > MAX_LEN {
            return Err(TokenError::TooLong);
        }
        if !t.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(TokenError::BadCharacters);
        }
        Ok(Token(Zeroizing::new(t.to_string())))
    }

    /// The secret itself. Only for the `Authorization` header and the stores that keep it;
    /// never for anything shown, logged or written elsewhere.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What may be shown: `****` and the last four characters (nothing of a short token).
    pub fn hint(&self) -> String {
        masked(&self.0)
    }
}

/// The masked form of any secret text.
pub fn masked(secret: &str) -> String {
    let n = secret.chars().count();
    if n < 16 {
        return "****".into();
    }
    let tail: String = secret.chars().skip(n - 4).collect();
    format!("****{tail}")
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({})", self.hint())
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hint())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_masked() {
        let t = Token::new("  0123456789abcdef0123456789abab12\n").unwrap();
        assert_eq!(t.expose(), "0123456789abcdef0123456789abab12");
        assert_eq!(format!("{t:?}"), "Token(****ab12)");
        assert_eq!(format!("{t}"), "****ab12");
        assert_eq!(format!("{:?}", Some(t.clone())), "Some(Token(****ab12))");
        assert_eq!(Token::new("short").unwrap().hint(), "****");
    }

    #[test]
    fn bad_texts_are_refused_without_echoing_them() {
        assert_eq!(Token::new(" \n"), Err(TokenError::Empty));
        assert_eq!(Token::new("abc def"), Err(TokenError::BadCharacters));
        assert_eq!(Token::new("abc\u{7}"), Err(TokenError::BadCharacters));
        assert_eq!(Token::new("abcé"), Err(TokenError::BadCharacters));
        assert_eq!(Token::new(&"a".repeat(600)), Err(TokenError::TooLong));
        let e = Token::new("sec ret").unwrap_err().to_string();
        assert!(!e.contains("sec"));
    }
}
