//! `wsaioctl encode` — a value from its fields or from an SDK macro expression.

use std::fmt::Write as _;

use serde::Serialize;
use wsaioctl::code::Fields;
use wsaioctl::{ControlCode, UsageError};

use super::decode::line;
use super::view::{self, CodeView};

/// What to encode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoding {
    /// `--input/--output/--void --kind --family --code`.
    Fields(Fields),
    /// An SDK macro expression (`_WSAIORW(IOC_WS2, 6)`).
    Expr(String),
}

/// `encode --json`: the built value, described as `decode --json` describes a value.
#[derive(Debug, Serialize)]
struct EncodeView {
    #[serde(flatten)]
    code: CodeView,
}

/// The value `from` describes.
pub fn value(from: &Encoding) -> Result<ControlCode, UsageError> {
    match from {
        Encoding::Fields(f) => Ok(ControlCode::from_fields(*f)),
        Encoding::Expr(e) => wsaioctl::code::parse_sdk_expr(e)
            .map(ControlCode)
            .map_err(|err| UsageError::Other(format!("SDK macro expression {e:?}: {err}"))),
    }
}

/// Runs `encode`: the value in hex and decimal, its catalog names, its macro form.
pub fn run(from: Encoding, json: bool) -> Result<String, UsageError> {
    let code = value(&from)?;
    if json {
        return Ok(view::to_json(&EncodeView {
            code: CodeView::of(code),
        }));
    }
    let mut out = String::new();
    line(
        &mut out,
        0,
        "value",
        &format!("{} ({})", view::hex(code), code.raw()),
    );
    let names = code.names();
    let names = if names.is_empty() {
        "not in the catalog".to_string()
    } else {
        names.join(", ")
    };
    line(&mut out, 0, "catalog", &names);
    let f = code.fields();
    let _ = writeln!(
        out,
        "{:<17}{} T={} ({}) vendor/family={:#05x} code={:#06x}",
        "fields",
        view::iov(f),
        f.kind.bits(),
        view::kind_label(f.kind),
        f.family,
        f.code
    );
    line(&mut out, 0, "macro form", &code.macro_form());
    Ok(out)
}
