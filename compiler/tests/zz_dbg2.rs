use duly_compiler::check::{check_file, FsLoader};
use duly_compiler::source::Sources;
#[test]
fn spans() {
    let mut sources = Sources::new();
    let (_, diags) = check_file(
        std::path::Path::new("../policies/hackney-children-and-families-2026.duly"),
        &FsLoader,
        &mut sources,
    );
    for d in diags.0.iter().filter(|d| {
        d.message
            .contains("`case_supervision` has different deadlines")
    }) {
        for l in std::iter::once(&d.primary).chain(&d.related) {
            println!(
                "{:?} {:?} {:?}",
                l.span,
                sources.span_positions(l.span),
                l.message
            );
        }
    }
}
