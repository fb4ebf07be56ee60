//! duly's runtime: calendars, deadline arithmetic, case evaluation and explanations.
//!
//! It reads the IR the compiler writes and never depends on the compiler itself.

pub mod duration;
pub mod holidays;
pub mod ir;
