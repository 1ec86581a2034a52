//! What a failed connection means for the person at the keyboard. Three causes deserve their
//! own words because retrying cannot cure them: a refused connection or an unknown host on
//! the very first request (a typo in the address, a VPN not connected), and a TLS
//! certificate the client will not trust (expired, self-signed, or an institutional proxy
//! that intercepts TLS with its own authority).
use std::error::Error;

/// A cause found in an error's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectProblem {
    /// Nothing listens at the address.
    Refused,
    /// The host name does not resolve.
    UnknownHost,
    /// The TLS handshake failed; the text says why, in words.
    Tls(String),
}

/// The first cause in `e`'s chain that has a name here.
pub fn classify(e: &(dyn Error + 'static)) -> Option<ConnectProblem> {
    let mut next: Option<&(dyn Error + 'static)> = Some(e);
    while let Some(err) = next {
        if let Some(t) = err.downcast_ref::<rustls::Error>() {
            return Some(ConnectProblem::Tls(tls_words(t)));
        }
        let text = err.to_string();
        if text.starts_with("dns error") || text.contains("failed to lookup address") {
            return Some(ConnectProblem::UnknownHost);
        }
        next = match err.downcast_ref::<std::io::Error>() {
            Some(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                return Some(ConnectProblem::Refused);
            }
            // An io::Error's `source` skips the error it wraps (which may be another
            // io::Error around the TLS error): step into it instead.
            Some(io) => match io.get_ref() {
                Some(inner) => Some(inner as &(dyn Error + 'static)),
                None => err.source(),
            },
            None => err.source(),
        };
    }
    None
}

/// A TLS failure as a sentence naming the cause.
pub fn tls_words(e: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    const PROXY: &str = "; behind an institutional proxy that inspects TLS, its authority is \
                         not among the public ones mastui trusts";
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            C::Expired | C::ExpiredContext { .. } => {
                "the server's TLS certificate has expired (check the computer's clock too)".into()
            }
            C::NotValidYet | C::NotValidYetContext { .. } => {
                "the server's TLS certificate is not valid yet (check the computer's clock)".into()
            }
            C::UnknownIssuer => format!(
                "the server's TLS certificate is not signed by an authority mastui trusts \
                 (self-signed, or issued by a private authority){PROXY}"
            ),
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                "the server's TLS certificate is for another host name".into()
            }
            C::Revoked => "the server's TLS certificate has been revoked".into(),
            other => format!("the server's TLS certificate was refused ({other:?}){PROXY}"),
        },
        other => format!("the TLS handshake failed: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_are_found_through_io_errors() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(classify(&refused), Some(ConnectProblem::Refused));
        let tls = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::Expired),
        );
        match classify(&tls) {
            Some(ConnectProblem::Tls(t)) => assert!(t.contains("expired"), "{t}"),
            other => panic!("{other:?}"),
        }
        let unknown = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let words = tls_words(&unknown);
        assert!(words.contains("not signed by an authority") && words.contains("proxy"));
        let dns = std::io::Error::other("dns error: failed to lookup address information");
        assert_eq!(classify(&dns), Some(ConnectProblem::UnknownHost));
        assert_eq!(classify(&std::io::Error::other("reset")), None);
    }
}
