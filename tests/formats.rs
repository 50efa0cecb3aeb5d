//! Golden files for every output format of `grounded check`, on fixed notes
//! checked against the seed articles; the SARIF output is validated against
//! the SARIF 2.1.0 schema. `UPDATE_GOLDEN=1 cargo test --test formats`
//! rewrites the golden files (review the diff before committing).

mod common;

use std::path::Path;
use std::process::{Command, Output};

const NOTES: &str = "tests/fixtures/notes";

fn check(args: &[&str]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::new(common::bin())
        .arg("check")
        .args(["--corpus", "seeds", "--color", "never"])
        .args(args)
        .current_dir(root)
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("grounded-formats-cache"),
        )
        .output()
        .expect("run grounded")
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert_eq!(actual, expected, "{name} differs from its golden file");
}

fn format_output(format: &str) -> String {
    let out = check(&["--format", format, NOTES]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn human() {
    golden("check.human", &format_output("human"));
}

#[test]
fn json() {
    let out = format_output("json");
    let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(parsed.as_array().is_some_and(|a| !a.is_empty()));
    golden("check.json", &out);
}

#[test]
fn github() {
    golden("check.github", &format_output("github"));
}

#[test]
fn junit() {
    golden("check.junit.xml", &format_output("junit"));
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let out = format_output("sarif");
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF output violates the schema:\n{}",
        errors.join("\n")
    );
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
    golden("check.sarif", &out);
}

#[test]
fn exit_codes_follow_fail_on() {
    let code = |args: &[&str]| check(args).status.code();
    assert_eq!(code(&[NOTES]), Some(1));
    assert_eq!(code(&["--fail-on", "never", NOTES]), Some(0));
    assert_eq!(code(&["tests/fixtures/notes/clean.md"]), Some(0));
    assert_eq!(
        code(&["--fail-on", "hint", "tests/fixtures/notes/clean.md"]),
        Some(0)
    );
}

#[test]
fn suppressions_are_counted_in_the_summary() {
    let out = check(&[NOTES]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 suppressed"), "{err}");
}
