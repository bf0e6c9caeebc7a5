//! The 32-bit control-code layout and the SDK's code-building macros.
//!
//! Every spec document (000 "dwIoControlCode", 001, 002/003 "The dwIoControlCode parameter has the
//! following form", 004 "Because IOCTL codes are 32-bit entities…") describes the same layout:
//!
//! ```text
//!  31 30 29 28 27 26 ………………… 16 15 ………………………………… 0
//!   I  O  V   T   vendor/family       code
//! ```
//!
//! * **I** (`IOC_IN`) — the input buffer is valid for the code;
//! * **O** (`IOC_OUT`) — the output buffer is valid;
//! * **V** (`IOC_VOID`) — the code takes no parameters;
//! * **T** — 0 Unix, 1 generic Winsock 2, 2 address-family specific, 3 vendor specific;
//! * **vendor/address family** — 11 bits: the vendor (T = 3), the family (T = 2), an extension
//!   of the code (T = 1), or "the same value as the code on Unix" (T = 0);
//! * **code** — 16 bits.
//!
//! Codes with T = 0 were built with the BSD macros (`_IO`, `_IOR`, `_IOW` in winsock2.h), which
//! read the same word differently: parameter size in bits 16–22 (`IOCPARM_MASK`), a group
//! character in bits 8–15 and a number in bits 0–7. [`ControlCode::bsd`] gives that reading.
//!
//! The I/O/V bits are hints only: `SIO_FIND_ROUTE` is marked O although its input is a sockaddr
//! (spec/README.md, "Known disagreements"); the catalog records each code's real buffer contract.
//!
//! Decoding never fails: every `u32` decodes to [`Fields`], and [`ControlCode::from_fields`] is its
//! exact inverse.

use core::fmt;

use crate::error::UsageError;

/// `IOCPARM_MASK` — parameters must be smaller than 128 bytes in the BSD encoding (winsock2.h).
pub const IOCPARM_MASK: u32 = 0x7f;
/// `IOC_VOID` — no parameters (bit 29, the V bit).
pub const IOC_VOID: u32 = 0x2000_0000;
/// `IOC_OUT` — copy out parameters (bit 30, the O bit).
pub const IOC_OUT: u32 = 0x4000_0000;
/// `IOC_IN` — copy in parameters (bit 31, the I bit).
pub const IOC_IN: u32 = 0x8000_0000;
/// `IOC_INOUT` — `IOC_IN | IOC_OUT`.
pub const IOC_INOUT: u32 = IOC_IN | IOC_OUT;
/// `IOC_UNIX` — T = 0, a Unix (BSD) ioctl code.
pub const IOC_UNIX: u32 = 0x0000_0000;
/// `IOC_WS2` — T = 1, a generic Winsock 2 code.
pub const IOC_WS2: u32 = 0x0800_0000;
/// `IOC_PROTOCOL` — T = 2, a code of one address family.
pub const IOC_PROTOCOL: u32 = 0x1000_0000;
/// `IOC_VENDOR` — T = 3, a vendor-specific code.
pub const IOC_VENDOR: u32 = 0x1800_0000;
/// `IOC_WSK` — `IOC_WS2 | 0x07000000`, the Winsock Kernel range (wsk.h).
pub const IOC_WSK: u32 = IOC_WS2 | 0x0700_0000;

/// `_IO(x, y)` — a BSD code without parameters: `IOC_VOID | (x << 8) | y`.
#[allow(non_snake_case)]
pub const fn _IO(x: u32, y: u32) -> u32 {
    IOC_VOID | (x << 8) | y
}

/// `_IOR(x, y, t)` — a BSD code that returns a `t`; `size` stands for `sizeof(t)`:
/// `IOC_OUT | ((size & IOCPARM_MASK) << 16) | (x << 8) | y`.
#[allow(non_snake_case)]
pub const fn _IOR(x: u32, y: u32, size: u32) -> u32 {
    IOC_OUT | ((size & IOCPARM_MASK) << 16) | (x << 8) | y
}

/// `_IOW(x, y, t)` — a BSD code that takes a `t`; `size` stands for `sizeof(t)`:
/// `IOC_IN | ((size & IOCPARM_MASK) << 16) | (x << 8) | y`.
#[allow(non_snake_case)]
pub const fn _IOW(x: u32, y: u32, size: u32) -> u32 {
    IOC_IN | ((size & IOCPARM_MASK) << 16) | (x << 8) | y
}

/// `_WSAIO(x, y)` — a Winsock 2 code without parameters: `IOC_VOID | x | y`.
#[allow(non_snake_case)]
pub const fn _WSAIO(x: u32, y: u32) -> u32 {
    IOC_VOID | x | y
}

/// `_WSAIOR(x, y)` — a Winsock 2 code with output: `IOC_OUT | x | y`.
#[allow(non_snake_case)]
pub const fn _WSAIOR(x: u32, y: u32) -> u32 {
    IOC_OUT | x | y
}

/// `_WSAIOW(x, y)` — a Winsock 2 code with input: `IOC_IN | x | y`.
#[allow(non_snake_case)]
pub const fn _WSAIOW(x: u32, y: u32) -> u32 {
    IOC_IN | x | y
}

/// `_WSAIORW(x, y)` — a Winsock 2 code with input and output: `IOC_INOUT | x | y`.
#[allow(non_snake_case)]
pub const fn _WSAIORW(x: u32, y: u32) -> u32 {
    IOC_INOUT | x | y
}

/// The T field (bits 28–27): which authority defines the code.
///
/// Two bits hold exactly four values, so this enum is exhaustive over every `u32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum IoctlKind {
    /// T = 0 — a standard Unix ioctl code, as with FIONREAD and FIONBIO (`IOC_UNIX`).
    Unix = 0,
    /// T = 1 — a generic Windows Sockets 2 code (`IOC_WS2`).
    Winsock2 = 1,
    /// T = 2 — applies only to one address family (`IOC_PROTOCOL`).
    Protocol = 2,
    /// T = 3 — applies only to one vendor's provider (`IOC_VENDOR`).
    Vendor = 3,
}

impl IoctlKind {
    /// The kind for a 2-bit T value (only the low two bits are read).
    pub const fn from_bits(t: u32) -> Self {
        match t & 3 {
            0 => Self::Unix,
            1 => Self::Winsock2,
            2 => Self::Protocol,
            _ => Self::Vendor,
        }
    }

    /// The 2-bit T value.
    pub const fn bits(self) -> u32 {
        self as u32
    }

    /// The SDK constant that sets this T value in a code (`IOC_UNIX`, `IOC_WS2`, …).
    pub const fn sdk_name(self) -> &'static str {
        match self {
            Self::Unix => "IOC_UNIX",
            Self::Winsock2 => "IOC_WS2",
            Self::Protocol => "IOC_PROTOCOL",
            Self::Vendor => "IOC_VENDOR",
        }
    }
}

/// The Winsock 2 reading of a control code: every bit of the word, in named fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Fields {
    /// I, bit 31: the input buffer is valid for the code.
    pub input: bool,
    /// O, bit 30: the output buffer is valid for the code.
    pub output: bool,
    /// V, bit 29: the code has no parameters.
    pub void: bool,
    /// T, bits 28–27.
    pub kind: IoctlKind,
    /// Vendor / address family, bits 26–16 (11 bits; higher bits are ignored on encode).
    pub family: u16,
    /// Code, bits 15–0.
    pub code: u16,
}

/// The BSD reading of a T = 0 code (as built by `_IO`, `_IOR`, `_IOW`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BsdFields {
    /// Parameter size in bytes, bits 22–16 (`IOCPARM_MASK`).
    pub param_len: u8,
    /// Group character, bits 15–8 (`'f'` for file codes, `'s'` for socket, `'t'` for TCP/IP).
    pub group: u8,
    /// Number within the group, bits 7–0.
    pub number: u8,
}

/// A `dwIoControlCode` value.
///
/// An open newtype: any `u32` is a valid `ControlCode`, known or not. `Debug` prints the catalog
/// name(s) when the value is catalogued, else the hex value.
///
/// ```
/// use wsaioctl::code::{ControlCode, IoctlKind};
/// let c = ControlCode::new(0x9800_0004); // SIO_KEEPALIVE_VALS
/// assert!(c.is_input() && !c.is_output());
/// assert_eq!(c.kind(), IoctlKind::Vendor);
/// assert_eq!(c.code(), 4);
/// assert_eq!(ControlCode::from_fields(c.fields()), c);
/// assert_eq!(format!("{c:?}"), "SIO_KEEPALIVE_VALS");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[repr(transparent)]
pub struct ControlCode(pub u32);

impl ControlCode {
    /// Wraps a raw value.
    pub const fn new(raw: u32) -> Self {
        Self(raw)
    }

    /// The raw value.
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// I (bit 31): the input buffer is valid for the code.
    pub const fn is_input(self) -> bool {
        self.0 & IOC_IN != 0
    }

    /// O (bit 30): the output buffer is valid for the code.
    pub const fn is_output(self) -> bool {
        self.0 & IOC_OUT != 0
    }

    /// V (bit 29): the code has no parameters.
    pub const fn is_void(self) -> bool {
        self.0 & IOC_VOID != 0
    }

    /// T (bits 28–27).
    pub const fn kind(self) -> IoctlKind {
        IoctlKind::from_bits(self.0 >> 27)
    }

    /// Vendor / address family (bits 26–16).
    pub const fn family(self) -> u16 {
        ((self.0 >> 16) & 0x7ff) as u16
    }

    /// Code (bits 15–0).
    pub const fn code(self) -> u16 {
        self.0 as u16
    }

    /// Every field of the Winsock 2 reading.
    pub const fn fields(self) -> Fields {
        Fields {
            input: self.is_input(),
            output: self.is_output(),
            void: self.is_void(),
            kind: self.kind(),
            family: self.family(),
            code: self.code(),
        }
    }

    /// Builds a code from its fields; the exact inverse of [`fields`](Self::fields).
    /// Bits of `family` above the eleventh are ignored.
    pub const fn from_fields(f: Fields) -> Self {
        let mut v = 0u32;
        if f.input {
            v |= IOC_IN;
        }
        if f.output {
            v |= IOC_OUT;
        }
        if f.void {
            v |= IOC_VOID;
        }
        v |= f.kind.bits() << 27;
        v |= ((f.family as u32) & 0x7ff) << 16;
        v |= f.code as u32;
        Self(v)
    }

    /// The BSD reading (meaningful for T = 0 codes; defined for every value).
    pub const fn bsd(self) -> BsdFields {
        BsdFields {
            param_len: ((self.0 >> 16) & IOCPARM_MASK) as u8,
            group: (self.0 >> 8) as u8,
            number: self.0 as u8,
        }
    }

    /// True when the value is exactly what `_IO`/`_IOR`/`_IOW` can build: T = 0 and bits 23–28
    /// clear, so the BSD reading loses nothing.
    pub const fn is_bsd_shaped(self) -> bool {
        self.0 & 0x1f80_0000 == 0
    }

    /// The SDK macro expression that rebuilds this value, e.g. `_IOR('f', 127, 4)` or
    /// `_WSAIORW(IOC_WS2, 6)`; values no macro builds come back as a hex literal.
    pub fn macro_form(self) -> String {
        let v = self.0;
        let dir = v & (IOC_INOUT | IOC_VOID);
        if self.is_bsd_shaped() {
            let b = self.bsd();
            let g = if b.group.is_ascii_alphanumeric() {
                format!("'{}'", b.group as char)
            } else {
                format!("{:#x}", b.group)
            };
            match dir {
                IOC_VOID if b.param_len == 0 => return format!("_IO({g}, {})", b.number),
                IOC_OUT => return format!("_IOR({g}, {}, {})", b.number, b.param_len),
                IOC_IN => return format!("_IOW({g}, {}, {})", b.number, b.param_len),
                _ => {}
            }
        }
        let base = v & !(IOC_INOUT | IOC_VOID);
        let kind = self.kind();
        let rest = base & !(kind.bits() << 27);
        let t = kind.sdk_name();
        let arg = if rest < 10 {
            format!("{rest}")
        } else {
            format!("{rest:#x}")
        };
        match dir {
            IOC_VOID => format!("_WSAIO({t}, {arg})"),
            IOC_OUT => format!("_WSAIOR({t}, {arg})"),
            IOC_IN => format!("_WSAIOW({t}, {arg})"),
            IOC_INOUT => format!("_WSAIORW({t}, {arg})"),
            _ => format!("{v:#010x}"),
        }
    }

    /// The catalog's names for this value (several codes can share a value), empty if unknown.
    pub fn names(self) -> Vec<&'static str> {
        crate::catalog::lookup(self).map(|e| e.name).collect()
    }
}

impl ControlCode {
    /// Evaluates an SDK macro expression that defines a code — see [`parse_sdk_expr`].
    ///
    /// ```
    /// use wsaioctl::code::ControlCode;
    /// let c = ControlCode::from_sdk_expr("_WSAIORW(IOC_WS2, 6)").unwrap();
    /// assert_eq!(c, ControlCode(0xC800_0006)); // SIO_GET_EXTENSION_FUNCTION_POINTER
    /// ```
    pub fn from_sdk_expr(s: &str) -> Result<Self, UsageError> {
        parse_sdk_expr(s).map(Self)
    }
}

/// Evaluates the C expression an SDK header uses to define a control code.
///
/// Accepted, whitespace-insensitive:
/// * the macros `_IO(x,y)`, `_IOR(x,y,t)`, `_IOW(x,y,t)`, `_WSAIO(x,y)`, `_WSAIOR(x,y)`,
///   `_WSAIOW(x,y)`, `_WSAIORW(x,y)` (winsock2.h, ws2def.h);
/// * the constants `IOC_IN`, `IOC_OUT`, `IOC_INOUT`, `IOC_VOID`, `IOC_UNIX`, `IOC_WS2`,
///   `IOC_PROTOCOL`, `IOC_VENDOR`, `IOC_WSK` and `IOCPARM_MASK`;
/// * integers in decimal, hex (`0x…`) or octal (leading `0`), with C suffixes (`U`, `L`, `UL`, …),
///   and character literals (`'t'`, `'\\''`);
/// * the operators `|`, `+` and `<<` with C precedence (`+` binds tighter than `<<`, which binds
///   tighter than `|`), and parentheses;
/// * as the third argument of `_IOR`/`_IOW`, or inside `sizeof(…)`, a type name mapped to its
///   size: `u_long`, `ULONG`, `DWORD`, `long`, `LONG`, `int`, `INT`, `u_int`, `UINT`, `BOOL` → 4;
///   `u_short`, `USHORT`, `short`, `SHORT`, `WORD` → 2; `u_char`, `UCHAR`, `char`, `CHAR`, `BYTE`,
///   `BOOLEAN` → 1 — or a plain size in bytes, as [`ControlCode::macro_form`] writes it.
///
/// The result must fit in 32 bits. Anything else is a [`UsageError`] naming the problem and its
/// position.
///
/// ```
/// use wsaioctl::code::parse_sdk_expr;
/// assert_eq!(parse_sdk_expr("_IOR('t', 127, ULONG)").unwrap(), 0x4004_747F); // SIO_GET_INTERFACE_LIST
/// assert_eq!(parse_sdk_expr("_IOW('t',124|IOC_IN,ULONG)").unwrap(), 0x8004_747C); // SIO_GET_MULTICAST_FILTER
/// assert_eq!(parse_sdk_expr("(IOC_IN | ((2L << 27) | 0x00730000) | 0x02)").unwrap(), 0x9073_0002);
/// assert!(parse_sdk_expr("_WSAIOW(IOC_WS2)").is_err());
/// ```
pub fn parse_sdk_expr(s: &str) -> Result<u32, UsageError> {
    let tokens = lex(s)?;
    let mut p = Parser {
        src: s,
        tokens,
        pos: 0,
    };
    let v = p.expr()?;
    if let Some(t) = p.peek() {
        return Err(p.error_at(
            t.at,
            format!("unexpected {} after a complete expression", t.kind),
        ));
    }
    Ok(v as u32)
}

/// Size of a C type name that the SDK passes as the third argument of `_IOR`/`_IOW`.
fn type_size(name: &str) -> Option<u64> {
    Some(match name {
        "u_long" | "ULONG" | "DWORD" | "long" | "LONG" | "int" | "INT" | "u_int" | "UINT"
        | "BOOL" => 4,
        "u_short" | "USHORT" | "short" | "SHORT" | "WORD" => 2,
        "u_char" | "UCHAR" | "char" | "CHAR" | "BYTE" | "BOOLEAN" => 1,
        _ => return None,
    })
}

/// The value of an `IOC_*` constant name.
fn constant(name: &str) -> Option<u64> {
    Some(u64::from(match name {
        "IOC_IN" => IOC_IN,
        "IOC_OUT" => IOC_OUT,
        "IOC_INOUT" => IOC_INOUT,
        "IOC_VOID" => IOC_VOID,
        "IOC_UNIX" => IOC_UNIX,
        "IOC_WS2" => IOC_WS2,
        "IOC_PROTOCOL" => IOC_PROTOCOL,
        "IOC_VENDOR" => IOC_VENDOR,
        "IOC_WSK" => IOC_WSK,
        "IOCPARM_MASK" => IOCPARM_MASK,
        _ => return None,
    }))
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Num(u64),
    Ident(String),
    LParen,
    RParen,
    Comma,
    Or,
    Plus,
    Shl,
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Num(n) => write!(f, "number {n}"),
            Tok::Ident(i) => write!(f, "`{i}`"),
            Tok::LParen => f.write_str("`(`"),
            Tok::RParen => f.write_str("`)`"),
            Tok::Comma => f.write_str("`,`"),
            Tok::Or => f.write_str("`|`"),
            Tok::Plus => f.write_str("`+`"),
            Tok::Shl => f.write_str("`<<`"),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: Tok,
    /// Byte offset in the source.
    at: usize,
}

fn syntax(src: &str, at: usize, msg: impl fmt::Display) -> UsageError {
    UsageError::Other(format!("SDK expression {src:?}, at byte {at}: {msg}"))
}

fn lex(src: &str) -> Result<Vec<Token>, UsageError> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let at = i;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'(' | b')' | b',' | b'|' | b'+' => {
                let kind = match c {
                    b'(' => Tok::LParen,
                    b')' => Tok::RParen,
                    b',' => Tok::Comma,
                    b'|' => Tok::Or,
                    _ => Tok::Plus,
                };
                i += 1;
                out.push(Token { kind, at });
            }
            b'<' => {
                if b.get(i + 1) != Some(&b'<') {
                    return Err(syntax(
                        src,
                        at,
                        "`<` is not an operator here (did you mean `<<`?)",
                    ));
                }
                i += 2;
                out.push(Token { kind: Tok::Shl, at });
            }
            b'\'' => {
                // A character literal: 'x' or one of the simple escapes.
                let (value, len) = match (b.get(i + 1), b.get(i + 2), b.get(i + 3)) {
                    (Some(b'\\'), Some(&e), Some(b'\'')) => {
                        let v = match e {
                            b'\\' => b'\\',
                            b'\'' => b'\'',
                            b'"' => b'"',
                            b'0' => 0,
                            b'n' => b'\n',
                            b't' => b'\t',
                            b'r' => b'\r',
                            _ => {
                                return Err(syntax(
                                    src,
                                    at,
                                    "unsupported escape in a character literal",
                                ));
                            }
                        };
                        (v, 4)
                    }
                    (Some(&ch), Some(b'\''), _) if ch != b'\\' && ch != b'\'' && ch.is_ascii() => {
                        (ch, 3)
                    }
                    _ => {
                        return Err(syntax(
                            src,
                            at,
                            "malformed character literal (expected one ASCII character, as in 't')",
                        ));
                    }
                };
                i += len;
                out.push(Token {
                    kind: Tok::Num(u64::from(value)),
                    at,
                });
            }
            b'0'..=b'9' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let text = &src[start..i];
                out.push(Token {
                    kind: Tok::Num(parse_c_integer(text)?),
                    at,
                });
            }
            c if c == b'_' || c.is_ascii_alphabetic() => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                out.push(Token {
                    kind: Tok::Ident(src[start..i].to_string()),
                    at,
                });
            }
            _ => {
                let ch = src[i..].chars().next().unwrap_or('?');
                return Err(syntax(
                    src,
                    at,
                    format!(
                        "unexpected character {ch:?} (only `|`, `+`, `<<`, parentheses and commas are operators)"
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// A C integer literal: decimal, `0x` hex or leading-`0` octal, with `u`/`l` suffixes.
fn parse_c_integer(text: &str) -> Result<u64, UsageError> {
    let bad = || UsageError::BadNumber {
        text: text.to_string(),
        expected: "a C integer: decimal, 0x-prefixed hex or 0-prefixed octal, optionally suffixed U/L",
    };
    let digits = text.trim_end_matches(['u', 'U', 'l', 'L']);
    let suffix = &text[digits.len()..];
    if suffix.len() > 3 {
        return Err(bad());
    }
    let (radix, body) = if let Some(h) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, h)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if body.is_empty() {
        return Err(bad());
    }
    u64::from_str_radix(body, radix).map_err(|_| bad())
}

/// Keeps intermediate values inside the 32 bits a code has.
fn fit_u32(v: u64) -> Result<u64, UsageError> {
    if v > u64::from(u32::MAX) {
        Err(UsageError::OutOfRange {
            field: "SDK expression value",
            value: v,
            max: u64::from(u32::MAX),
        })
    } else {
        Ok(v)
    }
}

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn end(&self) -> usize {
        self.src.len()
    }

    fn error_at(&self, at: usize, msg: impl fmt::Display) -> UsageError {
        syntax(self.src, at, msg)
    }

    fn expect(&mut self, kind: Tok) -> Result<(), UsageError> {
        match self.next() {
            Some(t) if t.kind == kind => Ok(()),
            Some(t) => Err(self.error_at(t.at, format!("expected {kind}, found {}", t.kind))),
            None => Err(self.error_at(self.end(), format!("expected {kind}, found the end"))),
        }
    }

    /// `shift ('|' shift)*`
    fn expr(&mut self) -> Result<u64, UsageError> {
        let mut v = self.shift()?;
        while matches!(self.peek(), Some(Token { kind: Tok::Or, .. })) {
            self.pos += 1;
            v |= self.shift()?;
        }
        Ok(v)
    }

    /// `sum ('<<' sum)*`
    fn shift(&mut self) -> Result<u64, UsageError> {
        let mut v = self.sum()?;
        while let Some(Token { kind: Tok::Shl, at }) = self.peek().cloned() {
            self.pos += 1;
            let n = self.sum()?;
            if n >= 32 {
                return Err(
                    self.error_at(at, format!("shift by {n} bits does not fit a 32-bit code"))
                );
            }
            v = fit_u32(v << n)?;
        }
        Ok(v)
    }

    /// `primary ('+' primary)*`
    fn sum(&mut self) -> Result<u64, UsageError> {
        let mut v = self.primary()?;
        while matches!(
            self.peek(),
            Some(Token {
                kind: Tok::Plus,
                ..
            })
        ) {
            self.pos += 1;
            let rhs = self.primary()?;
            v = fit_u32(v + rhs)?;
        }
        Ok(v)
    }

    fn primary(&mut self) -> Result<u64, UsageError> {
        let Some(t) = self.next() else {
            return Err(self.error_at(self.end(), "expected a value, found the end"));
        };
        match t.kind {
            Tok::Num(n) => fit_u32(n),
            Tok::LParen => {
                let v = self.expr()?;
                self.expect(Tok::RParen)?;
                Ok(v)
            }
            Tok::Ident(name) => self.ident(&name, t.at),
            other => Err(self.error_at(t.at, format!("expected a value, found {other}"))),
        }
    }

    fn ident(&mut self, name: &str, at: usize) -> Result<u64, UsageError> {
        if let Some(v) = constant(name) {
            return Ok(v);
        }
        let arity = match name {
            "_IO" | "_WSAIO" | "_WSAIOR" | "_WSAIOW" | "_WSAIORW" => 2,
            "_IOR" | "_IOW" => 3,
            "sizeof" => {
                self.expect(Tok::LParen)?;
                let v = self.type_or_size()?;
                self.expect(Tok::RParen)?;
                return Ok(v);
            }
            _ if type_size(name).is_some() => {
                return Err(self.error_at(
                    at,
                    format!("type name `{name}` is only a value as the third argument of _IOR/_IOW or inside sizeof()"),
                ));
            }
            _ => {
                return Err(self.error_at(
                    at,
                    format!(
                        "unknown name `{name}` (expected an IOC_* constant or one of the macros \
                         _IO, _IOR, _IOW, _WSAIO, _WSAIOR, _WSAIOW, _WSAIORW)"
                    ),
                ));
            }
        };
        self.expect(Tok::LParen)?;
        let mut args = Vec::with_capacity(arity);
        for i in 0..arity {
            if i > 0 {
                self.expect(Tok::Comma)?;
            }
            args.push(if i == 2 {
                self.type_or_size()?
            } else {
                self.expr()?
            });
        }
        match self.next() {
            Some(Token {
                kind: Tok::RParen, ..
            }) => {}
            Some(Token {
                kind: Tok::Comma,
                at: c,
            }) => {
                return Err(self.error_at(c, format!("{name} takes {arity} arguments, found more")));
            }
            Some(t) => {
                return Err(self.error_at(
                    t.at,
                    format!("expected `)` closing {name}, found {}", t.kind),
                ));
            }
            None => return Err(self.error_at(self.end(), format!("unclosed {name}("))),
        }
        let (x, y) = (args[0], args[1]);
        let v = match name {
            "_IO" => u64::from(IOC_VOID) | (x << 8) | y,
            "_IOR" => {
                u64::from(IOC_OUT) | ((args[2] & u64::from(IOCPARM_MASK)) << 16) | (x << 8) | y
            }
            "_IOW" => {
                u64::from(IOC_IN) | ((args[2] & u64::from(IOCPARM_MASK)) << 16) | (x << 8) | y
            }
            "_WSAIO" => u64::from(IOC_VOID) | x | y,
            "_WSAIOR" => u64::from(IOC_OUT) | x | y,
            "_WSAIOW" => u64::from(IOC_IN) | x | y,
            _ => u64::from(IOC_INOUT) | x | y,
        };
        fit_u32(v)
    }

    /// A type name (its size) or an expression giving the size in bytes.
    fn type_or_size(&mut self) -> Result<u64, UsageError> {
        if let Some(Token {
            kind: Tok::Ident(name),
            ..
        }) = self.peek().cloned()
            && let Some(size) = type_size(&name)
        {
            self.pos += 1;
            return Ok(size);
        }
        self.expr()
    }
}

impl From<u32> for ControlCode {
    fn from(v: u32) -> Self {
        Self(v)
    }
}

impl From<ControlCode> for u32 {
    fn from(c: ControlCode) -> u32 {
        c.0
    }
}

impl fmt::Debug for ControlCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = self.names();
        if names.is_empty() {
            write!(f, "ControlCode({:#010x})", self.0)
        } else {
            f.write_str(&names.join("|"))
        }
    }
}

impl fmt::Display for ControlCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#010x}", self.0)
    }
}

impl fmt::LowerHex for ControlCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::LowerHex::fmt(&self.0, f)
    }
}

impl fmt::UpperHex for ControlCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::UpperHex::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_macros_build_the_documented_values() {
        // winsock2.h: FIONREAD _IOR('f', 127, u_long), FIONBIO _IOW('f', 126, u_long).
        assert_eq!(_IOR('f' as u32, 127, 4), 0x4004_667f);
        assert_eq!(_IOW('f' as u32, 126, 4), 0x8004_667e);
        // SIO_GET_EXTENSION_FUNCTION_POINTER _WSAIORW(IOC_WS2, 6).
        assert_eq!(_WSAIORW(IOC_WS2, 6), 0xc800_0006);
        // SIO_ADDRESS_LIST_CHANGE _WSAIO(IOC_WS2, 23).
        assert_eq!(_WSAIO(IOC_WS2, 23), 0x2800_0017);
        // ws2ipdef.h: SIO_IDEAL_SEND_BACKLOG_CHANGE _IO('t', 122).
        assert_eq!(_IO('t' as u32, 122), 0x2000_747a);
    }

    #[test]
    fn fields_of_a_vendor_code() {
        let f = ControlCode(0x9800_0004).fields();
        assert!(f.input && !f.output && !f.void);
        assert_eq!((f.kind, f.family, f.code), (IoctlKind::Vendor, 0, 4));
    }

    #[test]
    fn bsd_reading_of_fionread() {
        let b = ControlCode(0x4004_667f).bsd();
        assert_eq!((b.param_len, b.group, b.number), (4, b'f', 127));
        assert!(ControlCode(0x4004_667f).is_bsd_shaped());
        assert!(!ControlCode(0xc800_0006).is_bsd_shaped());
    }

    #[test]
    fn macro_forms() {
        assert_eq!(ControlCode(0x4004_667f).macro_form(), "_IOR('f', 127, 4)");
        assert_eq!(ControlCode(0x2000_747a).macro_form(), "_IO('t', 122)");
        assert_eq!(
            ControlCode(0xc800_0006).macro_form(),
            "_WSAIORW(IOC_WS2, 6)"
        );
        assert_eq!(
            ControlCode(0x9800_0004).macro_form(),
            "_WSAIOW(IOC_VENDOR, 4)"
        );
        assert_eq!(ControlCode(0x0800_0001).macro_form(), "0x08000001");
    }

    #[test]
    fn sdk_expressions_of_every_macro() {
        // winsock2.h, ws2def.h, ws2ipdef.h definitions and their values (windows-sys / spec/000).
        let cases: &[(&str, u32)] = &[
            ("_IOR('f',127,u_long)", 0x4004_667F),       // FIONREAD
            ("_IOW('f',126,u_long)", 0x8004_667E),       // FIONBIO
            ("_IOR('s',7,u_long)", 0x4004_7307),         // SIOCATMARK
            ("_IO('t',122)", 0x2000_747A),               // SIO_IDEAL_SEND_BACKLOG_CHANGE
            ("_IOW('t',124|IOC_IN,ULONG)", 0x8004_747C), // SIO_GET_MULTICAST_FILTER
            ("_WSAIO(IOC_WS2,23)", 0x2800_0017),         // SIO_ADDRESS_LIST_CHANGE
            ("_WSAIOR(IOC_WS2,22)", 0x4800_0016),        // SIO_ADDRESS_LIST_QUERY
            ("_WSAIOW(IOC_VENDOR,4)", 0x9800_0004),      // SIO_KEEPALIVE_VALS
            ("_WSAIORW(IOC_WS2,6)", 0xC800_0006),        // SIO_GET_EXTENSION_FUNCTION_POINTER
            ("_WSAIORW(IOC_VENDOR,39)", 0xD800_0027),    // SIO_TCP_INFO
            ("_WSAIOW(IOC_WSK,1)", 0x8F00_0001),
            ("0x50160001", 0x5016_0001), // SIO_GET_NUMBER_OF_ATM_DEVICES
        ];
        for &(text, value) in cases {
            assert_eq!(parse_sdk_expr(text), Ok(value), "{text}");
            assert_eq!(
                ControlCode::from_sdk_expr(text),
                Ok(ControlCode(value)),
                "{text}"
            );
        }
    }

    #[test]
    fn sdk_expressions_are_whitespace_insensitive() {
        let a = parse_sdk_expr("_WSAIORW(IOC_WS2,6)").unwrap();
        assert_eq!(parse_sdk_expr("  _WSAIORW ( IOC_WS2 ,\t6 )\n").unwrap(), a);
        assert_eq!(
            parse_sdk_expr("_IOR ('t', 127, ULONG)").unwrap(),
            0x4004_747F
        );
    }

    #[test]
    fn sdk_expression_operators_follow_c_precedence() {
        // sslsock.h (Windows CE): _SO_SSL = ((2L << 27) | SO_SSL_FAMILY).
        assert_eq!(
            parse_sdk_expr("(IOC_OUT | ((2L << 27) | 0x00730000) | 0x01)"),
            Ok(0x5073_0001)
        );
        // `+` binds tighter than `<<`, which binds tighter than `|`.
        assert_eq!(parse_sdk_expr("1 << 2 + 1"), Ok(8));
        assert_eq!(parse_sdk_expr("1 | 2 << 1"), Ok(5));
        assert_eq!(parse_sdk_expr("(1 | 2) << 1"), Ok(6));
        assert_eq!(parse_sdk_expr("IOC_IN | IOC_OUT"), Ok(IOC_INOUT));
    }

    #[test]
    fn sdk_expression_literals() {
        assert_eq!(parse_sdk_expr("0x7fUL"), Ok(0x7f));
        assert_eq!(parse_sdk_expr("010"), Ok(8));
        assert_eq!(parse_sdk_expr("0"), Ok(0));
        assert_eq!(parse_sdk_expr("'\\''"), Ok(u32::from(b'\'')));
        assert_eq!(parse_sdk_expr("'\\\\'"), Ok(u32::from(b'\\')));
        assert_eq!(parse_sdk_expr("sizeof(USHORT) + sizeof(u_long)"), Ok(6));
        assert_eq!(parse_sdk_expr("IOCPARM_MASK"), Ok(0x7f));
    }

    #[test]
    fn sdk_expression_type_sizes_and_numeric_sizes_agree() {
        for (ty, n) in [
            ("u_long", 4),
            ("ULONG", 4),
            ("DWORD", 4),
            ("int", 4),
            ("INT", 4),
            ("BOOL", 4),
            ("u_short", 2),
            ("USHORT", 2),
            ("UCHAR", 1),
        ] {
            let named = parse_sdk_expr(&format!("_IOW('x', 1, {ty})")).unwrap();
            let numeric = parse_sdk_expr(&format!("_IOW('x', 1, {n})")).unwrap();
            assert_eq!(named, numeric, "{ty}");
            assert_eq!(ControlCode(named).bsd().param_len, n, "{ty}");
        }
    }

    #[test]
    fn macro_form_is_parsed_back() {
        for v in [
            0x4004_667F,
            0x2000_747A,
            0xC800_0006,
            0x9800_0004,
            0x2800_0017,
            0x0800_0001,
            0x8004_747C,
            0x5073_0001,
            0xDC00_0001,
            0x1073_000D,
        ] {
            let text = ControlCode(v).macro_form();
            assert_eq!(parse_sdk_expr(&text), Ok(v), "{text}");
        }
    }

    #[test]
    fn sdk_expression_errors() {
        use crate::error::UsageError;
        let bad = [
            "",
            "_WSAIOW(IOC_WS2)",
            "_WSAIOW(IOC_WS2, 1, 2)",
            "_IOR('t', 1)",
            "FOO",
            "_WSAIOW(IOC_WS2, 1",
            "(1",
            "1 2",
            "1 |",
            "'ab'",
            "''",
            "1 < 2",
            "1 & 2",
            "ULONG",
            "_IOR('t', 1, float)",
            "sizeof(float)",
            "1 << 32",
            "0xFFFFFFFF + 1",
            "0x1_0000_0000",
            "0x",
            "08",
            "12abc",
            "\u{e9}",
        ];
        for text in bad {
            let err = parse_sdk_expr(text).expect_err(text);
            assert!(!err.to_string().is_empty(), "{text}");
        }
        assert!(matches!(
            parse_sdk_expr("0x1FFFFFFFF"),
            Err(UsageError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_sdk_expr("0xZZ"),
            Err(UsageError::BadNumber { .. })
        ));
        let msg = parse_sdk_expr("_WSAIOW(IOC_WS3, 1)")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("IOC_WS3") && msg.contains("byte 8"), "{msg}");
    }
}
