//! rustc-style UI tests: each `tests/ui/*.duly` beside the exact diagnostics it
//! must produce (insta snapshots in `tests/snapshots/`). Reviewers read the
//! snapshot diff, not this code.

use duly_compiler::check::{check_str, MemoryLoader};
use duly_compiler::render;

#[test]
fn ui() {
    insta::glob!("ui/*.duly", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let name = format!("ui/{}", path.file_name().unwrap().to_string_lossy());
        let (_, sources, diags) = check_str(&name, &text, &MemoryLoader::default());
        assert!(!diags.0.is_empty(), "{name} must produce a diagnostic");
        let expected_code = &path.file_name().unwrap().to_string_lossy()[..4];
        assert!(
            diags.0.iter().any(|d| d.code.as_str() == expected_code),
            "{name} is named after {expected_code} but produced {:?}",
            diags.0.iter().map(|d| d.code.as_str()).collect::<Vec<_>>()
        );
        let rendered: String = diags.0.iter().map(|d| render::human(d, &sources)).collect();
        insta::assert_snapshot!(rendered);
    });
}
