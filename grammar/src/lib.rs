//! The pest grammar of the duly standards language (`duly.pest`).
//!
//! This crate only recognises text; the compiler turns its parse tree into an AST with spans.

use pest_derive::Parser;

/// The generated pest parser for `.duly` files.
#[derive(Parser)]
#[grammar = "duly.pest"]
pub struct DulyParser;
