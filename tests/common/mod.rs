//! Helpers shared by the end-to-end tests that run the `duly` binary.

use std::process::Command;

/// Runs `duly` with `args` from the project root: (exit code, stdout, stderr).
pub fn duly(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_duly"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("duly runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
