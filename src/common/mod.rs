//! Small helpers that `cli`, `worker`, `ui` and `app` all use, kept here so that none of
//! them borrows from another (numbers as people read them, the words about logins, floats
//! as JSON text for both the client and the simulator, the closest name to a typo).
pub mod csv_field;
pub mod float_text;
pub mod format;
pub mod near;
pub mod rights;
