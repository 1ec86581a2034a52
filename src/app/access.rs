//! What the session may fetch of exclusive-access data: what panes are told (through their
//! `Ctx`) to give advice about files that need a login.

/// What the session may fetch of exclusive-access data, as far as is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    /// Still checking, or MAST could not be asked: nothing is claimed (a 401 will tell).
    #[default]
    Unknown,
    Exclusive,
    /// No token, a refused one, or (`logged_in`) one without `mast:exclusive_access`.
    Lacks {
        logged_in: bool,
    },
}
