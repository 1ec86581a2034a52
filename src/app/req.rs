//! Request ids: every job the state machine starts carries one, and its answers carry it
//! back, so answers to a request nobody waits for any more are dropped ("latest wins").

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReqId(pub u64);

/// Hands out request ids, never the same twice.
#[derive(Debug, Clone, Default)]
pub struct ReqIds(u64);

impl ReqIds {
    pub fn fresh(&mut self) -> ReqId {
        self.0 += 1;
        ReqId(self.0)
    }
}
