//! Finding, reading and merging scenario files.
//!
//! A scenario resolves in layers: the built-in defaults (the commented
//! `scenarios/baseline.toml`, embedded at build time, without its holders),
//! then each file of its `extends` chain from the root down, then the
//! `--set` flags. Tables merge key by key; arrays and values replace.
//!
//! Every file is parsed twice: once into spanned TOML, to know the line and
//! column of every key, and once into the typed [`Scenario`], so that syntax
//! errors, unknown keys and wrong types come with their location from the
//! TOML parser itself. Later checks look the location up by dotted key.

use super::error::{ErrorKind, Origin, ScenarioError};
use super::schema::Scenario;
use super::suggest;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

/// The defaults every scenario starts from: `scenarios/baseline.toml` as built into the binary.
pub const BUILTIN_BASELINE: &str = include_str!("../../scenarios/baseline.toml");

/// Keys that describe one file in words, not inherited through `extends`.
const TITLE_KEYS: [&str; 2] = ["title", "description"];

/// Where each dotted key of a resolved scenario was set.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    map: HashMap<String, Origin>,
}

impl Origins {
    /// Where `key` was set; falls back to the closest enclosing key that has an origin.
    pub fn of(&self, key: &str) -> Option<Origin> {
        let mut k = key;
        loop {
            if let Some(o) = self.map.get(k) {
                return Some(o.clone());
            }
            match k.rfind(['.', '[']) {
                Some(i) => k = &k[..i],
                None => return None,
            }
        }
    }

    fn set(&mut self, key: String, origin: Origin) {
        self.map.insert(key, origin);
    }
}

/// A scenario with its chain merged, its defaults applied and its flags set.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Scenario name: the file stem.
    pub name: String,
    /// The file it was loaded from.
    pub path: PathBuf,
    /// The resolved scenario (every defaulted field present).
    pub scenario: Scenario,
    /// Where each key was set.
    pub origins: Origins,
    /// The `--set KEY=VALUE` flags applied, in order, as given (trimmed).
    pub overrides: Vec<String>,
}

/// Folders searched for named scenarios: `./scenarios`, then the project's own.
pub fn scenario_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from("scenarios")];
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    if built.is_dir() {
        dirs.push(built);
    }
    dirs
}

/// Every named scenario: (name, path), sorted by name, first folder winning.
pub fn list() -> Vec<(String, PathBuf)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for dir in scenario_dirs() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for f in files {
            if let Some(stem) = f.file_stem().and_then(|s| s.to_str())
                && seen.insert(stem.to_string())
            {
                out.push((stem.to_string(), f));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Finds a scenario by name (in the scenario folders) or by path. `near` is
/// the folder of the file that names it, searched first for `extends`.
pub fn find(name: &str, near: Option<&Path>) -> Result<PathBuf, ScenarioError> {
    let looks_like_path = name.ends_with(".toml") || name.contains('/') || name.contains('\\');
    if looks_like_path {
        let p = match near {
            Some(dir) if Path::new(name).is_relative() => dir.join(name),
            _ => PathBuf::from(name),
        };
        if p.is_file() {
            return Ok(p);
        }
        return Err(ScenarioError::new(
            ErrorKind::NotFound,
            None,
            None,
            format!("no scenario file at `{}`", p.display()),
        ));
    }
    let mut dirs: Vec<PathBuf> = near.map(|d| vec![d.to_path_buf()]).unwrap_or_default();
    dirs.extend(scenario_dirs());
    for d in &dirs {
        let p = d.join(format!("{name}.toml"));
        if p.is_file() {
            return Ok(p);
        }
    }
    let names: Vec<String> = list().into_iter().map(|(n, _)| n).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let hint = match suggest::closest(name, &refs) {
        Some(s) => format!("did you mean `{s}`? "),
        None => String::new(),
    };
    Err(ScenarioError::new(
        ErrorKind::NotFound,
        None,
        None,
        format!(
            "no scenario named `{name}`; {hint}named scenarios: {} (or give a path to a .toml file)",
            refs.join(", ")
        ),
    ))
}

/// 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Line starts of a text, for finding many positions' line and column fast.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// As [`line_col`], in logarithmic time.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

/// The dotted key written at or before byte `offset` of `text`, found from the
/// text alone (for syntax errors, when the file does not parse): the last
/// `[table]` header above, then the key of the line.
fn key_near(text: &str, offset: usize) -> Option<String> {
    let (line_no, _) = line_col(text, offset);
    let mut table = String::new();
    let mut key = None;
    for (i, line) in text.lines().enumerate().take(line_no) {
        let l = line.trim();
        if l.starts_with('[') {
            let inner = l.trim_start_matches('[');
            let inner = inner.split(']').next().unwrap_or(inner);
            table = inner
                .split('.')
                .map(|p| p.trim().trim_matches('"'))
                .collect::<Vec<_>>()
                .join(".");
            key = if i + 1 == line_no && !table.is_empty() {
                Some(table.clone())
            } else {
                None
            };
        } else if i + 1 == line_no
            && let Some((k, _)) = l.split_once('=')
        {
            let k = k.trim().trim_matches('"');
            if !k.is_empty() && !k.starts_with('#') {
                key = Some(if table.is_empty() {
                    k.to_string()
                } else {
                    format!("{table}.{k}")
                });
            }
        }
    }
    key
}

/// A syntax error's message with what to do about it.
fn syntax_hint(raw: &str, text: &str, offset: usize, key: Option<&str>) -> String {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_rest = text[text[..offset].rfind('\n').map_or(0, |i| i + 1)..]
        .lines()
        .next()
        .unwrap_or("");
    let after_eq = line_rest.split_once('=').map(|(_, v)| v.trim());
    let k = key.unwrap_or("?");
    if raw.starts_with("duplicate key") {
        if line_rest.trim_start().starts_with('[') {
            format!(
                "table `[{k}]` is defined twice; each table (and each holder name) may appear once: merge the two into one"
            )
        } else {
            format!(
                "duplicate key: `{k}` is already set above in the same table; keep one of the two"
            )
        }
    } else if matches!(after_eq, Some(v) if v.is_empty() || v.starts_with('#')) {
        format!(
            "the value of `{k}` after `=` is missing; write a number, a \"quoted string\", true/false or a [list] ({raw})"
        )
    } else {
        raw.to_string()
    }
}

/// Replaces serde's type names with words a scenario author uses.
fn plain_types(msg: &str, key: Option<&str>) -> String {
    let mut m = msg
        .replace("expected u64", "expected a whole number (0 or more)")
        .replace(
            "expected a sequence",
            "expected a list, such as [\"3m\", \"10y\"] or [1.0, 2.0]",
        )
        .replace("expected a boolean", "expected true or false")
        .replace("` as i128", "`")
        .replace(
            "u64 value was too large",
            "the number is too large: a TOML integer is at most 9223372036854775807",
        );
    // serde names the Rust type ("expected struct Time"); a user wrote a table.
    while let Some(i) = m.find("expected struct ") {
        let rest = &m[i + "expected struct ".len()..];
        let end = rest
            .find(|ch: char| !ch.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        m = format!("{}expected a table{}", &m[..i], &rest[end..]);
    }
    if m.starts_with("invalid type: map, expected a string") {
        m = if key.is_some_and(|k| k.ends_with("date")) {
            "invalid type: a TOML date or table, expected a string; write the date in quotes, as in start_date = \"2026-01-01\"".to_string()
        } else {
            "invalid type: a table, expected a string; write the value in quotes".to_string()
        };
    }
    m
}

/// One parsed file: its typed content, its raw table and where each key is.
struct ParsedFile {
    scenario: Scenario,
    table: toml::Table,
    /// (dotted key, span from key to end of value, origin)
    spans: Vec<(String, Range<usize>, Origin)>,
}

fn index_table(
    table: &DeTable<'_>,
    prefix: &str,
    text: &Lines<'_>,
    file: &Path,
    out: &mut Vec<(String, Range<usize>, Origin)>,
) {
    for (k, v) in table.iter() {
        let key = if prefix.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{prefix}.{}", k.get_ref())
        };
        let ks = k.span();
        let (line, col) = text.line_col(ks.start);
        let vs = v.span();
        let range = ks.start.min(vs.start)..ks.end.max(vs.end);
        out.push((
            key.clone(),
            range,
            Origin::File {
                path: file.to_path_buf(),
                line,
                col,
            },
        ));
        index_value(v.get_ref(), &key, text, file, out);
    }
}

fn index_value(
    v: &DeValue<'_>,
    key: &str,
    text: &Lines<'_>,
    file: &Path,
    out: &mut Vec<(String, Range<usize>, Origin)>,
) {
    match v {
        DeValue::Table(t) => index_table(t, key, text, file, out),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                let s = item.span();
                let (line, col) = text.line_col(s.start);
                let ik = format!("{key}[{i}]");
                out.push((
                    ik.clone(),
                    s,
                    Origin::File {
                        path: file.to_path_buf(),
                        line,
                        col,
                    },
                ));
                index_value(item.get_ref(), &ik, text, file, out);
            }
        }
        _ => {}
    }
}

/// Turns a TOML parser error into a located scenario error.
fn toml_error(
    e: &toml::de::Error,
    text: &str,
    file: &Path,
    spans: &[(String, Range<usize>, Origin)],
) -> ScenarioError {
    let (origin, key, at) = match e.span() {
        Some(s) => {
            let (line, col) = line_col(text, s.start);
            // The innermost key whose span holds the error.
            let key = spans
                .iter()
                .filter(|(_, r, _)| r.start <= s.start && s.start < r.end.max(r.start + 1))
                .min_by_key(|(_, r, _)| r.end - r.start)
                .map(|(k, _, _)| k.clone());
            (
                Some(Origin::File {
                    path: file.to_path_buf(),
                    line,
                    col,
                }),
                key,
                s.start,
            )
        }
        None => (None, None, 0),
    };
    let raw = e.message().trim().to_string();
    let kind = if raw.starts_with("unknown field") || raw.starts_with("unknown variant") {
        ErrorKind::UnknownKey
    } else if raw.starts_with("invalid type") || raw.starts_with("invalid value") {
        ErrorKind::WrongType
    } else if spans.is_empty() {
        ErrorKind::Syntax
    } else {
        ErrorKind::InvalidValue
    };
    if kind == ErrorKind::Syntax {
        let key = key.or_else(|| e.span().and_then(|_| key_near(text, at)));
        let msg = syntax_hint(&raw, text, at, key.as_deref());
        return ScenarioError::new(kind, origin, key, msg);
    }
    let msg = plain_types(&with_suggestion(&raw), key.as_deref());
    ScenarioError::new(kind, origin, key, msg)
}

/// Adds "did you mean …?" to serde's "unknown field `x`, expected one of `a`, `b`".
pub(crate) fn with_suggestion(msg: &str) -> String {
    let ticks: Vec<&str> = msg.split('`').skip(1).step_by(2).collect();
    if (msg.starts_with("unknown field") || msg.starts_with("unknown variant"))
        && ticks.len() > 1
        && !msg.contains("did you mean")
    {
        let given = ticks[0];
        if let Some(s) = suggest::closest(given, &ticks[1..]) {
            return format!("{msg} (did you mean `{s}`?)");
        }
        // A key written without its unit suffix (`total` for `total_bn`).
        if let Some(s) = ticks[1..]
            .iter()
            .find(|c| c.starts_with(&format!("{given}_")) && !given.is_empty())
        {
            return format!("{msg} (did you mean `{s}`?)");
        }
    }
    msg.to_string()
}

fn parse_file(path: &Path) -> Result<ParsedFile, ScenarioError> {
    let bytes = std::fs::read(path).map_err(|e| {
        ScenarioError::new(
            ErrorKind::Io,
            None,
            None,
            format!("cannot read scenario file `{}`: {e}", path.display()),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..good]).to_string();
        let (line, col) = line_col(&prefix, good);
        ScenarioError::new(
            ErrorKind::Syntax,
            Some(Origin::File {
                path: path.to_path_buf(),
                line,
                col,
            }),
            None,
            format!(
                "the file is not UTF-8 text: byte 0x{:02x} here is not a character; save the file as UTF-8",
                e.as_bytes()[good]
            ),
        )
    })?;
    parse_text(&text, path)
}

fn parse_text(text: &str, path: &Path) -> Result<ParsedFile, ScenarioError> {
    let de = DeTable::parse(text).map_err(|e| {
        let mut err = toml_error(&e, text, path, &[]);
        err.kind = ErrorKind::Syntax;
        err.message = format!("invalid TOML: {}", err.message);
        err
    })?;
    let mut spans = Vec::new();
    index_table(de.get_ref(), "", &Lines::new(text), path, &mut spans);
    let scenario: Scenario =
        toml::from_str(text).map_err(|e| toml_error(&e, text, path, &spans))?;
    let table: toml::Table =
        toml::from_str(text).map_err(|e| toml_error(&e, text, path, &spans))?;
    Ok(ParsedFile {
        scenario,
        table,
        spans,
    })
}

/// Deep-merges `top` into `base`: tables key by key, everything else replaced.
pub fn merge(base: &mut toml::Table, top: toml::Table) {
    for (k, v) in top {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(t)) => merge(b, t),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// Every dotted key of a table (with array elements as `key[i]`).
fn keys_of(t: &toml::Table, prefix: &str, out: &mut Vec<String>) {
    for (k, v) in t {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        out.push(key.clone());
        match v {
            toml::Value::Table(t) => keys_of(t, &key, out),
            toml::Value::Array(a) => {
                for (i, item) in a.iter().enumerate() {
                    let ik = format!("{key}[{i}]");
                    out.push(ik.clone());
                    if let toml::Value::Table(t) = item {
                        keys_of(t, &ik, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The built-in defaults as a table (baseline without holders, title or description).
pub fn builtin_defaults() -> toml::Table {
    let mut t: toml::Table =
        toml::from_str(BUILTIN_BASELINE).expect("the embedded baseline.toml is valid TOML");
    for k in ["holders", "title", "description", "extends"] {
        t.remove(k);
    }
    t
}

/// Parses the value of a `--set` flag as TOML, or as a bare string.
fn parse_flag_value(raw: &str) -> toml::Value {
    let doc = format!("v = {raw}");
    match toml::from_str::<toml::Table>(&doc) {
        Ok(mut t) => t
            .remove("v")
            .unwrap_or(toml::Value::String(raw.to_string())),
        Err(_) => toml::Value::String(raw.to_string()),
    }
}

/// Sets `value` at a dotted `key` of `table`, creating tables on the way;
/// numeric segments index into arrays.
fn set_dotted(table: &mut toml::Table, key: &str, value: toml::Value) -> Result<(), String> {
    let parts: Vec<&str> = key.split('.').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err("the key has an empty part".into());
    }
    let (first, rest) = parts.split_first().expect("split gives at least one part");
    if rest.is_empty() {
        table.insert(first.to_string(), value);
        return Ok(());
    }
    let slot = table
        .entry(first.to_string())
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    set_in_value(slot, first, rest, value)
}

fn set_in_value(
    cur: &mut toml::Value,
    at: &str,
    rest: &[&str],
    value: toml::Value,
) -> Result<(), String> {
    let (part, tail) = rest.split_first().expect("called with at least one part");
    let next: &mut toml::Value = match cur {
        toml::Value::Table(t) => {
            if tail.is_empty() {
                t.insert(part.to_string(), value);
                return Ok(());
            }
            t.entry(part.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()))
        }
        toml::Value::Array(a) => {
            let idx: usize = part
                .parse()
                .map_err(|_| format!("`{part}` is not an index into the array `{at}`"))?;
            let len = a.len();
            let slot = a
                .get_mut(idx)
                .ok_or_else(|| format!("index {idx} is out of range: `{at}` has {len} items"))?;
            if tail.is_empty() {
                *slot = value;
                return Ok(());
            }
            slot
        }
        _ => return Err(format!("`{at}` is a value, not a table")),
    };
    set_in_value(next, part, tail, value)
}

/// Loads `name` (a named scenario or a path) with its chain, defaults and `--set` flags.
pub fn load(name: &str, sets: &[String]) -> Result<Loaded, ScenarioError> {
    let path = find(name, None)?;
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("scenario")
        .to_string();
    // Follow `extends` from the file to its root.
    let mut chain: Vec<(PathBuf, ParsedFile)> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut next = Some(path.clone());
    while let Some(p) = next.take() {
        let canon = p.canonicalize().unwrap_or_else(|_| p.clone());
        if seen.contains(&canon) {
            let cycle: Vec<String> = seen
                .iter()
                .chain(std::iter::once(&canon))
                .map(|p| p.display().to_string())
                .collect();
            let (child, parsed) = chain.last().expect("a cycle needs a previous file");
            let origin = parsed
                .spans
                .iter()
                .find(|(k, _, _)| k == "extends")
                .map(|s| s.2.clone());
            let _ = child;
            return Err(ScenarioError::new(
                ErrorKind::CircularExtends,
                origin,
                Some("extends".into()),
                format!(
                    "`extends` goes round in a circle: {}; remove one link",
                    cycle.join(" → ")
                ),
            ));
        }
        seen.push(canon);
        let parsed = parse_file(&p)?;
        if let Some(parent) = &parsed.scenario.extends {
            let dir = p.parent().map(Path::to_path_buf);
            let found = find(parent, dir.as_deref()).map_err(|mut e| {
                e.origin = parsed
                    .spans
                    .iter()
                    .find(|(k, _, _)| k == "extends")
                    .map(|s| s.2.clone());
                e.key = Some("extends".into());
                e
            })?;
            next = Some(found);
        }
        chain.push((p, parsed));
    }

    let mut origins = Origins::default();
    let mut table = builtin_defaults();
    let mut default_keys = Vec::new();
    keys_of(&table, "", &mut default_keys);
    for k in default_keys {
        origins.set(k, Origin::Default);
    }
    // The title and description describe one file: a scenario that extends
    // another and leaves them out must not show its parent's words (the
    // baseline's "No holder sells…" above a sale), so they come from the
    // named file only.
    let own_text: Vec<(&str, toml::Value)> = TITLE_KEYS
        .iter()
        .filter_map(|k| {
            chain
                .first()
                .and_then(|(_, p)| p.table.get(*k))
                .map(|v| (*k, v.clone()))
        })
        .collect();
    for (_, parsed) in chain.into_iter().rev() {
        for (k, _, o) in parsed.spans {
            origins.set(k, o);
        }
        merge(&mut table, parsed.table);
    }
    table.remove("extends");
    for k in TITLE_KEYS {
        table.remove(k);
    }
    for (k, v) in own_text {
        table.insert(k.to_string(), v);
    }

    for flag in sets {
        apply_flag(&mut table, &mut origins, flag)?;
    }

    let scenario: Scenario =
        toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| {
                ScenarioError::new(
                    ErrorKind::InvalidValue,
                    Some(Origin::File {
                        path: path.clone(),
                        line: 1,
                        col: 1,
                    }),
                    None,
                    plain_types(&with_suggestion(e.message()), None),
                )
            })?;
    Ok(Loaded {
        name,
        path,
        scenario,
        origins,
        overrides: sets.iter().map(|s| s.trim().to_string()).collect(),
    })
}

/// Applies one `--set KEY=VALUE` flag, checking the key and the value's type
/// on their own first, so a mistake is reported against the flag.
fn apply_flag(
    table: &mut toml::Table,
    origins: &mut Origins,
    flag: &str,
) -> Result<(), ScenarioError> {
    let origin = Origin::Flag(flag.to_string());
    let Some((key, raw)) = flag.split_once('=') else {
        return Err(ScenarioError::new(
            ErrorKind::BadFlag,
            Some(origin),
            None,
            "expected KEY=VALUE, for example `--set holders.japan.sale.steps=24`",
        ));
    };
    let key = key.trim();
    if key == "extends" {
        return Err(ScenarioError::new(
            ErrorKind::BadFlag,
            Some(origin),
            Some(key.into()),
            "`extends` cannot be set by a flag: the chain of files is read before the flags apply; run the other scenario by name, or write `extends` in a scenario file",
        ));
    }
    if raw.contains(['\n', '\r']) {
        return Err(ScenarioError::new(
            ErrorKind::BadFlag,
            Some(origin),
            Some(key.into()),
            "the value has a line break; a flag sets one value on one line (write a TOML list or a quoted string, without newlines)",
        ));
    }
    let value = parse_flag_value(raw.trim());
    // The key alone, in an otherwise empty scenario: unknown keys and wrong types show here.
    let mut probe = toml::Table::new();
    let probe_key = strip_indices(key);
    let probe_value = if probe_key == key {
        value.clone()
    } else {
        toml::Value::Array(vec![value.clone()])
    };
    set_dotted(&mut probe, &probe_key, probe_value).map_err(|m| {
        ScenarioError::new(
            ErrorKind::BadFlag,
            Some(origin.clone()),
            Some(key.into()),
            m,
        )
    })?;
    if let Err(e) = toml::Value::Table(probe).try_into::<Scenario>() {
        let msg = plain_types(&with_suggestion(e.message()), Some(key));
        let kind = if msg.starts_with("unknown field") {
            ErrorKind::UnknownKey
        } else {
            ErrorKind::WrongType
        };
        return Err(ScenarioError::new(
            kind,
            Some(origin),
            Some(key.into()),
            msg,
        ));
    }
    set_dotted(table, key, value).map_err(|m| {
        ScenarioError::new(
            ErrorKind::BadFlag,
            Some(origin.clone()),
            Some(key.into()),
            m,
        )
    })?;
    let full = bracket_indices(key);
    // Whatever the flag replaced (the items of a list, the keys of a table)
    // is now the flag's: an error there names the flag, not the old file line.
    origins.map.retain(|k, _| {
        !(k.len() > full.len()
            && k.starts_with(&full)
            && matches!(k.as_bytes()[full.len()], b'.' | b'['))
    });
    // Tables the flag creates (a new holder) are located at the flag too.
    let mut prefix = String::new();
    for part in full.split('.') {
        if !prefix.is_empty() {
            prefix.push('.');
        }
        prefix.push_str(part);
        if prefix != full && !origins.map.contains_key(&prefix) {
            origins.set(prefix.clone(), origin.clone());
        }
    }
    origins.set(full, origin);
    Ok(())
}

/// `curve.loadings.2` → `curve.loadings` (array indices dropped), for probing the key's type.
fn strip_indices(key: &str) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    match parts.last() {
        Some(last) if last.parse::<usize>().is_ok() => parts[..parts.len() - 1].join("."),
        _ => key.to_string(),
    }
}

/// `curve.loadings.2` → `curve.loadings[2]`, the form origins use.
fn bracket_indices(key: &str) -> String {
    let mut out = String::new();
    for part in key.split('.') {
        if part.parse::<usize>().is_ok() && !out.is_empty() {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

/// Parses scenario text that is not in a file (for tests and `check` round trips).
pub fn parse_str(text: &str, label: &str) -> Result<Scenario, ScenarioError> {
    parse_text(text, Path::new(label)).map(|p| p.scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_from_one() {
        let t = "a = 1\nbb = 2\n";
        let lines = Lines::new(t);
        for i in 0..=t.len() + 2 {
            assert_eq!(lines.line_col(i), line_col(t, i));
        }
        assert_eq!(line_col("é = 1", 3), (1, 3));
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        assert_eq!(line_col(t, 9), (2, 4));
    }

    #[test]
    fn errors_in_text_with_multibyte_characters_do_not_panic() {
        for t in [
            "title = \"é\nseed = 1",
            "[é\n",
            "é = 1",
            "title = \"日本\"\ntitle = \"x\"",
            "[time]\nstep = 日本\n",
            "seed = 日",
            "seed =",
        ] {
            let e = parse_str(t, "x.toml").unwrap_err();
            assert!(e.origin.is_some(), "{t:?}: {e}");
        }
    }

    #[test]
    fn unknown_keys_are_located_with_a_suggestion() {
        let e = parse_str("[time]\nstepz = 3\n", "x.toml").unwrap_err();
        assert_eq!(e.kind, ErrorKind::UnknownKey);
        assert_eq!(
            e.origin,
            Some(Origin::File {
                path: "x.toml".into(),
                line: 2,
                col: 1
            })
        );
        assert_eq!(e.key.as_deref(), Some("time.stepz"));
        assert!(e.message.contains("did you mean `steps`"), "{}", e.message);
    }

    #[test]
    fn wrong_types_are_located() {
        let e = parse_str("[holders.japan]\nholdings_bn = \"lots\"\n", "x.toml").unwrap_err();
        assert_eq!(e.kind, ErrorKind::WrongType);
        assert_eq!(e.key.as_deref(), Some("holders.japan.holdings_bn"));
        assert!(e.to_string().starts_with("x.toml:2:15:"), "{e}");
    }

    #[test]
    fn merge_replaces_values_and_merges_tables() {
        let mut a: toml::Table = toml::from_str("x = 1\n[t]\na = 1\nb = [1, 2]\n").unwrap();
        let b: toml::Table = toml::from_str("[t]\nb = [3]\nc = 2\n").unwrap();
        merge(&mut a, b);
        assert_eq!(a["x"].as_integer(), Some(1));
        assert_eq!(a["t"]["a"].as_integer(), Some(1));
        assert_eq!(a["t"]["b"].as_array().unwrap().len(), 1);
        assert_eq!(a["t"]["c"].as_integer(), Some(2));
    }

    #[test]
    fn dotted_keys_set_values_and_array_items() {
        let mut t: toml::Table = toml::from_str("[curve]\nloadings = [1.0, 2.0]\n").unwrap();
        set_dotted(&mut t, "curve.loadings.1", toml::Value::Float(5.0)).unwrap();
        set_dotted(&mut t, "holders.japan.sale.steps", toml::Value::Integer(24)).unwrap();
        assert_eq!(t["curve"]["loadings"][1].as_float(), Some(5.0));
        assert_eq!(
            t["holders"]["japan"]["sale"]["steps"].as_integer(),
            Some(24)
        );
        assert!(set_dotted(&mut t, "curve.loadings.9", toml::Value::Float(1.0)).is_err());
        assert_eq!(bracket_indices("curve.loadings.1"), "curve.loadings[1]");
    }
}
