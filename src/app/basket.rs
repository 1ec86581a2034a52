//! The basket pane, a placeholder until the download basket issue builds it. Products
//! arrive from triage as `Cmd::AddToBasket` (see `mast::product_ref::ProductRef`).

#[derive(Debug, Clone, Default)]
pub struct BasketPane {}
