use duly_compiler::check::{check_file, FsLoader};
use duly_compiler::render;
use duly_compiler::source::Sources;
#[test]
fn policies() {
    let mut files: Vec<_> = std::fs::read_dir("../policies")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "duly"))
        .collect();
    files.sort();
    for path in files {
        let mut sources = Sources::new();
        let t = std::time::Instant::now();
        let (_, diags) = check_file(&path, &FsLoader, &mut sources);
        println!("=================== {} ({:?})", path.display(), t.elapsed());
        let mut counts = std::collections::BTreeMap::new();
        for d in &diags.0 {
            *counts.entry(d.code.as_str()).or_insert(0) += 1;
        }
        println!("COUNTS {counts:?}");
        for d in &diags.0 {
            if std::env::var("ALL").is_ok() || d.code.as_str() != "W006" {
                print!("{}", render::human(d, &sources));
            }
        }
    }
}
