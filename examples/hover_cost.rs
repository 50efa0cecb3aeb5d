use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource};
use grounded::Index;
use std::time::Instant;
fn main() {
    let dir = std::path::PathBuf::from("/work/shared/corpora/bbc");
    let (corpus, _) = Corpus::load(&CorpusSource::Paths(vec![dir]));
    let ix = Index::build(corpus, &Config::default());
    let mut lines = Vec::new();
    'o: for a in &ix.corpus.articles {
        for s in a.sentences.iter().skip(1) {
            let t = a.text(s.span.clone());
            if t.len() > 40 && t.bytes().any(|b| b.is_ascii_digit()) {
                lines.push(format!("- {t}\n"));
                if lines.len() == 1000 {
                    break 'o;
                }
            }
        }
    }
    let note: String = lines.concat();
    let t = Instant::now();
    let n = grounded::note::Note::parse(&note);
    println!("parse {:?} {}", t.elapsed(), n.sentences.len());
    let t = Instant::now();
    let f = grounded::check(&ix, &note);
    println!("check {:?} {}", t.elapsed(), f.len());
    let mut cache = grounded::NoteCache::new();
    grounded::check_incremental(&ix, &note, &mut cache, grounded::Cancel::NEVER).unwrap();
    let offs: Vec<usize> = (0..50).map(|i| note.len() * i / 50).collect();
    let t = Instant::now();
    for &o in &offs {
        grounded::figures::figure_at(&ix, &note, o);
    }
    println!("figure_at {:?}/hover", t.elapsed() / 50);
    let t = Instant::now();
    for &o in &offs {
        grounded::figures::figure_at_cached(&ix, &note, o, &mut cache.figures);
    }
    println!("figure_at_cached {:?}/hover", t.elapsed() / 50);
    let t = Instant::now();
    for &o in &offs {
        ix.entities.mention_at(&note, o);
    }
    println!("mention_at {:?}/hover", t.elapsed() / 50);
    let t = Instant::now();
    for &o in &offs {
        grounded::quotes::quote_at(&ix, &note, o);
    }
    println!("quote_at {:?}/def", t.elapsed() / 50);
    let edited = note.replacen("2", "3", 1);
    let t = Instant::now();
    grounded::check_incremental(&ix, &edited, &mut cache, grounded::Cancel::NEVER).unwrap();
    println!("recheck {:?}", t.elapsed());
}
