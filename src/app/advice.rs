//! Errors as one line: what went wrong and what to do next.
use crate::mast::MastError;

/// `doing` names the job (`search`, `count`, ...).
pub fn describe(doing: &str, err: &MastError) -> String {
    let next = match err {
        MastError::Input(_) | MastError::NotResolved { .. } => "",
        MastError::Server { .. } => " (check the criteria, then Enter to search again)",
        MastError::Network { .. } => {
            " (check the network and the server address; Enter on the form retries)"
        }
        MastError::Timeout { .. } => " (narrow the criteria or try again)",
        MastError::Http { status, .. } if *status == 429 || *status >= 500 => {
            " (the archive is busy or failing; try again in a minute)"
        }
        MastError::Http { .. } => "",
        MastError::Cancelled => "",
        MastError::Protocol { .. } => " (try again; report it if it persists)",
    };
    format!("{doing}: {err}{next}")
}
