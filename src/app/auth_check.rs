//! What looking up or checking a token found: the token (masked in Debug), where it came
//! from, and whose it is. The worker fills it in; the browser's login state reads it.
use crate::auth::{Identity, Source, Token};
use crate::mast::MastError;

#[derive(Debug, Clone)]
pub struct AuthCheck {
    pub token: Option<Token>,
    pub source: Option<Source>,
    /// Set when MAST answered; `valid` says if it accepted the token.
    pub identity: Option<Identity>,
    /// Set when MAST could not be asked.
    pub error: Option<MastError>,
    pub notes: Vec<String>,
    pub keyring_unavailable: Option<String>,
    pub expiring: Option<String>,
}
