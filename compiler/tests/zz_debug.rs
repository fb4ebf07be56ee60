use duly_compiler::check::{check_str, MemoryLoader};
use duly_compiler::render;
#[test]
fn show() {
    let mut files: Vec<_> = std::fs::read_dir("../tests/ui")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            n.starts_with('W') || n.starts_with("E019")
        })
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = format!("ui/{}", path.file_name().unwrap().to_string_lossy());
        let (_, sources, diags) = check_str(&name, &text, &MemoryLoader::default());
        println!("=================== {name}");
        for d in &diags.0 {
            print!("{}", render::human(d, &sources));
        }
    }
}
