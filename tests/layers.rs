//! The layers of ARCHITECTURE.md, checked on the source (as rust-analyzer's
//! tidy tests do): scenario → model → engine → report → cli, each using only
//! the layers before it, the model pure and the engine free of IO and
//! rendering. A test fails naming the file, the line and the rule.

use std::path::{Path, PathBuf};

/// What a layer must not mention in its code (comments are not read).
struct Rule {
    /// The layer's folder under `src/`.
    layer: &'static str,
    /// The forbidden texts, each with the reason shown on failure.
    forbidden: &'static [(&'static str, &'static str)],
}

/// Rendering, the command line and IO: forbidden to the model and the engine.
const NO_RENDERING_OR_IO: [(&str, &str); 14] = [
    (
        "crate::report",
        "renders nothing: rendering lives in src/report",
    ),
    ("crate::cli", "knows nothing of the command line"),
    ("serde_json", "writes no JSON: that is src/report's job"),
    ("csv::", "writes no CSV: that is src/report's job"),
    ("plotters", "draws no charts: that is src/report's job"),
    ("clap", "parses no arguments: that is src/cli's job"),
    ("indicatif", "shows no progress: that is src/cli's job"),
    ("std::fs", "does no file IO"),
    ("std::io", "does no IO"),
    ("std::env", "reads no environment"),
    ("print!", "prints nothing"),
    ("println!", "prints nothing"),
    ("eprint", "prints nothing"),
    ("dbg!", "prints nothing"),
];

/// The rules, one per layer.
const RULES: &[Rule] = &[
    Rule {
        layer: "model",
        forbidden: &[
            ("crate::engine", "is below the engine"),
            (
                "crate::scenario",
                "takes validated Params, never the scenario format",
            ),
            ("serde", "knows no file format (no serde)"),
            ("rand", "draws nothing: randomness is the engine's"),
            ("rayon", "runs no threads"),
        ],
    },
    Rule {
        layer: "model",
        forbidden: &NO_RENDERING_OR_IO,
    },
    Rule {
        layer: "engine",
        forbidden: &NO_RENDERING_OR_IO,
    },
    Rule {
        layer: "scenario",
        forbidden: &[
            ("crate::engine", "is below the engine"),
            ("crate::report", "renders nothing"),
            ("crate::cli", "knows nothing of the command line"),
        ],
    },
    Rule {
        layer: "report",
        forbidden: &[("crate::cli", "is below the command line")],
    },
];

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = e.expect("a directory entry").path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The code of `source` without its comments, line by line (a `//` inside a
/// string literal would cut a line short, which can only hide a use, never
/// invent one; the layers' code has none before a path it uses).
fn code_lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
    source.lines().enumerate().map(|(i, line)| {
        let code = line.split("//").next().unwrap_or("");
        (i + 1, code)
    })
}

/// Whether `word` occurs in `code` as a whole path segment or name (so
/// `rand` matches `use rand::Rng` but not `random` or `operand`).
fn mentions(code: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(word).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + word.len()..].chars().next();
        let starts = before.is_none_or(|c| !ident(c));
        let ends = word.ends_with(|c: char| !ident(c)) || after.is_none_or(|c| !ident(c));
        starts && ends
    })
}

/// The breaches of `rules` in `src`, one line each: file:line: what and why.
fn breaches(src: &Path, rules: &[Rule]) -> Vec<String> {
    let mut found = Vec::new();
    for rule in rules {
        for file in rust_files(&src.join(rule.layer)) {
            let text = std::fs::read_to_string(&file).expect("source reads");
            // Unit tests may use anything (a test reads scenario files, say).
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code_lines(code) {
                for (word, why) in rule.forbidden {
                    if mentions(line, word) {
                        found.push(format!(
                            "{}:{n}: `{word}`: src/{} {why}",
                            file.display(),
                            rule.layer
                        ));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_layer_uses_only_the_layers_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = breaches(&src, RULES);
    assert!(
        found.is_empty(),
        "layer rules broken (ARCHITECTURE.md):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_finds_a_breach_and_ignores_comments_and_lookalikes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for rule in RULES {
        std::fs::create_dir_all(dir.path().join(rule.layer)).expect("folder");
    }
    let engine = dir.path().join("engine");
    std::fs::write(
        engine.join("bad.rs"),
        "//! Says crate::report in a comment.\nuse crate::model::Params; // not crate::cli\nlet operand = 1;\nuse crate::report::format::round;\n#[cfg(test)]\nmod tests { use std::fs; }\n",
    )
    .expect("write");
    let model = dir.path().join("model");
    std::fs::write(
        model.join("m.rs"),
        "fn f() { let random = 1; }\nuse rand::Rng;\n",
    )
    .expect("write");
    let found = breaches(dir.path(), RULES);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].ends_with("m.rs:2: `rand`: src/model draws nothing: randomness is the engine's")
    );
    assert!(found[1].contains("bad.rs:4: `crate::report`"), "{found:#?}");
}
