//! Helpers shared by the chart tests: run the binary, decode PNGs, read SVG text.

#![allow(dead_code)]

use assert_cmd::Command;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Runs `scenario` into `<tmp>/out` with extra arguments and returns the folder.
pub fn run(tmp: &TempDir, scenario: &str, extra: &[&str]) -> PathBuf {
    let out = tmp.path().join("out");
    Command::cargo_bin("selloff")
        .expect("the selloff binary is built")
        .args(["run", scenario, "--quiet", "--out"])
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    out
}

/// Decodes a PNG: (width, height, number of distinct colours).
pub fn decode(path: &Path) -> (u32, u32, usize) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a valid PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("a sane PNG size")];
    let info = reader.next_frame(&mut buf).expect("a decodable PNG frame");
    let channels = info.color_type.samples();
    let colours: HashSet<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    (info.width, info.height, colours.len())
}

/// Every text node of an SVG, joined.
pub fn svg_text(path: &Path) -> String {
    let s = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = roxmltree::Document::parse(&s).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `$1,234.5B`: money as the report and the charts print it.
pub fn money(v: f64) -> String {
    let s = format!("{v:.1}");
    let (int, frac) = s.split_once('.').unwrap();
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("${grouped}.{frac}B")
}
