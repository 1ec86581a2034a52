//! (STUB: helper "mast-http" writes this file.)
