//! duly's runtime: calendars, deadline arithmetic, case evaluation and explanations.
//!
//! It reads the IR the compiler writes and never depends on the compiler itself.

pub mod calendar;
pub mod case;
pub mod duration;
pub mod eval;
pub mod holidays;
pub mod input;
pub mod ir;
pub mod reckon;
pub mod suggest;
