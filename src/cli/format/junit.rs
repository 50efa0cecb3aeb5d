//! `--format junit`: JUnit XML for CI systems that show test reports. Each
//! finding is a failed test case; each clean file a passing one.

use std::fmt::Write;

use super::super::report::Report;

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

pub fn render(report: &Report) -> String {
    let findings = report.findings().count();
    let clean = report
        .files
        .iter()
        .filter(|f| f.findings.is_empty())
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"grounded\" tests=\"{}\" failures=\"{findings}\">",
        findings + clean
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"grounded\" tests=\"{}\" failures=\"{findings}\">",
        findings + clean
    );
    for file in &report.files {
        if file.findings.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"grounded\"/>",
                xml(&file.name)
            );
        }
        for l in &file.findings {
            let f = &l.finding;
            let body = format!(
                "{}:{}:{}: {}{}",
                file.name,
                l.span.start.line,
                l.span.start.column,
                f.message,
                l.source_lines()
            );
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"{} at {}:{}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                xml(&file.name),
                f.code,
                l.span.start.line,
                l.span.start.column,
                f.code,
                xml(&f.message),
                xml(&body)
            );
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
