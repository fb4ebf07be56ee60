//! duly's compiler: `.duly` text to a checked, compiled policy.
//!
//! Phases run one way: [`parse`] (text → AST with spans), [`check`] (resolve names,
//! type-check, lower to the runtime IR), [`graph`] (dependencies between events),
//! [`lints`] (findings about the standards themselves).

pub mod ast;
pub mod check;
pub mod codes;
pub mod diagnostic;
pub mod graph;
pub mod lints;
pub mod parse;
pub mod render;
pub mod source;
pub mod trivia;
