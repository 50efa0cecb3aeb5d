//! Corpus loading under faults: 50,000 tiny files (load, index build, a
//! reload over the previous corpus, a reload with the whole root gone so
//! every article is kept), and a folder holding a sparse 200 MiB article.
//! Prints figures; never asserts times. Run: `cargo bench --bench corpus`.

use std::path::Path;
use std::time::Instant;

use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource, LoadOptions};
use grounded::Index;

const FILES: usize = 50_000;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn write_tiny_files(root: &Path) {
    for i in 0..FILES {
        let dir = root.join(format!("{:02}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&dir).unwrap();
        }
        let text = format!(
            "Note {i}\n\nItem {i} was filed by clerk {} on day {}.\n",
            i % 97,
            i % 28 + 1
        );
        std::fs::write(dir.join(format!("{i:05}.txt")), text).unwrap();
    }
}

fn reload(previous: &Corpus, root: &Path) -> (Corpus, f64, String) {
    let source = CorpusSource::Paths(vec![root.to_path_buf()]);
    let t = Instant::now();
    let (corpus, report) =
        Corpus::reload(previous, &source, &LoadOptions::default(), &mut |_, _| {});
    (corpus, ms(t), report.summary(0))
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tiny");
    let t = Instant::now();
    write_tiny_files(&root);
    println!("wrote {FILES} tiny files in {:.0} ms", ms(t));

    let (first, load, report) = reload(&Corpus::default(), &root);
    println!("load of {FILES} tiny files (walk, read, fold, segment): {load:.0} ms; {report}");
    let t = Instant::now();
    let index = Index::build(first.clone(), &Config::default());
    println!(
        "index build over them (all analyses): {:.0} ms; {} entities",
        ms(t),
        index.entities.entities().len()
    );
    let (second, again, _) = reload(&first, &root);
    println!("reload over the previous corpus, nothing changed: {again:.0} ms");

    let away = dir.path().join("away");
    std::fs::rename(&root, &away).unwrap();
    let (kept, gone, report) = reload(&second, &root);
    println!(
        "reload with the root gone ({} articles kept): {gone:.1} ms; {report}",
        kept.len()
    );
    std::fs::rename(&away, &root).unwrap();

    let big_dir = dir.path().join("big");
    std::fs::create_dir(&big_dir).unwrap();
    std::fs::write(big_dir.join("a.txt"), "Title\n\nA sentence.\n").unwrap();
    let big = std::fs::File::create(big_dir.join("huge.txt")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    let (_, skip, report) = reload(&Corpus::default(), &big_dir);
    println!("load of a folder with a sparse 200 MiB article: {skip:.2} ms; {report}");
}
