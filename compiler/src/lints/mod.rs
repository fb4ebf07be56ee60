//! Lints: findings about the standards themselves, run by `duly check` only.
//!
//! One lint per file; each file's `DOC` is its documentation page
//! (`docs/lints/CODE.md` is generated from it).

use crate::check::Checked;
use crate::diagnostic::Diagnostics;
use crate::source::Sources;

/// Runs every lint over a checked policy.
pub fn run(_checked: &Checked, _sources: &Sources, _diags: &mut Diagnostics) {}
