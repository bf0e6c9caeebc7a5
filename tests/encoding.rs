//! The control-code layout (spec/000, spec/001, spec/003 "The dwIoControlCode parameter has the
//! following form"): decoding never fails and encoding is its exact inverse over every u32; the
//! SDK macros agree with the fields they set.
use proptest::prelude::*;
use wsaioctl::code::{
    _IO, _IOR, _IOW, _WSAIO, _WSAIOR, _WSAIORW, _WSAIOW, ControlCode, Fields, IOC_IN, IOC_OUT,
    IOC_VOID, IoctlKind, parse_sdk_expr,
};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// decode∘encode is the identity over the whole 32-bit space.
    #[test]
    fn fields_round_trip(v in any::<u32>()) {
        let c = ControlCode(v);
        prop_assert_eq!(ControlCode::from_fields(c.fields()), c);
    }

    /// Each field reads its own bits (spec/003: I bit 31, O 30, V 29, T 28–27, family 26–16, code 15–0).
    #[test]
    fn fields_are_the_documented_bits(v in any::<u32>()) {
        let f = ControlCode(v).fields();
        prop_assert_eq!(f.input, v >> 31 == 1);
        prop_assert_eq!(f.output, (v >> 30) & 1 == 1);
        prop_assert_eq!(f.void, (v >> 29) & 1 == 1);
        prop_assert_eq!(f.kind.bits(), (v >> 27) & 3);
        prop_assert_eq!(u32::from(f.family), (v >> 16) & 0x7ff);
        prop_assert_eq!(u32::from(f.code), v & 0xffff);
    }

    /// encode∘decode is the identity on fields (family limited to its 11 bits).
    #[test]
    fn encode_then_decode(input: bool, output: bool, void: bool, t in 0u32..4, family in 0u16..0x800, code: u16) {
        let f = Fields { input, output, void, kind: IoctlKind::from_bits(t), family, code };
        prop_assert_eq!(ControlCode::from_fields(f).fields(), f);
    }

    /// The BSD macros put the size in bits 16–22, the group in 8–15, the number in 0–7.
    #[test]
    fn bsd_macros(group: u8, number: u8, size in 0u32..128) {
        let (g, n) = (u32::from(group), u32::from(number));
        for (v, dir) in [(_IOR(g, n, size), IOC_OUT), (_IOW(g, n, size), IOC_IN)] {
            let b = ControlCode(v).bsd();
            prop_assert_eq!((u32::from(b.param_len), b.group, b.number), (size, group, number));
            prop_assert_eq!(v & (IOC_IN | IOC_OUT | IOC_VOID), dir);
            prop_assert!(ControlCode(v).is_bsd_shaped());
        }
        prop_assert_eq!(ControlCode(_IO(g, n)).bsd().param_len, 0);
    }

    /// The Winsock 2 macros set exactly their direction bits over the base value.
    #[test]
    fn wsaio_macros(t in 0u32..4, y in 0u32..0x0800_0000) {
        let x = t << 27;
        prop_assert_eq!(_WSAIO(x, y), IOC_VOID | x | y);
        prop_assert_eq!(_WSAIOR(x, y), IOC_OUT | x | y);
        prop_assert_eq!(_WSAIOW(x, y), IOC_IN | x | y);
        prop_assert_eq!(_WSAIORW(x, y), IOC_IN | IOC_OUT | x | y);
        prop_assert_eq!(ControlCode(_WSAIORW(x, y)).kind().bits(), t);
    }

    /// The macro form printed for any value evaluates back to that value.
    #[test]
    fn macro_form_round_trips(v in any::<u32>()) {
        let c = ControlCode(v);
        prop_assert_eq!(parse_sdk_expr(&c.macro_form()).unwrap(), v, "{}", c.macro_form());
    }
}

#[test]
fn documented_values() {
    // winsock2.h, with the sizes of u_long: FIONBIO, FIONREAD, SIOCATMARK.
    assert_eq!(
        _IOW(b'f'.into(), 126, 4),
        windows_sys::Win32::Networking::WinSock::FIONBIO as u32
    );
    assert_eq!(
        _IOR(b'f'.into(), 127, 4),
        windows_sys::Win32::Networking::WinSock::FIONREAD as u32
    );
    assert_eq!(
        _IOR(b's'.into(), 7, 4),
        windows_sys::Win32::Networking::WinSock::SIOCATMARK as u32
    );
}
