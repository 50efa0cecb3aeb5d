//! Evaluation of the figure checks on an annotated set of note sentences
//! (tests/data/figures/notes.toml, and the held-out blind.toml) against
//! tests/corpus (the seed articles and nineteen BBC articles): recall of contradictions, false alarms on
//! compatible figures.

use std::path::Path;

use grounded::config::Config;
use grounded::corpus::{Corpus, CorpusSource};
use grounded::{figures, Code, Index};
use serde::Deserialize;

#[derive(Deserialize)]
struct Set {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    note: String,
    figure: String,
    expect: String,
}

/// Floors set just under what the checks reach (see the printed figures).
const MIN_RECALL: f64 = 0.95;
const MAX_FALSE_ALARMS: f64 = 0.02;

/// (contradictions caught, contradictions, false alarms, compatible cases).
fn evaluate(ix: &Index, file: &str) -> (u32, u32, u32, u32) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let set: Set = toml::from_str(&std::fs::read_to_string(root.join(file)).unwrap()).unwrap();
    let (mut wrong, mut caught, mut right, mut alarms) = (0, 0, 0, 0);
    for c in &set.case {
        let start = c
            .note
            .find(&c.figure)
            .unwrap_or_else(|| panic!("{}: no {}", c.note, c.figure));
        let target = start..start + c.figure.len();
        let findings = figures::check(ix, &c.note);
        let flagged = findings.iter().any(|f| {
            f.code == Code::FigureContradicted
                && f.range.start < target.end
                && target.start < f.range.end
        });
        let any_alarm = findings.iter().any(|f| f.code == Code::FigureContradicted);
        match c.expect.as_str() {
            "contradicted" => {
                wrong += 1;
                if flagged {
                    caught += 1;
                } else {
                    println!("MISSED      {}  [{}]", c.note, c.figure);
                }
            }
            "compatible" => {
                right += 1;
                if any_alarm {
                    alarms += 1;
                    let msgs: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
                    println!("FALSE ALARM {}  {msgs:?}", c.note);
                }
            }
            other => panic!("unknown expectation {other}"),
        }
    }
    let recall = f64::from(caught) / f64::from(wrong.max(1));
    let false_alarms = f64::from(alarms) / f64::from(right.max(1));
    println!(
        "{file}: {caught}/{wrong} contradictions caught (recall {recall:.3}), \
         {alarms}/{right} false alarms (rate {false_alarms:.3})"
    );
    (caught, wrong, alarms, right)
}

#[test]
fn figures_eval() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (corpus, report) = Corpus::load(&CorpusSource::Paths(vec![root.join("tests/corpus")]));
    assert!(report.skipped.is_empty(), "{report}");
    let ix = Index::build(corpus, &Config::default());
    let (c1, w1, a1, r1) = evaluate(&ix, "tests/data/figures/notes.toml");
    let (c2, w2, a2, r2) = evaluate(&ix, "tests/data/figures/blind.toml");
    let (_, _, a3, r3) = evaluate(&ix, "tests/data/figures/distractors.toml");
    let (c4, w4, a4, r4) = evaluate(&ix, "tests/data/figures/forms.toml");
    let (caught, wrong, alarms, right) = (
        c1 + c2 + c4,
        w1 + w2 + w4,
        a1 + a2 + a3 + a4,
        r1 + r2 + r3 + r4,
    );
    assert!(w1 + r1 >= 80 && w1 >= 40 && r1 >= 40);
    let recall = f64::from(caught) / f64::from(wrong);
    let false_alarms = f64::from(alarms) / f64::from(right);
    println!(
        "figures eval (all): {caught}/{wrong} contradictions caught (recall {recall:.3}), \
         {alarms}/{right} false alarms (rate {false_alarms:.3})"
    );
    assert!(recall >= MIN_RECALL, "recall {recall:.3} < {MIN_RECALL}");
    assert!(
        false_alarms <= MAX_FALSE_ALARMS,
        "false alarms {false_alarms:.3} > {MAX_FALSE_ALARMS}"
    );
}
