//! The products pane, for now a placeholder: it asks for products and reports what came back.
//! The products issue turns it into a grid with triage.
use super::msg::{ProductsSummary, ReqId};

#[derive(Debug, Clone, Default)]
pub struct ProductsPane {
    pub req: Option<ReqId>,
    /// How many observations were asked about.
    pub observations: usize,
    pub summary: Option<ProductsSummary>,
    pub error: Option<String>,
}

/// The basket pane, a placeholder until the download basket issue.
#[derive(Debug, Clone, Default)]
pub struct BasketPane {}
