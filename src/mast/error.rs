//! Errors of the protocol layer, typed so that callers can say what went wrong and what to do.
use std::fmt;
use std::time::Duration;

/// A person's input that cannot be turned into a request. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The field or flag the bad value came from (e.g. `radius`, `--coords`, `t_min`).
    pub field: String,
    /// What was wrong and which forms are accepted.
    pub message: String,
}

impl InputError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for InputError {}

/// Everything that can go wrong talking to MAST.
#[derive(Debug, Clone, PartialEq)]
pub enum MastError {
    /// Bad input, refused before any request.
    Input(InputError),
    /// A name that no resolver knows.
    NotResolved { name: String },
    /// MAST answered `status: ERROR` (with HTTP 200); `msg` is MAST's own text.
    Server { service: String, msg: String },
    /// An HTTP status that retrying did not cure (or that must not be retried, like 401).
    Http {
        status: u16,
        what: String,
        body: String,
    },
    /// The connection failed (refused, reset, DNS, TLS) and retries ran out.
    Network { what: String, message: String },
    /// A call or the whole job took longer than allowed.
    Timeout { what: String, after: Duration },
    /// The caller cancelled the job.
    Cancelled,
    /// The answer could not be understood.
    Protocol { what: String, message: String },
}

impl MastError {
    /// Exit status for headless commands: 2 for bad input, 1 for remote or network failures.
    pub fn exit_code(&self) -> i32 {
        match self {
            MastError::Input(_) | MastError::NotResolved { .. } => 2,
            _ => 1,
        }
    }

    /// True when waiting and asking again may help.
    pub fn is_transient(&self) -> bool {
        match self {
            MastError::Network { .. } | MastError::Timeout { .. } => true,
            MastError::Http { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

impl From<InputError> for MastError {
    fn from(e: InputError) -> Self {
        MastError::Input(e)
    }
}

impl fmt::Display for MastError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MastError::Input(e) => write!(f, "{e}"),
            MastError::NotResolved { name } => write!(
                f,
                "could not resolve target name '{name}': no resolver knows it; \
                 check the spelling or give coordinates (e.g. \"210.8 54.35\")"
            ),
            MastError::Server { service, msg } => {
                write!(f, "MAST answered ERROR for {service}: {msg}")?;
                // MAST's words for the classic mix-up, which do not name the column.
                if msg.contains("varchar to bigint") {
                    write!(
                        f,
                        " (text was sent where MAST expects an integer: a dataset name \
                         (obs_id, e.g. jw01073-o001_t001_nircam_clear-f277w) given where the \
                         integer obsid belongs?)"
                    )?;
                }
                Ok(())
            }
            MastError::Http { status, what, body } => {
                write!(f, "{what}: HTTP {status}")?;
                let body = body.trim();
                if !body.is_empty() {
                    let short: String = body.chars().take(200).collect();
                    write!(f, ": {short}")?;
                }
                if *status == 401 || *status == 403 {
                    write!(
                        f,
                        " (this needs a MAST token with exclusive access; see `mastui login`)"
                    )?;
                }
                Ok(())
            }
            MastError::Network { what, message } => {
                write!(f, "{what}: network failure: {message}")
            }
            MastError::Timeout { what, after } => {
                write!(f, "{what}: no answer within {:.0} s", after.as_secs_f64())
            }
            MastError::Cancelled => write!(f, "cancelled"),
            MastError::Protocol { what, message } => {
                write!(f, "{what}: unexpected answer from the server: {message}")
            }
        }
    }
}

impl std::error::Error for MastError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_obsid_mix_up_is_explained() {
        let e = MastError::Server {
            service: "Mast.Caom.Products".into(),
            msg: "Error converting data type varchar to bigint.".into(),
        };
        let text = e.to_string();
        assert!(text.contains("varchar to bigint"), "{text}");
        assert!(text.contains("obs_id") && text.contains("obsid"), "{text}");
        let e = MastError::Server {
            service: "Mast.Caom.Filtered".into(),
            msg: "Incorrect syntax near '*'.".into(),
        };
        assert!(!e.to_string().contains("obsid"));
    }

    #[test]
    fn exit_codes_and_transience() {
        assert_eq!(MastError::Input(InputError::new("x", "y")).exit_code(), 2);
        assert_eq!(MastError::NotResolved { name: "x".into() }.exit_code(), 2);
        assert_eq!(MastError::Cancelled.exit_code(), 1);
        let http = |status| MastError::Http {
            status,
            what: "x".into(),
            body: String::new(),
        };
        assert!(http(503).is_transient() && http(429).is_transient());
        assert!(!http(401).is_transient() && !http(404).is_transient());
        assert!(http(401).to_string().contains("mastui login"));
    }
}
