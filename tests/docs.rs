//! The documentation's examples stay true: the README's grounded.toml example
//! and the seeds' grounded.toml parse as configuration.

use std::path::Path;

use grounded::config::Config;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn readme_config_example_parses() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = readme
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a toml block in README.md");
    let config = Config::parse(block, Path::new("README.md")).unwrap();
    assert_eq!(config.corpus.len(), 1);
    assert!(!config.aliases.is_empty());
    assert!(!config.severity.is_empty());
}

#[test]
fn seeds_config_parses() {
    let path = root().join("seeds/grounded.toml");
    let loaded = Config::load(&path).unwrap();
    assert!(!loaded.config.aliases.is_empty());
}
