//! Winsock error numbers, kernel status codes, and the crate's own misuse errors.
//!
//! Errors vs panics, stated once (DESIGN.md, "Examples to follow" 8):
//! * [`WsaError`] — what Windows itself would report (`WSAGetLastError`, `lpErrno`, the
//!   `dwError` of a completion routine). Bad input from the code under test always ends here.
//! * [`UsageError`] — misuse of this crate's Rust API (an unknown name on the command line, a
//!   handle from another stack object…), with a message saying what was wrong.
//! * A panic only for a broken internal invariant, named in its message.
//!
//! [`NtStatus`] is the kernel status that an overlapped operation leaves in `Internal`, and
//! [`Win32Error`] the value `GetQueuedCompletionStatus` reports through `GetLastError`; both are
//! mapped exactly as spec/observed-windows.md records ("WSAGetOverlappedResult maps the status in
//! Internal to a Winsock error").

use core::fmt;

macro_rules! wsa_errors {
    ($( $(#[$m:meta])* $name:ident = $num:literal, $desc:literal; )*) => {
        impl WsaError {
            $( $(#[$m])* #[doc = concat!("`", stringify!($name), "` (", stringify!($num), ") — ", $desc)]
               pub const $name: Self = Self($num); )*

            /// Every named error, in numeric order of the table.
            pub const ALL: &'static [WsaError] = &[$(Self::$name),*];

            /// The SDK name (`"WSAEFAULT"`), or `None` for a number with no name here.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 { $($num => Some(stringify!($name)),)* _ => None }
            }

            /// The one-line meaning, from the Windows Sockets error-code reference.
            pub const fn description(self) -> Option<&'static str> {
                match self.0 { $($num => Some($desc),)* _ => None }
            }

            /// The error named `name` (case-insensitive), e.g. `"WSAEFAULT"`.
            pub fn from_name(name: &str) -> Option<Self> {
                $( if name.eq_ignore_ascii_case(stringify!($name)) { return Some(Self::$name); } )*
                None
            }
        }
    };
}

/// A Winsock error number (`WSAGetLastError`).
///
/// Open: any `i32` is representable, so values a provider or the native stack returns are never
/// lost. `Debug` prints the name when there is one.
///
/// ```
/// use wsaioctl::WsaError;
/// assert_eq!(WsaError::WSAEFAULT.code(), 10014);
/// assert_eq!(WsaError::from_name("wsaeopnotsupp"), Some(WsaError::WSAEOPNOTSUPP));
/// assert_eq!(format!("{:?}", WsaError(997)), "WSA_IO_PENDING");
/// assert_eq!(WsaError::WSAEINVAL.to_string(), "WSAEINVAL (10022): An invalid argument was supplied.");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct WsaError(pub i32);

wsa_errors! {
    /// Also `NO_ERROR`; a successful call leaves this in the thread's last-error slot
    /// (spec/observed-windows.md, "A successful call sets the thread's last error to 0").
    ERROR_SUCCESS = 0, "The operation completed successfully.";
    WSA_INVALID_HANDLE = 6, "Specified event object handle is invalid.";
    WSA_NOT_ENOUGH_MEMORY = 8, "Insufficient memory available.";
    WSA_INVALID_PARAMETER = 87, "One or more parameters are invalid.";
    WSA_OPERATION_ABORTED = 995, "Overlapped operation aborted.";
    WSA_IO_INCOMPLETE = 996, "Overlapped I/O event object not in signaled state.";
    WSA_IO_PENDING = 997, "Overlapped operations will complete later.";
    WSAEINTR = 10004, "A blocking operation was interrupted by a call to WSACancelBlockingCall.";
    WSAEBADF = 10009, "The file handle supplied is not valid.";
    WSAEACCES = 10013, "An attempt was made to access a socket in a way forbidden by its access permissions.";
    WSAEFAULT = 10014, "The system detected an invalid pointer address in attempting to use a pointer argument in a call.";
    WSAEINVAL = 10022, "An invalid argument was supplied.";
    WSAEMFILE = 10024, "Too many open sockets.";
    WSAEWOULDBLOCK = 10035, "A non-blocking socket operation could not be completed immediately.";
    WSAEINPROGRESS = 10036, "A blocking operation is currently executing.";
    WSAEALREADY = 10037, "An operation was attempted on a non-blocking socket that already had an operation in progress.";
    WSAENOTSOCK = 10038, "An operation was attempted on something that is not a socket.";
    WSAEDESTADDRREQ = 10039, "A required address was omitted from an operation on a socket.";
    WSAEMSGSIZE = 10040, "A message sent on a datagram socket was larger than the internal message buffer or some other network limit, or the buffer used to receive a datagram into was smaller than the datagram itself.";
    WSAEPROTOTYPE = 10041, "A protocol was specified in the socket function call that does not support the semantics of the socket type requested.";
    WSAENOPROTOOPT = 10042, "An unknown, invalid, or unsupported option or level was specified in a getsockopt or setsockopt call.";
    WSAEPROTONOSUPPORT = 10043, "The requested protocol has not been configured into the system, or no implementation for it exists.";
    WSAESOCKTNOSUPPORT = 10044, "The support for the specified socket type does not exist in this address family.";
    WSAEOPNOTSUPP = 10045, "The attempted operation is not supported for the type of object referenced.";
    WSAEPFNOSUPPORT = 10046, "The protocol family has not been configured into the system or no implementation for it exists.";
    WSAEAFNOSUPPORT = 10047, "An address incompatible with the requested protocol was used.";
    WSAEADDRINUSE = 10048, "Only one usage of each socket address (protocol/network address/port) is normally permitted.";
    WSAEADDRNOTAVAIL = 10049, "The requested address is not valid in its context.";
    WSAENETDOWN = 10050, "A socket operation encountered a dead network.";
    WSAENETUNREACH = 10051, "A socket operation was attempted to an unreachable network.";
    WSAENETRESET = 10052, "The connection has been broken due to keep-alive activity detecting a failure while the operation was in progress.";
    WSAECONNABORTED = 10053, "An established connection was aborted by the software in your host machine.";
    WSAECONNRESET = 10054, "An existing connection was forcibly closed by the remote host.";
    WSAENOBUFS = 10055, "An operation on a socket could not be performed because the system lacked sufficient buffer space or because a queue was full.";
    WSAEISCONN = 10056, "A connect request was made on an already connected socket.";
    WSAENOTCONN = 10057, "A request to send or receive data was disallowed because the socket is not connected.";
    WSAESHUTDOWN = 10058, "A request to send or receive data was disallowed because the socket had already been shut down.";
    WSAETOOMANYREFS = 10059, "Too many references to some kernel object.";
    WSAETIMEDOUT = 10060, "A connection attempt failed because the connected party did not properly respond after a period of time.";
    WSAECONNREFUSED = 10061, "No connection could be made because the target machine actively refused it.";
    WSAELOOP = 10062, "Cannot translate name.";
    WSAENAMETOOLONG = 10063, "Name component or name was too long.";
    WSAEHOSTDOWN = 10064, "A socket operation failed because the destination host was down.";
    WSAEHOSTUNREACH = 10065, "A socket operation was attempted to an unreachable host.";
    WSAENOTEMPTY = 10066, "Cannot remove a directory that is not empty.";
    WSAEPROCLIM = 10067, "A Windows Sockets implementation may have a limit on the number of applications that may use it simultaneously.";
    WSAEUSERS = 10068, "Ran out of quota.";
    WSAEDQUOT = 10069, "Ran out of disk quota.";
    WSAESTALE = 10070, "File handle reference is no longer available.";
    WSAEREMOTE = 10071, "Item is not available locally.";
    WSASYSNOTREADY = 10091, "WSAStartup cannot function at this time because the underlying system it uses to provide network services is currently unavailable.";
    WSAVERNOTSUPPORTED = 10092, "The Windows Sockets version requested is not supported.";
    WSANOTINITIALISED = 10093, "Either the application has not called WSAStartup, or WSAStartup failed.";
    WSAEDISCON = 10101, "Returned by WSARecv or WSARecvFrom to indicate the remote party has initiated a graceful shutdown sequence.";
    WSAENOMORE = 10102, "No more results can be returned by WSALookupServiceNext.";
    WSAECANCELLED = 10103, "A call to WSALookupServiceEnd was made while this call was still processing. The call has been canceled.";
    WSAEINVALIDPROCTABLE = 10104, "The procedure call table is invalid.";
    WSAEINVALIDPROVIDER = 10105, "The requested service provider is invalid.";
    WSAEPROVIDERFAILEDINIT = 10106, "The requested service provider could not be loaded or initialized.";
    WSASYSCALLFAILURE = 10107, "A system call that should never fail has failed.";
    WSASERVICE_NOT_FOUND = 10108, "No such service is known. The service cannot be found in the specified name space.";
    WSATYPE_NOT_FOUND = 10109, "The specified class was not found.";
    WSA_E_NO_MORE = 10110, "No more results can be returned by WSALookupServiceNext.";
    WSA_E_CANCELLED = 10111, "A call to WSALookupServiceEnd was made while this call was still processing. The call has been canceled.";
    WSAEREFUSED = 10112, "A database query failed because it was actively refused.";
    WSAHOST_NOT_FOUND = 11001, "No such host is known.";
    WSATRY_AGAIN = 11002, "This is usually a temporary error during hostname resolution and means that the local server did not receive a response from an authoritative server.";
    WSANO_RECOVERY = 11003, "A non-recoverable error occurred during a database lookup.";
    WSANO_DATA = 11004, "The requested name is valid, but no data of the requested type was found.";
    WSA_QOS_RECEIVERS = 11005, "At least one reserve has arrived.";
    WSA_QOS_SENDERS = 11006, "At least one path has arrived.";
    WSA_QOS_NO_SENDERS = 11007, "There are no senders.";
    WSA_QOS_NO_RECEIVERS = 11008, "There are no receivers.";
    WSA_QOS_REQUEST_CONFIRMED = 11009, "Reserve has been confirmed.";
    WSA_QOS_ADMISSION_FAILURE = 11010, "Error due to lack of resources.";
    WSA_QOS_POLICY_FAILURE = 11011, "Rejected for administrative reasons - bad credentials.";
    WSA_QOS_BAD_STYLE = 11012, "Unknown or conflicting style.";
    WSA_QOS_BAD_OBJECT = 11013, "Problem with some part of the filterspec or providerspecific buffer in general.";
    WSA_QOS_TRAFFIC_CTRL_ERROR = 11014, "Problem with some part of the flowspec.";
    WSA_QOS_GENERIC_ERROR = 11015, "General QOS error.";
    WSA_QOS_ESERVICETYPE = 11016, "An invalid or unrecognized service type was found in the flowspec.";
    WSA_QOS_EFLOWSPEC = 11017, "An invalid or inconsistent flowspec was found in the QOS structure.";
    WSA_QOS_EPROVSPECBUF = 11018, "Invalid QOS provider-specific buffer.";
    WSA_QOS_EFILTERSTYLE = 11019, "An invalid QOS filter style was used.";
    WSA_QOS_EFILTERTYPE = 11020, "An invalid QOS filter type was used.";
    WSA_QOS_EFILTERCOUNT = 11021, "An incorrect number of QOS FILTERSPECs were specified in the FLOWDESCRIPTOR.";
    WSA_QOS_EOBJLENGTH = 11022, "An object with an invalid ObjectLength field was specified in the QOS provider-specific buffer.";
    WSA_QOS_EFLOWCOUNT = 11023, "An incorrect number of flow descriptors was specified in the QOS structure.";
    WSA_QOS_EUNKOWNPSOBJ = 11024, "An unrecognized object was found in the QOS provider-specific buffer.";
    WSA_QOS_EPOLICYOBJ = 11025, "An invalid policy object was found in the QOS provider-specific buffer.";
    WSA_QOS_EFLOWDESC = 11026, "An invalid QOS flow descriptor was found in the flow descriptor list.";
    WSA_QOS_EPSFLOWSPEC = 11027, "An invalid or inconsistent flowspec was found in the QOS provider-specific buffer.";
    WSA_QOS_EPSFILTERSPEC = 11028, "An invalid FILTERSPEC was found in the QOS provider-specific buffer.";
    WSA_QOS_ESDMODEOBJ = 11029, "An invalid shape discard mode object was found in the QOS provider-specific buffer.";
    WSA_QOS_ESHAPERATEOBJ = 11030, "An invalid shaping rate object was found in the QOS provider-specific buffer.";
    WSA_QOS_RESERVED_PETYPE = 11031, "A reserved policy element was found in the QOS provider-specific buffer.";
}

impl WsaError {
    /// `NO_ERROR` — the value a successful call leaves in the last-error slot.
    pub const NO_ERROR: Self = Self(0);

    /// The raw number.
    pub const fn code(self) -> i32 {
        self.0
    }

    /// The Winsock error a Linux `errno` corresponds to, for a backend that ran the real syscall.
    ///
    /// The Winsock names are the BSD ones with a `WSA` prefix, so most map by name
    /// (`ECONNRESET` → `WSAECONNRESET`). The rest map to what Windows reports for the same
    /// situation: `EAGAIN` → `WSAEWOULDBLOCK`, `EPERM` → `WSAEACCES`, `ENOTTY` (an ioctl the
    /// object does not know) → `WSAEOPNOTSUPP`, `ENOMEM` → `WSAENOBUFS`, `EBADF` → `WSAENOTSOCK`
    /// (a closed or foreign descriptor is "not a socket" to Winsock), `ENODEV`/`ENXIO` →
    /// `WSAENETDOWN`, `ENOENT`/`ESRCH` → `WSAEADDRNOTAVAIL`, `ECANCELED` →
    /// `WSA_OPERATION_ABORTED`; anything unknown is `WSAEINVAL`.
    #[cfg(target_os = "linux")]
    pub fn from_errno(errno: i32) -> Self {
        use libc as l;
        match errno {
            0 => Self::NO_ERROR,
            l::EINTR => Self::WSAEINTR,
            l::EBADF | l::ENOTSOCK => Self::WSAENOTSOCK,
            l::EACCES | l::EPERM => Self::WSAEACCES,
            l::EFAULT => Self::WSAEFAULT,
            l::EINVAL => Self::WSAEINVAL,
            l::EMFILE | l::ENFILE => Self::WSAEMFILE,
            l::EAGAIN => Self::WSAEWOULDBLOCK,
            l::EINPROGRESS => Self::WSAEINPROGRESS,
            l::EALREADY => Self::WSAEALREADY,
            l::EDESTADDRREQ => Self::WSAEDESTADDRREQ,
            l::EMSGSIZE => Self::WSAEMSGSIZE,
            l::EPROTOTYPE => Self::WSAEPROTOTYPE,
            l::ENOPROTOOPT => Self::WSAENOPROTOOPT,
            l::EPROTONOSUPPORT => Self::WSAEPROTONOSUPPORT,
            l::ESOCKTNOSUPPORT => Self::WSAESOCKTNOSUPPORT,
            l::EOPNOTSUPP | l::ENOTTY | l::ENOSYS => Self::WSAEOPNOTSUPP,
            l::EPFNOSUPPORT => Self::WSAEPFNOSUPPORT,
            l::EAFNOSUPPORT => Self::WSAEAFNOSUPPORT,
            l::EADDRINUSE => Self::WSAEADDRINUSE,
            l::EADDRNOTAVAIL | l::ENOENT | l::ESRCH => Self::WSAEADDRNOTAVAIL,
            l::ENETDOWN | l::ENODEV | l::ENXIO => Self::WSAENETDOWN,
            l::ENETUNREACH => Self::WSAENETUNREACH,
            l::ENETRESET => Self::WSAENETRESET,
            l::ECONNABORTED => Self::WSAECONNABORTED,
            l::ECONNRESET | l::EPIPE => Self::WSAECONNRESET,
            l::ENOBUFS | l::ENOMEM => Self::WSAENOBUFS,
            l::EISCONN => Self::WSAEISCONN,
            l::ENOTCONN => Self::WSAENOTCONN,
            l::ESHUTDOWN => Self::WSAESHUTDOWN,
            l::ETOOMANYREFS => Self::WSAETOOMANYREFS,
            l::ETIMEDOUT => Self::WSAETIMEDOUT,
            l::ECONNREFUSED => Self::WSAECONNREFUSED,
            l::ELOOP => Self::WSAELOOP,
            l::ENAMETOOLONG => Self::WSAENAMETOOLONG,
            l::EHOSTDOWN => Self::WSAEHOSTDOWN,
            l::EHOSTUNREACH => Self::WSAEHOSTUNREACH,
            l::ENOTEMPTY => Self::WSAENOTEMPTY,
            l::EUSERS => Self::WSAEUSERS,
            l::EDQUOT => Self::WSAEDQUOT,
            l::ESTALE => Self::WSAESTALE,
            l::EREMOTE => Self::WSAEREMOTE,
            l::ECANCELED => Self::WSA_OPERATION_ABORTED,
            _ => Self::WSAEINVAL,
        }
    }

    /// The error of a `std::io::Error` from a real syscall (its errno, else `WSAEINVAL`).
    #[cfg(target_os = "linux")]
    pub fn from_io(e: &std::io::Error) -> Self {
        e.raw_os_error().map_or(Self::WSAEINVAL, Self::from_errno)
    }

    /// The status an overlapped operation failing with this error leaves in `Internal`.
    ///
    /// The inverse of [`NtStatus::to_wsa`] on the statuses that table names, so that a
    /// provider's error survives the trip through the OVERLAPPED: `WSAEOPNOTSUPP` →
    /// `STATUS_NOT_SUPPORTED`, `WSAEFAULT` → `STATUS_BUFFER_TOO_SMALL`, … Errors that no status
    /// maps back to are carried in [`NtStatus::from_wsa_fallback`] form.
    pub const fn to_ntstatus(self) -> NtStatus {
        match self {
            Self::NO_ERROR => NtStatus::STATUS_SUCCESS,
            Self::WSA_IO_PENDING | Self::WSA_IO_INCOMPLETE => NtStatus::STATUS_PENDING,
            Self::WSA_OPERATION_ABORTED => NtStatus::STATUS_CANCELLED,
            Self::WSAEOPNOTSUPP => NtStatus::STATUS_NOT_SUPPORTED,
            Self::WSAEFAULT => NtStatus::STATUS_BUFFER_TOO_SMALL,
            Self::WSAEMSGSIZE => NtStatus::STATUS_BUFFER_OVERFLOW,
            Self::WSAENOTSOCK => NtStatus::STATUS_INVALID_HANDLE,
            Self::WSAEWOULDBLOCK => NtStatus::STATUS_DEVICE_NOT_READY,
            Self::WSAENETUNREACH => NtStatus::STATUS_NETWORK_UNREACHABLE,
            Self::WSAEHOSTUNREACH => NtStatus::STATUS_HOST_UNREACHABLE,
            Self::WSAEINVAL => NtStatus::STATUS_INVALID_PARAMETER,
            other => NtStatus::from_wsa_fallback(other),
        }
    }
}

impl fmt::Debug for WsaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "WsaError({})", self.0),
        }
    }
}

impl fmt::Display for WsaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.name(), self.description()) {
            (Some(n), Some(d)) => write!(f, "{n} ({}): {d}", self.0),
            _ => write!(f, "Winsock error {}", self.0),
        }
    }
}

impl std::error::Error for WsaError {}

#[cfg(feature = "serde")]
impl serde::Serialize for WsaError {
    /// As the CLI prints it: `{"name": "WSAEFAULT", "code": 10014}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("WsaError", 2)?;
        st.serialize_field("name", &self.name())?;
        st.serialize_field("code", &self.0)?;
        st.end()
    }
}

macro_rules! nt_statuses {
    ($( $name:ident = $num:literal; )*) => {
        impl NtStatus {
            $( #[doc = concat!("`", stringify!($name), "` (", stringify!($num), ").")]
               pub const $name: Self = Self($num); )*

            /// The SDK name, or `None`.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 { $($num => Some(stringify!($name)),)* _ => None }
            }
        }
    };
}

/// An NTSTATUS: what an overlapped operation leaves in `OVERLAPPED.Internal`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct NtStatus(pub u32);

nt_statuses! {
    STATUS_SUCCESS = 0x0000_0000;
    STATUS_PENDING = 0x0000_0103;
    STATUS_BUFFER_OVERFLOW = 0x8000_0005;
    STATUS_NOT_IMPLEMENTED = 0xC000_0002;
    STATUS_ACCESS_VIOLATION = 0xC000_0005;
    STATUS_INVALID_HANDLE = 0xC000_0008;
    STATUS_INVALID_PARAMETER = 0xC000_000D;
    STATUS_INVALID_DEVICE_REQUEST = 0xC000_0010;
    STATUS_BUFFER_TOO_SMALL = 0xC000_0023;
    STATUS_DEVICE_NOT_READY = 0xC000_00A3;
    STATUS_NOT_SUPPORTED = 0xC000_00BB;
    STATUS_CANCELLED = 0xC000_0120;
    STATUS_NETWORK_UNREACHABLE = 0xC000_023C;
    STATUS_HOST_UNREACHABLE = 0xC000_023D;
    STATUS_PROTOCOL_UNREACHABLE = 0xC000_023E;
    STATUS_PORT_UNREACHABLE = 0xC000_023F;
    STATUS_PAGEFILE_QUOTA = 0xC000_0007;
    STATUS_NO_SUCH_DEVICE = 0xC000_000E;
    STATUS_NO_SUCH_FILE = 0xC000_000F;
    STATUS_NO_MEMORY = 0xC000_0017;
    STATUS_CONFLICTING_ADDRESSES = 0xC000_0018;
    STATUS_ACCESS_DENIED = 0xC000_0022;
    STATUS_OBJECT_TYPE_MISMATCH = 0xC000_0024;
    STATUS_OBJECT_NAME_NOT_FOUND = 0xC000_0034;
    STATUS_OBJECT_PATH_NOT_FOUND = 0xC000_003A;
    STATUS_SHARING_VIOLATION = 0xC000_0043;
    STATUS_QUOTA_EXCEEDED = 0xC000_0044;
    STATUS_TOO_MANY_PAGING_FILES = 0xC000_0097;
    STATUS_INSUFFICIENT_RESOURCES = 0xC000_009A;
    STATUS_WORKING_SET_QUOTA = 0xC000_00A1;
    STATUS_PIPE_DISCONNECTED = 0xC000_00B0;
    STATUS_IO_TIMEOUT = 0xC000_00B5;
    STATUS_REMOTE_NOT_LISTENING = 0xC000_00BC;
    STATUS_BAD_NETWORK_PATH = 0xC000_00BE;
    STATUS_NETWORK_BUSY = 0xC000_00BF;
    STATUS_INVALID_NETWORK_RESPONSE = 0xC000_00C3;
    STATUS_UNEXPECTED_NETWORK_ERROR = 0xC000_00C4;
    STATUS_REQUEST_NOT_ACCEPTED = 0xC000_00D0;
    STATUS_COMMITMENT_LIMIT = 0xC000_012D;
    STATUS_LOCAL_DISCONNECT = 0xC000_013B;
    STATUS_REMOTE_DISCONNECT = 0xC000_013C;
    STATUS_REMOTE_RESOURCES = 0xC000_013D;
    STATUS_LINK_FAILED = 0xC000_013E;
    STATUS_LINK_TIMEOUT = 0xC000_013F;
    STATUS_INVALID_CONNECTION = 0xC000_0140;
    STATUS_INVALID_ADDRESS = 0xC000_0141;
    STATUS_INVALID_BUFFER_SIZE = 0xC000_0206;
    STATUS_INVALID_ADDRESS_COMPONENT = 0xC000_0207;
    STATUS_TOO_MANY_ADDRESSES = 0xC000_0209;
    STATUS_ADDRESS_ALREADY_EXISTS = 0xC000_020A;
    STATUS_CONNECTION_DISCONNECTED = 0xC000_020C;
    STATUS_CONNECTION_RESET = 0xC000_020D;
    STATUS_TRANSACTION_ABORTED = 0xC000_020F;
    STATUS_CONNECTION_REFUSED = 0xC000_0236;
    STATUS_GRACEFUL_DISCONNECT = 0xC000_0237;
    STATUS_CONNECTION_ACTIVE = 0xC000_023B;
    STATUS_REQUEST_ABORTED = 0xC000_0240;
    STATUS_CONNECTION_ABORTED = 0xC000_0241;
    STATUS_DATATYPE_MISALIGNMENT_ERROR = 0xC000_02C5;
    STATUS_HOST_DOWN = 0xC000_0350;
}

impl NtStatus {
    /// Facility bits this crate uses to carry a Winsock error that no real status names
    /// (customer bit set, severity error): `0xE0FF_0000 | code`.
    const WSA_CARRIER: u32 = 0xE0FF_0000;

    /// True for `STATUS_PENDING`.
    pub const fn is_pending(self) -> bool {
        self.0 == Self::STATUS_PENDING.0
    }

    /// True for success statuses other than pending (severity bits 00 or 01).
    pub const fn is_success(self) -> bool {
        self.0 >> 30 <= 1 && !self.is_pending()
    }

    /// Carries a Winsock error with no NTSTATUS of its own (e.g. `WSAENOPROTOOPT`) in a
    /// customer-defined status, so [`to_wsa`](Self::to_wsa) gets it back unchanged.
    pub const fn from_wsa_fallback(e: WsaError) -> Self {
        Self(Self::WSA_CARRIER | (e.0 as u32 & 0xffff))
    }

    /// The Winsock error `WSAGetOverlappedResult` (and a completion routine's `dwError`) reports
    /// for this status — spec/observed-windows.md: `STATUS_PENDING` → `WSA_IO_INCOMPLETE`;
    /// `STATUS_CANCELLED` → `WSA_OPERATION_ABORTED`; `STATUS_NOT_SUPPORTED` /
    /// `STATUS_NOT_IMPLEMENTED` → `WSAEOPNOTSUPP`; `STATUS_BUFFER_TOO_SMALL` /
    /// `STATUS_ACCESS_VIOLATION` → `WSAEFAULT`; `STATUS_BUFFER_OVERFLOW` → `WSAEMSGSIZE`;
    /// `STATUS_INVALID_HANDLE` → `WSAENOTSOCK`; `STATUS_DEVICE_NOT_READY` → `WSAEWOULDBLOCK`;
    /// network-unreachable statuses → `WSAENETUNREACH`; anything else failing → `WSAEINVAL`.
    /// `STATUS_HOST_UNREACHABLE` keeps its own `WSAEHOSTUNREACH` and `STATUS_PORT_UNREACHABLE`
    /// is `WSAECONNRESET` (as Wine's table, checked on Windows, has them); 0x8007_03E6,
    /// 0xC001_03E6 and 0xC007_03E6 are `WSA_IO_INCOMPLETE`.
    pub const fn to_wsa(self) -> WsaError {
        match self {
            Self::STATUS_SUCCESS => WsaError::NO_ERROR,
            Self::STATUS_PENDING => WsaError::WSA_IO_INCOMPLETE,
            Self::STATUS_CANCELLED => WsaError::WSA_OPERATION_ABORTED,
            Self::STATUS_NOT_SUPPORTED | Self::STATUS_NOT_IMPLEMENTED => WsaError::WSAEOPNOTSUPP,
            Self::STATUS_BUFFER_TOO_SMALL | Self::STATUS_ACCESS_VIOLATION => WsaError::WSAEFAULT,
            Self::STATUS_BUFFER_OVERFLOW => WsaError::WSAEMSGSIZE,
            Self::STATUS_INVALID_HANDLE => WsaError::WSAENOTSOCK,
            Self::STATUS_DEVICE_NOT_READY => WsaError::WSAEWOULDBLOCK,
            Self::STATUS_NETWORK_UNREACHABLE | Self::STATUS_PROTOCOL_UNREACHABLE => {
                WsaError::WSAENETUNREACH
            }
            Self::STATUS_HOST_UNREACHABLE => WsaError::WSAEHOSTUNREACH,
            // Wine's `test_WSAGetOverlappedResult` (passes on Windows): PORT_UNREACHABLE is a
            // connection reset, and the HRESULT/NTSTATUS forms of ERROR_IO_INCOMPLETE (0x3E6)
            // report ERROR_IO_INCOMPLETE.
            Self::STATUS_PORT_UNREACHABLE => WsaError::WSAECONNRESET,
            NtStatus(0x8007_03E6 | 0xC001_03E6 | 0xC007_03E6) => WsaError::WSA_IO_INCOMPLETE,
            // The rest of `map_status` in Wine's test_WSAGetOverlappedResult (passes on Windows).
            Self::STATUS_PAGEFILE_QUOTA
            | Self::STATUS_NO_MEMORY
            | Self::STATUS_CONFLICTING_ADDRESSES
            | Self::STATUS_QUOTA_EXCEEDED
            | Self::STATUS_TOO_MANY_PAGING_FILES
            | Self::STATUS_INSUFFICIENT_RESOURCES
            | Self::STATUS_WORKING_SET_QUOTA
            | Self::STATUS_COMMITMENT_LIMIT
            | Self::STATUS_REMOTE_RESOURCES
            | Self::STATUS_TOO_MANY_ADDRESSES => WsaError::WSAENOBUFS,
            Self::STATUS_OBJECT_TYPE_MISMATCH => WsaError::WSAENOTSOCK,
            Self::STATUS_NO_SUCH_DEVICE
            | Self::STATUS_NO_SUCH_FILE
            | Self::STATUS_OBJECT_NAME_NOT_FOUND
            | Self::STATUS_OBJECT_PATH_NOT_FOUND
            | Self::STATUS_NETWORK_BUSY
            | Self::STATUS_INVALID_NETWORK_RESPONSE
            | Self::STATUS_UNEXPECTED_NETWORK_ERROR => WsaError::WSAENETDOWN,
            Self::STATUS_ACCESS_DENIED => WsaError::WSAEACCES,
            Self::STATUS_SHARING_VIOLATION | Self::STATUS_ADDRESS_ALREADY_EXISTS => {
                WsaError::WSAEADDRINUSE
            }
            Self::STATUS_REQUEST_NOT_ACCEPTED => WsaError::WSAEWOULDBLOCK,
            Self::STATUS_PIPE_DISCONNECTED => WsaError::WSAESHUTDOWN,
            Self::STATUS_IO_TIMEOUT | Self::STATUS_LINK_TIMEOUT => WsaError::WSAETIMEDOUT,
            Self::STATUS_REMOTE_NOT_LISTENING | Self::STATUS_CONNECTION_REFUSED => {
                WsaError::WSAECONNREFUSED
            }
            Self::STATUS_BAD_NETWORK_PATH => WsaError::WSAENETUNREACH,
            Self::STATUS_LOCAL_DISCONNECT
            | Self::STATUS_TRANSACTION_ABORTED
            | Self::STATUS_CONNECTION_ABORTED => WsaError::WSAECONNABORTED,
            Self::STATUS_REMOTE_DISCONNECT
            | Self::STATUS_LINK_FAILED
            | Self::STATUS_CONNECTION_DISCONNECTED
            | Self::STATUS_CONNECTION_RESET => WsaError::WSAECONNRESET,
            Self::STATUS_INVALID_CONNECTION => WsaError::WSAENOTCONN,
            Self::STATUS_INVALID_ADDRESS | Self::STATUS_INVALID_ADDRESS_COMPONENT => {
                WsaError::WSAEADDRNOTAVAIL
            }
            Self::STATUS_INVALID_BUFFER_SIZE => WsaError::WSAEMSGSIZE,
            Self::STATUS_GRACEFUL_DISCONNECT => WsaError::WSAEDISCON,
            Self::STATUS_CONNECTION_ACTIVE => WsaError::WSAEISCONN,
            Self::STATUS_REQUEST_ABORTED => WsaError::WSAEINTR,
            Self::STATUS_DATATYPE_MISALIGNMENT_ERROR => WsaError::WSAEFAULT,
            Self::STATUS_HOST_DOWN => WsaError::WSAEHOSTDOWN,
            s if s.0 & 0xffff_0000 == Self::WSA_CARRIER => WsaError((s.0 & 0xffff) as i32),
            s if s.is_success() => WsaError::NO_ERROR,
            _ => WsaError::WSAEINVAL,
        }
    }

    /// The Win32 error `GetQueuedCompletionStatus` reports through `GetLastError` for a packet
    /// with this status (the `RtlNtStatusToDosError` subset this crate produces):
    /// `STATUS_NOT_SUPPORTED` → `ERROR_NOT_SUPPORTED` (50), `STATUS_BUFFER_TOO_SMALL` →
    /// `ERROR_INSUFFICIENT_BUFFER` (122), `STATUS_CANCELLED` → `ERROR_OPERATION_ABORTED` (995), …
    pub const fn to_win32(self) -> Win32Error {
        match self {
            Self::STATUS_SUCCESS => Win32Error::ERROR_SUCCESS,
            Self::STATUS_PENDING => Win32Error::ERROR_IO_PENDING,
            Self::STATUS_NOT_SUPPORTED => Win32Error::ERROR_NOT_SUPPORTED,
            Self::STATUS_NOT_IMPLEMENTED | Self::STATUS_INVALID_DEVICE_REQUEST => {
                Win32Error::ERROR_INVALID_FUNCTION
            }
            Self::STATUS_BUFFER_TOO_SMALL => Win32Error::ERROR_INSUFFICIENT_BUFFER,
            Self::STATUS_ACCESS_VIOLATION => Win32Error::ERROR_NOACCESS,
            Self::STATUS_BUFFER_OVERFLOW => Win32Error::ERROR_MORE_DATA,
            Self::STATUS_INVALID_HANDLE => Win32Error::ERROR_INVALID_HANDLE,
            Self::STATUS_INVALID_PARAMETER => Win32Error::ERROR_INVALID_PARAMETER,
            Self::STATUS_DEVICE_NOT_READY => Win32Error::ERROR_NOT_READY,
            Self::STATUS_CANCELLED => Win32Error::ERROR_OPERATION_ABORTED,
            Self::STATUS_NETWORK_UNREACHABLE => Win32Error::ERROR_NETWORK_UNREACHABLE,
            Self::STATUS_HOST_UNREACHABLE => Win32Error::ERROR_HOST_UNREACHABLE,
            Self::STATUS_PROTOCOL_UNREACHABLE => Win32Error::ERROR_PROTOCOL_UNREACHABLE,
            Self::STATUS_PORT_UNREACHABLE => Win32Error::ERROR_PORT_UNREACHABLE,
            // A carried Winsock error: Win32 and Winsock share the number space.
            s if s.0 & 0xffff_0000 == Self::WSA_CARRIER => Win32Error(s.0 & 0xffff),
            s if s.is_success() => Win32Error::ERROR_SUCCESS,
            _ => Win32Error::ERROR_INVALID_PARAMETER,
        }
    }
}

impl fmt::Debug for NtStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "NtStatus({:#010x})", self.0),
        }
    }
}

impl fmt::Display for NtStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n} ({:#010x})", self.0),
            None => write!(f, "{:#010x}", self.0),
        }
    }
}

macro_rules! win32_errors {
    ($( $name:ident = $num:literal; )*) => {
        impl Win32Error {
            $( #[doc = concat!("`", stringify!($name), "` (", stringify!($num), ").")]
               pub const $name: Self = Self($num); )*

            /// The SDK name, or `None`.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 { $($num => Some(stringify!($name)),)* _ => None }
            }
        }
    };
}

/// A Win32 error (`GetLastError`), as `GetQueuedCompletionStatus` reports a failed packet.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Win32Error(pub u32);

win32_errors! {
    ERROR_SUCCESS = 0;
    ERROR_INVALID_FUNCTION = 1;
    ERROR_INVALID_HANDLE = 6;
    ERROR_NOT_READY = 21;
    ERROR_NOT_SUPPORTED = 50;
    ERROR_INVALID_PARAMETER = 87;
    ERROR_INSUFFICIENT_BUFFER = 122;
    ERROR_MORE_DATA = 234;
    WAIT_TIMEOUT = 258;
    ERROR_OPERATION_ABORTED = 995;
    ERROR_IO_INCOMPLETE = 996;
    ERROR_IO_PENDING = 997;
    ERROR_NOACCESS = 998;
    ERROR_ABANDONED_WAIT_0 = 735;
    ERROR_NETWORK_UNREACHABLE = 1231;
    ERROR_HOST_UNREACHABLE = 1232;
    ERROR_PROTOCOL_UNREACHABLE = 1233;
    ERROR_PORT_UNREACHABLE = 1234;
}

impl fmt::Debug for Win32Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => match WsaError(self.0 as i32).name() {
                Some(n) => f.write_str(n),
                None => write!(f, "Win32Error({})", self.0),
            },
        }
    }
}

/// Misuse of this crate's Rust API (not something Windows would report).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UsageError {
    /// A control-code or structure name that the catalog does not know.
    UnknownName(String),
    /// A number that does not parse (with what was expected).
    BadNumber {
        /// The text given.
        text: String,
        /// What a valid value looks like.
        expected: &'static str,
    },
    /// A value outside the range a field can hold.
    OutOfRange {
        /// The field.
        field: &'static str,
        /// The value given.
        value: u64,
        /// The largest value the field holds.
        max: u64,
    },
    /// Anything else, with a message.
    Other(String),
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownName(n) => write!(f, "unknown name {n:?}: not in the catalog"),
            Self::BadNumber { text, expected } => {
                write!(f, "malformed number {text:?}: expected {expected}")
            }
            Self::OutOfRange { field, value, max } => {
                write!(f, "{field} = {value} is out of range (at most {max})")
            }
            Self::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for UsageError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_round_trip() {
        for &e in WsaError::ALL {
            let n = e.name().unwrap();
            assert_eq!(WsaError::from_name(n), Some(e), "{n}");
            assert!(e.description().is_some());
        }
        assert_eq!(WsaError(12345).name(), None);
        assert_eq!(format!("{:?}", WsaError(12345)), "WsaError(12345)");
    }

    #[test]
    fn observed_status_mapping() {
        // spec/observed-windows.md, "WSAGetOverlappedResult maps the status in Internal".
        assert_eq!(
            NtStatus::STATUS_PENDING.to_wsa(),
            WsaError::WSA_IO_INCOMPLETE
        );
        assert_eq!(
            NtStatus::STATUS_CANCELLED.to_wsa(),
            WsaError::WSA_OPERATION_ABORTED
        );
        assert_eq!(
            NtStatus::STATUS_NOT_IMPLEMENTED.to_wsa(),
            WsaError::WSAEOPNOTSUPP
        );
        assert_eq!(
            NtStatus::STATUS_ACCESS_VIOLATION.to_wsa(),
            WsaError::WSAEFAULT
        );
        assert_eq!(
            NtStatus::STATUS_BUFFER_OVERFLOW.to_wsa(),
            WsaError::WSAEMSGSIZE
        );
        assert_eq!(
            NtStatus::STATUS_DEVICE_NOT_READY.to_wsa(),
            WsaError::WSAEWOULDBLOCK
        );
        assert_eq!(
            NtStatus::STATUS_PORT_UNREACHABLE.to_wsa(),
            WsaError::WSAECONNRESET
        );
        assert_eq!(NtStatus(0xC000_0001).to_wsa(), WsaError::WSAEINVAL);
        // GetQueuedCompletionStatus: ERROR_NOT_SUPPORTED 50 / ERROR_INSUFFICIENT_BUFFER 122.
        assert_eq!(NtStatus::STATUS_NOT_SUPPORTED.to_win32().0, 50);
        assert_eq!(NtStatus::STATUS_BUFFER_TOO_SMALL.to_win32().0, 122);
    }

    #[test]
    fn every_error_survives_the_overlapped() {
        for &e in WsaError::ALL {
            if e == WsaError::WSA_IO_PENDING || e == WsaError::WSA_IO_INCOMPLETE {
                continue;
            }
            assert_eq!(e.to_ntstatus().to_wsa(), e, "{e:?}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn errno_mapping() {
        assert_eq!(WsaError::from_errno(libc::EAGAIN), WsaError::WSAEWOULDBLOCK);
        assert_eq!(WsaError::from_errno(libc::ENOTTY), WsaError::WSAEOPNOTSUPP);
        assert_eq!(
            WsaError::from_errno(libc::ENETUNREACH),
            WsaError::WSAENETUNREACH
        );
        assert_eq!(WsaError::from_errno(libc::EBADF), WsaError::WSAENOTSOCK);
        assert_eq!(WsaError::from_errno(9999), WsaError::WSAEINVAL);
    }
}
