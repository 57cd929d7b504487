//! The repository scripts find the build where Cargo puts it.

use std::process::Command;

/// Regression: `scripts/test` ran the browser tests against `target/debug/redline` whatever
/// `CARGO_TARGET_DIR` said, so README's test command failed for anyone who set it.
#[test]
fn target_dir_honours_cargo_target_dir() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let dir = std::env::temp_dir().join("redline-elsewhere");
    let out = Command::new("bash")
        .arg(format!("{root}/scripts/target-dir"))
        .env("CARGO_TARGET_DIR", &dir)
        .output()
        .expect("run scripts/target-dir");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), dir.display().to_string());
    let test = std::fs::read_to_string(format!("{root}/scripts/test")).unwrap();
    assert!(test.contains("REDLINE_BIN=\"$(scripts/target-dir)/debug/redline\""), "scripts/test passes the binary");
    let browser = std::fs::read_to_string(format!("{root}/scripts/browser-tests")).unwrap();
    assert!(!browser.contains("$PWD/target/"), "no fixed target path in scripts/browser-tests");
}
